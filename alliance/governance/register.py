"""Reads of the minutes, the decision register and written resolutions, shared by the pages,
the CSV export, the PDF and the API. Like ``queries``, these assume the reader may read
governance (``rules.py``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance.core.exports import to_csv
from alliance.core.hashing import hash_secret
from alliance.governance.enums import (
    AttendanceStatus,
    MeetingMode,
    MinutesStatus,
    MotionStatus,
    Outcome,
    PollStatus,
)
from alliance.governance.models import (
    Decision,
    Meeting,
    Minutes,
    Poll,
    Seat,
    VoterRecord,
    VotingLink,
    WrittenResolution,
)
from alliance.governance.queries import person_of
from alliance.governance.tally.explanation import choice_name
from alliance.members.queries import NextTask

CHOICE_LABELS = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "abstain": gettext_lazy("Abstain"),
    "consent": gettext_lazy("Consent"),
    "object": gettext_lazy("Object"),
}


def choice_label(choice: Any) -> str:
    if isinstance(choice, str) and choice in CHOICE_LABELS:
        return str(CHOICE_LABELS[choice])
    return choice_name(choice)


def counts_line(counts: list[dict[str, Any]]) -> str:
    """ "Yes 2, No 1, Abstain 0": each choice with its votes (the weight of its ballots)."""
    return ", ".join(f"{choice_label(c['choice'])} {c['weight']}" for c in counts)


def result_line(outcome: str, counts: list[dict[str, Any]]) -> str:
    """The result in one line: the outcome, then the votes for each choice."""
    label = Outcome(outcome).label if outcome in Outcome.values else outcome
    if not counts:
        return str(label)
    return _("%(outcome)s: %(counts)s") % {"outcome": label, "counts": counts_line(counts)}


# --- minutes ---------------------------------------------------------------------------------


def minutes_of(meeting: Meeting) -> Minutes | None:
    return (
        Minutes.objects.select_related("meeting__body", "approved_at_meeting", "approval_poll")
        .prefetch_related("items")
        .filter(meeting=meeting)
        .first()
    )


def approving_meetings(minutes: Minutes) -> QuerySet[Meeting]:
    """Later meetings of the same body: where the minutes may be approved."""
    return Meeting.objects.filter(
        body_id=minutes.meeting.body_id, starts_at__gt=minutes.meeting.starts_at
    ).order_by("starts_at", "pk")


def approval_polls(minutes: Minutes) -> QuerySet[Poll]:
    """Passed polls of later meetings of the body: those that may have approved the minutes."""
    return (
        Poll.objects.filter(
            agenda_item__meeting__in=approving_meetings(minutes),
            status=PollStatus.CLOSED,
            outcome=Outcome.PASSED,
        )
        .select_related("agenda_item__meeting")
        .order_by("closed_at", "pk")
    )


def minutes_to_approve(body_id: int) -> QuerySet[Minutes]:
    return Minutes.objects.filter(
        meeting__body_id=body_id, status=MinutesStatus.CIRCULATED
    ).select_related("meeting")


# --- the decision register -------------------------------------------------------------------


def decisions(
    *,
    words: str = "",
    body: int | None = None,
    year: int | None = None,
    result: str = "",
) -> QuerySet[Decision]:
    """The register, newest first, filtered: every word in the title or the text (any case),
    a body, a year, a result."""
    found = Decision.objects.select_related("body", "meeting", "motion")
    for word in words.split():
        found = found.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if body:
        found = found.filter(body_id=body)
    if year:
        found = found.filter(year=year)
    if result:
        found = found.filter(result=result)
    return found.order_by("-decided_on", "-number", "pk")


def decision_years() -> list[int]:
    return sorted(set(Decision.objects.values_list("year", flat=True)), reverse=True)


# --- written resolutions ---------------------------------------------------------------------


def written_resolutions() -> QuerySet[WrittenResolution]:
    return (
        WrittenResolution.objects.select_related("poll__body", "poll__motion")
        .annotate(n_voted=Count("poll__voters", distinct=True))
        .order_by("-deadline", "pk")
    )


def written_for_page(pk: int) -> WrittenResolution | None:
    return written_resolutions().filter(pk=pk).first()


def links_of(resolution: WrittenResolution) -> QuerySet[VotingLink]:
    return resolution.links.select_related("person", "institution").order_by(
        "institution__name", "cast_as", "pk"
    )


def link_by_secret(secret: str) -> VotingLink | None:
    return (
        VotingLink.objects.select_related(
            "person", "institution", "resolution__poll__body", "resolution__poll__motion"
        )
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def institution_voted(link: VotingLink) -> VoterRecord | None:
    return (
        VoterRecord.objects.select_related("cast_by")
        .filter(poll_id=link.resolution.poll_id, institution_id=link.institution_id)
        .first()
    )


# --- the dashboard ---------------------------------------------------------------------------


def next_tasks(user: Any) -> list[NextTask]:
    """Circulated minutes awaiting approval (for the Secretariat, and for those who sit on the
    body), and written resolutions whose ballot the person may still cast for an
    institution."""
    tasks: list[NextTask] = []
    if user is None or not user.is_authenticated:
        return tasks
    person = person_of(user)
    circulated = Minutes.objects.filter(status=MinutesStatus.CIRCULATED).select_related("meeting")
    if not user.has_perm("governance.manage"):
        today = timezone.localdate()
        bodies = (
            Seat.objects.filter(Q(holder=person) | Q(alternate=person), start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .values("body_id")
            if person is not None
            else Seat.objects.none().values("body_id")
        )
        circulated = circulated.filter(meeting__body_id__in=bodies)
    for minutes in circulated.order_by("meeting__starts_at", "pk"):
        tasks.append(
            NextTask(
                _("Minutes to approve: %(meeting)s") % {"meeting": minutes.meeting.title},
                reverse("governance:minutes", args=[minutes.meeting_id]),
            )
        )
    if person is None:
        return tasks
    links = VotingLink.objects.filter(
        person=person, resolution__poll__status=PollStatus.OPEN
    ).select_related("resolution__poll")
    voted = set(
        VoterRecord.objects.filter(
            poll_id__in={link.resolution.poll_id for link in links}
        ).values_list("poll_id", "institution_id")
    )
    for link in links:
        if (link.resolution.poll_id, link.institution_id) not in voted:
            tasks.append(
                NextTask(
                    _("Written resolution awaiting your vote: %(title)s")
                    % {"title": link.resolution.poll.title},
                    reverse("governance:written", args=[link.resolution_id]),
                )
            )
    return tasks


def minutes_display(minutes: Minutes) -> dict[str, Any]:
    """What the minutes page and the PDF show, with every stored code turned into words: the
    header, the attendance, and each item with its documents, motions and poll results."""
    header = minutes.header
    attendance = [
        {
            **row,
            "status_label": AttendanceStatus(row["status"]).label
            if row["status"]
            else _("Not recorded"),
        }
        for row in header.get("attendance", [])
    ]
    items = []
    for item in minutes.items.all():
        record = item.record
        polls = [
            {
                **p,
                "status_label": PollStatus(p["status"]).label,
                "result_line": result_line(p["outcome"], p.get("counts", []))
                if p.get("outcome")
                else "",
            }
            for p in record.get("polls", [])
        ]
        motions = [
            {**m, "status_label": MotionStatus(m["status"]).label}
            for m in record.get("motions", [])
        ]
        items.append({"item": item, "record": record, "polls": polls, "motions": motions})
    return {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "header": header,
        "mode_label": MeetingMode(header["mode"]).label if header.get("mode") else "",
        "attendance": attendance,
        "items": items,
    }


def decisions_csv(found: QuerySet[Decision]) -> bytes:
    """The register as CSV (UTF-8 with a byte-order mark, so that spreadsheets read it)."""
    header = [
        _("Number"),
        _("Date"),
        _("Body"),
        _("Taken at"),
        _("Title"),
        _("Text"),
        _("Result"),
        _("Result line"),
        _("The arithmetic"),
    ]
    rows = (
        [
            d.reference,
            d.decided_on.isoformat(),
            d.body.name,
            taken_at(d),
            d.title,
            d.text,
            d.get_result_display(),
            result_line(d.outcome, d.counts),
            " ".join(d.explanation),
        ]
        for d in found
    )
    return to_csv(header, rows)


def taken_at(decision: Decision) -> str:
    """Where the decision was taken: the meeting's title, or "Written resolution"."""
    if decision.meeting is not None:
        return decision.meeting.title
    return _("Written resolution") if decision.written else ""
