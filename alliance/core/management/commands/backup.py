"""`alliance backup [--output FILE]`: the database and every stored file in one archive."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from alliance.core.backup import write_backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into one .tar.gz (see docs/dev/backup.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default: $ALLIANCE_DATA_DIR/backups/alliance-<time>.tar.gz)",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = output or Path(settings.DATA_DIR) / "backups" / f"alliance-{stamp}.tar.gz"
        manifest = write_backup(path)
        self.stdout.write(
            f"Backed up {sum(manifest['rows'].values())} rows of {len(manifest['rows'])} models "
            f"and {len(manifest['files'])} files to {path}"
        )
