"""The benchmark's data: 15 members, 10 calls of one programme (one big call, one small, the
rest in between), their applicants and applications (submitted and nominated, in bulk: only the
count matters), a panel of reviewers on every call, and a logged-in session for the Secretariat.
The calls, their rubrics and the members are made through the services, as the site would.
Import after ``django.setup()``; a fixed seed makes every run alike."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from alliance.core.models import User
from alliance.members.enums import Role
from alliance.members.models import Institution, RoleAssignment
from alliance.members.services.bench import bench_members
from alliance.programmes.enums import ApplicantCategory, ApplicationStatus, ProgrammeKind
from alliance.programmes.models import Application, Assignment, Call, PanelMember, Score
from alliance.programmes.services.calls import add_criterion, create_call, create_programme

MEMBERS = 15
BATCH = 2000
GRANT = Decimal("2500.00")


@dataclass(frozen=True)
class Plan:
    """What the measurements need: the calls by size, the Secretariat and its session."""

    big_call: int
    small_call: int
    calls: list[int]
    secretariat: int
    session_key: str
    applications: int
    reviewers: int


def sizes(applications: int, calls: int, big: int, small: int) -> list[int]:
    """How many applications each call gets: ``big`` for the first, ``small`` for the last,
    the rest shared evenly among the others (the total is exactly ``applications``)."""
    rest = applications - big - small
    middle = calls - 2
    share = [rest // middle + (1 if n < rest % middle else 0) for n in range(middle)]
    return [big, *share, small]


def prepare(
    *,
    applications: int = 20_000,
    calls: int = 10,
    reviewers: int = 300,
    big: int = 5_000,
    small: int = 20,
) -> Plan:
    rng = random.Random(2027)
    secretariat = User.objects.create_user(
        "secretariat@bench.invalid", None, full_name="Secretariat (benchmark)"
    )
    RoleAssignment.objects.create(user=secretariat, role=Role.SECRETARIAT)
    members = bench_members(MEMBERS, actor=None)
    made = _calls(secretariat, calls)
    panel = _reviewers(reviewers, members)
    counts = sizes(applications, calls, big, small)
    applicants = _people("applicant", applications, Role.APPLICANT)
    start = 0
    for call, count in zip(made, counts, strict=True):
        _applications(call, applicants[start : start + count], members, rng)
        start += count
        PanelMember.objects.bulk_create(
            PanelMember(panel_id=call.panel.pk, reviewer_id=user.pk, institution_id=inst.pk)
            for user, inst in panel
        )
    return Plan(
        big_call=made[0].pk,
        small_call=made[-1].pk,
        calls=[c.pk for c in made],
        secretariat=secretariat.pk,
        session_key=_session(secretariat),
        applications=applications,
        reviewers=reviewers,
    )


def _calls(actor: User, count: int) -> list[Call]:
    """``count`` closed calls of the Scholars Award, one a cycle (2027-2028 backwards)."""
    programme = create_programme(
        actor=actor, kind=ProgrammeKind.SCHOLARS_AWARD, name="Scholars Award (benchmark)"
    )
    made = []
    now = timezone.now()
    for n in range(count):
        year = 2027 - n
        call = create_call(
            programme,
            actor=actor,
            data={
                "cycle": f"{year}-{year + 1}",
                "time_zone": "Asia/Shanghai",
                "opens_at": (now - datetime.timedelta(days=60)).replace(tzinfo=None),
                "closes_at": (now - datetime.timedelta(days=30)).replace(tzinfo=None),
                "activity_from": datetime.date(year, 3, 1),
                "activity_until": datetime.date(year + 1, 2, 28),
                "eligible_categories": [ApplicantCategory.FACULTY],
                "min_working_days": 10,
                "needs_home_approval": True,
                "needs_host_acceptance": True,
                "awards": 60,
                "grant": GRANT,
                "budget": GRANT * 60,
                "currency": "USD",
                "languages": ["en"],
                "anonymised_review": False,
                "reviewers_per_application": 2,
            },
        )
        for name, weight in (("Merit", 3), ("Fit", 2), ("Impact", 1)):
            add_criterion(call, actor=actor, name=name, weight=weight, maximum=5)
        made.append(call)
    # Closed for review and selection (in bulk: opening and closing changes nothing measured).
    Call.objects.filter(pk__in=[c.pk for c in made]).update(status="closed")
    for call in made:
        call.refresh_from_db()
    return made


def _people(prefix: str, count: int, role: Role) -> list[User]:
    password = make_password(None)  # unusable: nobody logs in with a password
    users = User.objects.bulk_create(
        (
            User(
                email=f"{prefix}{n:05d}@bench.invalid",
                full_name=f"{prefix.title()} {n:05d}",
                password=password,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    RoleAssignment.objects.bulk_create(
        (RoleAssignment(user=u, role=role) for u in users), batch_size=BATCH
    )
    return users


def _reviewers(count: int, members: list[Institution]) -> list[tuple[User, Institution]]:
    users = _people("reviewer", count, Role.REVIEWER)
    return [(user, members[n % len(members)]) for n, user in enumerate(users)]


def _applications(
    call: Call, applicants: list[User], members: list[Institution], rng: random.Random
) -> None:
    """Submitted, nominated applications (each home ranks its own 1, 2, ...)."""
    ranks = dict.fromkeys((m.pk for m in members), 0)
    now = timezone.now()
    rows = []
    for applicant in applicants:
        home = members[rng.randrange(len(members))]
        host = members[(members.index(home) + 1 + rng.randrange(len(members) - 1)) % len(members)]
        ranks[home.pk] += 1
        rows.append(
            Application(
                call=call,
                applicant=applicant,
                status=ApplicationStatus.SUBMITTED,
                category=ApplicantCategory.FACULTY,
                home=home,
                host=host,
                starts_on=call.activity_from + datetime.timedelta(days=30),
                ends_on=call.activity_from + datetime.timedelta(days=48),
                title=f"Visit of {applicant.full_name}",
                plan="Joint seminars and lectures.",
                amount=call.grant,
                nomination_rank=ranks[home.pk],
                submitted_at=now,
            )
        )
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=BATCH)


def score_reviews(call_id: int, seed: int = 7) -> int:
    """Every assigned review of the call scored and submitted (in bulk): what the panel would
    have done before the selection. Returns the number of reviews."""
    rng = random.Random(seed)
    criteria = list(Call.objects.get(pk=call_id).criteria.values_list("pk", flat=True))
    assignments = list(
        Assignment.objects.filter(application__call_id=call_id).values_list("pk", flat=True)
    )
    with transaction.atomic():
        Score.objects.bulk_create(
            (
                Score(assignment_id=a, criterion_id=c, value=rng.randrange(6))
                for a in assignments
                for c in criteria
            ),
            batch_size=BATCH,
        )
        Assignment.objects.filter(application__call_id=call_id).update(submitted_at=timezone.now())
    return len(assignments)


def _session(user: User) -> str:
    """A logged-in session, as ``django.contrib.auth.login`` would store it."""
    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
    Session.objects.create(
        session_key=key,
        session_data=SessionStore().encode(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: backend,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        ),
        expire_date=timezone.now() + datetime.timedelta(days=1),
    )
    return key
