"""Minutes: drafted from the meeting's data, edited, regenerated without losing what was
written, circulated, approved at a later meeting of the same body, then never changed; the
pages and the PDF."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from alliance.core.models import AuditEntry
from alliance.governance.enums import AttendanceStatus, MeetingMode, MinutesStatus, PollKind
from alliance.governance.models import Minutes
from alliance.governance.services.bodies import add_office
from alliance.governance.services.meetings import (
    add_agenda_item,
    create_meeting,
    record_attendance,
)
from alliance.governance.services.minutes import (
    approve_minutes,
    circulate_minutes,
    draft_minutes,
    edit_minutes,
    regenerate_minutes,
)
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from tests.conftest import client_for
from tests.governance.conftest import make_person

pytestmark = pytest.mark.django_db


def voted_poll(board, actor, item=None, title="Adopt the budget?", choices=("yes", "yes", "no")):
    poll = create_poll(
        board.body,
        actor=actor,
        agenda_item=item or board.item,
        title=title,
        kind=PollKind.YES_NO,
        secrecy="named",
        threshold="simple",
        base="cast",
        quorum_basis="present",
        quorum_share="1/2",
        tie_rule="fails",
    )
    open_poll(poll, actor=actor)
    for holder, member, choice in zip(board.holders, board.members, choices, strict=True):
        if choice:
            cast_ballot(poll, actor=holder, institution=member, choice=choice)
    return close_poll(poll, actor=actor)


def next_meeting(board, actor, days_after=40):
    return create_meeting(
        board.body,
        actor=actor,
        title="Next Board meeting",
        mode=MeetingMode.IN_PERSON,
        place="Tokyo",
        starts_at=board.meeting.starts_at + datetime.timedelta(days=days_after),
        time_zone="UTC",
    )


def test_minutes_are_drafted_from_the_meetings_data(cast, board):
    secretariat = cast.secretariat
    chair, _user = make_person(board.members[1], None, "Chair Person")
    add_office(
        board.body, actor=secretariat, kind="chair", person=chair, start=board.seats[0].start
    )
    proxy, _u = make_person(board.members[2], None, "Proxy Tokyo")
    record_attendance(
        board.meeting,
        actor=secretariat,
        entries={
            board.members[2]: (AttendanceStatus.PROXY, proxy),
            board.members[1]: (AttendanceStatus.ABSENT, None),
        },
    )
    voted_poll(board, secretariat, choices=("yes", None, "no"))  # NUS is absent
    minutes = draft_minutes(board.meeting, actor=secretariat)

    assert minutes.status == MinutesStatus.DRAFT
    assert minutes.chair == "Chair Person"
    assert minutes.header["place"] == "Seoul"
    assert minutes.header["mode"] == "hybrid"
    assert [(r["institution"], r["status"], r["proxy"]) for r in minutes.header["attendance"]] == [
        ("National University of Singapore", "absent", ""),
        ("Tsinghua University", "present", ""),
        ("University of Tokyo", "proxy", "Proxy Tokyo"),
    ]
    [item] = minutes.items.all()
    assert (item.number, item.title) == ("1", "Decisions")
    [poll] = item.record["polls"]
    assert poll["outcome"] == "failed"  # a tie fails under this rule
    assert [(c["choice"], c["weight"]) for c in poll["counts"]] == [
        ("yes", 1),
        ("no", 1),
        ("abstain", 0),
    ]
    assert "Tie: yes and no have 1 each." in poll["explanation"]
    assert AuditEntry.objects.filter(action="governance.minutes.draft").count() == 1


def test_a_meeting_has_one_set_of_minutes(cast, board):
    draft_minutes(board.meeting, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="has minutes already"):
        draft_minutes(board.meeting, actor=cast.secretariat)


def test_regenerating_refreshes_the_data_and_keeps_every_text(cast, board):
    secretariat = cast.secretariat
    minutes = draft_minutes(board.meeting, actor=secretariat)
    [item] = minutes.items.all()
    edit_minutes(
        minutes,
        actor=secretariat,
        chair="Prof. Chair",
        closing="Closed at noon.",
        texts={item.pk: "The Board discussed the budget."},
    )
    add_agenda_item(board.meeting, actor=secretariat, title="Any other business")
    voted_poll(board, secretariat)

    kept = regenerate_minutes(minutes, actor=secretariat)

    minutes.refresh_from_db()
    items = list(minutes.items.all())
    assert kept == 0
    assert [(i.number, i.title, i.text) for i in items] == [
        ("1", "Decisions", "The Board discussed the budget."),
        ("2", "Any other business", ""),
    ]
    assert items[0].record["polls"][0]["outcome"] == "passed"
    assert (minutes.chair, minutes.closing) == ("Prof. Chair", "Closed at noon.")


def test_circulating_tells_the_members_and_happens_once(
    cast, board, django_capture_on_commit_callbacks
):
    minutes = draft_minutes(board.meeting, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="Circulate the minutes before"):
        approve_minutes(
            minutes, actor=cast.secretariat, meeting=next_meeting(board, cast.secretariat)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        minutes = circulate_minutes(minutes, actor=cast.secretariat)
    assert minutes.status == MinutesStatus.CIRCULATED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "alt@tsinghua.example.org",
            *[h.email for h in board.holders],
        ]
    )
    assert mail.outbox[0].subject == "Minutes for approval: Board meeting"
    with pytest.raises(ValidationError, match="Only draft minutes"):
        circulate_minutes(minutes, actor=cast.secretariat)


def test_approval_needs_a_later_begun_meeting_of_the_same_body(cast, board):
    secretariat = cast.secretariat
    minutes = circulate_minutes(draft_minutes(board.meeting, actor=secretariat), actor=secretariat)
    later = next_meeting(board, secretariat)
    earlier = next_meeting(board, secretariat, days_after=-5)
    before_it_begins = later.starts_at - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="later meeting of the same body"):
        approve_minutes(minutes, actor=secretariat, meeting=earlier, now=later.starts_at)
    with pytest.raises(ValidationError, match="not begun yet"):
        approve_minutes(minutes, actor=secretariat, meeting=later, now=before_it_begins)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED

    approve_minutes(minutes, actor=secretariat, meeting=later, now=later.starts_at)

    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at_meeting == later
    assert minutes.approval_poll is None


def test_approval_by_a_poll_of_that_meeting(cast, board):
    secretariat = cast.secretariat
    minutes = circulate_minutes(draft_minutes(board.meeting, actor=secretariat), actor=secretariat)
    later = next_meeting(board, secretariat)
    item = add_agenda_item(later, actor=secretariat, title="Minutes of the last meeting")
    record_attendance(
        later,
        actor=secretariat,
        entries=dict.fromkeys(board.members, (AttendanceStatus.PRESENT, None)),
    )
    other = voted_poll(board, secretariat, title="Something else")  # a poll of another meeting
    with pytest.raises(ValidationError, match="closed and passed"):
        approve_minutes(minutes, actor=secretariat, meeting=later, poll=other, now=later.starts_at)
    poll = voted_poll(board, secretariat, item=item, title="Approve the minutes?")
    approve_minutes(minutes, actor=secretariat, meeting=later, poll=poll, now=later.starts_at)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approval_poll) == (MinutesStatus.APPROVED, poll)


def test_approved_minutes_never_change(cast, board):
    secretariat = cast.secretariat
    minutes = circulate_minutes(draft_minutes(board.meeting, actor=secretariat), actor=secretariat)
    later = next_meeting(board, secretariat)
    approve_minutes(minutes, actor=secretariat, meeting=later, now=later.starts_at)
    [item] = minutes.items.all()
    with pytest.raises(ValidationError, match="can no longer change"):
        edit_minutes(minutes, actor=secretariat, chair="X", closing="", texts={item.pk: "Y"})
    with pytest.raises(ValidationError, match="can no longer change"):
        regenerate_minutes(minutes, actor=secretariat)
    item.refresh_from_db()
    assert item.text == ""
    response = client_for(secretariat).get(f"/governance/meetings/{board.meeting.pk}/minutes/edit/")
    assert response.status_code == 302


def test_draft_minutes_are_for_the_secretariat_until_circulated(cast, board):
    minutes = draft_minutes(board.meeting, actor=cast.secretariat)
    url = f"/governance/meetings/{board.meeting.pk}/minutes/"
    reader = client_for(cast.coordinator_nus)
    page = reader.get(url).content.decode()
    assert "you can read them once they are circulated" in page
    assert reader.get(url.replace("minutes/", "minutes.pdf")).status_code == 404
    circulate_minutes(minutes, actor=cast.secretariat)
    page = reader.get(url).content.decode()
    assert "Circulated for approval" in page
    assert "Tsinghua University" in page
    assert "Edit the minutes" not in page


def test_the_edit_page_saves_each_items_text(cast, board):
    minutes = draft_minutes(board.meeting, actor=cast.secretariat)
    [item] = minutes.items.all()
    client = client_for(cast.secretariat)
    url = f"/governance/meetings/{board.meeting.pk}/minutes/edit/"
    assert "1 Decisions" in client.get(url).content.decode()
    response = client.post(
        url, {"chair": "Ada", "closing": "", f"item_{item.pk}": "<b>Agreed</b> unanimously."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "<b>Agreed</b> unanimously."
    page = client.get(f"/governance/meetings/{board.meeting.pk}/minutes/").content.decode()
    assert "&lt;b&gt;Agreed&lt;/b&gt; unanimously." in page  # plain text, escaped


def test_the_pdf_has_the_minutes_and_page_numbers(cast, board):
    secretariat = cast.secretariat
    voted_poll(board, secretariat)
    minutes = draft_minutes(board.meeting, actor=secretariat)
    [item] = minutes.items.all()
    edit_minutes(minutes, actor=secretariat, chair="Ada", closing="", texts={item.pk: "Agreed."})
    response = client_for(secretariat).get(f"/governance/meetings/{board.meeting.pk}/minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Minutes: Board meeting" in text
    assert "Agreed." in text
    assert "Passed" in text
    assert f"1 / {len(reader.pages)}" in text


def test_the_regenerate_and_circulate_buttons(cast, board):
    client = client_for(cast.secretariat)
    base = f"/governance/meetings/{board.meeting.pk}/minutes/"
    assert client.post(base + "draft/").status_code == 302
    assert client.post(base + "regenerate/").status_code == 302
    assert client.post(base + "circulate/").status_code == 302
    minutes = Minutes.objects.get(meeting=board.meeting)
    assert minutes.status == MinutesStatus.CIRCULATED
    assert timezone.now() - minutes.circulated_at < datetime.timedelta(minutes=1)


def test_a_motion_on_the_agenda_is_in_the_minutes(cast, board):
    motion = create_motion(
        actor=cast.secretariat, title="Admit X", text="That X be admitted.", by_body=board.body
    )
    set_motion_status(motion, actor=cast.secretariat, status="submitted")
    set_motion_status(motion, actor=cast.secretariat, status="on_agenda", agenda_item=board.item)
    minutes = draft_minutes(board.meeting, actor=cast.secretariat)
    [item] = minutes.items.all()
    assert item.record["motions"] == [
        {"title": "Admit X", "text": "That X be admitted.", "status": "on_agenda"}
    ]


def test_circulated_minutes_are_a_task_for_the_secretariat_and_the_bodys_members(cast, board):
    from alliance.governance import register

    minutes = draft_minutes(board.meeting, actor=cast.secretariat)
    assert register.next_tasks(cast.secretariat) == []
    circulate_minutes(minutes, actor=cast.secretariat)
    label = "Minutes to approve: Board meeting"
    assert [t.label for t in register.next_tasks(cast.secretariat)] == [label]
    assert [t.label for t in register.next_tasks(board.alternate)] == [label]
    assert register.next_tasks(cast.coordinator_nus) == []  # sits on no body
    dashboard = client_for(cast.secretariat).get("/dashboard/").content.decode()
    assert label in dashboard
    later = next_meeting(board, cast.secretariat)
    approve_minutes(minutes, actor=cast.secretariat, meeting=later, now=later.starts_at)
    assert register.next_tasks(cast.secretariat) == []
