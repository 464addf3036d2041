"""Reads of the report's editions: which a user may see, and the files of their last build."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from alliance.core.storage import private_storage
from alliance.reports.models import Edition


def published_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(published_at__isnull=False).order_by("-year")


def editions_visible_to(user: Any) -> QuerySet[Edition]:
    """Published editions; every edition for those who manage them."""
    if user.has_perm("reports.manage_editions"):
        return Edition.objects.order_by("-year")
    return published_editions()


def edition_for_page(year: int, user: Any) -> Edition | None:
    """The edition of ``year`` if the user may see it (published, or they manage editions)."""
    return editions_visible_to(user).filter(year=year).first()


def edition_file(edition: Edition, name: str) -> bytes | None:
    """A file of the edition's last good build (``body.html``, the PDF, ``data/...``)."""
    stored = edition.files.get(name)
    if not stored:
        return None
    with private_storage().open(stored, "rb") as handle:
        return bytes(handle.read())


def open_data_names(edition: Edition) -> list[str]:
    return sorted(name.removeprefix("data/") for name in edition.files if name.startswith("data/"))
