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
        return []
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
    return tasks


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
