from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.members.services.imports import ImportRejected, import_ror_file


class Command(BaseCommand):
    help = "Import institutions from a ROR-shaped CSV file: all rows or none; updates by ROR id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise CommandError(
                f"{path}: {path.stat().st_size / 1_048_576:.1f} MB is over the limit of {settings.IMPORT_MAX_BYTES / 1_048_576:.1f} MB (ALLIANCE_IMPORT_MAX_BYTES). Nothing imported."
            )
        try:
            result = import_ror_file(
                path.read_bytes(), actor=None, max_bytes=settings.IMPORT_MAX_BYTES, source=path.name
            )
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(
                f"Nothing imported: {len(exc.errors)} problem(s) in {path}."
            ) from exc
        self.stdout.write(
            f"Imported {path}: {len(result.created)} new, {len(result.updated)} updated, {result.unchanged} unchanged."
        )
