"""Written resolutions: a motion put to a body's members between meetings, voted through
personal links (no login) by the same cast service as meeting polls, closed and counted after
the deadline (by the scheduled task or the first visit), with one reminder before it."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.governance import register
from alliance.governance.enums import MotionStatus, PollStatus
from alliance.governance.models import Decision, Poll, VoterRecord, VotingLink, WrittenResolution
from alliance.governance.services.documents import attach_document
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import cast_ballot
from alliance.governance.services.written import (
    close_due_resolutions,
    open_written_resolution,
    send_reminders,
    vote_by_link,
)
from alliance.governance.tasks import close_written_resolutions_task, remind_written_voters_task
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/governance/vote/([^/\s]+)/")


def submitted_motion(board, actor, title="Admit the University of Dhaka"):
    motion = create_motion(
        actor=actor, title=title, text="That it be admitted.", by_body=board.body
    )
    return set_motion_status(motion, actor=actor, status=MotionStatus.SUBMITTED)


def open_one(board, actor, capture, *, days=7, secrecy="named", motion=None):
    with capture(execute=True):
        return open_written_resolution(
            board.body,
            actor=actor,
            motion=motion or submitted_motion(board, actor),
            deadline=timezone.now() + datetime.timedelta(days=days),
            secrecy=secrecy,
            threshold="simple",
            base="cast",
            quorum_share="1/2",
            tie_rule="fails",
        )


def secrets_by_email():
    return {m.to[0]: LINK.search(m.body).group(1) for m in mail.outbox}


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_opening_freezes_the_poll_and_mails_each_voter_a_personal_link(cast, board, capture):
    mail.outbox.clear()
    resolution = open_one(board, cast.secretariat, capture)
    poll = resolution.poll
    assert poll.status == PollStatus.OPEN
    assert poll.agenda_item is None
    assert poll.quorum_basis == "entitled"
    assert poll.frozen_electorate["present"] is None
    assert poll.motion.status == MotionStatus.ON_AGENDA
    assert poll.motion.agenda_item is None
    links = VotingLink.objects.filter(resolution=resolution)
    assert sorted((link.person.full_name, link.cast_as) for link in links) == [
        ("Alt Tsinghua", "alternate"),
        ("Head 0", "holder"),
        ("Head 1", "holder"),
        ("Head 2", "holder"),
    ]
    assert len(mail.outbox) == 4
    assert mail.outbox[0].subject == "Your vote is asked: Admit the University of Dhaka"
    secret = LINK.search(mail.outbox[0].body).group(1)
    assert secret not in {link.secret_hash for link in links}  # only the hash is stored
    assert AuditEntry.objects.filter(action="governance.written.open").count() == 1


def test_a_bad_deadline_or_motion_saves_nothing(cast, board, capture):
    motion = submitted_motion(board, cast.secretariat)
    with pytest.raises(ValidationError, match="deadline in the future"):
        open_written_resolution(
            board.body,
            actor=cast.secretariat,
            motion=motion,
            deadline=timezone.now() - datetime.timedelta(minutes=1),
            secrecy="named",
            threshold="simple",
            base="cast",
            tie_rule="fails",
        )
    draft = create_motion(actor=cast.secretariat, title="Draft", text="…", by_body=board.body)
    with pytest.raises(ValidationError, match="Only a submitted motion"):
        open_written_resolution(
            board.body,
            actor=cast.secretariat,
            motion=draft,
            deadline=timezone.now() + datetime.timedelta(days=3),
            secrecy="named",
            threshold="simple",
            base="present",
            tie_rule="fails",
        )
    with pytest.raises(ValidationError):
        open_written_resolution(  # the base counts those present: no meeting, no presence
            board.body,
            actor=cast.secretariat,
            motion=motion,
            deadline=timezone.now() + datetime.timedelta(days=3),
            secrecy="named",
            threshold="simple",
            base="present",
            tie_rule="fails",
        )
    motion.refresh_from_db()
    assert motion.status == MotionStatus.SUBMITTED
    assert Poll.objects.count() == 0
    assert WrittenResolution.objects.count() == 0


def test_a_voter_casts_the_institutions_ballot_through_the_link(cast, board, capture):
    mail.outbox.clear()
    resolution = open_one(board, cast.secretariat, capture)
    secrets = secrets_by_email()
    anonymous = Client()
    url = f"/governance/vote/{secrets[board.holders[0].email]}/"
    page = anonymous.get(url).content.decode()
    assert "That it be admitted." in page
    assert "You, Head 0, may cast the ballot of Tsinghua University." in page
    assert "Deadline:" in page

    response = anonymous.post(url, {"choice": "yes"})

    assert response.status_code == 302
    record = VoterRecord.objects.get(poll=resolution.poll)
    assert (record.institution, record.cast_as, record.cast_by) == (
        board.members[0],
        "holder",
        board.holders[0],
    )
    page = anonymous.get(url).content.decode()
    assert "The ballot of Tsinghua University was cast on" in page
    assert "Cast the ballot" not in page
    # Tsinghua's alternate finds the ballot cast: one per institution.
    alternate_page = anonymous.get(f"/governance/vote/{secrets['alt@tsinghua.example.org']}/")
    assert "A ballot cannot be cast twice." in alternate_page.content.decode()
    link = VotingLink.objects.get(person__full_name="Alt Tsinghua")
    with pytest.raises(ValidationError, match="already voted"):
        vote_by_link(link, choice="no")
    assert VoterRecord.objects.filter(poll=resolution.poll).count() == 1


def test_a_secret_ballot_by_link_shows_its_receipt_once(cast, board, capture):
    mail.outbox.clear()
    open_one(board, cast.secretariat, capture, secrecy="secret")
    client = Client()
    url = f"/governance/vote/{secrets_by_email()[board.holders[1].email]}/"
    response = client.post(url, {"choice": "no"}, follow=True)
    page = response.content.decode()
    assert "Keep this code:" in page
    assert "Keep this code:" not in client.get(url).content.decode()


def test_the_deadline_stops_ballots_and_the_first_visit_counts_the_poll(cast, board, capture):
    mail.outbox.clear()
    resolution = open_one(board, cast.secretariat, capture)
    secrets = secrets_by_email()
    for n in (0, 1):
        link = VotingLink.objects.get(person__user=board.holders[n])
        vote_by_link(link, choice="yes")
    late = resolution.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError, match="deadline for this written resolution has passed"):
        cast_ballot(
            resolution.poll,
            actor=board.holders[2],
            institution=board.members[2],
            choice="no",
            now=late,
        )
    WrittenResolution.objects.filter(pk=resolution.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = Client().get(f"/governance/vote/{secrets[board.holders[2].email]}/").content.decode()
    assert "The vote is closed and counted." in page
    assert "Passed: Yes 2, No 0, Abstain 0" in page
    assert "The deadline passed before University of Tokyo voted." in page
    poll = Poll.objects.get(pk=resolution.poll_id)
    assert (poll.status, poll.outcome) == (PollStatus.CLOSED, "passed")
    assert poll.motion.status == MotionStatus.ADOPTED
    entry = Decision.objects.get(poll=poll)
    assert (entry.written, entry.meeting, register.taken_at(entry)) == (
        True,
        None,
        "Written resolution",
    )


def test_the_scheduled_task_closes_what_is_due_once(cast, board, capture):
    due = open_one(board, cast.secretariat, capture)
    later = open_one(
        board,
        cast.secretariat,
        capture,
        days=10,
        motion=submitted_motion(board, cast.secretariat, title="Another"),
    )
    WrittenResolution.objects.filter(pk=due.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert close_written_resolutions_task.delay().get() == 1
    assert close_due_resolutions() == 0
    assert Poll.objects.get(pk=due.poll_id).status == PollStatus.CLOSED
    assert Poll.objects.get(pk=later.poll_id).status == PollStatus.OPEN


def test_reminders_go_once_to_those_who_have_not_voted(cast, board, capture):
    resolution = open_one(board, cast.secretariat, capture, days=5)
    old_secrets = secrets_by_email()
    vote_by_link(VotingLink.objects.get(person__user=board.holders[1]), choice="yes")  # NUS
    early = resolution.deadline - datetime.timedelta(days=3)
    assert send_reminders(now=early) == 0  # more than two days before the deadline
    mail.outbox.clear()
    with capture(execute=True):
        assert remind_written_voters_task.delay().get() == 0  # today is 5 days before
        sent = send_reminders(now=resolution.deadline - datetime.timedelta(days=1))
    assert sent == 3  # Tsinghua's holder and alternate, Tokyo's holder; NUS has voted
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [board.holders[0].email, "alt@tsinghua.example.org", board.holders[2].email]
    )
    assert mail.outbox[0].subject.startswith("Reminder: your vote is asked")
    with capture(execute=True):
        assert send_reminders(now=resolution.deadline - datetime.timedelta(hours=20)) == 0
    assert VotingLink.objects.filter(reminded_at__isnull=False).count() == 3
    # The reminder's link replaces the first one.
    tokyo = board.holders[2].email
    new_secret = LINK.search(next(m.body for m in mail.outbox if m.to[0] == tokyo)).group(1)
    gone = Client().get(f"/governance/vote/{old_secrets[tokyo]}/")
    assert gone.status_code == 404
    assert "replaced by the link in a newer e-mail" in gone.content.decode()
    assert Client().get(f"/governance/vote/{new_secret}/").status_code == 200


def test_an_unknown_link_gets_a_clear_page(db):
    response = Client().get("/governance/vote/not-a-real-link/")
    assert response.status_code == 404
    assert "This voting link is not valid" in response.content.decode()


def test_the_motions_documents_are_open_to_the_link_holder_only(cast, board, capture):
    mail.outbox.clear()
    motion = submitted_motion(board, cast.secretariat)
    document = attach_document(
        actor=cast.secretariat,
        title="Application file",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 the file", "application/pdf"),
        motion=motion,
    )
    open_one(board, cast.secretariat, capture, motion=motion)
    secret = secrets_by_email()[board.holders[0].email]
    page = Client().get(f"/governance/vote/{secret}/").content.decode()
    assert "Application file" in page
    response = Client().get(f"/governance/vote/{secret}/documents/{document.pk}/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the file"
    assert Client().get(f"/governance/vote/wrong/documents/{document.pk}/").status_code == 404


def test_the_pages_list_and_open_written_resolutions(cast, board, capture):
    motion = submitted_motion(board, cast.secretariat)
    client = client_for(cast.secretariat)
    with capture(execute=True):
        response = client.post(
            "/governance/written/new/",
            {
                "body": board.body.pk,
                "motion": motion.pk,
                "deadline": (timezone.now() + datetime.timedelta(days=9)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "time_zone": "Asia/Shanghai",
                "secrecy": "named",
                "threshold": "simple",
                "base": "cast",
                "quorum_share": "1/2",
                "tie_rule": "fails",
            },
        )
    resolution = WrittenResolution.objects.get()
    assert response["Location"] == f"/governance/written/{resolution.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Personal links sent" in detail
    assert "Alt Tsinghua" in detail
    reader = client_for(cast.coordinator_nus)
    listing = reader.get("/governance/written/").content.decode()
    assert "Admit the University of Dhaka" in listing
    assert "Personal links sent" not in reader.get(response["Location"]).content.decode()


def test_the_dashboard_tasks(cast, board, capture):
    mail.outbox.clear()
    open_one(board, cast.secretariat, capture)
    labels = [t.label for t in register.next_tasks(board.holders[2])]
    assert labels == ["Written resolution awaiting your vote: Admit the University of Dhaka"]
    vote_by_link(VotingLink.objects.get(person__user=board.holders[2]), choice="no")
    assert register.next_tasks(board.holders[2]) == []
    assert register.next_tasks(cast.student) == []


def test_the_list_costs_the_same_for_one_resolution_or_several(cast, board, capture):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_one(board, cast.secretariat, capture)
    client = client_for(cast.coordinator_tsinghua)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/governance/written/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for n in range(3):
        motion = submitted_motion(board, cast.secretariat, title=f"Motion {n}")
        open_one(board, cast.secretariat, capture, motion=motion)
    assert count() == one
