"""Meetings of a body: the meeting itself, its notice, its agenda tree and its attendance."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import AttendanceStatus, MeetingMode
from alliance.governance.models import AgendaItem, Attendance, Body, Meeting
from alliance.governance.queries import seats_on
from alliance.members.models import Institution, Person

MEETING_FIELDS = ("body", "title", "mode", "starts_at", "time_zone", "place", "link", "notice_days")


def _check_meeting(
    *, title: str, mode: str, time_zone: str, place: str, link: str, notice_days: int
) -> None:
    problems: dict[str, list[str]] = {}
    if not title.strip():
        problems.setdefault("title", []).append(_("Give the meeting a title."))
    try:
        zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.setdefault("time_zone", []).append(
            _("%(zone)s is not a time zone; write it like Asia/Seoul.") % {"zone": time_zone}
        )
    if mode in (MeetingMode.IN_PERSON, MeetingMode.HYBRID) and not place.strip():
        problems.setdefault("place", []).append(_("Say where the meeting takes place."))
    if mode in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not link.strip():
        problems.setdefault("link", []).append(_("Give the link to join online."))
    if notice_days < 0:
        problems.setdefault("notice_days", []).append(_("The notice period cannot be negative."))
    if problems:
        raise ValidationError(problems)


def create_meeting(
    body: Body,
    *,
    actor: User | None,
    title: str,
    mode: str,
    starts_at: datetime.datetime,
    time_zone: str,
    place: str = "",
    link: str = "",
    notice_days: int | None = None,
) -> Meeting:
    """Schedule a meeting of ``body``. ``starts_at`` is an aware time (stored in UTC);
    ``notice_days`` defaults to the configured notice period."""
    meeting = Meeting(body=body, title=title.strip(), mode=mode, starts_at=starts_at)
    notice = meeting.notice_days if notice_days is None else notice_days
    _check_meeting(
        title=title, mode=mode, time_zone=time_zone, place=place, link=link, notice_days=notice
    )
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the start with its time zone.")})
    with transaction.atomic():
        meeting.time_zone, meeting.place, meeting.link = time_zone, place.strip(), link.strip()
        meeting.notice_days = notice
        meeting.save()
        record_audit(
            "governance.meeting.create",
            actor=actor,
            obj=meeting,
            after=snapshot(meeting, MEETING_FIELDS),
        )
    return meeting


def send_notice(
    meeting: Meeting, *, actor: User | None, now: datetime.datetime | None = None
) -> tuple[Meeting, bool]:
    """Record that the notice of the meeting was sent now. Returns the meeting and whether the
    notice is late (sent fewer than ``notice_days`` days before the start); a late notice is
    still recorded, with the warning in the audit entry. Refuses a second notice and a notice
    for a meeting that has started."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.notice_sent_at is not None:
            raise ValidationError(
                _("The notice was already sent on %(when)s.")
                % {"when": meeting.notice_sent_at.date().isoformat()},
                code="notice_sent",
            )
        if now >= meeting.starts_at:
            raise ValidationError(_("The meeting has started; its notice can no longer be sent."))
        meeting.notice_sent_at, meeting.notice_sent_by = now, actor
        meeting.save(update_fields=["notice_sent_at", "notice_sent_by"])
        late = meeting.notice_late
        record_audit(
            "governance.meeting.notice",
            actor=actor,
            obj=meeting,
            after={
                "notice_sent_at": now.isoformat(),
                "notice_due": meeting.notice_due.isoformat(),
                "late": late,
            },
        )
    return meeting, late


def add_agenda_item(
    meeting: Meeting,
    *,
    actor: User | None,
    title: str,
    notes: str = "",
    parent: AgendaItem | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda (or under ``parent``, at the end of its items)."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the agenda item a title.")})
    if parent is not None and parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": _("That item belongs to another meeting.")})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        last = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(
            n=Max("position")
        )
        item = AgendaItem.objects.create(
            meeting=meeting,
            parent=parent,
            position=(last["n"] or 0) + 1,
            title=title,
            notes=notes.strip(),
        )
        record_audit(
            "governance.agenda_item.add",
            actor=actor,
            obj=item,
            after=snapshot(item, ["meeting", "parent", "position", "title", "notes"]),
        )
    return item


AttendanceEntry = tuple[str, Person | None]


def record_attendance(
    meeting: Meeting,
    *,
    actor: User | None,
    entries: Mapping[Institution, AttendanceEntry],
) -> list[Attendance]:
    """Record how each institution attends: ``{institution: (status, proxy or None)}``. A proxy
    is named exactly when the status is "represented by proxy". Only institutions with a seat
    on the body on the day of the meeting may be recorded. Every problem is listed; a refusal
    records nothing. Only the changed rows are audited."""
    seated = {s.institution_id for s in seats_on(meeting.body, meeting.starts_at.date())}
    problems: list[str] = []
    for institution, (status, proxy) in entries.items():
        if institution.pk not in seated:
            problems.append(
                _("%(inst)s has no seat on %(body)s on the day of the meeting.")
                % {"inst": institution, "body": meeting.body}
            )
        if status not in AttendanceStatus.values:
            problems.append(_("%(inst)s: unknown attendance.") % {"inst": institution})
        if status == AttendanceStatus.PROXY and proxy is None:
            problems.append(
                _("%(inst)s is represented by proxy: name the proxy.") % {"inst": institution}
            )
        if status != AttendanceStatus.PROXY and proxy is not None:
            problems.append(
                _("%(inst)s: a proxy is named only when the member is represented by proxy.")
                % {"inst": institution}
            )
    if problems:
        raise ValidationError(problems)
    rows: list[Attendance] = []
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        existing = {a.institution_id: a for a in Attendance.objects.filter(meeting=meeting)}
        for institution, (status, proxy) in entries.items():
            row = existing.get(institution.pk)
            before = snapshot(row, ["status", "proxy"]) if row else None
            if row is None:
                row = Attendance(meeting=meeting, institution=institution)
            row.status, row.proxy = status, proxy
            after = snapshot(row, ["status", "proxy"])
            if before != after:
                row.save()
                record_audit(
                    "governance.attendance.record",
                    actor=actor,
                    obj=meeting,
                    before=before,
                    after=after,
                    institution_id=institution.pk,
                )
            rows.append(row)
    return rows
