"""Reads of bodies, seats, meetings, motions and polls, shared by the pages, the API and the
demo. Everything governance shows is for the Secretariat, the coordinators of members and the
people who sit on a body (``rules.py``); these reads assume that check is done."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from alliance.governance.enums import PollStatus
from alliance.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Document,
    Meeting,
    Motion,
    NamedBallot,
    Office,
    Poll,
    Seat,
    SecretBallot,
    VoterRecord,
)
from alliance.members.models import Person
from alliance.members.queries import NextTask


def _held_on(on: datetime.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def person_of(user: Any) -> Person | None:
    """The person record of a logged-in user, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def sits_somewhere(user: Any) -> bool:
    """Whether the user's person holds or held a seat (as holder or alternate), an office, or
    was named a proxy. Read once per request (cached on the user object, which Django builds
    anew for every request), since the menu asks on every page."""
    cached = getattr(user, "_governance_sits", None)
    if cached is not None:
        return bool(cached)
    person = person_of(user)
    sits = person is not None and (
        Seat.objects.filter(Q(holder=person) | Q(alternate=person)).exists()
        or Office.objects.filter(person=person).exists()
        or Attendance.objects.filter(proxy=person).exists()
    )
    if user is not None and user.is_authenticated:
        user._governance_sits = sits
    return sits


# --- bodies, seats, offices ------------------------------------------------------------------


def bodies(on: datetime.date) -> QuerySet[Body]:
    """Every body with the number of seats held on ``on``."""
    return Body.objects.annotate(
        n_seats=Count(
            "seats",
            filter=Q(seats__start__lte=on) & (Q(seats__end__isnull=True) | Q(seats__end__gte=on)),
        )
    ).order_by("kind", "name")


def seats_on(body: Body, on: datetime.date) -> QuerySet[Seat]:
    """The seats of ``body`` held on ``on`` (end dates inclusive), with their people."""
    return (
        Seat.objects.filter(_held_on(on), body=body)
        .select_related("institution", "holder", "alternate")
        .order_by("institution__name", "pk")
    )


def offices_on(body: Body, on: datetime.date) -> QuerySet[Office]:
    return (
        Office.objects.filter(_held_on(on), body=body)
        .select_related("person")
        .order_by("kind", "pk")
    )


def who_sat_where(on: datetime.date) -> QuerySet[Seat]:
    """Every seat held on ``on``, in every body: who sat where that day."""
    return (
        Seat.objects.filter(_held_on(on))
        .select_related("body", "institution", "holder", "alternate")
        .order_by("body__kind", "body__name", "institution__name", "pk")
    )


# --- meetings ------------------------------------------------------------------------------


def meetings_of(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).order_by("-starts_at", "pk")


def meeting_for_page(pk: int) -> Meeting | None:
    return Meeting.objects.select_related("body").filter(pk=pk).first()


@dataclass(frozen=True)
class AgendaLine:
    item: AgendaItem
    number: str  # "2.1"
    depth: int


