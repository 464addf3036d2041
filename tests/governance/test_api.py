"""The governance API: reading needs governance:read and a reader; casting needs
governance:vote and goes through the same checks as the ballot page."""

import pytest
from django.test import Client

from alliance.core.enums import TokenScope
from alliance.governance.models import Poll, VoterRecord
from alliance.governance.services.polls import cast_ballot, close_poll, open_poll
from tests.test_api import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def poll(cast, board):
    poll = Poll.objects.create(
        body=board.body, title="Agree?", agenda_item=board.item, quorum_share="1/2"
    )
    return open_poll(poll, actor=cast.secretariat)


def test_bodies_with_todays_seats(cast, board):
    response = Client().get(
        "/api/v1/governance/bodies",
        headers=bearer(cast.coordinator_tsinghua, TokenScope.GOVERNANCE_READ),
    )
    assert response.status_code == 200
    [body] = response.json()
    assert body["name"] == "Board"
    assert [s["holder"] for s in body["seats"]] == ["Head 1", "Head 0", "Head 2"]  # by name
    assert body["seats"][1]["alternate"] == "Alt Tsinghua"


def test_reading_needs_the_scope_and_a_reader(cast, board):
    assert Client().get("/api/v1/governance/polls").status_code == 401
    wrong_scope = bearer(cast.secretariat, TokenScope.MEMBERS_READ)
    assert Client().get("/api/v1/governance/polls", headers=wrong_scope).status_code == 403
    student = bearer(cast.student, TokenScope.GOVERNANCE_READ)
    assert Client().get("/api/v1/governance/polls", headers=student).status_code == 403


def test_a_closed_poll_shows_its_result_and_fingerprint(cast, board, poll):
    cast_ballot(poll, actor=board.holders[0], institution=board.members[0], choice="yes")
    close_poll(poll, actor=cast.secretariat)
    response = Client().get(
        f"/api/v1/governance/polls/{poll.pk}",
        headers=bearer(cast.secretariat, TokenScope.GOVERNANCE_READ),
    )
    data = response.json()
    assert data["outcome"] == "passed"
    assert data["voted"] == 1
    assert data["explanation"][-1] == "Result: the motion passes."
    assert data["fingerprint"] == Poll.objects.get().fingerprint
    assert data["electorate"]["present"] == sorted(str(m.pk) for m in board.members)
    assert "casters" not in data["electorate"]


def test_a_seat_holder_casts_a_ballot_once(cast, board, poll):
    headers = bearer(board.holders[0], TokenScope.GOVERNANCE_VOTE)
    url = f"/api/v1/governance/polls/{poll.pk}/ballot"
    mine = Client().get(url, headers=headers).json()
    assert mine == {"may_vote_for": [board.members[0].pk], "voted": []}
    body = {"institution": board.members[0].pk, "choice": "no"}
    first = Client().post(url, body, content_type="application/json", headers=headers)
    assert first.status_code == 201
    assert first.json() == {"institution": board.members[0].pk, "receipt": ""}
    again = Client().post(url, body, content_type="application/json", headers=headers)
    assert again.status_code == 422
    assert "has already voted" in again.json()["detail"]
    assert VoterRecord.objects.filter(poll=poll).count() == 1


def test_a_ballot_for_someone_elses_institution_is_refused(cast, board, poll):
    headers = bearer(board.holders[0], TokenScope.GOVERNANCE_VOTE)
    response = Client().post(
        f"/api/v1/governance/polls/{poll.pk}/ballot",
        {"institution": board.members[1].pk, "choice": "yes"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "Only the seat holder" in response.json()["detail"]
    read_only = bearer(board.holders[0], TokenScope.GOVERNANCE_READ)
    refused = Client().post(
        f"/api/v1/governance/polls/{poll.pk}/ballot",
        {"institution": board.members[0].pk, "choice": "yes"},
        content_type="application/json",
        headers=read_only,
    )
    assert refused.status_code == 403
    assert not VoterRecord.objects.exists()
