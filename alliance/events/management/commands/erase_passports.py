"""`alliance erase-passports`: erase the passport details and scans of letter requests whose
retention date has come. Celery beat runs the same every night; without a beat scheduler, run
this from cron once a day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alliance.events.services.letters import erase_passport_details


class Command(BaseCommand):
    help = "Erase the passport details of letter requests past their retention date."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = erase_passport_details()
        self.stdout.write(f"Erased the passport details of {erased} letter requests.")
