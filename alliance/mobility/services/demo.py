"""The mobility demo: a Fall 2027 round among the founding members with 600 generated demo
students (e-mails at students.demo.invalid), allocated by TS-TTC with DA beside it; an open
Spring 2028 round for the demo student to try; and agreements approved by both sides. Safe to
run again: what exists is left alone."""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import Institution, RoleAssignment
from alliance.mobility.enums import AgreementScope, Mechanism, RoundStatus, StudyLevel
from alliance.mobility.models import Agreement, Application, Choice, Round, RoundHost
from alliance.mobility.services.agreements import approve_agreement, create_agreement
from alliance.mobility.services.rounds import create_round, set_round_status
from alliance.mobility.services.runs import run_allocation

SECRETARIAT = "secretariat@demo.alliance.invalid"
COORDINATORS = {
    "03cve4549": "coordinator.tsinghua@demo.alliance.invalid",
    "01tgyzw49": "coordinator.nus@demo.alliance.invalid",
}
STUDENTS = 600
CHOICES = 5
FALL, SPRING = "Fall 2027", "Spring 2028"


def load_mobility_demo(*, actor: User | None = None) -> dict[str, int]:
    created = {"rounds": 0, "students": 0, "runs": 0, "agreements": 0}
    members = list(Institution.objects.filter(is_founding_member=True).order_by("name"))
    if not members:
        return created
    actor = actor or User.objects.get(email=SECRETARIAT)
    with transaction.atomic():
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
    password = make_password(None)
    User.objects.bulk_create(
        User(
            email=f"student.{n:03d}@students.demo.invalid",
            full_name=f"Demo student {n:03d}",
            password=password,
        )
        for n in range(1, STUDENTS + 1)
    )
    users = list(User.objects.filter(email__endswith="@students.demo.invalid").order_by("email"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.APPLICANT, granted_by=actor) for u in users
    )
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
    record_audit(
        "mobility.demo.applications",
        actor=actor,
        obj=round_,
        after={"students": len(users), "choices_each": CHOICES},
    )
    created["rounds"] += 1
    created["students"] += len(users)
    return set_round_status(round_, actor=actor, status=RoundStatus.CLOSED)


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
