"""Background tasks of governance. Thin: they take ids (or nothing), call a service, log the
outcome. Each section belongs to one feature."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.governance.services.written import close_due_resolutions, send_reminders

log = logging.getLogger(__name__)


# --- written resolutions (services/written.py) ---


@shared_task(name="governance.close_written_resolutions")
def close_written_resolutions_task() -> int:
    """Written resolutions past their deadline are closed and counted (every 5 minutes, see
    CELERY_BEAT_SCHEDULE). Returns how many were closed."""
    closed = close_due_resolutions()
    if closed:
        log.info("close_written_resolutions: %d closed", closed)
    return closed


@shared_task(name="governance.remind_written_voters")
def remind_written_voters_task() -> int:
    """Voters who have not voted are reminded before the deadline (hourly). Returns how many
    reminders were sent."""
    sent = send_reminders()
    if sent:
        log.info("remind_written_voters: %d reminders sent", sent)
    return sent
