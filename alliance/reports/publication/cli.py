"""`alliance report build --year 2026 --out DIR`: the edition of a year from the platform's data,
written to a folder: the static web edition (index.html and its assets), the PDF and the open
data. Uses the edition's executive summary when the edition exists; stores nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alliance.core.multilingual import pick
from alliance.reports.models import Edition
from alliance.reports.publication.activity import DatabaseSources
from alliance.reports.publication.build import build_files, pdf_name, write_files


def add_build(sub: Any) -> None:
    parser = sub.add_parser("build", help="build an edition into a folder (web, PDF, open data)")
    parser.add_argument("--year", type=int, required=True, help="the edition's year, e.g. 2026")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write (created if missing)"
    )


def build_command(command: BaseCommand, options: dict[str, Any]) -> None:
    year: int = options["year"]
    out: Path = options["out"]
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out: {out} is a file; name a folder.")
    edition = Edition.objects.filter(year=year).first()
    summary = pick(edition.summary, settings.LANGUAGE_CODE) if edition else ""

    def progress(percent: int, step: str) -> None:
        command.stdout.write(f"{percent:3d}% {step}")

    files = build_files(
        year,
        DatabaseSources(published=edition.published_at if edition else None),
        summary=summary,
        alliance_name=settings.ALLIANCE_NAME,
        progress=progress,
    )
    written = write_files(files, out)
    command.stdout.write(
        f"Edition {year} written to {out}: {len(written)} files; web edition index.html, "
        f"PDF {pdf_name(year)} ({len(files[pdf_name(year)]) // 1024} kB), open data in data/."
    )
