"""`alliance lapse-offers`: let offered seats past their time lapse, offering them to the next
person waiting. For machines without a Celery beat scheduler: run it from cron every few
minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alliance.events.services.registrations import lapse_offers


class Command(BaseCommand):
    help = "Let offered seats past their time lapse and offer them to the next person waiting."

    def handle(self, *args: Any, **options: Any) -> None:
        lapsed = lapse_offers()
        self.stdout.write(f"{lapsed} offer(s) lapsed.")
