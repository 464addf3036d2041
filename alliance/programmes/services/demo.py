"""The programmes demo: the Scholars Award 2027-2028 (60 awards of USD 2,500), closed, reviewed
and selected, with applications awarded, accepted, declined (the reserve list moved up), on the
reserve list, not selected, withdrawn and left as drafts; and the Staff Exchange 2027-2028 (15 of
USD 1,500), open, with drafts, endorsements asked for and answered, submitted, nominated and
withdrawn applications. The demo scholar holds an award to accept. Applicants and reviewers are
generated demo people (e-mails at *.demo.invalid). Safe to run again: what exists is left
alone."""

from __future__ import annotations

import datetime
import random
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import Institution, RoleAssignment
from alliance.programmes.enums import (
    ApplicantCategory,
    ApplicationStatus,
    CallStatus,
    EndorsementKind,
    ProgrammeKind,
    QuestionKind,
    QuotaSide,
)
from alliance.programmes.models import Application, Assignment, Call, Endorsement, Programme
from alliance.programmes.services.calls import (
    add_criterion,
    add_document,
    add_question,
    create_call,
    create_programme,
    set_call_status,
    set_quota,
)
from alliance.programmes.services.nominations import nominate
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers, save_review
from alliance.programmes.services.selection import (
    apply_suggestion,
    decide_application,
    respond_to_award,
)

SECRETARIAT = "secretariat@demo.alliance.invalid"
SCHOLAR = "scholar@demo.alliance.invalid"
REVIEWER = "reviewer@demo.alliance.invalid"
CYCLE = "2027-2028"
ZONE = "Asia/Shanghai"
CYCLE_FROM, CYCLE_UNTIL = datetime.date(2027, 3, 1), datetime.date(2028, 2, 29)
SCHOLARS_EACH, STAFF_EACH = 7, 2  # applicants per member
REVIEWERS = 15

PROGRAMMES = (
    (
        ProgrammeKind.SCHOLARS_AWARD,
        "Scholars Award",
        "Faculty members visit another member for at least ten working days to teach, do "
        "research or build a partnership. At most 60 awards a year, a grant of USD 2,500 each; "
        "the host professor's acceptance comes before the application.",
    ),
    (
        ProgrammeKind.STAFF_EXCHANGE,
        "Staff Exchange",
        "Administrative staff spend at least five working days in another member's office. At "
        "most 15 a year, USD 1,500 each; an invitation from the host office and the approval of "
        "the head of the home office.",
    ),
)


def load_programmes_demo(*, actor: User | None = None) -> dict[str, int]:
    created = {"programmes": 0, "calls": 0, "applications": 0, "reviews": 0}
    members = list(Institution.objects.filter(is_founding_member=True).order_by("name"))
    if not members:
        return created
    actor = actor or User.objects.get(email=SECRETARIAT)
    with transaction.atomic():
        programmes = {}
        for kind, name, description in PROGRAMMES:
            programme = Programme.objects.filter(name=name).first()
            if programme is None:
                programme = create_programme(
                    actor=actor, kind=kind, name=name, description=description
                )
                created["programmes"] += 1
            programmes[kind] = programme
        scholars = programmes[ProgrammeKind.SCHOLARS_AWARD]
        if not Call.objects.filter(programme=scholars, cycle=CYCLE).exists():
            _scholars_award(actor, scholars, members, created)
        staff = programmes[ProgrammeKind.STAFF_EXCHANGE]
        if not Call.objects.filter(programme=staff, cycle=CYCLE).exists():
            _staff_exchange(actor, staff, members, created)
    return created


def _wall_clock(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour))


def _call_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "cycle": CYCLE,
        "time_zone": ZONE,
        "activity_from": CYCLE_FROM,
        "activity_until": CYCLE_UNTIL,
        "needs_home_approval": True,
        "needs_host_acceptance": True,
        "currency": "USD",
        "languages": ["en"],
        "anonymised_review": False,
        "reviewers_per_application": 2,
    }
    data.update(overrides)
    return data


def _rubric(call: Call, actor: User) -> None:
    add_criterion(call, actor=actor, name="Academic or professional merit", weight=3, maximum=5)
    add_criterion(call, actor=actor, name="Fit with the host", weight=2, maximum=5)
    add_criterion(call, actor=actor, name="Value for the alliance", weight=1, maximum=5)


