"""The mobility demo: a Fall 2027 round among the founding members with 600 generated demo
students (e-mails at students.demo.invalid), allocated by TS-TTC with DA beside it; an open
Spring 2028 round for the demo student to try; agreements approved by both sides; and two earlier
rounds (Fall 2025, completed; Fall 2026, students at their hosts now) published and answered, so
that the mobility records, learning agreements and the balance ledger have years to show. Safe
to run again: what exists is left alone."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import Institution, RoleAssignment
from alliance.mobility.enums import AgreementScope, Mechanism, RoundStatus, StudyLevel
from alliance.mobility.models import (
    Agreement,
    Application,
    Choice,
    Mobility,
    Placement,
    Round,
    RoundHost,
)
from alliance.mobility.services.agreements import approve_agreement, create_agreement
from alliance.mobility.services.mobilities import (
    set_learning_agreement,
    set_mobility_dates,
    sign_learning_agreement,
)
from alliance.mobility.services.rounds import create_round, set_round_status
from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation

SECRETARIAT = "secretariat@demo.alliance.invalid"
COORDINATORS = {
    "03cve4549": "coordinator.tsinghua@demo.alliance.invalid",
    "01tgyzw49": "coordinator.nus@demo.alliance.invalid",
}
STUDENTS = 600
CHOICES = 5
FALL, SPRING = "Fall 2027", "Spring 2028"
# Earlier rounds: name, academic year, students, arrival, departure (None: still at the host).
PAST = (
    ("Fall 2025", 2025, 120, datetime.date(2025, 9, 1), datetime.date(2026, 1, 20)),
    ("Fall 2026", 2026, 90, datetime.date(2026, 9, 1), None),
)
DECLINE_EVERY = 9  # one student in nine declines their place


def load_mobility_demo(*, actor: User | None = None) -> dict[str, int]:
    created = {"rounds": 0, "students": 0, "runs": 0, "agreements": 0}
    members = list(Institution.objects.filter(is_founding_member=True).order_by("name"))
    if not members:
        return created
    actor = actor or User.objects.get(email=SECRETARIAT)
    with transaction.atomic():
        # The earlier rounds first: their records are the balance the Fall 2027 round carries.
        for name, year, students, arrived, departed in PAST:
            if not Round.objects.filter(name=name, academic_year=year).exists():
                _past_round(actor, members, name, year, students, arrived, departed, created)
        if not Round.objects.filter(name=FALL, academic_year=2027).exists():
            round_ = _fall_round(actor, members, created)
            for mechanism in (Mechanism.TS_TTC, Mechanism.DA):
                run_allocation(round_, actor=actor, mechanism=mechanism)
                created["runs"] += 1
        if not Round.objects.filter(name=SPRING, academic_year=2027).exists():
            spring = create_round(
                actor=actor, name=SPRING, academic_year=2027, institutions=members, places=10
            )
            set_round_status(spring, actor=actor, status=RoundStatus.OPEN)
            created["rounds"] += 1
        _agreements(actor, members, created)
    return created


def _fall_round(actor: User, members: list[Institution], created: dict[str, int]) -> Round:
    """600 students spread over the homes; hosts' popularity skewed so preferences correlate."""
    rng = random.Random(2027)
    places = {m.pk: 25 + rng.randrange(0, 30) for m in members}
    round_ = create_round(actor=actor, name=FALL, academic_year=2027, institutions=members)
    RoundHost.objects.bulk_update(
        [RoundHost(pk=h.pk, places=places[h.institution_id]) for h in round_.hosts.all()],
        ["places"],
    )
    round_ = set_round_status(round_, actor=actor, status=RoundStatus.OPEN)
    users = _demo_students(actor, STUDENTS)
    _generated_applications(round_, users, members, rng)
    record_audit(
        "mobility.demo.applications",
        actor=actor,
        obj=round_,
        after={"students": len(users), "choices_each": CHOICES},
    )
    created["rounds"] += 1
    created["students"] += len(users)
    return set_round_status(round_, actor=actor, status=RoundStatus.CLOSED)


def _demo_students(actor: User, count: int) -> list[User]:
    """The first ``count`` demo students, made (with the applicant role) where missing."""
    emails = [f"student.{n:03d}@students.demo.invalid" for n in range(1, count + 1)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(None)
    made = User.objects.bulk_create(
        User(email=e, full_name=f"Demo student {e[8:11]}", password=password)
        for e in emails
        if e not in known
    )
    made_ids = {u.email for u in made}
    fresh = list(User.objects.filter(email__in=made_ids))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.APPLICANT, granted_by=actor) for u in fresh
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _generated_applications(
    round_: Round, users: list[User], members: list[Institution], rng: random.Random
) -> None:
    """Each student applies from a home (in turn) to five hosts drawn with skewed popularity,
    so that preferences correlate; homes rank their students in the order they come."""
    weights = [1.0 / (rank + 1) for rank in range(len(members))]
    popularity = members[:]
    rng.shuffle(popularity)
    levels = [StudyLevel.EQF6] * 6 + [StudyLevel.EQF7] * 3 + [StudyLevel.EQF8]
    applications = []
    ranked: list[list[Institution]] = []
    for n, user in enumerate(users):
        home = members[n % len(members)]
        hosts: list[Institution] = []
        while len(hosts) < CHOICES:
            pick = rng.choices(popularity, weights)[0]
            if pick != home and pick not in hosts:
                hosts.append(pick)
        ranked.append(hosts)
        applications.append(
            Application(
                round=round_,
                student=user,
                home=home,
                study_level=rng.choice(levels),
                languages={"en": rng.choice(["B2", "C1", "C2"])},
                nomination_rank=n // len(members) + 1,
            )
        )
    Application.objects.bulk_create(applications)
    saved = {a.student_id: a for a in Application.objects.filter(round=round_)}
    Choice.objects.bulk_create(
        Choice(application=saved[user.pk], host=host, rank=rank)
        for user, hosts in zip(users, ranked, strict=True)
        for rank, host in enumerate(hosts, start=1)
    )


