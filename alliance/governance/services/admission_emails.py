"""The e-mails an applicant for admission gets: the Secretariat's invitation (with the link to
the prefilled form), the receipt of the application (with the private link to follow it) and
the decision. Written in the applicant's language; sent once the change is committed."""

from __future__ import annotations

import logging
import smtplib
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alliance.governance.models import AdmissionApplication

log = logging.getLogger(__name__)

MAIL_FAILURES = (smtplib.SMTPException, OSError)


def applicant_link(secret: str) -> str:
    """The full address of the applicant's private page (the prefilled form while invited)."""
    return settings.SITE_URL.rstrip("/") + reverse("governance:apply_follow", args=[secret])


def _send(application_id: int, kind: str, extra: dict[str, Any]) -> None:
    application = AdmissionApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    language = application.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "application": application,
            "alliance": settings.ALLIANCE_NAME,
            "category": application.get_category_display(),
            "link": applicant_link(extra["link_secret"]) if "link_secret" in extra else "",
        }
        subject = render_to_string(f"governance/email/admission_{kind}_subject.txt", context)
        body = render_to_string(f"governance/email/admission_{kind}_body.txt", context)
    try:
        EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[application.contact_email],
        ).send()
    except MAIL_FAILURES:
        # The change is saved; the Secretariat sees the application and can write by hand.
        log.exception("admission e-mail %s to application %s failed", kind, application_id)


def email_applicant_on_commit(application: AdmissionApplication, kind: str, **extra: Any) -> None:
    """Queue the e-mail ``kind`` (invitation, received, decision) for after the commit."""
    transaction.on_commit(partial(_send, application.pk, kind, extra))
