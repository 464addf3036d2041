"""Run N concurrent registrations against one event, each in its own thread and connection.

Used by test_capacity_race.py in a separate process (its own database: a file for SQLite, a
fresh database for PostgreSQL). Prints one JSON line of counts.
"""

import json
import os
import sys
import threading

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

GUARD = os.environ["RACE_GUARD"] == "on"
ATTEMPTS = int(os.environ.get("RACE_ATTEMPTS", "40"))
CAPACITY = int(os.environ.get("RACE_CAPACITY", "10"))
if not GUARD and connection.vendor == "sqlite":
    # Without the guard SQLite transactions start DEFERRED, as Django's default does.
    settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)

call_command("migrate", verbosity=0)

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from alliance.core.models import User  # noqa: E402
from alliance.events.enums import EventKind, EventStatus  # noqa: E402
from alliance.events.models import Event, Quota, Registration  # noqa: E402
from alliance.events.services import registrations  # noqa: E402
from alliance.members.services.institutions import create_institution  # noqa: E402

registrations.CAPACITY_GUARD = GUARD
members = [create_institution(actor=None, name=f"University {n}", country="JP") for n in range(4)]
now = timezone.now()
event = Event.objects.create(
    slug="race",
    kind=EventKind.STUDENT_FORUM,
    title={"en": "Race"},
    starts_at=now + datetime.timedelta(days=30),
    ends_at=now + datetime.timedelta(days=31),
    status=EventStatus.PUBLISHED,
    capacity=CAPACITY,
    quota_applies=True,
)
QUOTA = 3
for inst in members:
    Quota.objects.create(event=event, institution=inst, seats=QUOTA)
users = [User.objects.create_user(f"s{n}@example.org", None) for n in range(ATTEMPTS)]
connection.close()

barrier = threading.Barrier(ATTEMPTS)
errors: list[str] = []


def attempt(n: int) -> None:
    try:
        barrier.wait()
        registrations.register(
            event, actor=users[n], name=f"Student {n}", institution=members[n % len(members)]
        )
    except Exception as exc:  # every failure is counted and reported
        errors.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        connection.close()


threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

rows = Registration.objects.filter(event=event)
by_inst = {}
for inst_id in rows.filter(status="confirmed").values_list("institution_id", flat=True):
    by_inst[inst_id] = by_inst.get(inst_id, 0) + 1
print(
    json.dumps(
        {
            "confirmed": rows.filter(status="confirmed").count(),
            "waitlisted": rows.filter(status="waitlisted").count(),
            "errors": len(errors),
            "locked_errors": sum("locked" in e for e in errors),
            "max_per_institution": max(by_inst.values(), default=0),
            "quota": QUOTA,
            "sample_errors": errors[:3],
        }
    )
)
sys.exit(0)
