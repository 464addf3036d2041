"""E-mails of the minutes and of written resolutions, sent once the transaction that caused
them commits: minutes circulated for approval, a voter's personal link, the reminder before the
deadline. A failing mail server is logged, never turned into an error for whoever caused it."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alliance.governance.models import Minutes, VotingLink

log = logging.getLogger(__name__)


def _send(email: str, template: str, context: dict[str, Any]) -> bool:
    if not email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **context,
            "site_url": settings.SITE_URL.rstrip("/"),
            "alliance": settings.ALLIANCE_NAME,
        }
        subject = render_to_string(f"governance/email/{template}_subject.txt", context)
        body = render_to_string(f"governance/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [email])
    except OSError:
        log.exception("could not send the %s e-mail to %s", template, email)
        return False
    return True


def send_minutes_circulated(minutes_id: int, emails: list[str]) -> int:
    minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes_id)
    link = reverse("governance:minutes", args=[minutes.meeting_id])
    return sum(
        _send(email, "minutes_circulated", {"minutes": minutes, "link": link}) for email in emails
    )


def send_voting_link(link_id: int, secret: str, *, reminder: bool = False) -> bool:
    link = VotingLink.objects.select_related("person", "institution", "resolution__poll__body").get(
        pk=link_id
    )
    return _send(
        link.person.email,
        "written_reminder" if reminder else "written_link",
        {
            "link": link,
            "resolution": link.resolution,
            "poll": link.resolution.poll,
            "url": reverse("governance:written_vote", args=[secret]),
        },
    )
