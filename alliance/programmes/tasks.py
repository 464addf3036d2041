"""Background tasks of programmes. Thin: they take ids (or nothing), call a service, log the
outcome."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.programmes.services.reminders import send_outcome_reminders

log = logging.getLogger(__name__)


@shared_task(name="programmes.send_outcome_reminders")
def send_outcome_reminders_task() -> dict[str, int]:
    """Host reviews asked for and reminders of reports and reviews due (daily, see
    CELERY_BEAT_SCHEDULE). Returns how many of each were sent."""
    counts = send_outcome_reminders()
    if any(counts.values()):
        log.info("send_outcome_reminders: %s", counts)
    return counts
