"""E-mails to students, in their own language, sent after the transaction that caused them
commits: a round's results, and a declined place offered to them. A failing mail server is
logged, never turned into an error for the person who caused the e-mail."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from alliance.core.models import User
from alliance.mobility.models import Application, Placement, Round

log = logging.getLogger(__name__)


def _send(student: User, template: str, context: dict[str, Any]) -> bool:
    language = student.language if student.language in dict(settings.LANGUAGES) else None
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {
            **context,
            "student": student,
            "site_url": settings.SITE_URL.rstrip("/"),
            "alliance": settings.ALLIANCE_NAME,
        }
        subject = render_to_string(f"mobility/email/{template}_subject.txt", context)
        body = render_to_string(f"mobility/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [student.email])
    except OSError:
        log.exception("could not send the %s e-mail to user %s", template, student.pk)
        return False
    return True


def send_offer(placement_id: int) -> None:
    """A declined place is offered to this placement's student."""
    placement = Placement.objects.select_related(
        "host", "application__student", "application__round"
    ).get(pk=placement_id)
    _send(
        placement.application.student,
        "offer",
        {"placement": placement, "round": placement.application.round},
    )


def send_results(round_id: int) -> int:
    """Every applicant of a published round learns their result: a place to answer, or none.
    Returns how many e-mails went out."""
    round_ = Round.objects.get(pk=round_id)
    placements = {
        p.application_id: p
        for p in Placement.objects.filter(run_id=round_.published_run_id).select_related("host")
    }
    sent = 0
    for application in Application.objects.filter(round=round_).select_related("student"):
        sent += _send(
            application.student,
            "results",
            {"round": round_, "placement": placements.get(application.pk)},
        )
    return sent
