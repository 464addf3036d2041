"""Background tasks of events. Thin: they take ids (or nothing), call a service, log the outcome."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.events.services.letters import erase_passport_details
from alliance.events.services.registrations import lapse_offers

log = logging.getLogger(__name__)


@shared_task(name="events.lapse_offers")
def lapse_offers_task() -> int:
    """Offered seats past their time lapse and go to the next person waiting (every 5 minutes,
    see CELERY_BEAT_SCHEDULE). Returns how many offers lapsed."""
    lapsed = lapse_offers()
    if lapsed:
        log.info("lapse_offers: %d offers lapsed", lapsed)
    return lapsed


@shared_task(name="events.erase_passport_details")
def erase_passport_details_task() -> int:
    """Passport details and scans whose retention date has come are erased (daily, see
    CELERY_BEAT_SCHEDULE). Returns how many letter requests were erased."""
    erased = erase_passport_details()
    if erased:
        log.info("erase_passport_details: %d letter requests erased", erased)
    return erased
