"""The decision register: every closed poll becomes an entry numbered per body and year, with
its result and arithmetic; searchable, exported as CSV, read through the API. And the chair's
casting vote, which breaks a tie and updates the entry."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.governance.enums import BodyKind, MotionStatus, Outcome
from alliance.governance.models import CastingVote, Decision, Poll
from alliance.governance.services.bodies import add_seat, create_body
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from alliance.governance.services.ties import break_tie
from tests.conftest import client_for
from tests.governance.conftest import SEATED_FROM
from tests.test_api import bearer

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def decide(
    board,
    actor,
    choices,
    *,
    on,
    title="Adopt the budget?",
    tie_rule="fails",
    motion=None,
    quorum_basis="present",
):
    """A yes/no poll at the board's meeting, voted by the three holders, closed on ``on``."""
    poll = create_poll(
        board.body,
        actor=actor,
        agenda_item=board.item,
        motion=motion,
        title=title,
        kind="yes_no",
        secrecy="named",
        threshold="simple",
        base="cast",
        quorum_basis=quorum_basis,
        quorum_share="1/2",
        tie_rule=tie_rule,
    )
    open_poll(poll, actor=actor)
    for holder, member, choice in zip(board.holders, board.members, choices, strict=True):
        if choice:
            cast_ballot(poll, actor=holder, institution=member, choice=choice)
    return close_poll(poll, actor=actor, now=on)


def on(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=UTC)


def test_each_closed_poll_is_numbered_per_body_and_year(cast, board):
    s = cast.secretariat
    decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1), title="First")
    decide(board, s, ("no", "no", "yes"), on=on(2027, 5, 1), title="Second")
    decide(
        board, s, ("yes", None, None), on=on(2028, 1, 10), title="Third", quorum_basis="entitled"
    )
    other = create_body(actor=s, kind=BodyKind.EXECUTIVE_COMMITTEE, name="Executive Committee")
    add_seat(
        other,
        actor=s,
        institution=board.members[0],
        holder=board.seats[0].holder,
        start=SEATED_FROM,
    )
    poll = create_poll(
        other,
        actor=s,
        title="Elsewhere",
        kind="yes_no",
        secrecy="named",
        threshold="simple",
        base="cast",
        quorum_basis="entitled",
        tie_rule="fails",
    )
    open_poll(poll, actor=s)
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    close_poll(poll, actor=s, now=on(2027, 6, 1))

    rows = [
        (d.reference, d.title, d.result, d.decided_on.isoformat())
        for d in Decision.objects.order_by("body__name", "year", "number")
    ]
    assert rows == [
        ("Board 2027/1", "First", "adopted", "2027-03-01"),
        ("Board 2027/2", "Second", "rejected", "2027-05-01"),
        ("Board 2028/1", "Third", "undecided", "2028-01-10"),  # one ballot of three: no quorum
        ("Executive Committee 2027/1", "Elsewhere", "adopted", "2027-06-01"),
    ]
    first = Decision.objects.get(title="First")
    assert first.meeting == board.meeting
    assert first.written is False
    assert [(c["choice"], c["weight"]) for c in first.counts] == [
        ("yes", 2),
        ("no", 1),
        ("abstain", 0),
    ]
    assert "Result: the motion passes." in first.explanation


def test_an_entry_names_its_motion_and_text(cast, board):
    s = cast.secretariat
    motion = create_motion(actor=s, title="Admit X", text="That X be admitted.", by_body=board.body)
    set_motion_status(motion, actor=s, status="submitted")
    set_motion_status(motion, actor=s, status="on_agenda", agenda_item=board.item)
    decide(board, s, ("yes", "yes", "yes"), on=on(2027, 3, 1), title="Vote", motion=motion)
    entry = Decision.objects.get()
    assert (entry.title, entry.text, entry.motion) == ("Admit X", "That X be admitted.", motion)


def search(client, **params):
    response = client.get("/governance/decisions/", params)
    assert response.status_code == 200
    return [d.title for d, _line, _where in response.context["rows"]]


def test_the_register_searches_words_body_year_and_result(cast, board):
    s = cast.secretariat
    decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1), title="Adopt the budget")
    decide(board, s, ("no", "no", "yes"), on=on(2027, 5, 1), title="Admit the observer")
    decide(board, s, ("yes", "yes", "yes"), on=on(2028, 2, 1), title="Budget for 2028")
    client = client_for(cast.coordinator_tsinghua)
    assert search(client) == ["Budget for 2028", "Admit the observer", "Adopt the budget"]
    assert search(client, q="BUDGET") == ["Budget for 2028", "Adopt the budget"]
    assert search(client, q="budget 2028") == ["Budget for 2028"]
    assert search(client, year="2027") == ["Admit the observer", "Adopt the budget"]
    assert search(client, result="rejected") == ["Admit the observer"]
    assert search(client, body=str(board.body.pk), result="adopted", year="2027") == [
        "Adopt the budget"
    ]
    page = client.get("/governance/decisions/").content.decode()
    assert "Board 2027/2" in page
    assert "Failed: Yes 1, No 2, Abstain 0" in page


