"""Minutes as PDF: the page's content rendered by WeasyPrint with the Noto fonts (so that names
in any script print), in the site's language and direction, with page numbers. Rendering only
reads."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from alliance.governance.models import Minutes
from alliance.governance.register import minutes_display
from alliance.programmes.pdf import BASE_CSS

PAGE_CSS = """
@page { @bottom-center { content: counter(page) " / " counter(pages); font-size: 8.5pt;
        color: #555; } }
h2 { font-size: 12.5pt; margin-top: 1.4em; }
h3 { font-size: 11pt; }
td, th { padding: 0.15em 0.8em 0.15em 0; vertical-align: top; }
.arithmetic { font-size: 9pt; color: #333; }
.minute { white-space: pre-wrap; }
"""


def minutes_pdf(minutes: Minutes) -> bytes:
    language = translation.get_language() or settings.LANGUAGE_CODE
    html = render_to_string(
        "governance/minutes/pdf.html",
        {
            **minutes_display(minutes),
            "document_language": language,
            "document_direction": "rtl" if translation.get_language_bidi() else "ltr",
            "alliance_name": settings.ALLIANCE_NAME,
        },
    )
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf(stylesheets=[CSS(string=BASE_CSS), CSS(string=PAGE_CSS)]))
