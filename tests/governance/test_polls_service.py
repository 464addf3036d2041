"""Polls: the rule and electorate frozen at opening, ballots by the right people only, one per
institution, secret ballots unlinked, and the count stored with its arithmetic."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.governance import tally
from alliance.governance.enums import (
    AttendanceStatus,
    MotionStatus,
    PollKind,
    PollStatus,
    Secrecy,
)
from alliance.governance.models import NamedBallot, SecretBallot, VoterRecord
from alliance.governance.services.bodies import end_seat
from alliance.governance.services.meetings import record_attendance
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll

pytestmark = pytest.mark.django_db


def yes_no(board, actor, **rule):
    fields = {
        "title": "Admit the observer?",
        "kind": PollKind.YES_NO,
        "secrecy": Secrecy.NAMED,
        "threshold": "simple",
        "base": "cast",
        "quorum_basis": "present",
        "quorum_share": "1/2",
        "tie_rule": "fails",
        **rule,
    }
    return create_poll(board.body, actor=actor, agenda_item=board.item, **fields)


def election(board, actor):
    return create_poll(
        board.body,
        actor=actor,
        agenda_item=board.item,
        title="Election of the President",
        kind=PollKind.ELECTION,
        secrecy=Secrecy.SECRET,
        threshold="absolute",
        base="cast",
        quorum_basis="present",
        quorum_share="2/3",
        tie_rule="fails",
        options=["Ada", "Ben"],
    )


def test_opening_freezes_the_rule_and_the_electorate(cast, board):
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    ids = sorted(str(m.pk) for m in board.members)
    assert poll.status == PollStatus.OPEN
    assert poll.frozen_rule["threshold"] == "simple"
    assert poll.frozen_rule["quorum"] == {"share": "1/2", "count": None, "strict": False}
    assert sorted(poll.frozen_electorate["weights"]) == ids
    assert poll.frozen_electorate["present"] == ids
    tsinghua = poll.frozen_electorate["casters"][str(board.members[0].pk)]
    assert tsinghua["holder"] == board.seats[0].holder_id
    assert tsinghua["alternate"] == board.seats[0].alternate_id
    entry = AuditEntry.objects.get(action="governance.poll.open")
    assert entry.after["rule"] == poll.frozen_rule


def test_later_changes_of_seats_and_attendance_do_not_reach_an_open_poll(cast, board):
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    frozen = dict(poll.frozen_electorate)
    end_seat(board.seats[2], actor=cast.secretariat, end=datetime.date(2026, 1, 2))
    record_attendance(
        board.meeting,
        actor=cast.secretariat,
        entries={board.members[1]: (AttendanceStatus.ABSENT, None)},
    )
    poll.refresh_from_db()
    assert poll.frozen_electorate == frozen
    # Tokyo's seat has ended, but it was in the electorate when the poll opened: it votes.
    cast_ballot(poll, actor=board.holders[2], institution=board.members[2], choice="yes")
    assert VoterRecord.objects.filter(poll=poll).count() == 1


def test_a_named_poll_is_counted_with_its_arithmetic_and_fingerprint(cast, board):
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    cast_ballot(poll, actor=board.holders[1], institution=board.members[1], choice="yes")
    cast_ballot(poll, actor=board.holders[2], institution=board.members[2], choice="no")
    poll = close_poll(poll, actor=cast.secretariat)
    assert poll.status == PollStatus.CLOSED
    assert poll.outcome == "passed"
    assert poll.explanation == [
        "Entitled: 3 members.",
        "Present: 3.",
        "Ballots returned: 3.",
        "Yes: 2.",
        "No: 1.",
        "Abstain: 0.",
        "Quorum: at least 2 (half of the 3 entitled, 1.5 rounded up); 3 present: reached.",
        "Simple majority: more yes than no: 2 > 1: met.",
        "Result: the motion passes.",
    ]
    # Anyone can count again from the published document and get the same fingerprint.
    import hashlib

    assert hashlib.sha256(poll.document.encode()).hexdigest() == poll.fingerprint
    assert len(poll.fingerprint) == 64
    close = AuditEntry.objects.get(action="governance.poll.close")
    assert close.after == {
        "status": "closed",
        "outcome": "passed",
        "fingerprint": poll.fingerprint,
        "ballots": 3,
    }


def test_closing_decides_the_motion(cast, board):
    motion = create_motion(
        actor=cast.secretariat, title="Admit X", text="…", by_institution=board.members[0]
    )
    set_motion_status(motion, actor=cast.secretariat, status=MotionStatus.SUBMITTED)
    set_motion_status(
        motion, actor=cast.secretariat, status=MotionStatus.ON_AGENDA, agenda_item=board.item
    )
    poll = create_poll(
        board.body,
        actor=cast.secretariat,
        motion=motion,
        title="Admit X?",
        kind=PollKind.YES_NO,
        secrecy=Secrecy.NAMED,
        threshold="two_thirds",
        base="cast",
        quorum_basis="present",
        tie_rule="fails",
    )
    assert poll.agenda_item == board.item
    poll = open_poll(poll, actor=cast.secretariat)
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    cast_ballot(poll, actor=board.holders[1], institution=board.members[1], choice="no")
    close_poll(poll, actor=cast.secretariat)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.REJECTED  # 1 of 2 is short of two-thirds


def test_a_secret_ballot_keeps_no_link_to_its_voter(cast, board):
    poll = open_poll(election(board, cast.secretariat), actor=cast.secretariat)
    receipt = cast_ballot(poll, actor=board.alternate, institution=board.members[0], choice="Ada")
    assert len(receipt) == 14
    record = VoterRecord.objects.get(poll=poll)
    assert (record.institution, record.cast_as) == (board.members[0], "alternate")
    secret = SecretBallot.objects.get(poll=poll)
    assert (secret.receipt, secret.choice, secret.weight) == (receipt, "Ada", 1)
    field_names = {f.name for f in SecretBallot._meta.get_fields()}
    assert field_names == {"id", "poll", "receipt", "choice", "weight"}
    assert not NamedBallot.objects.filter(poll=poll).exists()
    entry = AuditEntry.objects.get(action="governance.ballot.cast")
    assert entry.after == {"cast_as": "alternate"}  # that it voted, never how
    assert entry.institution_id == board.members[0].pk
    assert "Ada" not in str(entry.before) + str(entry.after) + entry.object_repr


def test_the_secret_election_is_counted_by_receipt(cast, board):
    poll = open_poll(election(board, cast.secretariat), actor=cast.secretariat)
    receipts = [
        cast_ballot(poll, actor=board.holders[n], institution=board.members[n], choice=c)
        for n, c in enumerate(["Ada", "Ada", "Ben"])
    ]
    poll = close_poll(poll, actor=cast.secretariat)
    assert poll.outcome == "decided"
    assert poll.result["winners"] == ["Ada"]
    assert poll.explanation[-1] == "Result: elected: “Ada”."
    for receipt in receipts:
        assert f'"receipt":"{receipt}"' in poll.document
    assert '"voter":null' in poll.document
    for inst in board.members:
        assert f'"{inst.pk}":1' in poll.document  # the electorate is published, not the votes


@pytest.mark.parametrize(
    ("who", "institution", "choice", "code"),
    [
        ("holder1", 0, "yes", "not_a_caster"),  # NUS's head for Tsinghua
        ("outsider", 0, "yes", "not_a_caster"),
        ("holder0", 0, "maybe", "unknown_choice"),
        ("holder0", "boao", "yes", "not_in_electorate"),
    ],
)
def test_bad_ballots_are_refused_with_nothing_saved(
    cast, board, boao, who, institution, choice, code
):
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    actor = cast.outsider if who == "outsider" else board.holders[int(who[-1])]
    inst = boao if institution == "boao" else board.members[institution]
    with pytest.raises(ValidationError) as refused:
        cast_ballot(poll, actor=actor, institution=inst, choice=choice)
    assert refused.value.error_list[0].code == code
    assert not VoterRecord.objects.exists()
    assert not NamedBallot.objects.exists()
    assert not AuditEntry.objects.filter(action="governance.ballot.cast").exists()


def test_a_second_ballot_of_the_same_institution_is_refused(cast, board):
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    with pytest.raises(ValidationError) as refused:
        cast_ballot(poll, actor=board.alternate, institution=board.members[0], choice="no")
    assert refused.value.error_list[0].code == "already_voted"
    assert list(NamedBallot.objects.values_list("choice", flat=True)) == ["yes"]


def test_no_ballot_before_opening_or_after_closing(cast, board):
    poll = yes_no(board, cast.secretariat)
    with pytest.raises(ValidationError, match="not open"):
        cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    poll = open_poll(poll, actor=cast.secretariat)
    close_poll(poll, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="not open"):
        cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    assert not VoterRecord.objects.exists()


def test_an_absent_member_cannot_vote_and_a_proxy_can(cast, board):
    proxy_person = board.seats[0].holder  # Tsinghua's head carries NUS's proxy
    record_attendance(
        board.meeting,
        actor=cast.secretariat,
        entries={
            board.members[1]: (AttendanceStatus.PROXY, proxy_person),
            board.members[2]: (AttendanceStatus.ABSENT, None),
        },
    )
    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    assert poll.frozen_electorate["present"] == sorted(
        [str(board.members[0].pk), str(board.members[1].pk)]
    )
    cast_ballot(poll, actor=board.holders[0], institution=board.members[1], choice="no")
    assert VoterRecord.objects.get(institution=board.members[1]).cast_as == "proxy"
    with pytest.raises(ValidationError) as refused:
        cast_ballot(poll, actor=board.holders[2], institution=board.members[2], choice="yes")
    assert refused.value.error_list[0].code == "not_present"


def test_a_rule_counting_those_present_needs_the_attendance(cast, tsinghua, nus):
    from tests.governance.conftest import build_board

    board = build_board(cast.secretariat, tsinghua, nus, attendance=False)
    poll = yes_no(board, cast.secretariat)
    with pytest.raises(ValidationError) as refused:
        open_poll(poll, actor=cast.secretariat)
    assert refused.value.error_list[0].code == "attendance_needed"
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT
    assert poll.frozen_electorate is None


def test_a_rule_the_tally_cannot_apply_is_refused_when_made(cast, board):
    with pytest.raises(ValidationError) as refused:
        yes_no(board, cast.secretariat, kind=PollKind.CHOICE, threshold="consensus", options=["A"])
    assert "cannot be applied" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        yes_no(board, cast.secretariat, quorum_share="half")
    assert refused.value.message_dict == {
        "quorum_share": ["Write the quorum as a fraction such as 1/2 or 2/3."]
    }


def test_a_consent_poll_closes_after_its_objection_period(cast, board):
    poll = yes_no(
        board, cast.secretariat, kind=PollKind.CONSENT, threshold="consensus", objection_days=7
    )
    now = timezone.now()
    poll = open_poll(poll, actor=cast.secretariat, now=now)
    assert poll.objections_until == now + datetime.timedelta(days=7)
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="consent")
    with pytest.raises(ValidationError) as refused:
        close_poll(poll, actor=cast.secretariat, now=now + datetime.timedelta(days=1))
    assert refused.value.error_list[0].code == "objection_period"
    late = now + datetime.timedelta(days=8)
    with pytest.raises(ValidationError, match="objection period has ended"):
        cast_ballot(
            poll, actor=board.holders[1], institution=board.members[1], choice="object", now=late
        )
    poll = close_poll(poll, actor=cast.secretariat, now=late)
    assert poll.outcome == tally.Outcome.PASSED.value


def test_an_open_poll_is_on_the_page_of_whoever_may_still_cast_a_ballot(cast, board):
    from alliance.governance.queries import next_tasks

    poll = open_poll(yes_no(board, cast.secretariat), actor=cast.secretariat)
    expected = [("Cast your ballot: Admit the observer?", f"/governance/polls/{poll.pk}/")]
    assert [(t.label, t.url) for t in next_tasks(board.holders[0])] == expected
    assert [(t.label, t.url) for t in next_tasks(board.alternate)] == expected
    cast_ballot(poll, actor=board.alternate, institution=board.members[0], choice="yes")
    assert next_tasks(board.holders[0]) == []  # Tsinghua has voted, through its alternate
    assert len(next_tasks(board.holders[1])) == 1
    assert next_tasks(cast.outsider) == []