def agenda(meeting: Meeting) -> list[AgendaLine]:
    """The agenda tree in reading order, numbered 1, 2, 2.1, … (one query, documents and
    motions loaded with it)."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related("documents", "motions", "polls")
        .order_by("position", "pk")
    )
    children: dict[int | None, list[AgendaItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    lines: list[AgendaLine] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for n, item in enumerate(children.get(parent, []), start=1):
            number = f"{prefix}{n}"
            lines.append(AgendaLine(item, number, depth))
            walk(item.pk, f"{number}.", depth + 1)

    walk(None, "", 0)
    return lines


def attendance_of(meeting: Meeting) -> dict[int, Attendance]:
    return {
        a.institution_id: a
        for a in Attendance.objects.filter(meeting=meeting).select_related("proxy")
    }


def document_for(pk: int) -> Document | None:
    return (
        Document.objects.select_related("agenda_item__meeting__body", "motion")
        .filter(pk=pk)
        .first()
    )


# --- motions -------------------------------------------------------------------------------


def motions() -> QuerySet[Motion]:
    return Motion.objects.select_related(
        "by_institution", "by_body", "agenda_item__meeting"
    ).order_by("-created_at", "pk")


def motion_for_page(pk: int) -> Motion | None:
    return (
        motions()
        .prefetch_related("documents", Prefetch("polls", queryset=Poll.objects.order_by("pk")))
        .filter(pk=pk)
        .first()
    )


# --- polls ---------------------------------------------------------------------------------


def polls() -> QuerySet[Poll]:
    return (
        Poll.objects.select_related("body", "motion", "agenda_item__meeting")
        .annotate(n_voted=Count("voters", distinct=True))
        .order_by("-created_at", "pk")
    )


def poll_for_page(pk: int) -> Poll | None:
    return polls().filter(pk=pk).first()


def voters_of(poll: Poll) -> QuerySet[VoterRecord]:
    return VoterRecord.objects.filter(poll=poll).select_related("institution", "cast_by")


def named_ballots(poll: Poll) -> QuerySet[NamedBallot]:
    return NamedBallot.objects.filter(poll=poll).select_related("institution")


def secret_ballots(poll: Poll) -> QuerySet[SecretBallot]:
    """Ordered by receipt: the order they were cast in is not kept."""
    return SecretBallot.objects.filter(poll=poll).order_by("receipt")


def may_cast_for(person: Person | None, poll: Poll) -> dict[int, str]:
    """The institutions (id → capacity: holder, alternate or proxy) whose ballot ``person``
    may cast in ``poll``, read from the electorate frozen when it opened."""
    if person is None or not poll.frozen_electorate:
        return {}
    result: dict[int, str] = {}
    for inst, casters in poll.frozen_electorate.get("casters", {}).items():
        for capacity in ("holder", "alternate", "proxy"):
            if casters.get(capacity) == person.pk:
                result[int(inst)] = capacity
                break
    return result


def next_tasks(user: Any) -> list[NextTask]:
    """Open polls in which the person may still cast an institution's ballot."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    person = person_of(user)
    if person is None:
        return admissions_and_fees_tasks(user)
    open_polls = list(Poll.objects.filter(status=PollStatus.OPEN).order_by("opened_at", "pk"))
    voted = set(
        VoterRecord.objects.filter(poll__in=open_polls).values_list("poll_id", "institution_id")
    )
    tasks = []
    for poll in open_polls:
        if any((poll.pk, inst) not in voted for inst in may_cast_for(person, poll)):
            tasks.append(
                NextTask(
                    _("Cast your ballot: %(poll)s") % {"poll": poll.title},
                    reverse("governance:poll", args=[poll.pk]),
                )
            )
    return tasks + admissions_and_fees_tasks(user)


# --- the person's own data (the privacy export) ---------------------------------------------


def personal_data(user: Any) -> dict[str, Any]:
    """The ballots the person cast for an institution: which poll, for whom, in what capacity,
    when. How a secret ballot was cast is linked to nobody, so it is not here either."""
    records = (
        VoterRecord.objects.filter(cast_by=user)
        .select_related("poll", "institution")
        .order_by("cast_at", "pk")
    )
    return {
        "ballots_cast": [
            {
                "poll": r.poll.title,
                "institution": r.institution.name,
                "cast_as": r.cast_as,
                "cast_at": r.cast_at.isoformat(),
            }
            for r in records
        ]
    }


# --- admissions, membership cases, fees -------------------------------------------------
# Reads for views/admissions.py, views/membership_cases.py, views/fees.py and the API.

from django.utils import timezone  # noqa: E402

from alliance.governance.enums import (  # noqa: E402
    AdmissionStatus,
    InvoiceStatus,
)
from alliance.governance.models import (  # noqa: E402
    AdmissionApplication,
    AdmissionRecommendation,
    FeeSchedule,
    Invoice,
    MembershipCase,
)
from alliance.members.enums import Role  # noqa: E402
from alliance.members.rules import institutions_where, is_secretariat  # noqa: E402


def review_bodies_of(user: Any, on: datetime.date) -> set[int]:
    """The bodies on which the user's person holds a seat (as holder or alternate) on ``on``."""
    person = person_of(user)
    if person is None:
        return set()
    return set(
        Seat.objects.filter(_held_on(on))
        .filter(Q(holder=person) | Q(alternate=person))
        .values_list("body_id", flat=True)
    )


