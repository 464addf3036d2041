"""`alliance restore FILE`: fill an empty installation from a backup, checked against its
manifest (row counts and file checksums)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `alliance backup` into an empty database and storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup (.tar.gz)")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            restored = restore_backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {restored.rows} rows and {restored.files} files from {file}; "
            "every count and checksum matches the backup."
        )
