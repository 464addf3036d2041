"""The award letter as PDF: an HTML template rendered by WeasyPrint in the applicant's
language, with the Noto fonts so that names in any script print. Rendering only reads."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from alliance.programmes.models import Application

FONT_STACK = ", ".join(
    f'"{family}"'
    for family in (
        "Noto Sans",
        "Noto Sans CJK SC",
        "Noto Sans Arabic",
        "Noto Sans Thai",
        "Noto Sans Devanagari",
        "Noto Sans Myanmar",
        "Noto Sans Sinhala",
    )
)
BASE_CSS = f"""
@page {{ size: A4; margin: 22mm 20mm; }}
html {{ font-family: {FONT_STACK}, sans-serif; font-size: 10.5pt; line-height: 1.5;
        color: #1d1d24; }}
h1 {{ font-size: 16pt; line-height: 1.2; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th {{ text-align: start; padding-inline-end: 1.5em; font-weight: normal; color: #555; }}
"""


def award_letter_pdf(application: Application) -> bytes:
    language = application.applicant.language
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "programmes/pdf/award_letter.html",
            {
                "application": application,
                "call": application.call,
                "today": timezone.localdate(),
                "document_language": language,
                "document_direction": "rtl" if translation.get_language_bidi() else "ltr",
                "alliance_name": settings.ALLIANCE_NAME,
                "brand_colour": settings.ALLIANCE_PRIMARY_COLOUR,
            },
        )
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf(stylesheets=[CSS(string=BASE_CSS)]))