def _people(actor: User, prefix: str, count: int, role: Role) -> list[User]:
    """The first ``count`` generated demo people of a kind, made where missing."""
    emails = [f"{prefix}.{n:03d}@people.demo.invalid" for n in range(1, count + 1)]
    known = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = make_password(None)
    made = User.objects.bulk_create(
        User(email=e, full_name=f"Demo {prefix} {e.split('.')[1][:3]}", password=password)
        for e in emails
        if e not in known
    )
    fresh = User.objects.filter(email__in=[u.email for u in made])
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=role, granted_by=actor) for u in fresh
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _application(
    call: Call,
    user: User,
    home: Institution,
    host: Institution,
    category: str,
    rng: random.Random,
    *,
    days: int,
) -> Application:
    start = CYCLE_FROM + datetime.timedelta(days=rng.randrange(0, 250))
    start += datetime.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
    return Application(
        call=call,
        applicant=user,
        status=ApplicationStatus.DRAFT,
        category=category,
        home=home,
        host=host,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=days),
        title=f"Visit to {host.name}",
        plan="Joint seminars, guest lectures and a plan for a joint proposal (demo).",
        home_head_name="Head of unit (demo)",
        home_head_email=f"head.{home.slug}@people.demo.invalid",
        host_contact_name="Host (demo)",
        host_contact_email=f"host.{host.slug}@people.demo.invalid",
        answers={},
    )


def _endorse(applications: list[Application], *, answered: bool) -> None:
    now = timezone.now()
    Endorsement.objects.bulk_create(
        Endorsement(
            application=a,
            kind=kind,
            name=name,
            email=email,
            secret_hash=hash_secret(secrets.token_urlsafe(32)),
            approved=True if answered else None,
            answered_at=now if answered else None,
            comment="Gladly (demo)." if answered else "",
        )
        for a in applications
        for kind, name, email in (
            (EndorsementKind.HOME_HEAD, a.home_head_name, a.home_head_email),
            (EndorsementKind.HOST, a.host_contact_name, a.host_contact_email),
        )
    )


def _submit(applications: list[Application], call: Call, at: datetime.datetime) -> None:
    for a in applications:
        a.status = ApplicationStatus.SUBMITTED
        a.submitted_at = at
        a.amount = call.grant
    Application.objects.bulk_update(applications, ["status", "submitted_at", "amount"])


def _reviewers(actor: User, call: Call, members: list[Institution]) -> None:
    demo = User.objects.filter(email=REVIEWER).first()
    if demo is not None:
        add_panel_member(call.panel, actor=actor, reviewer=demo, institution=None)
    for n, reviewer in enumerate(_people(actor, "reviewer", REVIEWERS, Role.REVIEWER)):
        add_panel_member(
            call.panel, actor=actor, reviewer=reviewer, institution=members[n % len(members)]
        )


