"""`alliance check-worker`: is a Celery worker listening on the configured broker?"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.celery import app


class Command(BaseCommand):
    help = "Ask the workers on the broker to answer a ping (no result backend needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait")

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        if not settings.BROKER_URL:
            self.stdout.write("No ALLIANCE_BROKER_URL: tasks run in-process; no worker needed.")
            return
        try:
            answers = app.control.ping(timeout=timeout)
        except Exception as exc:  # the broker itself cannot be reached
            raise CommandError(f"The broker cannot be reached: {exc}") from exc
        if not answers:
            raise CommandError(
                f"No worker answered within {timeout:.0f} s. "
                "Start one with: celery -A alliance worker"
            )
        for answer in answers:
            for name in answer:
                self.stdout.write(f"Worker answered: {name}")
