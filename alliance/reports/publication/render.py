"""The edition drawn from its content: one body of HTML (``reports/edition/_content.html``) that the
web page shows, the static web edition wraps, and WeasyPrint prints to the PDF. Reads only."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from alliance.reports.publication.charts import FONT_STACK
from alliance.reports.publication.content import EditionContent

STYLESHEETS = ("reports/edition.css", "reports/edition-print.css")
PDF_FONTS = f"html {{ font-family: {FONT_STACK}; }}"


def render_body(
    content: EditionContent, *, language: str | None = None, for_print: bool = False
) -> str:
    """The edition's body: title page, summary, contents, chapters. For print, without what
    only a screen uses (the charts' number tables folded under each chart, the download links):
    the PDF is lighter and quicker to lay out."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string(
            "reports/edition/_content.html",
            {"content": content, "language": language, "for_print": for_print},
        )


def render_document(
    content: EditionContent,
    body: str,
    *,
    stylesheets: list[str],
    downloads: dict[str, str] | None = None,
    language: str | None = None,
) -> str:
    """A standalone HTML document around the body (the static web edition, the PDF)."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string(
            "reports/edition/document.html",
            {
                "content": content,
                "body": body,
                "stylesheets": stylesheets,
                "downloads": downloads,
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )


def stylesheet_text(name: str) -> str:
    path = finders.find(name)
    if not path:
        raise FileNotFoundError(f"Static file {name} not found")
    return Path(str(path)).read_text(encoding="utf-8")


def render_pdf(content: EditionContent) -> bytes:
    """The PDF: A4, title page, contents with page numbers, running headers, page numbers."""
    html = render_document(content, render_body(content, for_print=True), stylesheets=[])
    # WeasyPrint takes about a second to import: loaded on the first document, not at start.
    from weasyprint import CSS, HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    sheets = [CSS(string=stylesheet_text(name)) for name in STYLESHEETS]
    return bytes(document.write_pdf(stylesheets=[*sheets, CSS(string=PDF_FONTS)]))
