"""`alliance report <routine>`: the annual report's routines from a shell.

alliance report import-public [--dir DIR]   import (or refresh) the public statistics
alliance report build ...                   build an edition (the publication side registers it)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.reports.publication.cli import add_build, build_command  # publication (H8)
from alliance.reports.services.public_import import DATA_DIR, import_public_statistics


def _add_import_public(sub: Any) -> None:
    parser = sub.add_parser(
        "import-public", help="import the public statistics (UIS, World Bank, OWID)"
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=DATA_DIR,
        help="folder holding the five CSV files (default: the files shipped with the app)",
    )


def _import_public(command: BaseCommand, options: dict[str, Any]) -> None:
    directory: Path = options["dir"]
    if not directory.is_dir():
        raise CommandError(f"--dir: no such folder: {directory}")
    try:
        result = import_public_statistics(directory)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from None
    command.stdout.write(
        f"Public statistics imported from {directory}: {result.countries} countries; values "
        f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.skipped} skipped (unknown country)."
    )


# Each routine: name -> (add its arguments, run it). Keep one entry per routine.
ROUTINES: dict[str, tuple[Any, Any]] = {
    "import-public": (_add_import_public, _import_public),
    # --- publication side (H8): register "build" here ---
    "build": (add_build, build_command),
}


class Command(BaseCommand):
    help = "Annual report routines: import-public (and build, for editions)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="routine", required=True)
        for add, _run in ROUTINES.values():
            add(sub)

    def handle(self, *args: Any, **options: Any) -> None:
        _add, run = ROUTINES[options["routine"]]
        run(self, options)