def test_the_register_page_costs_the_same_for_one_entry_or_several(cast, board):
    s = cast.secretariat
    decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1))
    client = client_for(cast.secretariat)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/governance/decisions/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for n in range(3):
        decide(board, s, ("yes", "no", "no"), on=on(2027, 4, n + 1), title=f"Poll {n}")
    assert count() == one


def test_the_csv_export_follows_the_search(cast, board):
    s = cast.secretariat
    decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1), title="=HYPERLINK(1)")
    decide(board, s, ("no", "no", "yes"), on=on(2027, 5, 1), title="Admit the observer")
    response = client_for(cast.coordinator_nus).get("/governance/decisions.csv", {"year": "2027"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Number", "Date", "Body", "Taken at"]
    assert [(r[0], r[4], r[6], r[7]) for r in rows[1:]] == [
        ("Board 2027/2", "Admit the observer", "Rejected", "Failed: Yes 1, No 2, Abstain 0"),
        ("Board 2027/1", "'=HYPERLINK(1)", "Adopted", "Passed: Yes 2, No 1, Abstain 0"),
    ]
    assert rows[1][3] == "Board meeting"
    assert "Result: the motion fails." in rows[1][8]


def test_the_api_lists_and_filters_the_register(cast, board):
    s = cast.secretariat
    decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1), title="Adopt the budget")
    decide(board, s, ("no", "no", "yes"), on=on(2028, 5, 1), title="Admit the observer")
    headers = bearer(cast.coordinator_tsinghua, TokenScope.GOVERNANCE_READ)
    response = Client().get("/api/v1/governance/decisions", {"year": 2027}, headers=headers)
    assert response.status_code == 200
    [entry] = response.json()["items"]
    assert entry["reference"] == "Board 2027/1"
    assert entry["result"] == "adopted"
    assert entry["result_line"] == "Passed: Yes 2, No 1, Abstain 0"
    assert entry["meeting"] == board.meeting.pk
    assert entry["written"] is False
    assert "Result: the motion passes." in entry["explanation"]
    found = Client().get("/api/v1/governance/decisions", {"q": "observer"}, headers=headers)
    assert [e["title"] for e in found.json()["items"]] == ["Admit the observer"]
    student = bearer(cast.student, TokenScope.GOVERNANCE_READ)
    assert Client().get("/api/v1/governance/decisions", headers=student).status_code == 403
    assert Client().get("/api/v1/governance/decisions").status_code == 401


# --- the chair's casting vote ---------------------------------------------------------------


def tied(board, s):
    motion = create_motion(actor=s, title="Admit X", text="That X be admitted.", by_body=board.body)
    set_motion_status(motion, actor=s, status="submitted")
    set_motion_status(motion, actor=s, status="on_agenda", agenda_item=board.item)
    poll = decide(
        board, s, ("yes", "no", None), on=on(2027, 3, 1), tie_rule="casting_vote", motion=motion
    )
    return poll, motion


def test_a_tie_awaits_the_chair_and_the_casting_vote_decides(cast, board):
    s = cast.secretariat
    poll, motion = tied(board, s)
    motion.refresh_from_db()
    entry = Decision.objects.get(poll=poll)
    assert poll.outcome == Outcome.TIE
    assert motion.status == MotionStatus.ON_AGENDA  # waits for the chair
    assert (entry.reference, entry.result) == ("Board 2027/1", "undecided")

    break_tie(poll, actor=s, choice="yes")

    poll.refresh_from_db()
    motion.refresh_from_db()
    entry.refresh_from_db()
    assert poll.outcome == Outcome.PASSED
    assert motion.status == MotionStatus.ADOPTED
    assert (entry.reference, entry.result) == ("Board 2027/1", "adopted")
    assert "Decided by the chair's casting vote: yes." in poll.explanation
    assert poll.result["tie_break"] == ["yes"]
    assert CastingVote.objects.get(poll=poll).choice == "yes"


def test_the_casting_vote_is_refused_when_there_is_no_tie_or_a_wrong_choice(cast, board):
    s = cast.secretariat
    plain = decide(board, s, ("yes", "yes", "no"), on=on(2027, 3, 1), tie_rule="casting_vote")
    with pytest.raises(ValidationError, match="not waiting for the chair"):
        break_tie(plain, actor=s, choice="yes")
    poll, _motion = tied(board, s)
    with pytest.raises(ValidationError, match="one of the tied choices"):
        break_tie(poll, actor=s, choice="abstain")
    break_tie(poll, actor=s, choice="no")
    with pytest.raises(ValidationError, match="not waiting for the chair"):
        break_tie(poll, actor=s, choice="yes")
    assert Poll.objects.get(pk=poll.pk).outcome == Outcome.FAILED


def test_the_poll_page_offers_the_casting_vote_to_the_secretariat(cast, board):
    s = cast.secretariat
    poll, motion = tied(board, s)
    client = client_for(s)
    page = client.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "Record the casting vote" in page
    reader_page = client_for(cast.coordinator_nus).get(f"/governance/polls/{poll.pk}/")
    assert "Record the casting vote" not in reader_page.content.decode()
    response = client.post(f"/governance/polls/{poll.pk}/casting-vote/", {"choice": "no"})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == MotionStatus.REJECTED
    page = client.get(f"/governance/polls/{poll.pk}/").content.decode()
    assert "casting vote went to: no." in page
