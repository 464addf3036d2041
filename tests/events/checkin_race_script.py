"""Scan one ticket from N threads at once, each with its own connection, and print one JSON line
of what came out. Run by test_checkin.py in a separate process with its own database (a file
for SQLite, a fresh database for PostgreSQL), so that the threads really write concurrently."""

import json
import os
import sys
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from alliance.core.models import User  # noqa: E402
from alliance.events.enums import EventKind, EventStatus, RegistrationStatus  # noqa: E402
from alliance.events.models import Event, Registration, Scan  # noqa: E402
from alliance.events.services.checkin import scan  # noqa: E402

SCANS = int(os.environ.get("CHECKIN_SCANS", "12"))
now = timezone.now()
event = Event.objects.create(
    slug="door",
    kind=EventKind.FORUM,
    title={"en": "Door"},
    starts_at=now,
    ends_at=now + datetime.timedelta(days=1),
    status=EventStatus.PUBLISHED,
)
staff = User.objects.create_user("staff@example.org", None)
guest = User.objects.create_user("guest@example.org", None)
registration = Registration.objects.create(
    event=event,
    user=guest,
    status=RegistrationStatus.CONFIRMED,
    name="Guest",
    email=guest.email,
    ticket="the-ticket",
)
connection.close()

barrier = threading.Barrier(SCANS)
results: list[str] = []
firsts: list[str] = []
errors: list[str] = []


def attempt() -> None:
    try:
        barrier.wait()
        outcome = scan(event, actor=staff, code="the-ticket")
        results.append(str(outcome.result))
        firsts.append(outcome.first_checked_in_at.isoformat())
    except Exception as exc:
        errors.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        connection.close()


threads = [threading.Thread(target=attempt) for _ in range(SCANS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

registration.refresh_from_db()
print(
    json.dumps(
        {
            "results": sorted(results),
            "distinct_first_times": len(set(firsts)),
            "checked_in_at": registration.checked_in_at.isoformat(),
            "first_time_reported": sorted(set(firsts)),
            "scans_kept": Scan.objects.filter(registration=registration).count(),
            "errors": errors[:3],
        }
    )
)
sys.exit(0)
