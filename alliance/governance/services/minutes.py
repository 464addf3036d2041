"""Minutes of meetings: drafted from the meeting's data, edited by the Secretariat, circulated,
approved at a later meeting of the same body, and from then on never changed.

What the data says (date, place, attendance, each agenda item's documents, motions and poll
results with their arithmetic) is copied into the minutes when they are drafted and when they
are regenerated, so approved minutes keep saying what was true that day. What the Secretariat
writes (the chair, one text per item, closing remarks) survives regeneration: items are matched
by their agenda item; the text of an item that left the agenda is kept at the end."""

from __future__ import annotations

import datetime
import zoneinfo
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance.enums import MinutesStatus, OfficeKind, Outcome, PollStatus
from alliance.governance.models import Meeting, Minutes, MinutesItem, Poll
from alliance.governance.queries import agenda, attendance_of, offices_on, seats_on
from alliance.governance.services.circulation import send_minutes_circulated

CHAIR_OFFICES = (OfficeKind.CHAIR, OfficeKind.PRESIDENT, OfficeKind.EXECUTIVE_PRESIDENT)


def meeting_day(meeting: Meeting) -> datetime.date:
    """The meeting's date on its own clock."""
    return meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone)).date()


def _header(meeting: Meeting) -> dict[str, Any]:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    rows = attendance_of(meeting)
    attendance = []
    for seat in seats_on(meeting.body, local.date()):
        row = rows.get(seat.institution_id)
        attendance.append(
            {
                "institution": seat.institution.name,
                "status": row.status if row else "",
                "proxy": row.proxy.full_name if row and row.proxy else "",
            }
        )
    return {
        "body": meeting.body.name,
        "title": meeting.title,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "time_zone": meeting.time_zone,
        "mode": meeting.mode,
        "place": meeting.place,
        "attendance": attendance,
    }


def _poll_record(poll: Poll) -> dict[str, Any]:
    record: dict[str, Any] = {"title": poll.title, "status": poll.status}
    if poll.status == PollStatus.CLOSED:
        record.update(
            outcome=poll.outcome,
            counts=list((poll.result or {}).get("counts", [])),
            explanation=list(poll.explanation),
            fingerprint=poll.fingerprint,
        )
    return record


def _chair(meeting: Meeting) -> str:
    offices = {o.kind: o for o in offices_on(meeting.body, meeting_day(meeting))}
    for kind in CHAIR_OFFICES:
        if kind in offices:
            return offices[kind].person.full_name
    return ""


def _fresh_items(meeting: Meeting) -> list[MinutesItem]:
    items = []
    for line in agenda(meeting):
        item = line.item
        items.append(
            MinutesItem(
                agenda_item=item,
                number=line.number,
                depth=line.depth,
                title=item.title,
                record={
                    "notes": item.notes,
                    "documents": [d.title for d in item.documents.all()],
                    "motions": [
                        {"title": m.title, "text": m.text, "status": m.status}
                        for m in item.motions.all()
                    ],
                    "polls": [
                        _poll_record(p) for p in sorted(item.polls.all(), key=lambda p: p.pk)
                    ],
                },
            )
        )
    return items


def _refuse_approved(minutes: Minutes) -> None:
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("These minutes are approved; they can no longer change."))


def _store_items(minutes: Minutes, fresh: list[MinutesItem]) -> int:
    """Replace the items' data with ``fresh``, keeping each item's text; returns how many texts
    of items that left the agenda were kept at the end."""
    old = list(minutes.items.all())
    texts: dict[int | None, str] = {
        i.agenda_item_id: i.text for i in old if i.agenda_item_id is not None
    }
    live = {i.agenda_item_id for i in fresh}
    orphans = [
        i
        for i in old
        if i.text.strip() and (i.agenda_item_id is None or i.agenda_item_id not in live)
    ]
    minutes.items.exclude(pk__in=[i.pk for i in orphans]).delete()
    for position, item in enumerate(fresh, start=1):
        item.minutes = minutes
        item.position = position
        item.text = texts.get(item.agenda_item_id, "")
    MinutesItem.objects.bulk_create(fresh)
    for position, orphan in enumerate(orphans, start=len(fresh) + 1):
        orphan.position = position
        orphan.agenda_item = None
        orphan.record = {"removed": True}
        orphan.save(update_fields=["position", "agenda_item", "record"])
    return len(orphans)


