"""PDF documents of events (letters, badges, certificates): HTML templates rendered by
WeasyPrint in the event's language, with the Noto fonts so that names in any script print.

Rendering only reads; numbering and the other writes are in ``events.services``. WeasyPrint
may fetch nothing from outside: images come as ``data:`` addresses (the QR codes)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_countries import countries

from alliance.core.multilingual import pick
from alliance.events.enums import SessionRole
from alliance.events.models import Certificate, Event, LetterRequest, Registration

# One family per script, in the order the browser-like fallback tries them: Latin, Greek and
# Cyrillic first, then Chinese, Japanese and Korean (the CJK family carries kana and hangul),
# Arabic, Thai, the scripts of South and South-East Asia, and a few more.
FONT_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Telugu",
    "Noto Sans Kannada",
    "Noto Sans Malayalam",
    "Noto Sans Gujarati",
    "Noto Sans Gurmukhi",
    "Noto Sans Sinhala",
    "Noto Sans Myanmar",
    "Noto Sans Khmer",
    "Noto Sans Lao",
    "Noto Sans Mongolian",
    "Noto Sans Hebrew",
    "Noto Sans Georgian",
    "Noto Sans Armenian",
)
FONT_STACK = ", ".join(f'"{family}"' for family in FONT_FAMILIES) + ", sans-serif"
BASE_CSS = f"""
html {{ font-family: {FONT_STACK}; font-size: 10.5pt; line-height: 1.45; color: #1d1d24; }}
h1, h2, h3 {{ line-height: 1.2; }}
"""


def document_language(event: Event) -> str:
    """The language of the event's documents: its letter language when the site has it."""
    available = {code for code, _name in settings.LANGUAGES}
    return event.letter_language if event.letter_language in available else settings.LANGUAGE_CODE


def local_date(event: Event, moment: datetime.datetime) -> datetime.date:
    """The calendar day of ``moment`` in the event's time zone."""
    return moment.astimezone(ZoneInfo(event.time_zone or "UTC")).date()


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG ``data:`` address (error correction M: it still reads
    with a crease or a smudge)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=2)


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """``template`` rendered to PDF with every text in ``language`` (right to left for
    Arabic)."""
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "document_language": language,
                "document_direction": "rtl" if translation.get_language_bidi() else "ltr",
                "alliance_name": settings.ALLIANCE_NAME,
                "alliance_short_name": settings.ALLIANCE_SHORT_NAME,
                "brand_colour": settings.ALLIANCE_PRIMARY_COLOUR,
            },
        )
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    # Only data: addresses: a document never reaches out to the network or the file system.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf(stylesheets=[CSS(string=BASE_CSS)]))


# --- the documents ---


def _event_facts(event: Event, language: str) -> dict[str, Any]:
    return {
        "event": event,
        "event_title": pick(event.title, language),
        "starts_on": local_date(event, event.starts_at),
        "ends_on": local_date(event, event.ends_at),
        "host_name": event.host.display_name(language) if event.host else "",
    }


def letter_pdf(letter: LetterRequest, passport: dict[str, Any] | None) -> bytes:
    """The issued invitation or visa letter, in the event's letter language. ``passport`` is
    the decrypted details (``services.letters.passport_details``); None once erased."""
    registration = letter.registration
    event = registration.event
    language = document_language(event)
    with translation.override(language):
        nationality = str(countries.name(passport["nationality"])) if passport else ""
    context = {
        **_event_facts(event, language),
        "letter": letter,
        "registration": registration,
        "passport": passport,
        "nationality": nationality,
        "institution_name": (
            registration.institution.display_name(language) if registration.institution else ""
        ),
        "issued_on": timezone.localdate(letter.issued_at) if letter.issued_at else None,
    }
    return render_pdf("events/letter/letter.pdf.html", context, language=language)


@dataclass(frozen=True)
class Badge:
    name: str
    institution: str
    institution_english: str  # shown under the first when it differs
    role: str
    ticket: str
    qr: str

    @property
    def long_name(self) -> bool:
        return len(self.name) > 24


def _role(registration: Registration, roles: set[str]) -> str:
    for role in (SessionRole.SPEAKER, SessionRole.CHAIR, SessionRole.MODERATOR):
        if role in roles:
            return str(role.label)
    if registration.institution_id is not None:
        return gettext("Delegate")
    return gettext("Participant")


def badges_pdf(
    event: Event,
    registrations: Iterable[Registration],
    *,
    roles: dict[int, set[str]],
    sheet: bool,
) -> bytes:
    """Badges with name, institution, role and a QR code of the ticket: one A6 page each, or
    (``sheet``) four to an A4 page, to cut."""
    language = document_language(event)
    badges = []
    with translation.override(language):
        for registration in registrations:
            institution = registration.institution
            local = institution.display_name(language) if institution else ""
            badges.append(
                Badge(
                    name=registration.name,
                    institution=local,
                    institution_english=(
                        institution.name if institution and institution.name != local else ""
                    ),
                    role=_role(registration, roles.get(registration.user_id, set())),
                    ticket=registration.ticket,
                    qr=qr_data_uri(registration.ticket),
                )
            )
    per_page = 4 if sheet else 1
    pages = [badges[i : i + per_page] for i in range(0, len(badges), per_page)]
    context = {**_event_facts(event, language), "pages": pages, "sheet": sheet}
    return render_pdf("events/badge/badges.pdf.html", context, language=language)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate of attendance, in the event's language."""
    registration = certificate.registration
    event = registration.event
    language = document_language(event)
    context = {
        **_event_facts(event, language),
        "certificate": certificate,
        "registration": registration,
        "institution_name": (
            registration.institution.display_name(language) if registration.institution else ""
        ),
        "issued_on": timezone.localdate(certificate.issued_at),
    }
    return render_pdf("events/certificate/certificate.pdf.html", context, language=language)
