"""The fee invoice as PDF: an HTML template rendered by WeasyPrint with the Noto fonts (names of
members print in any script), following ``programmes.pdf``. Rendering only reads."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from alliance.governance.models import Invoice
from alliance.programmes.pdf import BASE_CSS


def invoice_pdf(invoice: Invoice) -> bytes:
    language = translation.get_language() or settings.LANGUAGE_CODE
    html = render_to_string(
        "governance/pdf/invoice.html",
        {
            "invoice": invoice,
            "institution": invoice.institution,
            "native_names": invoice.institution.native_names(),
            "payments": list(invoice.payments.all()),
            "status": invoice.get_current_status_display(),
            "today": timezone.localdate(),
            "document_language": language,
            "document_direction": "rtl" if translation.get_language_bidi() else "ltr",
            "alliance_name": settings.ALLIANCE_NAME,
        },
    )
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf(stylesheets=[CSS(string=BASE_CSS)]))
