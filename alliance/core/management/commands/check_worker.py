"""`alliance check-worker`: is a Celery worker listening on the configured broker?"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.core.tasks import ping


class Command(BaseCommand):
    help = "Send a ping task through the broker and wait for a worker to answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait")

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        if not settings.BROKER_URL:
            self.stdout.write("No ALLIANCE_BROKER_URL: tasks run in-process; no worker needed.")
            return
        try:
            answer = ping.delay().get(timeout=timeout)
        except Exception as exc:  # any failure (timeout, broker down) means no answer
            raise CommandError(
                f"No worker answered within {timeout:.0f} s ({exc.__class__.__name__}). "
                "Start one with: celery -A alliance worker"
            ) from exc
        self.stdout.write(f"Worker answered: {answer}")
