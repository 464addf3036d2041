"""Accept many enrolment requests for one course at the same moment, two coordinators of the
offering institution racing, each acceptance in its own thread and connection.

Used by test_seats_race.py in a separate process (its own database: a file for SQLite, a fresh
database for PostgreSQL). Prints one JSON line of counts.
"""

import datetime
import json
import os
import sys
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

call_command("migrate", verbosity=0)

from django.core.exceptions import ValidationError  # noqa: E402

from alliance.core.models import User  # noqa: E402
from alliance.knowledge.enums import EnrolmentStatus  # noqa: E402
from alliance.knowledge.models import EnrolmentRequest  # noqa: E402
from alliance.knowledge.services.courses import share_course  # noqa: E402
from alliance.knowledge.services.enrolments import decide_enrolment, request_place  # noqa: E402
from alliance.members.enums import MembershipStatus, Role  # noqa: E402
from alliance.members.services.institutions import create_institution  # noqa: E402
from alliance.members.services.memberships import record_membership_event  # noqa: E402
from alliance.members.services.roles import grant_role  # noqa: E402

SEATS = int(os.environ.get("RACE_SEATS", "3"))
ATTEMPTS = int(os.environ.get("RACE_ATTEMPTS", "12"))

offering, home = (
    create_institution(actor=None, name=n, country="CN") for n in ("Offering", "Home")
)
for inst in (offering, home):
    record_membership_event(
        inst, actor=None, status=MembershipStatus.ADMITTED_MEMBER, date=datetime.date(2017, 4, 29)
    )
    inst.refresh_from_db()
coordinators = []
for n in range(2):
    user = User.objects.create_user(f"coord{n}@offering.example.org", None)
    grant_role(user, actor=None, role=Role.COORDINATOR, institution=offering)
    coordinators.append(User.objects.get(pk=user.pk))
course = share_course(
    actor=coordinators[0],
    institution=offering,
    data={
        "kind": "course",
        "title": "Race",
        "description": "Seats under a rush.",
        "field": "computing",
        "languages": ["en"],
        "mode": "online",
        "seats": SEATS,
    },
)
requests = []
for n in range(ATTEMPTS):
    student = User.objects.create_user(f"s{n}@home.example.org", None)
    grant_role(student, actor=None, role=Role.APPLICANT)
    requests.append(request_place(course, actor=User.objects.get(pk=student.pk), home=home))
connection.close()

barrier = threading.Barrier(ATTEMPTS)
refusals: list[str] = []
errors: list[str] = []


def attempt(n: int) -> None:
    try:
        barrier.wait()
        decide_enrolment(requests[n], actor=coordinators[n % 2], decision="accept")
    except ValidationError as exc:  # the clear refusal once the seats are taken
        refusals.append(exc.error_list[0].code or "")
    except Exception as exc:  # every other failure is counted and reported
        errors.append(f"{exc.__class__.__name__}: {exc}")
    finally:
        connection.close()


threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print(
    json.dumps(
        {
            "seats": SEATS,
            "accepted": EnrolmentRequest.objects.filter(status=EnrolmentStatus.ACCEPTED).count(),
            "pending": EnrolmentRequest.objects.filter(status=EnrolmentStatus.PENDING).count(),
            "refusals": len(refusals),
            "refusal_codes": sorted(set(refusals)),
            "errors": len(errors),
            "sample_errors": errors[:3],
        }
    )
)
sys.exit(0)
