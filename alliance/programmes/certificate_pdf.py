"""The certificate of an activity as PDF, following ``pdf.py``: an HTML template rendered by
WeasyPrint in the holder's language (right to left for Arabic), with the Noto fonts so that
names in any script print, and the verification code with the address that checks it."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alliance.programmes.models import Certificate
from alliance.programmes.pdf import BASE_CSS

CERTIFICATE_CSS = """
@page { size: A4 landscape; margin: 18mm 22mm; }
body { text-align: center; }
h1 { font-size: 26pt; margin: 10mm 0 6mm; }
.holder { font-size: 22pt; margin: 6mm 0; }
.facts { margin: 6mm auto; }
.code { margin-top: 12mm; font-size: 9pt; color: #555; }
"""


def certificate_pdf(certificate: Certificate) -> bytes:
    holder = certificate.application.applicant
    language = holder.language if holder.language in dict(settings.LANGUAGES) else None
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "programmes/pdf/certificate.html",
            {
                "certificate": certificate,
                "document_language": language,
                "document_direction": "rtl" if translation.get_language_bidi() else "ltr",
                "alliance_name": settings.ALLIANCE_NAME,
                "verify_url": settings.SITE_URL.rstrip("/")
                + reverse("programmes:certificate_verify", args=[certificate.code]),
            },
        )
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(
        document.write_pdf(stylesheets=[CSS(string=BASE_CSS), CSS(string=CERTIFICATE_CSS)])
    )
