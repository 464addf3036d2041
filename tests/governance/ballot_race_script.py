"""Cast ballots at the same moment: for each of N institutions its seat holder, its alternate
and its proxy all vote at once, each in its own thread and connection.

Used by test_ballot_race.py in a separate process (its own database: a file for SQLite, a fresh
database for PostgreSQL). Prints one JSON line of counts.
"""

import datetime
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
INSTITUTIONS = int(os.environ.get("RACE_INSTITUTIONS", "10"))
if not GUARD and connection.vendor == "sqlite":
    # Without the guard SQLite transactions start DEFERRED, as Django's default does.
    settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode", None)

call_command("migrate", verbosity=0)

from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import timezone  # noqa: E402

from alliance.core.models import User  # noqa: E402
from alliance.governance.enums import AttendanceStatus, BodyKind, MeetingMode  # noqa: E402
from alliance.governance.models import NamedBallot, VoterRecord  # noqa: E402
from alliance.governance.services import polls  # noqa: E402
from alliance.governance.services.bodies import add_seat, create_body  # noqa: E402
from alliance.governance.services.meetings import (  # noqa: E402
    add_agenda_item,
    create_meeting,
    record_attendance,
)
from alliance.members.enums import PositionKind  # noqa: E402
from alliance.members.models import Person, Position  # noqa: E402
from alliance.members.services.institutions import create_institution  # noqa: E402

polls.BALLOT_GUARD = GUARD
body = create_body(actor=None, kind=BodyKind.BOARD, name="Board")
callers: list[tuple[User, object]] = []
entries = {}
for n in range(INSTITUTIONS):
    inst = create_institution(actor=None, name=f"University {n}", country="JP")
    people = []
    for role in ("holder", "alternate", "proxy"):
        user = User.objects.create_user(f"{role}{n}@example.org", None)
        person = Person.objects.create(full_name=f"{role} {n}", user=user)
        Position.objects.create(
            person=person,
            institution=inst,
            kind=PositionKind.CONTACT,
            start=datetime.date(2020, 1, 1),
        )
        people.append(person)
        callers.append((user, inst))
    add_seat(
        body,
        actor=None,
        institution=inst,
        holder=people[0],
        alternate=people[1],
        start=datetime.date(2026, 1, 1),
    )
    entries[inst] = (AttendanceStatus.PROXY, people[2])
meeting = create_meeting(
    body,
    actor=None,
    title="Race",
    mode=MeetingMode.ONLINE,
    starts_at=timezone.now() + datetime.timedelta(days=1),
    time_zone="UTC",
    link="https://meet.example.org/race",
)
item = add_agenda_item(meeting, actor=None, title="Vote")
record_attendance(meeting, actor=None, entries=entries)
poll = polls.create_poll(
    body,
    actor=None,
    agenda_item=item,
    title="Race",
    kind="yes_no",
    secrecy="named",
    threshold="simple",
    base="cast",
    quorum_basis="present",
    tie_rule="fails",
)
poll = polls.open_poll(poll, actor=None)
connection.close()

barrier = threading.Barrier(len(callers))
refusals: list[str] = []
errors: list[str] = []


def attempt(n: int) -> None:
    user, inst = callers[n]
    try:
        barrier.wait()
        polls.cast_ballot(
            poll, actor=user, institution=inst, choice=("yes", "no", "abstain")[n % 3]
        )
    except ValidationError as exc:  # the clear refusal of a second ballot
        refusals.append(exc.error_list[0].code or "")
    except Exception as exc:  # every other failure is counted and reported
        errors.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        connection.close()


threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(callers))]
for t in threads:
    t.start()
for t in threads:
    t.join()

per_institution = {}
for inst_id in VoterRecord.objects.filter(poll=poll).values_list("institution_id", flat=True):
    per_institution[inst_id] = per_institution.get(inst_id, 0) + 1
print(
    json.dumps(
        {
            "institutions": INSTITUTIONS,
            "callers": len(callers),
            "voted": VoterRecord.objects.filter(poll=poll).count(),
            "ballots": NamedBallot.objects.filter(poll=poll).count(),
            "max_per_institution": max(per_institution.values(), default=0),
            "refusals": len(refusals),
            "refusal_codes": sorted(set(refusals)),
            "errors": len(errors),
            "integrity_errors": sum("IntegrityError" in e for e in errors),
            "locked_errors": sum("locked" in e for e in errors),
            "sample_errors": errors[:3],
        }
    )
)
sys.exit(0)