def _scholars_award(
    actor: User, programme: Programme, members: list[Institution], created: dict[str, int]
) -> None:
    rng = random.Random(2027)
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    call = create_call(
        programme,
        actor=actor,
        data=_call_data(
            opens_at=_wall_clock(today - datetime.timedelta(days=120), 9),
            closes_at=_wall_clock(today - datetime.timedelta(days=14), 17),
            eligible_categories=[ApplicantCategory.FACULTY],
            min_working_days=10,
            awards=60,
            grant=Decimal("2500"),
            budget=Decimal("150000"),
        ),
    )
    _rubric(call, actor)
    add_question(call, actor=actor, label="Your field", kind=QuestionKind.TEXT, required=True)
    add_document(call, actor=actor, label="Curriculum vitae")
    for member in members:
        set_quota(call, actor=actor, institution=member, side=QuotaSide.HOME, places=6)
        set_quota(call, actor=actor, institution=member, side=QuotaSide.HOST, places=6)
    set_call_status(call, actor=actor, status=CallStatus.OPEN)
    users = _people(actor, "scholar", len(members) * SCHOLARS_EACH, Role.APPLICANT)
    rows = []
    for n, user in enumerate(users):
        home = members[n % len(members)]
        host = rng.choice([m for m in members if m != home])
        rows.append(_application(call, user, home, host, ApplicantCategory.FACULTY, rng, days=18))
    demo_scholar = User.objects.filter(email=SCHOLAR).first()
    if demo_scholar is not None:
        nus = next((m for m in members if m.ror_id == "01tgyzw49"), members[0])
        tsinghua = next((m for m in members if m.ror_id == "03cve4549"), members[1])
        rows.append(
            _application(call, demo_scholar, nus, tsinghua, ApplicantCategory.FACULTY, rng, days=18)
        )
    for a in rows:
        a.answers = {call.questions.get().key: "Materials science"}
    Application.objects.bulk_create(rows)
    applications = list(Application.objects.filter(call=call).order_by("pk"))
    # One in fifteen stays a draft, one in twenty is withdrawn; the others are submitted.
    drafts = applications[::15][:-1] if demo_scholar else applications[::15]
    rest = [a for a in applications if a not in drafts]
    _endorse(rest, answered=True)
    _submit(rest, call, call.opens_at + datetime.timedelta(days=30))
    withdrawn = [a for a in rest[3::20] if a.applicant != demo_scholar]
    Application.objects.filter(pk__in=[a.pk for a in withdrawn]).update(
        status=ApplicationStatus.WITHDRAWN
    )
    set_call_status(call, actor=actor, status=CallStatus.CLOSED)
    # Each home nominates up to its quota, the demo scholar first at their home.
    submitted = Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
    for a in sorted(submitted, key=lambda a: (a.applicant != demo_scholar, a.pk)):
        if (
            Application.objects.filter(
                call=call, home=a.home, nomination_rank__isnull=False
            ).count()
            < 6
        ):
            nominate(a, actor=actor)
    _reviewers(actor, call, members)
    assign_reviewers(call, actor=actor)
    criteria = list(call.criteria.all())
    for assignment in Assignment.objects.filter(application__call=call).select_related(
        "reviewer", "application__applicant"
    ):
        best = assignment.application.applicant == demo_scholar
        leniency = assignment.reviewer_id % 3  # some reviewers are generous
        save_review(
            assignment,
            actor=assignment.reviewer,
            scores={
                c.pk: c.maximum if best else min(c.maximum, rng.randrange(1, c.maximum) + leniency)
                for c in criteria
            },
            comment="A clear plan with a committed host (demo).",
        )
        created["reviews"] += 1
    apply_suggestion(call, actor=actor)
    awarded = list(
        Application.objects.filter(call=call, status=ApplicationStatus.AWARDED)
        .exclude(applicant=demo_scholar)
        .order_by("pk")
    )
    for n, application in enumerate(awarded[:40]):
        respond_to_award(application, actor=application.applicant, accept=n % 13 != 5)
    for application in Application.objects.filter(
        call=call, status=ApplicationStatus.RESERVE
    ).order_by("-reserve_rank")[:3]:
        decide_application(
            application,
            actor=actor,
            decision=ApplicationStatus.REJECTED,
            note="Outside the programme's priorities this cycle (demo).",
        )
    record_audit("programmes.demo.load", actor=actor, obj=call, after={"applications": len(rows)})
    created["calls"] += 1
    created["applications"] += len(rows)


