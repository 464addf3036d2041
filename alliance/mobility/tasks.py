"""Background tasks of mobility. Thin: they take ids, call a service, log the outcome."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.mobility.services.notifications import send_results

log = logging.getLogger(__name__)


@shared_task(name="mobility.send_results")
def send_results_task(round_id: int) -> int:
    """Tell every applicant of a published round their result. Returns how many were told."""
    sent = send_results(round_id)
    log.info("send_results: round %s, %d e-mails", round_id, sent)
    return sent
