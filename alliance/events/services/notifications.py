"""E-mails to registrants, sent after the transaction commits, in the registrant's language."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from alliance.events.models import Registration

log = logging.getLogger(__name__)


def _language_of(registration: Registration) -> str:
    chosen = registration.user.language
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_to_registrant(registration_id: int, template: str) -> None:
    """Render events/email/<template>_subject.txt and _body.txt and send them; a failing mail
    server is logged, never turned into an error for the person who caused the e-mail."""
    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    with translation.override(_language_of(registration)):
        context = {
            "registration": registration,
            "event": registration.event,
            "site_url": settings.SITE_URL.rstrip("/"),
            "alliance": settings.ALLIANCE_NAME,
        }
        subject = render_to_string(f"events/email/{template}_subject.txt", context)
        body = render_to_string(f"events/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [registration.email])
    except OSError:
        log.exception("could not send %s e-mail for registration %s", template, registration_id)


def send_offer(registration_id: int) -> None:
    send_to_registrant(registration_id, "offer")