def _past_round(
    actor: User,
    members: list[Institution],
    name: str,
    year: int,
    students: int,
    arrived: datetime.date,
    departed: datetime.date | None,
    created: dict[str, int],
) -> None:
    """A round allocated by TS-TTC and published; one student in nine declines (the place is
    offered again), the others accept and are dated; every learning agreement lists two courses,
    signed by the student and by the demo coordinators where their university is a side."""
    rng = random.Random(year)
    round_ = create_round(
        actor=actor, name=name, academic_year=year, institutions=members, places=6
    )
    round_ = set_round_status(round_, actor=actor, status=RoundStatus.OPEN)
    _generated_applications(round_, _demo_students(actor, students), members, rng)
    round_ = set_round_status(round_, actor=actor, status=RoundStatus.CLOSED)
    run = run_allocation(round_, actor=actor, mechanism=Mechanism.TS_TTC)
    publish_run(run, actor=actor)
    created["rounds"] += 1
    created["runs"] += 1
    coordinators = {
        ror: User.objects.filter(email=email).first() for ror, email in COORDINATORS.items()
    }
    answered = 0
    while True:
        pending = list(
            Placement.objects.filter(run=run, response="pending")
            .select_related("application__student", "application__home", "host")
            .order_by("pk")
        )
        if not pending:
            break
        for placement in pending:
            answered += 1
            student = placement.application.student
            accept = answered % DECLINE_EVERY != 0
            respond_to_placement(placement, actor=student, accept=accept)
            if accept:
                _follow_up(Mobility.objects.get(placement=placement), actor, coordinators)
    for mobility in Mobility.objects.filter(round=round_):
        dates: dict[str, datetime.date | None] = {
            "planned_arrival": arrived,
            "planned_departure": departed or datetime.date(year + 1, 1, 20),
            "arrived_on": arrived,
            "departed_on": departed,
        }
        set_mobility_dates(mobility, actor=actor, dates=dates)


def _follow_up(mobility: Mobility, actor: User, coordinators: dict[str, User | None]) -> None:
    courses = [
        {"code": "EXC101", "title": "Asian higher education today", "credits": 6, "term": "Fall"},
        {
            "code": "LAN110",
            "title": "Language and culture of the host",
            "credits": 4,
            "term": "Fall",
        },
    ]
    set_learning_agreement(mobility, actor=mobility.student, courses=courses)
    mobility.refresh_from_db()
    fingerprint = mobility.learning_agreement_fingerprint
    sign_learning_agreement(
        mobility, actor=mobility.student, party="student", fingerprint=fingerprint
    )
    for ror, user in coordinators.items():
        if user is None:
            continue
        for side, inst in (("home", mobility.home), ("host", mobility.host)):
            if inst.ror_id == ror:
                sign_learning_agreement(mobility, actor=user, party=side, fingerprint=fingerprint)


def _term(sending: Institution | None, receiving: Institution | None, **extra: Any) -> dict:
    return {
        "sending": sending,
        "receiving": receiving,
        "places_per_year": extra.get("places", 4),
        "months_per_year": extra.get("months", 20),
        "study_levels": extra.get("levels", ["6", "7"]),
        "subject_areas": extra.get("areas", ["0613 Software and applications development"]),
        "language": "en",
        "language_level": "B2",
    }


def _agreements(actor: User, members: list[Institution], created: dict[str, int]) -> None:
    by_ror = {m.ror_id: m for m in members}
    coordinators = {
        ror: User.objects.filter(email=email).first() for ror, email in COORDINATORS.items()
    }
    tsinghua, nus = by_ror.get("03cve4549"), by_ror.get("01tgyzw49")
    if tsinghua is None or nus is None:
        return
    others = [m for m in members if m not in (tsinghua, nus)]
    plans = [
        (
            "Tsinghua–NUS student exchange (demo)",
            AgreementScope.BILATERAL,
            [tsinghua, nus],
            [_term(tsinghua, nus), _term(nus, tsinghua, levels=["6"])],
            True,
        ),
        (
            "AUA semester exchange (demo)",
            AgreementScope.ALLIANCE,
            members,
            [_term(None, None, places=2, months=10, areas=[])],
            True,
        ),
    ]
    if others:
        plans.append(
            (
                f"Tsinghua–{others[0].acronym or others[0].name} exchange (demo)",
                AgreementScope.BILATERAL,
                [tsinghua, others[0]],
                [_term(tsinghua, others[0]), _term(others[0], tsinghua)],
                False,
            )
        )
    for title, scope, parties, terms, approve in plans:
        if Agreement.objects.filter(title=title).exists():
            continue
        agreement = create_agreement(
            actor=actor,
            title=title,
            scope=scope,
            parties=parties,
            first_year=2027,
            last_year=2029,
            terms=terms,
            recognition_notes="Credits taken at the host are recognised in full (demo).",
        )
        created["agreements"] += 1
        for ror, user in coordinators.items():
            inst = by_ror[ror]
            if user is None or inst not in parties or (not approve and inst != tsinghua):
                continue
            approve_agreement(
                agreement, actor=user, institution=inst, fingerprint=agreement.fingerprint
            )
