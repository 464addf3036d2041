"""The governance pages: what each shows and what each form does."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.governance.enums import AttendanceStatus, BodyKind
from alliance.governance.models import Attendance, Meeting, Poll, Seat, VoterRecord
from alliance.governance.services.bodies import create_body
from alliance.governance.services.documents import attach_document
from alliance.governance.services.meetings import record_attendance
from alliance.governance.services.motions import create_motion
from alliance.governance.services.polls import open_poll
from tests.conftest import client_for
from tests.governance.conftest import make_person

pytestmark = pytest.mark.django_db

POLL = {
    "title": "Elect the President",
    "kind": "election",
    "secrecy": "secret",
    "options": "Ada\nBen",
    "seats": "1",
    "threshold": "absolute",
    "base": "cast",
    "quorum_share": "1/2",
    "quorum_basis": "present",
    "tie_rule": "fails",
}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_bodies_list_costs_the_same_for_one_body_or_several(cast, board):
    client = client_for(cast.secretariat)
    one = queries_for(client, "/governance/")
    for n in range(4):
        create_body(actor=None, kind=BodyKind.WORKING_GROUP, name=f"Working group {n}")
    assert queries_for(client, "/governance/") == one
    page = client.get("/governance/").content.decode()
    assert "Working group 3" in page
    assert "Board" in page


def test_the_motions_list_costs_the_same_for_one_motion_or_several(cast, board):
    client = client_for(cast.coordinator_nus)
    create_motion(actor=None, title="First", text="…", by_body=board.body)
    one = queries_for(client, "/governance/motions/")
    for n in range(4):
        create_motion(actor=None, title=f"Motion {n}", text="…", by_institution=board.members[0])
    assert queries_for(client, "/governance/motions/") == one


def test_the_body_page_shows_who_sat_there_on_a_past_day(cast, board):
    client = client_for(cast.coordinator_tsinghua)
    today = client.get(f"/governance/bodies/{board.body.pk}/").content.decode()
    assert "Head 0" in today
    assert "Alt Tsinghua" in today
    before = client.get(f"/governance/bodies/{board.body.pk}/?on=2025-12-31").content.decode()
    assert "No seat was held on that day." in before
    assert "Head 0" not in before


def test_the_secretariat_adds_a_seat_and_bad_input_saves_nothing(cast, board, tsinghua):
    client = client_for(cast.secretariat)
    body = create_body(actor=None, kind=BodyKind.EXECUTIVE_COMMITTEE, name="Executive Committee")
    person, _user = make_person(tsinghua, None, "Wang")
    url = f"/governance/bodies/{body.pk}/seats/new/"
    bad = client.post(
        url,
        {
            "institution": tsinghua.pk,
            "holder": person.pk,
            "weight": "1",
            "start": "2027-01-02",
            "end": "2027-01-01",
        },
    )
    assert bad.status_code == 200
    assert "The seat ends before it starts." in bad.content.decode()
    assert not Seat.objects.filter(body=body).exists()
    good = client.post(
        url, {"institution": tsinghua.pk, "holder": person.pk, "weight": "2", "start": "2027-01-01"}
    )
    assert good.status_code == 302
    assert Seat.objects.get(body=body).weight == 2


def test_a_meeting_starts_on_its_own_clock(cast, board):
    client = client_for(cast.secretariat)
    response = client.post(
        f"/governance/bodies/{board.body.pk}/meetings/new/",
        {
            "title": "Board meeting 2028",
            "mode": "in_person",
            "starts": "2028-11-15T14:00",
            "time_zone": "Asia/Seoul",
            "place": "Seoul National University",
            "notice_days": "15",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Board meeting 2028")
    assert meeting.starts_at == datetime.datetime(2028, 11, 15, 5, 0, tzinfo=datetime.UTC)
    page = client.get(f"/governance/meetings/{meeting.pk}/").content.decode()
    assert "(Asia/Seoul)" in page
    assert "The notice is due by" in page


def test_attendance_is_recorded_from_the_form(cast, board):
    client = client_for(cast.secretariat)
    proxy = board.seats[0].holder
    nus = board.members[1]
    response = client.post(
        f"/governance/meetings/{board.meeting.pk}/attendance/",
        {
            f"status_{nus.pk}": "proxy",
            f"proxy_{nus.pk}": proxy.pk,
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=board.meeting, institution=nus)
    assert (row.status, row.proxy) == (AttendanceStatus.PROXY, proxy)
    bad = client.post(
        f"/governance/meetings/{board.meeting.pk}/attendance/",
        {
            f"status_{nus.pk}": "proxy",
        },
    )
    assert "name the proxy" in bad.content.decode()


def test_a_document_is_served_to_readers_only(cast, board):
    document = attach_document(
        actor=None,
        title="Budget",
        agenda_item=board.item,
        upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 budget"),
    )
    response = client_for(cast.coordinator_nus).get(f"/governance/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 budget"
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(cast.student).get(f"/governance/documents/{document.pk}/").status_code == 403


def test_a_secret_election_from_preparation_to_result(cast, board):
    secretariat = client_for(cast.secretariat)
    response = secretariat.post(
        f"/governance/meetings/{board.meeting.pk}/polls/new/",
        {**POLL, "agenda_item": board.item.pk},
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    draft = secretariat.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "The rule and the electorate are frozen when the poll opens." in draft
    secretariat.post(f"/governance/polls/{poll.pk}/open/")
    poll.refresh_from_db()
    assert poll.status == "open"

    voter = client_for(board.holders[0])
    page = voter.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "Your ballot" in page
    assert "Quorum: at least half of the members entitled to vote must be present" in page
    assert "It needs more than half of the votes cast for and against" in page
    tsinghua = board.members[0].pk
    voter.post(f"/governance/polls/{poll.pk}/ballot/", {"institution": tsinghua, "choice": "Ada"})
    after = voter.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "Your receipt" in after
    assert "Your ballot" not in after  # nothing left to cast
    # The alternate tries to vote again for the same institution: refused, still one record.
    alternate = client_for(board.alternate)
    alternate.post(
        f"/governance/polls/{poll.pk}/ballot/", {"institution": tsinghua, "choice": "Ben"}
    )
    assert VoterRecord.objects.filter(poll=poll).count() == 1
    client_for(board.holders[1]).post(
        f"/governance/polls/{poll.pk}/ballot/",
        {"institution": board.members[1].pk, "choice": "Ada"},
    )
    secretariat.post(f"/governance/polls/{poll.pk}/close/")
    result = secretariat.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "Result: elected: “Ada”." in result
    assert "Decided" in result
    assert Poll.objects.get().fingerprint in result


def test_a_reader_with_no_ballot_is_told_so(cast, board):
    poll = Poll.objects.create(body=board.body, title="Q", agenda_item=board.item)
    open_poll(poll, actor=None)
    response = client_for(cast.coordinator_nus).post(
        f"/governance/polls/{poll.pk}/ballot/",
        {"institution": board.members[1].pk, "choice": "yes"},
        follow=True,
    )
    assert "You have no ballot to cast in this poll." in response.content.decode()
    assert not VoterRecord.objects.exists()


def test_a_late_notice_warns_on_the_page(cast, board):
    Meeting.objects.filter(pk=board.meeting.pk).update(notice_days=60)
    response = client_for(cast.secretariat).post(
        f"/governance/meetings/{board.meeting.pk}/notice/", follow=True
    )
    assert "it is late: it was due 60 days before the start" in response.content.decode()


def test_record_attendance_used_directly_updates_only_what_changed(cast, board):
    from alliance.core.models import AuditEntry

    before = AuditEntry.objects.filter(action="governance.attendance.record").count()
    record_attendance(
        board.meeting, actor=None, entries={board.members[0]: (AttendanceStatus.PRESENT, None)}
    )
    assert AuditEntry.objects.filter(action="governance.attendance.record").count() == before
