"""Members' proposals for new programmes: drafts, submission, discussion, the Board's motion
whose outcome the proposal follows, withdrawal, who sees what, the pages and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from alliance.core.enums import TokenScope
from alliance.core.models import AuditEntry
from alliance.governance.enums import BodyKind, MotionStatus
from alliance.governance.models import Motion
from alliance.governance.services.bodies import create_body
from alliance.programmes import queries
from alliance.programmes.enums import ProposalStatus
from alliance.programmes.models import Proposal
from alliance.programmes.services.proposals import (
    add_comment,
    create_proposal,
    open_discussion,
    send_to_board,
    submit_proposal,
    update_proposal,
    withdraw_proposal,
)
from tests.conftest import client_for
from tests.test_api import bearer

READ = TokenScope.PROGRAMMES_READ

DATA = {
    "title": "Asian Doctoral Summer Academy",
    "summary": "Two weeks of courses for doctoral students, hosted in turn by members.",
    "rationale": "No programme of the alliance serves doctoral students yet.",
    "target_participants": "Doctoral students, 40 a year",
    "estimated_budget": Decimal("120000"),
    "currency": "usd",
}


@pytest.fixture
def board(cast):
    return create_body(actor=cast.secretariat, kind=BodyKind.BOARD, name="Board")


def propose(cast, tsinghua, nus, **overrides) -> Proposal:
    return create_proposal(
        actor=cast.coordinator_tsinghua,
        institution=tsinghua,
        data={**DATA, **overrides},
        co_proposers=[nus],
    )


def test_it_makes_a_draft_with_co_proposers_and_an_audit_row(cast, tsinghua, nus):
    proposal = propose(cast, tsinghua, nus)
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.currency == "USD"
    assert list(proposal.co_proposers.all()) == [nus]
    entry = AuditEntry.objects.get(action="programmes.proposal.create")
    assert entry.after["title"] == "Asian Doctoral Summer Academy"
    assert entry.after["co_proposers"] == [nus.pk]
    assert entry.institution_id == tsinghua.pk


def test_it_refuses_a_partner_as_co_proposer_and_a_missing_title(cast, tsinghua, nus, boao):
    with pytest.raises(ValidationError) as exc:
        create_proposal(
            actor=cast.coordinator_tsinghua,
            institution=tsinghua,
            data={**DATA, "title": " "},
            co_proposers=[boao],
        )
    assert set(exc.value.message_dict) == {"title", "co_proposers"}
    assert "Boao Forum for Asia" in exc.value.message_dict["co_proposers"][0]
    assert Proposal.objects.count() == 0


def test_it_submits_only_a_complete_draft_and_then_freezes_it(cast, tsinghua, nus):
    proposal = propose(cast, tsinghua, nus, rationale="")
    with pytest.raises(ValidationError) as exc:
        submit_proposal(proposal, actor=cast.coordinator_tsinghua)
    assert list(exc.value.message_dict) == ["rationale"]
    proposal = update_proposal(
        proposal, actor=cast.coordinator_tsinghua, data=DATA, co_proposers=[]
    )
    assert list(proposal.co_proposers.all()) == []
    proposal = submit_proposal(proposal, actor=cast.coordinator_tsinghua)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_at is not None
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        update_proposal(proposal, actor=cast.coordinator_tsinghua, data=DATA)


def test_sending_to_the_board_makes_a_motion_whose_outcome_the_proposal_follows(
    cast, tsinghua, nus, board
):
    proposal = submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    open_discussion(proposal, actor=cast.secretariat)
    motion = send_to_board(proposal, actor=cast.secretariat)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.motion_id) == (ProposalStatus.BOARD, motion.pk)
    assert (motion.by_body_id, motion.status) == (board.pk, MotionStatus.SUBMITTED)
    assert motion.title == "New programme: Asian Doctoral Summer Academy"
    assert "proposed by Tsinghua University" in motion.text
    assert "National University of Singapore" in motion.text
    assert proposal.current_status == ProposalStatus.BOARD
    # The Board's poll decides the motion (as closing it would); the proposal reads it.
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.ADOPTED)
    assert queries.proposal_for_page(proposal.pk).current_status == ProposalStatus.APPROVED
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.REJECTED)
    assert queries.proposal_for_page(proposal.pk).current_status == ProposalStatus.DECLINED
    with pytest.raises(ValidationError, match="discussion is closed"):
        add_comment(proposal, actor=cast.secretariat, text="Late.", institution=None)
    assert AuditEntry.objects.filter(action="programmes.proposal.send").count() == 1


def test_it_cannot_send_without_a_board_nor_twice(cast, tsinghua, nus):
    proposal = submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    with pytest.raises(ValidationError, match="There is no Board yet"):
        send_to_board(proposal, actor=cast.secretariat)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    create_body(actor=cast.secretariat, kind=BodyKind.BOARD, name="Board")
    send_to_board(proposal, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="cannot become"):
        send_to_board(proposal, actor=cast.secretariat)
    assert Motion.objects.count() == 1


def test_withdrawal_is_refused_once_sent_to_the_board(cast, tsinghua, nus, board):
    first = submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    assert withdraw_proposal(first, actor=cast.coordinator_tsinghua).status == "withdrawn"
    second = submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    send_to_board(second, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="cannot become"):
        withdraw_proposal(second, actor=cast.coordinator_tsinghua)


def test_drafts_stay_with_their_institution(cast, tsinghua, nus):
    draft = propose(cast, tsinghua, nus)
    submitted = submit_proposal(
        propose(cast, tsinghua, nus, title="Joint micro-credentials"),
        actor=cast.coordinator_tsinghua,
    )

    def seen(user):
        return sorted(p.pk for p in queries.proposals_visible_to(user))

    assert seen(cast.coordinator_tsinghua) == sorted([draft.pk, submitted.pk])
    assert seen(cast.coordinator_nus) == [submitted.pk]
    assert seen(cast.secretariat) == [submitted.pk]
    assert seen(cast.student) == []
    assert (
        client_for(cast.coordinator_nus).get(f"/programmes/proposals/{draft.pk}/").status_code
        == 404
    )


def test_the_pages_walk_a_proposal_from_draft_to_the_board(cast, tsinghua, nus, board):
    coordinator = client_for(cast.coordinator_tsinghua)
    response = coordinator.post(
        "/programmes/proposals/new/",
        {
            "institution": tsinghua.pk,
            "title": "Asian Doctoral Summer Academy",
            "summary": DATA["summary"],
            "rationale": DATA["rationale"],
            "target_participants": DATA["target_participants"],
            "estimated_budget": "120000",
            "currency": "USD",
            "co_proposers": [nus.pk],
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/programmes/proposals/{proposal.pk}/"
    # Bad input keeps what is saved and says what to fix.
    response = coordinator.post(
        f"/programmes/proposals/{proposal.pk}/edit/",
        {"institution": tsinghua.pk, "title": "Renamed", "currency": "dollars"},
    )
    assert response.status_code == 200
    assert "Give the currency as three letters" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Asian Doctoral Summer Academy"
    coordinator.post(f"/programmes/proposals/{proposal.pk}/status/", {"step": "submit"})
    nus_client = client_for(cast.coordinator_nus)
    nus_client.post(f"/programmes/proposals/{proposal.pk}/comment/", {"text": "We co-host."})
    secretariat = client_for(cast.secretariat)
    secretariat.post(f"/programmes/proposals/{proposal.pk}/comment/", {"text": "On the agenda."})
    secretariat.post(f"/programmes/proposals/{proposal.pk}/board/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.BOARD
    comments = [(c.institution_id, c.text) for c in proposal.comments.all()]
    assert comments == [(nus.pk, "We co-host."), (None, "On the agenda.")]
    page = nus_client.get(f"/programmes/proposals/{proposal.pk}/").content.decode()
    assert "Sent to the Board" in page
    assert f"/governance/motions/{proposal.motion_id}/" in page
    # A coordinator cannot send it (403), nor open the discussion of another's.
    assert coordinator.post(f"/programmes/proposals/{proposal.pk}/board/").status_code == 403


def test_the_list_page_uses_the_same_number_of_queries_for_one_or_many(
    cast, tsinghua, nus, django_assert_num_queries
):
    client = client_for(cast.secretariat)
    submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    client.get("/programmes/proposals/")  # warm the session
    with django_assert_num_queries(8) as one:
        assert client.get("/programmes/proposals/").status_code == 200
    for n in range(5):
        submit_proposal(
            propose(cast, tsinghua, nus, title=f"Programme {n}"), actor=cast.coordinator_tsinghua
        )
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get("/programmes/proposals/").content.decode()
    assert page.count("National University of Singapore") == 6


def test_the_api_lists_proposals_with_their_status(cast, tsinghua, nus, board):
    proposal = submit_proposal(propose(cast, tsinghua, nus), actor=cast.coordinator_tsinghua)
    motion = send_to_board(proposal, actor=cast.secretariat)
    Motion.objects.filter(pk=motion.pk).update(status=MotionStatus.ADOPTED)
    response = Client(headers=bearer(cast.coordinator_nus, READ)).get(
        "/api/v1/programmes/proposals"
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert (item["id"], item["status"], item["motion"]) == (proposal.pk, "approved", motion.pk)
    assert (item["institution"], item["co_proposers"]) == (tsinghua.slug, [nus.slug])
    response = Client(headers=bearer(cast.student, READ)).get("/api/v1/programmes/proposals")
    assert response.status_code == 403


def test_the_demo_makes_sixteen_proposals_of_nine_members_once(db):
    from collections import Counter

    from alliance.governance.services.demo import load_governance_demo
    from alliance.members.services.demo import load_demo
    from alliance.programmes.services.demo import load_proposals_demo

    load_demo()
    load_governance_demo()
    first = load_proposals_demo()
    assert (first["proposals"], first["motions"]) == (16, 2)
    assert Proposal.objects.values("institution").distinct().count() == 9
    assert Counter(Proposal.objects.values_list("status", flat=True)) == {
        "draft": 3,
        "submitted": 4,
        "discussion": 6,
        "board": 2,
        "withdrawn": 1,
    }
    assert Motion.objects.filter(programme_proposal__isnull=False).count() == 2
    assert load_proposals_demo() == {"proposals": 0, "comments": 0, "motions": 0}
    assert Proposal.objects.count() == 16