def draft_minutes(
    meeting: Meeting, *, actor: User, now: datetime.datetime | None = None
) -> Minutes:
    """Draft the minutes of ``meeting`` from its data. Refuses a meeting that has minutes."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if Minutes.objects.filter(meeting=meeting).exists():
            raise ValidationError(_("This meeting has minutes already."), code="exists")
        minutes = Minutes.objects.create(
            meeting=meeting, header=_header(meeting), chair=_chair(meeting), generated_at=now
        )
        _store_items(minutes, _fresh_items(meeting))
        record_audit(
            "governance.minutes.draft",
            actor=actor,
            obj=minutes,
            after={"meeting": meeting.pk, "items": minutes.items.count()},
        )
    return minutes


def lock_minutes(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)


def regenerate_minutes(
    minutes: Minutes, *, actor: User, now: datetime.datetime | None = None
) -> int:
    """Copy the meeting's data into the minutes again (attendance, agenda, results), keeping
    the chair and every text written. Returns how many texts of items no longer on the agenda
    were kept at the end. Refuses approved minutes."""
    now = now or timezone.now()
    with transaction.atomic():
        minutes = lock_minutes(minutes)
        _refuse_approved(minutes)
        minutes.header = _header(minutes.meeting)
        minutes.chair = minutes.chair or _chair(minutes.meeting)
        minutes.generated_at = now
        minutes.save(update_fields=["header", "chair", "generated_at"])
        kept = _store_items(minutes, _fresh_items(minutes.meeting))
        record_audit(
            "governance.minutes.regenerate",
            actor=actor,
            obj=minutes,
            after={"items": minutes.items.count(), "kept_texts": kept},
        )
    return kept


def edit_minutes(
    minutes: Minutes, *, actor: User, chair: str, closing: str, texts: dict[int, str]
) -> Minutes:
    """Save what the Secretariat wrote: the chair, the text of each item (by item id), the
    closing remarks. Refuses approved minutes."""
    with transaction.atomic():
        minutes = lock_minutes(minutes)
        _refuse_approved(minutes)
        before = {"chair": minutes.chair, "closing": minutes.closing}
        minutes.chair = " ".join(chair.split())
        minutes.closing = closing.strip()
        minutes.save(update_fields=["chair", "closing"])
        changed = []
        for item in minutes.items.all():
            if item.pk in texts and texts[item.pk].strip() != item.text:
                item.text = texts[item.pk].strip()
                item.save(update_fields=["text"])
                changed.append(item.number)
        record_audit(
            "governance.minutes.edit",
            actor=actor,
            obj=minutes,
            before=before,
            after={"chair": minutes.chair, "closing": minutes.closing, "items": changed},
        )
    return minutes


def circulate_minutes(
    minutes: Minutes, *, actor: User, now: datetime.datetime | None = None
) -> Minutes:
    """Circulate draft minutes for approval: the seat holders and alternates of the body on
    the day of the meeting are told by e-mail. They may still be corrected until approved."""
    now = now or timezone.now()
    with transaction.atomic():
        minutes = lock_minutes(minutes)
        if minutes.status != MinutesStatus.DRAFT:
            raise ValidationError(_("Only draft minutes can be circulated."), code="not_draft")
        minutes.status = MinutesStatus.CIRCULATED
        minutes.circulated_at = now
        minutes.save(update_fields=["status", "circulated_at"])
        emails = sorted(
            {
                person.email
                for seat in seats_on(minutes.meeting.body, meeting_day(minutes.meeting))
                for person in (seat.holder, seat.alternate)
                if person is not None and person.email
            }
        )
        record_audit(
            "governance.minutes.circulate",
            actor=actor,
            obj=minutes,
            before={"status": MinutesStatus.DRAFT},
            after={"status": MinutesStatus.CIRCULATED, "recipients": len(emails)},
        )
        transaction.on_commit(partial(send_minutes_circulated, minutes.pk, emails))
    return minutes


def approve_minutes(
    minutes: Minutes,
    *,
    actor: User,
    meeting: Meeting,
    poll: Poll | None = None,
    now: datetime.datetime | None = None,
) -> Minutes:
    """Record that ``meeting`` (a later meeting of the same body, begun by now) approved the
    circulated minutes, by ``poll`` (closed, passed, held at that meeting) or, without one, on
    the chair's record. From then on the minutes never change."""
    now = now or timezone.now()
    with transaction.atomic():
        minutes = lock_minutes(minutes)
        if minutes.status != MinutesStatus.CIRCULATED:
            raise ValidationError(
                _("Circulate the minutes before they are approved."), code="not_circulated"
            )
        minuted = minutes.meeting
        if meeting.body_id != minuted.body_id or meeting.starts_at <= minuted.starts_at:
            raise ValidationError(
                {"meeting": _("Minutes are approved at a later meeting of the same body.")}
            )
        if meeting.starts_at > now:
            raise ValidationError(
                {"meeting": _("That meeting has not begun yet; approve the minutes there.")}
            )
        if poll is not None and (
            poll.agenda_item is None
            or poll.agenda_item.meeting_id != meeting.pk
            or poll.status != PollStatus.CLOSED
            or poll.outcome != Outcome.PASSED
        ):
            raise ValidationError(
                {"poll": _("Choose a poll of that meeting that is closed and passed.")}
            )
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = now
        minutes.approved_by = actor
        minutes.approved_at_meeting = meeting
        minutes.approval_poll = poll
        minutes.save(
            update_fields=[
                "status",
                "approved_at",
                "approved_by",
                "approved_at_meeting",
                "approval_poll",
            ]
        )
        record_audit(
            "governance.minutes.approve",
            actor=actor,
            obj=minutes,
            before={"status": MinutesStatus.CIRCULATED},
            after={
                "status": MinutesStatus.APPROVED,
                "meeting": meeting.pk,
                "poll": poll.pk if poll else None,
            },
        )
    return minutes
