"""E-mails of programmes, sent once the transaction that caused them commits: the endorsement
requests (with their secret link), the decision on an application, and a reserve's promotion.
A failing mail server is logged, never turned into an error for the person who caused it."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alliance.programmes.models import Application, Endorsement

log = logging.getLogger(__name__)


def _send(email: str, language: str, template: str, context: dict[str, Any]) -> bool:
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "site_url": settings.SITE_URL.rstrip("/"),
            "alliance": settings.ALLIANCE_NAME,
        }
        subject = render_to_string(f"programmes/email/{template}_subject.txt", context)
        body = render_to_string(f"programmes/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [email])
    except OSError:
        log.exception("could not send the %s e-mail to %s", template, email)
        return False
    return True


def send_endorsement_request(endorsement_id: int, secret: str) -> bool:
    endorsement = Endorsement.objects.select_related(
        "application__applicant",
        "application__call__programme",
        "application__home",
        "application__host",
    ).get(pk=endorsement_id)
    application = endorsement.application
    return _send(
        endorsement.email,
        application.applicant.language,
        "endorsement",
        {
            "endorsement": endorsement,
            "application": application,
            "link": reverse("programmes:endorse", args=[secret]),
        },
    )


def send_decision(application_id: int) -> bool:
    application = Application.objects.select_related("applicant", "call__programme").get(
        pk=application_id
    )
    return _send(
        application.applicant.email,
        application.applicant.language,
        "decision",
        {"application": application},
    )