def _staff_exchange(
    actor: User, programme: Programme, members: list[Institution], created: dict[str, int]
) -> None:
    rng = random.Random(2028)
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    call = create_call(
        programme,
        actor=actor,
        data=_call_data(
            opens_at=_wall_clock(today - datetime.timedelta(days=30), 9),
            closes_at=_wall_clock(today + datetime.timedelta(days=60), 17),
            eligible_categories=[ApplicantCategory.STAFF],
            min_working_days=5,
            awards=15,
            grant=Decimal("1500"),
            budget=Decimal("22500"),
        ),
    )
    _rubric(call, actor)
    add_question(
        call,
        actor=actor,
        label="Your office",
        kind=QuestionKind.CHOICE,
        required=True,
        choices=["International office", "Research office", "Student services", "Other"],
    )
    add_document(call, actor=actor, label="Invitation from the host office")
    for member in members:
        set_quota(call, actor=actor, institution=member, side=QuotaSide.HOME, places=1)
    set_call_status(call, actor=actor, status=CallStatus.OPEN)
    users = _people(actor, "staff", len(members) * STAFF_EACH, Role.APPLICANT)
    rows = []
    for n, user in enumerate(users):
        home = members[n % len(members)]
        host = rng.choice([m for m in members if m != home])
        row = _application(call, user, home, host, ApplicantCategory.STAFF, rng, days=11)
        row.answers = {call.questions.get().key: "International office"}
        rows.append(row)
    Application.objects.bulk_create(rows)
    applications = list(Application.objects.filter(call=call).order_by("pk"))
    drafts, asked, submitted = applications[:6], applications[6:10], applications[10:]
    _endorse(asked, answered=False)
    _endorse(submitted, answered=True)
    _submit(submitted, call, timezone.now() - datetime.timedelta(days=3))
    Application.objects.filter(pk__in=[a.pk for a in submitted[-2:]]).update(
        status=ApplicationStatus.WITHDRAWN
    )
    seen: set[int] = set()
    for a in Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).order_by(
        "pk"
    ):
        if a.home_id is not None and a.home_id not in seen:
            nominate(a, actor=actor)
            seen.add(a.home_id)
    _reviewers(actor, call, members)
    record_audit(
        "programmes.demo.load",
        actor=actor,
        obj=call,
        after={"applications": len(rows), "drafts": len(drafts)},
    )
    created["calls"] += 1
    created["applications"] += len(rows)


# --- after the activity: reports, host reviews, certificates, payments ---

PAST_CYCLE = "2026-2027"
# Awards of the past cycle: (days since the activity ended, what happened after it). Negative:
# the activity is still to end.
SCHOLARS_AFTER = (
    (-20, "upcoming"),
    (3, "due"),
    (12, "draft"),
    (50, "overdue"),
    (25, "submitted"),
    (40, "returned"),
    (70, "paid"),
    (90, "partly_paid"),
)
STAFF_AFTER = ((6, "approved"), (35, "overdue"), (20, "submitted"), (60, "paid"))
OUTCOMES_DEMO = "A joint proposal in preparation and an exchange of doctoral students (demo)."


def load_outcomes_demo(*, actor: User | None = None) -> dict[str, int]:
    """The 2026-2027 cycle of the Scholars Award and the Staff Exchange, its activities placed
    around today: awards whose activity is still to end, whose report is due, drafted,
    overdue, submitted, sent back, accepted with a certificate; host reviews asked for and
    given; payments requested, approved, partly and fully paid; the reminders of the daily run.
    The demo scholar owes a report, and the demo Tsinghua coordinator, as host, a review. Safe
    to run again: a cycle that exists is left alone."""
    from alliance.programmes.services.reminders import send_outcome_reminders

    created = {"calls": 0, "awards": 0, "reports": 0, "certificates": 0, "payments": 0}
    members = list(Institution.objects.filter(is_founding_member=True).order_by("name"))
    programmes = {p.kind: p for p in Programme.objects.all()}
    if len(members) < 2 or not programmes:
        return created
    actor = actor or User.objects.get(email=SECRETARIAT)
    plans = (
        (ProgrammeKind.SCHOLARS_AWARD, "scholar", SCHOLARS_AFTER, 20, Decimal("2500")),
        (ProgrammeKind.STAFF_EXCHANGE, "staff", STAFF_AFTER, 9, Decimal("1500")),
    )
    with transaction.atomic():
        for kind, prefix, after, length, grant in plans:
            programme = programmes.get(kind)
            if (
                programme is None
                or Call.objects.filter(programme=programme, cycle=PAST_CYCLE).exists()
            ):
                continue
            call = _past_call(actor, programme, kind, grant)
            people = _people(actor, prefix, len(after), Role.APPLICANT)
            if kind == ProgrammeKind.SCHOLARS_AWARD:
                demo_scholar = User.objects.filter(email=SCHOLAR).first()
                if demo_scholar is not None:
                    people, after = [*people, demo_scholar], (*after, (10, "due"))
            for n, (user, (ended, story)) in enumerate(zip(people, after, strict=True)):
                application = _past_award(call, user, members, n, ended, length)
                _after_activity(application, actor, story, created)
                created["awards"] += 1
            record_audit("programmes.demo.outcomes", actor=actor, obj=call)
            created["calls"] += 1
    send_outcome_reminders()
    return created


