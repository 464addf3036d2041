"""Pages of the events domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module; the ``world`` fixture gives the cast and institutions."""

from tests.permission_matrix import Case  # noqa: F401 - used by the sections below


def cases(world) -> list:
    result: list = []
    # --- events (views/events.py) ---
    # --- registrations (views/registrations.py) ---
    # --- documents (views/documents.py) ---
    # --- exports (views/exports.py) ---
    return result
