"""Background tasks of members. Thin: they take ids and call a service."""

from __future__ import annotations

import logging
import smtplib

from celery import Task, shared_task

from alliance.members.models import Institution
from alliance.members.queries import open_invitation
from alliance.members.services.institutions import refresh_search_text
from alliance.members.services.invitation_email import email_invitation

log = logging.getLogger(__name__)


@shared_task(name="members.refresh_search_text")
def refresh_search_text_task(institution_ids: list[int]) -> int:
    """Rebuild the search text (every name folded) of these institutions; returns how many."""
    done = 0
    for institution in Institution.objects.filter(pk__in=institution_ids):
        refresh_search_text(institution)
        done += 1
    if done < len(institution_ids):
        log.warning(
            "refresh_search_text: %d of %d ids not found",
            len(institution_ids) - done,
            len(institution_ids),
        )
    return done


# What a mail server in trouble raises (refused or dropped connection, rejected login or
# message): worth trying again later.
MAIL_FAILURES = (smtplib.SMTPException, OSError)


@shared_task(
    name="members.send_invitation_email",
    bind=True,
    autoretry_for=MAIL_FAILURES,
    retry_backoff=True,  # pauses of about 1, 2, 4, 8, 16 s (jittered) between the attempts
    max_retries=5,
)
def send_invitation_email_task(self: Task, invitation_id: int, secret: str, language: str) -> bool:
    """E-mail the invitation ``invitation_id`` with the link carrying ``secret``, written in
    ``language``. Returns False, sending nothing, when the invitation was revoked, used or has
    expired in the meantime.

    The secret travels in the task's arguments because only its hash is stored, so the link
    cannot be rebuilt here. That is acceptable: the broker is internal to the installation
    (never exposed outside it), and the secret is short-lived (it opens one invitation, once,
    and only until the invitation expires)."""
    invitation = open_invitation(invitation_id)
    if invitation is None:
        log.info("invitation %d is no longer open; its e-mail is not sent", invitation_id)
        return False
    if self.request.retries:
        log.info("invitation %d: e-mail attempt %d", invitation_id, self.request.retries + 1)
    email_invitation(invitation, secret=secret, language=language)
    return True
