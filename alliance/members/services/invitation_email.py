"""The invitation e-mail: its link and its text, in the recipient's language.

``send_invitation`` queues ``members.tasks.send_invitation_email_task`` once the invitation is
saved; the task calls ``email_invitation``. Kept apart from the invitation services so that the
task and the services each import it without importing one another."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from alliance.members.enums import Role
from alliance.members.models import Invitation


def invitation_link(secret: str) -> str:
    """The full address an invitation's e-mail links to."""
    return settings.SITE_URL.rstrip("/") + reverse("members:invitation_accept", args=[secret])


def email_invitation(invitation: Invitation, *, secret: str, language: str) -> None:
    """E-mail ``invitation`` with the link that carries ``secret``, written in ``language``,
    replies going to the sender. Raises what the mail server raises (``smtplib.SMTPException``,
    ``OSError``)."""
    inviter = invitation.invited_by
    with translation.override(language), timezone.override(datetime.UTC):
        context = {
            "invitation": invitation,
            "link": invitation_link(secret),
            "inviter": inviter.get_full_name() if inviter else settings.ALLIANCE_NAME,
            "role": Role(invitation.role).label,
            "institution": (
                invitation.institution.display_name(language) if invitation.institution else ""
            ),
            "message": invitation.message,
            "alliance": settings.ALLIANCE_NAME,
            "short_name": settings.ALLIANCE_SHORT_NAME,
            "expires_at": invitation.expires_at,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
    ).send()