def reviewing_institutions(application: AdmissionApplication, user: Any) -> list[Any]:
    """The member institutions of the reviewing group whose recommendation ``user`` may record
    today (as seat holder or alternate)."""
    person = person_of(user)
    if person is None or application.review_body_id is None:
        return []
    return [
        seat.institution
        for seat in Seat.objects.filter(
            _held_on(timezone.localdate()), body_id=application.review_body_id
        )
        .filter(Q(holder=person) | Q(alternate=person))
        .select_related("institution")
        .order_by("institution__name")
    ]


def applications() -> QuerySet[AdmissionApplication]:
    return (
        AdmissionApplication.objects.select_related("review_body", "motion", "institution")
        .annotate(n_recommendations=Count("recommendations", distinct=True))
        .order_by("-created_at", "pk")
    )


def applications_visible_to(user: Any, on: datetime.date) -> QuerySet[AdmissionApplication]:
    """Every application for the Secretariat; for a member of a reviewing group, those sent
    to its group."""
    if is_secretariat(user):
        return applications()
    return applications().filter(review_body_id__in=review_bodies_of(user, on))


def application_for_page(pk: int) -> AdmissionApplication | None:
    return (
        applications()
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=AdmissionRecommendation.objects.select_related(
                    "institution", "recorded_by"
                ).order_by("institution__name"),
            )
        )
        .filter(pk=pk)
        .first()
    )


def membership_cases() -> QuerySet[MembershipCase]:
    return MembershipCase.objects.select_related("institution", "motion", "opened_by").order_by(
        "-opened_at", "pk"
    )


def membership_cases_visible_to(user: Any) -> QuerySet[MembershipCase]:
    if is_secretariat(user):
        return membership_cases()
    return membership_cases().filter(institution_id__in=institutions_where(user, Role.COORDINATOR))


def fee_schedules(year: int) -> QuerySet[FeeSchedule]:
    return FeeSchedule.objects.filter(year=year).order_by("category")


def invoices_visible_to(user: Any) -> QuerySet[Invoice]:
    """Every invoice for the Secretariat; a coordinator's own institutions' invoices."""
    rows = Invoice.objects.select_related("institution").order_by("-year", "sequence")
    if is_secretariat(user):
        return rows
    return rows.filter(institution_id__in=institutions_where(user, Role.COORDINATOR))


def invoice_for_page(pk: int) -> Invoice | None:
    return (
        Invoice.objects.select_related("institution", "issued_by")
        .prefetch_related("payments")
        .filter(pk=pk)
        .first()
    )


def unpaid_invoices(user: Any, on: datetime.date) -> QuerySet[Invoice]:
    """The coordinator's institutions' invoices still owed (issued, overdue or not)."""
    return Invoice.objects.filter(
        status=InvoiceStatus.ISSUED,
        institution_id__in=institutions_where(user, Role.COORDINATOR),
    ).order_by("due_on", "pk")


def admissions_and_fees_tasks(user: Any) -> list[NextTask]:
    """Applications waiting for the recommendation of the user's institution on a reviewing
    group; invoices the coordinator's institutions still owe."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    tasks: list[NextTask] = []
    bodies_ = review_bodies_of(user, today)
    if bodies_:
        waiting = AdmissionApplication.objects.filter(
            status=AdmissionStatus.UNDER_REVIEW, review_body_id__in=bodies_
        ).prefetch_related("recommendations")
        for application in waiting:
            done = {r.institution_id for r in application.recommendations.all()}
            if any(i.pk not in done for i in reviewing_institutions(application, user)):
                tasks.append(
                    NextTask(
                        _("Recommend on the application of %(name)s")
                        % {"name": application.institution_name},
                        reverse("governance:admission", args=[application.pk]),
                    )
                )
    for invoice in unpaid_invoices(user, today).select_related("institution"):
        tasks.append(
            NextTask(
                _("Pay invoice %(number)s of %(inst)s: %(balance)s %(currency)s, due %(due)s")
                % {
                    "number": invoice.number,
                    "inst": invoice.institution.name,
                    "balance": invoice.balance,
                    "currency": invoice.currency,
                    "due": invoice.due_on.isoformat(),
                },
                reverse("governance:invoice", args=[invoice.pk]),
            )
        )
    return tasks
