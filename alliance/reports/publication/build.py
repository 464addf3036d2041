"""One build of an edition: content composed from the sources, then the web edition, the open
data and the PDF, as a set of files by relative path:

    index.html, assets/edition.css   the static web edition
    body.html                         the body the platform's /report/<year>/ page shows
    outlook-<year>.pdf                the PDF
    data/...                          the open data

Reports its progress through a callback (percent, step) so that the edition's page can show it.
Used by the build task and by `alliance report build`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from alliance.reports.publication.compose import Sources, compose
from alliance.reports.publication.content import EditionContent
from alliance.reports.publication.opendata import open_data_files
from alliance.reports.publication.render import (
    render_body,
    render_document,
    render_pdf,
    stylesheet_text,
)

Progress = Callable[[int, str], None]
BODY = "body.html"


def pdf_name(year: int) -> str:
    return f"outlook-{year}.pdf"


def _quiet(_percent: int, _step: str) -> None:
    return None


def build_files(
    year: int,
    sources: Sources,
    *,
    summary: str = "",
    alliance_name: str = "",
    progress: Progress = _quiet,
) -> dict[str, bytes]:
    """Every file of the edition of ``year``."""
    progress(5, _("Reading the data"))
    content = compose(year, sources, summary=summary, alliance_name=alliance_name)
    return render_files(content, progress=progress)


def render_files(content: EditionContent, *, progress: Progress = _quiet) -> dict[str, bytes]:
    year = content.year
    progress(30, _("Drawing the web edition"))
    body = render_body(content)
    page = render_document(
        content,
        body,
        stylesheets=["assets/edition.css"],
        downloads={"pdf": pdf_name(year), "data": "data/index.json"},
    )
    files = {
        BODY: body.encode("utf-8"),
        "index.html": page.encode("utf-8"),
        "assets/edition.css": stylesheet_text("reports/edition.css").encode("utf-8"),
    }
    progress(45, _("Writing the open data"))
    files.update({f"data/{name}": data for name, data in open_data_files(content).items()})
    progress(55, _("Printing the PDF"))
    files[pdf_name(year)] = render_pdf(content)
    progress(95, _("Storing the files"))
    return files


def write_files(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write the files under ``out`` (created if missing); returns the paths written."""
    written = []
    for name, data in sorted(files.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
