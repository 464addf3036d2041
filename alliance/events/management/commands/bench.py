"""``alliance bench registration --db sqlite|postgres --seats 300 --attempts 2000 --clients 40``:
the benchmarks run against a production-mode server. See docs/dev/benchmarks.md."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.events.benchmark.driver import DEFAULT_PG_URL, Options, default_workers, run
from alliance.mobility.benchmark import driver as allocation


class Command(BaseCommand):
    help = "Benchmarks against gunicorn in production mode on 127.0.0.1 (registration)."

    def add_arguments(self, parser: CommandParser) -> None:
        benches = parser.add_subparsers(dest="bench", required=True, metavar="BENCHMARK")
        registration = benches.add_parser(
            "registration",
            help="concurrent clients register for an event with seats and quotas",
            description=(
                "A fresh database and 15 member institutions, an event with SEATS seats and a "
                "quota for each member, ATTEMPTS people logged in; then CLIENTS concurrent "
                "HTTP clients send the registration form, one attempt per person. Prints "
                "confirmed, waiting-listed, errors, confirmed registrations per second and p95 "
                "latency, and last one line of JSON. Exit code 1 unless exactly the seats are "
                "confirmed with no error."
            ),
        )
        registration.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
        registration.add_argument("--seats", type=count, default=300)
        registration.add_argument("--attempts", type=count, default=2000)
        registration.add_argument("--clients", type=count, default=40)
        registration.add_argument(
            "--workers",
            type=count,
            default=default_workers(),
            help="gunicorn sync workers (default: 2 per core + 1, here %(default)s)",
        )
        registration.add_argument(
            "--pg-url",
            default=DEFAULT_PG_URL,
            help="PostgreSQL server (and a database to connect to) where the benchmark's "
            "database is created and dropped (default: %(default)s)",
        )
        registration.add_argument(
            "--time-limit",
            type=float,
            default=900.0,
            help="seconds after which the run is stopped (default: %(default)s)",
        )
        allocation.add_parser(benches)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bench"] == "allocation":
            if allocation.run(options):
                raise CommandError("a result broke capacity or balance", returncode=1)
            return
        code = run(
            Options(
                db=options["db"],
                seats=options["seats"],
                attempts=options["attempts"],
                clients=options["clients"],
                workers=options["workers"],
                pg_url=options["pg_url"],
                time_limit=options["time_limit"],
            )
        )
        if code:
            raise CommandError(
                "interrupted" if code == 130 else "the benchmark's outcome is not exact",
                returncode=code,
            )


def count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value