def _past_call(actor: User, programme: Programme, kind: str, grant: Decimal) -> Call:
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    staff = kind == ProgrammeKind.STAFF_EXCHANGE
    call = create_call(
        programme,
        actor=actor,
        data=_call_data(
            cycle=PAST_CYCLE,
            opens_at=_wall_clock(today - datetime.timedelta(days=420), 9),
            closes_at=_wall_clock(today - datetime.timedelta(days=360), 17),
            activity_from=today - datetime.timedelta(days=330),
            activity_until=today + datetime.timedelta(days=90),
            eligible_categories=[ApplicantCategory.STAFF if staff else ApplicantCategory.FACULTY],
            min_working_days=5 if staff else 10,
            awards=15 if staff else 60,
            grant=grant,
            budget=grant * (15 if staff else 60),
        ),
    )
    _rubric(call, actor)
    set_call_status(call, actor=actor, status=CallStatus.OPEN)
    return set_call_status(call, actor=actor, status=CallStatus.CLOSED)


def _past_award(
    call: Call, user: User, members: list[Institution], n: int, ended: int, length: int
) -> Application:
    """An accepted award whose activity ended ``ended`` days ago and lasted ``length`` days."""
    today = timezone.now().astimezone(ZoneInfo(ZONE)).date()
    ends_on = today - datetime.timedelta(days=ended)
    home = members[n % len(members)]
    host = members[(n + 3) % len(members)]
    host_email = f"host.{host.slug}@people.demo.invalid"
    if user.email == SCHOLAR:
        home = next((m for m in members if m.ror_id == "01tgyzw49"), home)
        host = next((m for m in members if m.ror_id == "03cve4549"), host)
        host_email = "coordinator.tsinghua@demo.alliance.invalid"
    decided = call.closes_at + datetime.timedelta(days=30)
    return Application.objects.create(
        call=call,
        applicant=user,
        status=ApplicationStatus.ACCEPTED,
        category=call.eligible_categories[0],
        home=home,
        host=host,
        starts_on=ends_on - datetime.timedelta(days=length),
        ends_on=ends_on,
        title=f"Visit to {host.name}",
        plan="Joint seminars, guest lectures and a plan for a joint proposal (demo).",
        host_contact_name="Host (demo)",
        host_contact_email=host_email,
        amount=call.grant,
        submitted_at=call.opens_at + datetime.timedelta(days=20),
        decided_at=decided,
        responded_at=decided + datetime.timedelta(days=3),
    )


def _after_activity(
    application: Application, actor: User, story: str, created: dict[str, int]
) -> None:
    """Walk ``application`` through what happened after its activity, by the services."""
    from alliance.programmes.services import grants, outcomes

    applicant = application.applicant
    if story in ("upcoming", "due", "overdue"):
        if story == "overdue":
            grants.request_grant(application, actor=actor)
        return
    outcomes.save_report(
        application,
        actor=applicant,
        data={
            "actual_starts_on": application.starts_on,
            "actual_ends_on": application.ends_on,
            "summary": "Guest lectures, two joint seminars and meetings with the host's group "
            "(demo).",
            "outcomes": "" if story == "draft" else OUTCOMES_DEMO,
        },
    )
    created["reports"] += 1
    if story == "draft":
        return
    outcomes.submit_report(application, actor=applicant)
    review, _secret = outcomes.request_host_review(application, actor=None)
    grant = grants.request_grant(application, actor=actor)
    if story == "returned":
        outcomes.return_report(
            application, actor=actor, reason="Please add what came of the seminars (demo)."
        )
        return
    outcomes.submit_host_review(
        review,
        data={
            "objectives_met": "fully",
            "contribution": "Excellent lectures; our students asked for more (demo).",
            "would_host_again": True,
        },
    )
    if story == "approved":
        grants.approve_grant(grant, actor=actor)
    if story in ("paid", "partly_paid"):
        outcomes.accept_report(application, actor=actor)
        created["certificates"] += 1
        grants.approve_grant(grant, actor=actor)
        paid_on = (application.ends_on or timezone.localdate()) + datetime.timedelta(days=20)
        first = grant.requested_amount if story == "paid" else grant.requested_amount / 2
        grants.record_payment(
            grant, actor=actor, amount=first, paid_on=paid_on, reference="DEMO-PAY"
        )
        created["payments"] += 1


