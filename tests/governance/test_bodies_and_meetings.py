"""Bodies, seats, offices, meetings, notice, agenda, attendance and motions: the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.governance import queries
from alliance.governance.enums import AttendanceStatus, MeetingMode, MotionStatus
from alliance.governance.models import Attendance, Document, Motion, Seat
from alliance.governance.services.bodies import add_office, add_seat, end_seat
from alliance.governance.services.documents import attach_document
from alliance.governance.services.meetings import (
    add_agenda_item,
    create_meeting,
    record_attendance,
    send_notice,
)
from alliance.governance.services.motions import create_motion, set_motion_status
from tests.governance.conftest import SEATED_FROM, make_person

pytestmark = pytest.mark.django_db


def test_a_member_holds_one_board_seat_at_a_time(cast, board):
    tsinghua = board.members[0]
    person, _user = make_person(tsinghua, None, "New Head")
    with pytest.raises(ValidationError) as refused:
        add_seat(
            board.body,
            actor=cast.secretariat,
            institution=tsinghua,
            holder=person,
            start=datetime.date(2026, 6, 1),
        )
    assert "already holds a seat" in refused.value.message_dict["institution"][0]
    assert Seat.objects.filter(institution=tsinghua).count() == 1
    end_seat(board.seats[0], actor=cast.secretariat, end=datetime.date(2026, 5, 31))
    seat = add_seat(
        board.body,
        actor=cast.secretariat,
        institution=tsinghua,
        holder=person,
        start=datetime.date(2026, 6, 1),
    )
    # Who sat where: the old head on 31 May, the new one on 1 June.
    may = {s.institution_id: s.holder for s in queries.who_sat_where(datetime.date(2026, 5, 31))}
    june = {s.institution_id: s.holder for s in queries.who_sat_where(datetime.date(2026, 6, 1))}
    assert may[tsinghua.pk] == board.seats[0].holder
    assert june[tsinghua.pk] == person
    assert seat.pk in {s.pk for s in queries.seats_on(board.body, datetime.date(2026, 6, 1))}
    assert AuditEntry.objects.filter(action="governance.seat.add").count() == 4


def test_a_seat_refuses_every_problem_at_once(cast, board, boao):
    stranger, _user = make_person(boao, None, "Stranger")
    with pytest.raises(ValidationError) as refused:
        add_seat(
            board.body,
            actor=cast.secretariat,
            institution=board.members[0],
            holder=stranger,
            alternate=stranger,
            weight=0,
            start=datetime.date(2027, 1, 2),
            end=datetime.date(2027, 1, 1),
        )
    assert set(refused.value.message_dict) == {
        "end",
        "weight",
        "holder",
        "alternate",
        "institution",
    }


def test_one_holder_of_an_office_at_a_time(cast, board):
    head = board.seats[0].holder
    add_office(board.body, actor=cast.secretariat, kind="president", person=head, start=SEATED_FROM)
    with pytest.raises(ValidationError) as refused:
        add_office(
            board.body,
            actor=cast.secretariat,
            kind="president",
            person=board.seats[1].holder,
            start=datetime.date(2026, 3, 1),
        )
    assert "holds this office" in refused.value.message_dict["kind"][0]
    assert [o.person for o in queries.offices_on(board.body, datetime.date(2026, 3, 1))] == [head]


def test_a_late_notice_is_recorded_with_a_warning(cast, board):
    start = timezone.now() + datetime.timedelta(days=10)
    meeting = create_meeting(
        board.body,
        actor=cast.secretariat,
        title="Extra",
        mode=MeetingMode.ONLINE,
        starts_at=start,
        time_zone="Asia/Tokyo",
        link="https://meet.example.org/x",
    )
    assert meeting.notice_days == 15  # the configured default
    meeting, late = send_notice(meeting, actor=cast.secretariat)
    assert late is True
    entry = AuditEntry.objects.get(action="governance.meeting.notice")
    assert entry.after["late"] is True
    with pytest.raises(ValidationError, match="already sent"):
        send_notice(meeting, actor=cast.secretariat)


def test_a_notice_in_time_is_not_late(cast, board, settings):
    meeting, late = send_notice(board.meeting, actor=cast.secretariat)  # 30 days ahead
    assert late is False
    assert meeting.notice_sent_at is not None


def test_a_meeting_lists_every_problem(cast, board):
    with pytest.raises(ValidationError) as refused:
        create_meeting(
            board.body,
            actor=cast.secretariat,
            title="",
            mode=MeetingMode.HYBRID,
            starts_at=timezone.now(),
            time_zone="Mars/Olympus",
        )
    assert set(refused.value.message_dict) == {"title", "time_zone", "place", "link"}


def test_the_agenda_is_a_numbered_tree(cast, board):
    second = add_agenda_item(board.meeting, actor=cast.secretariat, title="Admissions")
    add_agenda_item(board.meeting, actor=cast.secretariat, title="Observer", parent=second)
    add_agenda_item(board.meeting, actor=cast.secretariat, title="Member", parent=second)
    lines = [(line.number, line.item.title, line.depth) for line in queries.agenda(board.meeting)]
    assert lines == [
        ("1", "Decisions", 0),
        ("2", "Admissions", 0),
        ("2.1", "Observer", 1),
        ("2.2", "Member", 1),
    ]


def test_attendance_names_the_proxy_and_refuses_strangers(cast, board, boao):
    proxy = board.seats[0].holder
    with pytest.raises(ValidationError) as refused:
        record_attendance(
            board.meeting,
            actor=cast.secretariat,
            entries={
                board.members[1]: (AttendanceStatus.PROXY, None),
                boao: (AttendanceStatus.PRESENT, None),
            },
        )
    assert len(refused.value.messages) == 2
    record_attendance(
        board.meeting,
        actor=cast.secretariat,
        entries={board.members[1]: (AttendanceStatus.PROXY, proxy)},
    )
    row = Attendance.objects.get(meeting=board.meeting, institution=board.members[1])
    assert (row.status, row.proxy) == ("proxy", proxy)


def test_documents_are_pdf_only(cast, board):
    with pytest.raises(ValidationError) as refused:
        attach_document(
            actor=cast.secretariat,
            title="Notes",
            agenda_item=board.item,
            upload=SimpleUploadedFile("n.pdf", b"<html>", "application/pdf"),
        )
    assert refused.value.message_dict == {
        "file": ["Only a PDF document is accepted; this file is not one."]
    }
    document = attach_document(
        actor=cast.secretariat,
        title="Notes",
        agenda_item=board.item,
        upload=SimpleUploadedFile("n.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    assert Document.objects.get().file.read() == b"%PDF-1.4 x"
    assert document.file.storage.__class__.__name__ == "FileSystemStorage"


def test_the_motion_workflow_allows_only_its_steps(cast, board):
    motion = create_motion(
        actor=cast.secretariat, title="Admit X", text="That X be admitted.", by_body=board.body
    )
    with pytest.raises(ValidationError) as refused:
        set_motion_status(
            motion, actor=cast.secretariat, status=MotionStatus.ON_AGENDA, agenda_item=board.item
        )
    assert refused.value.error_list[0].code == "transition"
    with pytest.raises(ValidationError) as refused:
        set_motion_status(motion, actor=cast.secretariat, status=MotionStatus.ADOPTED)
    assert refused.value.error_list[0].code == "by_poll_only"
    set_motion_status(motion, actor=cast.secretariat, status=MotionStatus.SUBMITTED)
    motion = set_motion_status(
        motion, actor=cast.secretariat, status=MotionStatus.ON_AGENDA, agenda_item=board.item
    )
    assert (motion.status, motion.agenda_item) == ("on_agenda", board.item)
    set_motion_status(motion, actor=cast.secretariat, status=MotionStatus.WITHDRAWN)
    with pytest.raises(ValidationError):
        set_motion_status(motion, actor=cast.secretariat, status=MotionStatus.SUBMITTED)
    assert Motion.objects.get().status == "withdrawn"
    assert AuditEntry.objects.filter(action="governance.motion.status").count() == 3


def test_a_motion_names_one_submitter_who_is_a_member(cast, board, boao):
    with pytest.raises(ValidationError) as refused:
        create_motion(
            actor=cast.secretariat, title="", text="", by_institution=boao, by_body=board.body
        )
    assert set(refused.value.message_dict) == {"title", "text", "by_institution"}
    with pytest.raises(ValidationError, match="not a member"):
        create_motion(actor=cast.secretariat, title="T", text="T", by_institution=boao)
    assert not Motion.objects.exists()
