"""Background tasks of the annual report. Thin: they take ids, call a service, log the outcome.
Sections per side of the app; keep them apart."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)

# --- editions (H8) ---


@shared_task(name="reports.build_edition")
def build_edition_task(edition_id: int, build_number: int) -> str:
    """Build an edition's web page, PDF and open data. Returns the edition's status after."""
    # The service queues this task; imported here so that each module can load first.
    from alliance.reports.services.editions import run_build

    edition = run_build(edition_id, build_number)
    log.info("build_edition: edition %s build %s: %s", edition.year, build_number, edition.status)
    return str(edition.status)