# --- members' proposals for new programmes ---

# (title, proposing member's place among the first nine founding members by name, story)
PROPOSALS_DEMO = (
    ("Asian Doctoral Summer Academy", 0, "board"),
    ("Joint Micro-credentials in Sustainability", 0, "discussion"),
    ("Alliance Virtual Exchange for Undergraduates", 1, "board"),
    ("Young Leaders Fellowship", 1, "submitted"),
    ("Research Data Stewardship Network", 2, "discussion"),
    ("Climate Adaptation Field Schools", 2, "draft"),
    ("Alliance Language and Culture Semester", 3, "discussion"),
    ("Women in Engineering Mentoring Programme", 4, "submitted"),
    ("Public Health Emergency Training Exchange", 4, "withdrawn"),
    ("Digital Humanities Lab Exchange", 5, "discussion"),
    ("Start-up and Innovation Bootcamp", 5, "draft"),
    ("Teaching Excellence Exchange for Lecturers", 6, "submitted"),
    ("Asian Heritage Conservation Workshop", 7, "discussion"),
    ("Open Courseware Translation Project", 7, "draft"),
    ("Graduate Employability Internship Scheme", 8, "submitted"),
    ("Campus Sustainability Benchmarking Project", 8, "discussion"),
)


def load_proposals_demo(*, actor: User | None = None) -> dict[str, int]:
    """Sixteen proposals for new programmes from nine members, as made at a meeting of the
    executives: drafts, submitted, under discussion (with comments), withdrawn, and two sent to
    the Board as motions (when the governance demo made a Board). Made by each member's
    coordinator where it has one, else by the Secretariat on its behalf. Safe to run again:
    nothing is made once the first proposal exists."""
    from alliance.programmes.models import Proposal
    from alliance.programmes.services import proposals as services

    created = {"proposals": 0, "comments": 0, "motions": 0}
    members = list(Institution.objects.filter(is_founding_member=True).order_by("name")[:9])
    if len(members) < 9 or Proposal.objects.filter(title=PROPOSALS_DEMO[0][0]).exists():
        return created
    actor = actor or User.objects.get(email=SECRETARIAT)
    coordinators = {
        r.institution_id: r.user
        for r in RoleAssignment.objects.filter(
            role=Role.COORDINATOR, institution__in=members
        ).select_related("user")
    }
    with transaction.atomic():
        for n, (title, place, story) in enumerate(PROPOSALS_DEMO):
            member = members[place]
            author = coordinators.get(member.pk, actor)
            proposal = services.create_proposal(
                actor=author,
                institution=member,
                data={
                    "title": title,
                    "summary": f"{title}: a programme open to every member of the alliance (demo).",
                    "rationale": "No programme of the alliance does this yet; members asked for "
                    "it at the meeting of the executives (demo).",
                    "target_participants": "Students and staff of the members, 30 a year",
                    "estimated_budget": Decimal(40_000 + 5_000 * n),
                    "currency": "USD",
                },
                co_proposers=[members[(place + 1) % 9], members[(place + 4) % 9]],
            )
            created["proposals"] += 1
            if story == "draft":
                continue
            proposal = services.submit_proposal(proposal, actor=author)
            if story == "withdrawn":
                services.withdraw_proposal(proposal, actor=author)
                continue
            if story in ("discussion", "board"):
                proposal = services.open_discussion(proposal, actor=actor)
                other = members[(place + 1) % 9]
                if other.pk in coordinators:
                    services.add_comment(
                        proposal,
                        actor=coordinators[other.pk],
                        text="We would co-host the first edition (demo).",
                        institution=other,
                    )
                    created["comments"] += 1
                services.add_comment(
                    proposal,
                    actor=actor,
                    text="Please add a first budget per member (demo).",
                    institution=None,
                )
                created["comments"] += 1
            if story == "board" and services.the_board() is not None:
                services.send_to_board(proposal, actor=actor)
                created["motions"] += 1
    return created
