"""The constitution: the founding text, versions that never change, amendments written against
a version (and refused once their clause has changed), adopted through a Board motion and its
poll into a new version; the public pages and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.governance.enums import AmendmentStatus, MotionStatus, PollStatus
from alliance.governance.models import Amendment, Clause, ConstitutionVersion, Motion
from alliance.governance.queries_constitution import clause_history, compare, outline
from alliance.governance.services.constitution import (
    adopt_amendments,
    create_founding_version,
    parse_text,
    propose_amendment,
    put_amendments_to_motion,
    withdraw_amendment,
)
from alliance.governance.services.motions import set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from tests.conftest import client_for
from tests.governance.conftest import Board

pytestmark = pytest.mark.django_db

TEXT = """
# Article 1 Name
1.1 The name of the association is the Alliance.
1.2 Its working language is English.

# Article 2 Finances
2.1 Members pay an annual fee.
2.2 The Board sets the fee, the same for every member.
"""
STALE = (
    "Article 2.2 has changed since this amendment was written; read the current text and "
    "propose it again."
)


def found(actor) -> ConstitutionVersion:
    return create_founding_version(
        actor=actor,
        text=TEXT,
        adopted_on=datetime.date(2017, 4, 29),
        note="Agreed at the preparatory meeting",
    )


def clause(version: ConstitutionVersion, number: str) -> Clause:
    return Clause.objects.get(version=version, number=number)


def texts(version: ConstitutionVersion) -> list[tuple[str, str, str]]:
    return [(c.number, c.heading, c.text) for c in Clause.objects.filter(version=version)]


def propose(version, number, board: Board, *, text="", kind="replace", heading="", by=None):
    return propose_amendment(
        clause(version, number).key,
        actor=None,
        written_against=version,
        kind=kind,
        heading=heading,
        text=text,
        by_institution=by or board.members[0],
    )


def vote(motion: Motion, board: Board, secretariat, *, choice: str = "yes") -> None:
    """Submit the motion, put it on the agenda, and let all three members vote ``choice``
    in a named two-thirds poll, closed and counted."""
    set_motion_status(motion, actor=secretariat, status=MotionStatus.SUBMITTED)
    set_motion_status(
        motion, actor=secretariat, status=MotionStatus.ON_AGENDA, agenda_item=board.item
    )
    poll = create_poll(
        board.body,
        actor=secretariat,
        motion=motion,
        title="Amend?",
        kind="yes_no",
        secrecy="named",
        threshold="two_thirds",
        base="cast",
        quorum_basis="present",
        quorum_share="1/2",
        tie_rule="fails",
    )
    open_poll(poll, actor=secretariat)
    for user, institution in zip(board.holders, board.members, strict=True):
        cast_ballot(poll, actor=user, institution=institution, choice=choice)
    close_poll(poll, actor=secretariat)


# --- the founding text ---------------------------------------------------------------------------


def test_it_parses_articles_and_clauses_and_names_every_bad_line():
    drafts = parse_text(TEXT)
    assert [(d.parent is None, d.heading, d.text) for d in drafts] == [
        (True, "Name", ""),
        (False, "", "The name of the association is the Alliance."),
        (False, "", "Its working language is English."),
        (True, "Finances", ""),
        (False, "", "Members pay an annual fee."),
        (False, "", "The Board sets the fee, the same for every member."),
    ]
    with pytest.raises(ValidationError) as exc:
        parse_text("1.1 Too early.\n# Article 1 Name\n1.2 Skipped one.\nJust words\n# Article 3 X")
    assert exc.value.message_dict["text"] == [
        "Line 1: a clause comes before the first article.",
        "Line 3: expected clause 1.1, found 1.2.",
        "Line 4: start the line with “# Article 1 Name” for an article or with a clause "
        "number such as “1.2”.",
        "Line 5: expected Article 2, found Article 3.",
    ]


def test_the_founding_version_is_numbered_linked_to_its_note_and_audited(cast):
    version = found(cast.secretariat)
    assert (version.number, version.note, version.motion_id) == (
        1,
        "Agreed at the preparatory meeting",
        None,
    )
    assert texts(version) == [
        ("1", "Name", ""),
        ("1.1", "", "The name of the association is the Alliance."),
        ("1.2", "", "Its working language is English."),
        ("2", "Finances", ""),
        ("2.1", "", "Members pay an annual fee."),
        ("2.2", "", "The Board sets the fee, the same for every member."),
    ]
    assert clause(version, "2.2").parent == clause(version, "2")
    assert [b.article.number for b in outline(version)] == ["1", "2"]
    entry = AuditEntry.objects.get(action="governance.constitution.found")
    assert (entry.actor, entry.after["clauses"]) == (cast.secretariat, 6)


def test_a_second_founding_version_is_refused(cast):
    found(cast.secretariat)
    with pytest.raises(ValidationError, match="has a version already"):
        found(cast.secretariat)
    assert ConstitutionVersion.objects.count() == 1


def test_a_founding_text_without_a_note_is_refused_with_both_problems(cast):
    with pytest.raises(ValidationError) as exc:
        create_founding_version(
            actor=None, text="Hello", adopted_on=datetime.date(2017, 1, 1), note=" "
        )
    assert set(exc.value.message_dict) == {"text", "note"}
    assert not ConstitutionVersion.objects.exists()


# --- immutability --------------------------------------------------------------------------------


def test_an_adopted_version_and_its_clauses_cannot_be_changed_or_deleted(cast):
    version = found(cast.secretariat)
    c = clause(version, "1.1")
    c.text = "Changed behind everyone's back."
    message = "An adopted version of the constitution cannot be changed"
    with pytest.raises(ValidationError, match=message):
        c.save()
    with pytest.raises(ValidationError, match=message):
        c.delete()
    with pytest.raises(ValidationError, match=message):
        Clause.objects.filter(version=version).update(text="x")
    with pytest.raises(ValidationError, match=message):
        Clause.objects.filter(version=version).delete()
    with pytest.raises(ValidationError, match=message):
        Clause(version=version, key="extra", number="9", position=99).save()
    version.note = "Rewritten"
    with pytest.raises(ValidationError, match=message):
        version.save()
    with pytest.raises(ValidationError, match=message):
        ConstitutionVersion.objects.update(note="Rewritten")
    with pytest.raises(ValidationError, match=message):
        version.delete()
    assert clause(version, "1.1").text == "The name of the association is the Alliance."
    assert ConstitutionVersion.objects.get().note == "Agreed at the preparatory meeting"


# --- amendments ----------------------------------------------------------------------------------


def test_a_coordinator_proposes_an_amendment_for_the_institution(cast, board):
    version = found(cast.secretariat)
    amendment = propose_amendment(
        clause(version, "2.2").key,
        actor=cast.coordinator_tsinghua,
        written_against=version,
        kind="replace",
        text="The Board sets the fee; it may reduce it for some members.",
        reason="Fairness.",
        by_institution=board.members[0],
    )
    assert (amendment.status, amendment.clause_number, amendment.written_against) == (
        AmendmentStatus.PROPOSED,
        "2.2",
        version,
    )
    entry = AuditEntry.objects.get(action="governance.amendment.propose")
    assert (entry.actor, entry.institution_id) == (cast.coordinator_tsinghua, board.members[0].pk)


def test_an_amendment_that_changes_nothing_or_comes_from_a_non_member_is_refused(cast, board, boao):
    version = found(cast.secretariat)
    same = "The Board sets the fee, the same for every member."
    with pytest.raises(ValidationError) as exc:
        propose(version, "2.2", board, text=same)
    assert exc.value.message_dict == {
        "text": ["The new text is the same as the current one; change it."]
    }
    with pytest.raises(ValidationError) as exc:
        propose(version, "2.2", board, text="New", by=boao)
    assert exc.value.message_dict == {
        "by_institution": ["Boao Forum for Asia is not a member; only members propose amendments."]
    }
    assert not Amendment.objects.exists()


def test_an_adopted_motion_makes_a_new_version_with_the_amendment(cast, board):
    v1 = found(cast.secretariat)
    new = "The Board sets the fee; it may set a reduced fee for observers."
    amendment = propose(v1, "2.2", board, text=new)
    motion = put_amendments_to_motion([amendment], actor=cast.secretariat)
    assert motion.by_institution == board.members[0]
    assert "Replace Article 2.2 with: " + new in motion.text
    amendment.refresh_from_db()
    assert (amendment.status, amendment.motion) == (AmendmentStatus.MOVED, motion)
    vote(motion, board, cast.secretariat)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.ADOPTED

    v2 = adopt_amendments(motion, actor=cast.secretariat)
    poll = motion.polls.get()
    assert (v2.number, v2.motion, v2.poll) == (2, motion, poll)
    assert v2.adopted_on == timezone.localdate(poll.closed_at)
    assert texts(v2) == [*texts(v1)[:5], ("2.2", "", new)]
    assert [c.key for c in Clause.objects.filter(version=v2)] == [
        c.key for c in Clause.objects.filter(version=v1)
    ]
    assert clause(v1, "2.2").text == "The Board sets the fee, the same for every member."
    amendment.refresh_from_db()
    assert (amendment.status, amendment.adopted_in) == (AmendmentStatus.ADOPTED, v2)
    assert AuditEntry.objects.filter(action="governance.constitution.version").count() == 1

    history = clause_history(clause(v2, "2.2").key)
    assert [(s.version.number, s.change) for s in history] == [(1, "new"), (2, "changed")]
    rows = compare(v1, v2)
    assert [(r.number, r.change) for r in rows] == [
        ("1", "unchanged"),
        ("1.1", "unchanged"),
        ("1.2", "unchanged"),
        ("2", "unchanged"),
        ("2.1", "unchanged"),
        ("2.2", "changed"),
    ]


def test_adoption_is_refused_until_a_poll_adopts_the_motion(cast, board):
    v1 = found(cast.secretariat)
    motion = put_amendments_to_motion(
        [propose(v1, "2.2", board, text="Another fee rule.")], actor=cast.secretariat
    )
    message = "has not been adopted by a closed poll"
    with pytest.raises(ValidationError, match=message):
        adopt_amendments(motion, actor=cast.secretariat)
    vote(motion, board, cast.secretariat, choice="no")
    assert Motion.objects.get(pk=motion.pk).status == MotionStatus.REJECTED
    with pytest.raises(ValidationError, match=message):
        adopt_amendments(motion, actor=cast.secretariat)
    assert ConstitutionVersion.objects.count() == 1
    assert Amendment.objects.get().status == AmendmentStatus.MOVED


def test_an_amendment_to_a_clause_changed_since_is_refused_and_kept(cast, board):
    v1 = found(cast.secretariat)
    first = propose(v1, "2.2", board, text="First wording.")
    second = propose(v1, "2.2", board, text="Second wording.", by=board.members[1])
    motion = put_amendments_to_motion([first], actor=cast.secretariat)
    vote(motion, board, cast.secretariat)
    adopt_amendments(motion, actor=cast.secretariat)

    with pytest.raises(ValidationError) as exc:
        put_amendments_to_motion([second], actor=cast.secretariat)
    assert exc.value.messages == [STALE]
    second.refresh_from_db()
    assert (second.status, second.text, second.motion) == (
        AmendmentStatus.PROPOSED,
        "Second wording.",
        None,
    )
    with pytest.raises(ValidationError) as exc:
        propose(v1, "2.2", board, text="Third wording, from an old page.")
    assert exc.value.messages == [STALE]
    assert Amendment.objects.count() == 2


def test_a_stale_amendment_is_refused_at_adoption_and_nothing_is_made(cast, board):
    v1 = found(cast.secretariat)
    first = propose(v1, "2.2", board, text="First wording.")
    second = propose(v1, "2.2", board, text="Second wording.")
    m1 = put_amendments_to_motion([first], actor=cast.secretariat)
    m2 = put_amendments_to_motion([second], actor=cast.secretariat)
    vote(m1, board, cast.secretariat)
    adopt_amendments(m1, actor=cast.secretariat)
    vote(m2, board, cast.secretariat)
    with pytest.raises(ValidationError) as exc:
        adopt_amendments(m2, actor=cast.secretariat)
    assert exc.value.messages == [STALE]
    assert ConstitutionVersion.objects.count() == 2
    second.refresh_from_db()
    assert (second.status, second.adopted_in) == (AmendmentStatus.MOVED, None)


def test_an_amendment_to_an_unchanged_clause_written_on_an_old_version_is_taken(cast, board):
    v1 = found(cast.secretariat)
    motion = put_amendments_to_motion(
        [propose(v1, "2.2", board, text="New fee rule.")], actor=cast.secretariat
    )
    vote(motion, board, cast.secretariat)
    v2 = adopt_amendments(motion, actor=cast.secretariat)
    late = propose(v1, "1.2", board, text="Its working languages are English and Chinese.")
    assert late.written_against == v2


def test_insertions_and_deletions_renumber_and_keep_keys(cast, board):
    v1 = found(cast.secretariat)
    keys = {c.number: c.key for c in Clause.objects.filter(version=v1)}
    amendments = [
        propose(v1, "1.1", board, kind="insert_after", text="Its seat is in Beijing."),
        propose(v1, "2.1", board, kind="delete"),
        propose(v1, "1", board, kind="insert_after", heading="Mission"),
    ]
    motion = put_amendments_to_motion(amendments, actor=cast.secretariat)
    assert motion.by_institution == board.members[0]
    vote(motion, board, cast.secretariat)
    v2 = adopt_amendments(motion, actor=cast.secretariat)
    assert texts(v2) == [
        ("1", "Name", ""),
        ("1.1", "", "The name of the association is the Alliance."),
        ("1.2", "", "Its seat is in Beijing."),
        ("1.3", "", "Its working language is English."),
        ("2", "Mission", ""),
        ("3", "Finances", ""),
        ("3.1", "", "The Board sets the fee, the same for every member."),
    ]
    assert clause(v2, "1.3").key == keys["1.2"]
    assert clause(v2, "3.1").key == keys["2.2"]
    assert clause(v2, "3.1").parent.key == keys["2"]
    assert [(r.number, r.change) for r in compare(v1, v2)] == [
        ("1", "unchanged"),
        ("1.1", "unchanged"),
        ("1.2", "new"),
        ("1.3", "unchanged"),
        ("2", "new"),
        ("3", "unchanged"),
        ("2.1", "deleted"),
        ("3.1", "unchanged"),
    ]
    assert [s.change for s in clause_history(keys["2.1"])] == ["new", "deleted"]


def test_two_amendments_of_one_clause_cannot_share_a_motion(cast, board):
    v1 = found(cast.secretariat)
    pair = [propose(v1, "2.2", board, text="A."), propose(v1, "2.2", board, text="B.")]
    with pytest.raises(ValidationError, match=r"Two amendments change Article 2\.2"):
        put_amendments_to_motion(pair, actor=cast.secretariat)
    assert not Motion.objects.exists()
    assert set(Amendment.objects.values_list("status", flat=True)) == {AmendmentStatus.PROPOSED}


def test_an_amendment_is_withdrawn_once(cast, board):
    v1 = found(cast.secretariat)
    amendment = propose(v1, "2.2", board, text="A.")
    withdraw_amendment(amendment, actor=cast.coordinator_tsinghua)
    assert Amendment.objects.get().status == AmendmentStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        withdraw_amendment(amendment, actor=cast.coordinator_tsinghua)


# --- pages ---------------------------------------------------------------------------------------


def test_anyone_reads_the_current_text_with_contents_anchors_and_history(cast):
    v1 = found(cast.secretariat)
    response = Client().get("/governance/constitution/")
    html = response.content.decode()
    assert response.status_code == 200
    c = clause(v1, "2.2")
    assert f'id="{c.anchor}"' in html
    assert f'href="#{clause(v1, "2").anchor}"' in html
    assert "The Board sets the fee, the same for every member." in html
    assert "Agreed at the preparatory meeting" in html
    assert "Propose an amendment" not in html
    assert f"/governance/constitution/clauses/{c.key}/" in html


def test_before_the_founding_the_secretariat_is_asked_to_enter_it(cast):
    html = client_for(cast.secretariat).get("/governance/constitution/").content.decode()
    assert "The constitution has not been entered yet." in html
    assert "/governance/constitution/found/" in html


def test_the_founding_form_names_each_bad_line_and_keeps_the_text(cast):
    client = client_for(cast.secretariat)
    bad = "# Article 1 Name\n1.1 Fine.\nnonsense"
    response = client.post(
        "/governance/constitution/found/",
        {"text": bad, "adopted_on": "2017-04-29", "note": "Agreed at the preparatory meeting"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 3: start the line with" in html
    assert "1.1 Fine." in html
    assert not ConstitutionVersion.objects.exists()
    response = client.post(
        "/governance/constitution/found/",
        {"text": TEXT, "adopted_on": "2017-04-29", "note": "Agreed at the preparatory meeting"},
    )
    assert response.status_code == 302
    assert ConstitutionVersion.objects.get().number == 1


def test_a_coordinator_proposes_from_the_prefilled_form_and_sees_the_redline(cast, board):
    v1 = found(cast.secretariat)
    c = clause(v1, "2.2")
    client = client_for(cast.coordinator_tsinghua)
    page = client.get(f"/governance/constitution/clauses/{c.key}/amend/").content.decode()
    assert "The Board sets the fee, the same for every member.</textarea>" in page
    assert 'name="by_body"' not in page
    preview = client.post(
        f"/governance/constitution/clauses/{c.key}/amend/preview/",
        {"kind": "replace", "text": "The Board sets the fee.", "written_against": "1"},
    ).content.decode()
    assert "<del>" in preview
    assert ", the same for every member" in preview
    response = client.post(
        f"/governance/constitution/clauses/{c.key}/amend/",
        {
            "kind": "replace",
            "text": "The Board sets the fee.",
            "by_institution": board.members[0].pk,
            "written_against": "1",
        },
    )
    amendment = Amendment.objects.get()
    assert response["Location"] == f"/governance/constitution/amendments/{amendment.pk}/"
    assert (amendment.by_institution, amendment.created_by) == (
        board.members[0],
        cast.coordinator_tsinghua,
    )
    listing = client.get("/governance/constitution/amendments/").content.decode()
    assert "<del>" in listing


def test_a_coordinator_cannot_propose_for_another_institution(cast, board):
    v1 = found(cast.secretariat)
    c = clause(v1, "2.2")
    response = client_for(cast.coordinator_tsinghua).post(
        f"/governance/constitution/clauses/{c.key}/amend/",
        {
            "kind": "replace",
            "text": "X.",
            "by_institution": board.members[1].pk,
            "written_against": "1",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Amendment.objects.exists()


def test_a_form_written_on_an_old_version_is_refused_with_the_words_kept(cast, board):
    v1 = found(cast.secretariat)
    key = clause(v1, "2.2").key
    motion = put_amendments_to_motion(
        [propose(v1, "2.2", board, text="Changed meanwhile.")], actor=cast.secretariat
    )
    vote(motion, board, cast.secretariat)
    adopt_amendments(motion, actor=cast.secretariat)
    response = client_for(cast.coordinator_tsinghua).post(
        f"/governance/constitution/clauses/{key}/amend/",
        {
            "kind": "replace",
            "text": "My careful wording.",
            "by_institution": board.members[0].pk,
            "written_against": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert STALE in html
    assert "My careful wording.</textarea>" in html
    assert "Start again from the current text" in html
    assert Amendment.objects.count() == 1


def test_the_secretariat_puts_to_motion_and_adopts_from_the_pages(cast, board):
    v1 = found(cast.secretariat)
    amendment = propose(v1, "2.2", board, text="Fees are set each year.")
    client = client_for(cast.secretariat)
    response = client.post(
        "/governance/constitution/amendments/motion/", {"amendments": [amendment.pk]}
    )
    motion = Motion.objects.get()
    assert response["Location"] == f"/governance/motions/{motion.pk}/"
    refused = client.post(f"/governance/constitution/amendments/{amendment.pk}/adopt/", follow=True)
    assert "has not been adopted by a closed poll" in refused.content.decode()
    vote(motion, board, cast.secretariat)
    response = client.post(f"/governance/constitution/amendments/{amendment.pk}/adopt/")
    assert response["Location"] == "/governance/constitution/versions/2/"
    compare_page = Client().get("/governance/constitution/compare/?from=1&to=2").content.decode()
    assert '<span class="visually-hidden">[deleted: </span>' in compare_page
    assert "[inserted: </span>Fees are set each year<" in compare_page
    public = Client().get("/governance/constitution/").content.decode()
    assert "Version 2" in public
    assert "Compare with version 1" in public
    assert motion.title in public
    key = clause(v1, "2.2").key
    history = Client().get(f"/governance/constitution/clauses/{key}/").content.decode()
    assert "First appears." in history
    assert "Changed." in history


def test_unknown_versions_and_clauses_answer_404(cast):
    found(cast.secretariat)
    client = Client()
    assert client.get("/governance/constitution/versions/9/").status_code == 404
    assert client.get("/governance/constitution/compare/?from=1&to=9").status_code == 404
    assert client.get("/governance/constitution/clauses/nothing/").status_code == 404


def test_the_amendment_list_reads_a_fixed_number_of_queries(cast, board):
    v1 = found(cast.secretariat)
    client = client_for(cast.secretariat)
    propose(v1, "2.2", board, text="One.")
    client.get("/governance/constitution/amendments/")
    with CaptureQueriesContext(connection) as one:
        client.get("/governance/constitution/amendments/")
    for n, number in enumerate(["1.1", "1.2", "2.1"]):
        propose(v1, number, board, text=f"Other {n}.", by=board.members[n % 2])
    with CaptureQueriesContext(connection) as several:
        response = client.get("/governance/constitution/amendments/")
    assert response.content.decode().count('class="card"') >= 4
    assert len(several) == len(one)


# --- API -----------------------------------------------------------------------------------------


def test_the_api_serves_the_constitution_to_anyone(cast):
    client = Client()
    assert client.get("/api/v1/governance/constitution").status_code == 404
    v1 = found(cast.secretariat)
    body = client.get("/api/v1/governance/constitution").json()
    assert (body["number"], body["note"], body["motion"]) == (
        1,
        "Agreed at the preparatory meeting",
        None,
    )
    article = clause(v1, "2")
    assert body["clauses"][3] == {
        "key": article.key,
        "number": "2",
        "parent": None,
        "heading": "Finances",
        "text": "",
    }
    assert body["clauses"][5]["parent"] == article.key
    assert body["clauses"][5]["text"] == "The Board sets the fee, the same for every member."
    versions = client.get("/api/v1/governance/constitution/versions").json()
    assert versions == [
        {
            "number": 1,
            "adopted_on": "2017-04-29",
            "motion": None,
            "poll": None,
            "note": "Agreed at the preparatory meeting",
        }
    ]
    bad = client.get("/api/v1/governance/constitution", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401


def test_the_versions_api_links_the_adopting_motion_and_poll(cast, board):
    v1 = found(cast.secretariat)
    motion = put_amendments_to_motion(
        [propose(v1, "2.2", board, text="New.")], actor=cast.secretariat
    )
    vote(motion, board, cast.secretariat)
    adopt_amendments(motion, actor=cast.secretariat)
    poll = motion.polls.get()
    assert poll.status == PollStatus.CLOSED
    newest = Client().get("/api/v1/governance/constitution/versions").json()[0]
    assert (newest["number"], newest["motion"], newest["poll"]) == (2, motion.pk, poll.pk)


# --- demo ----------------------------------------------------------------------------------------


def test_the_demo_has_a_founding_text_and_a_second_version_adopted_in_2027():
    from alliance.governance.services.demo import load_governance_demo
    from alliance.governance.services.demo_constitution import AMENDED_FEES
    from alliance.members.services.demo import load_demo

    load_demo()
    load_governance_demo()
    v2, v1 = ConstitutionVersion.objects.order_by("-number")
    assert (v1.adopted_on, v1.note) == (
        datetime.date(2017, 4, 29),
        "Agreed at the preparatory meeting",
    )
    assert [b.article.heading for b in outline(v1)] == [
        "Name",
        "Mission",
        "Membership",
        "The Board",
        "Officers",
        "Secretariat",
        "Working groups",
        "Meetings and quorum",
        "Voting",
        "Amendment",
        "Finances",
        "Withdrawal",
    ]
    assert v2.poll.status == PollStatus.CLOSED
    assert (v2.poll.threshold, v2.poll.secrecy, v2.poll.outcome) == (
        "two_thirds",
        "named",
        "passed",
    )
    assert v2.motion.status == MotionStatus.ADOPTED
    assert v2.adopted_on == datetime.date(2027, 11, 15)
    assert clause(v2, "11.2").text == AMENDED_FEES
    assert [r.number for r in compare(v1, v2) if r.change != "unchanged"] == ["11.2"]
    assert load_governance_demo()["bodies"] == 0
    assert ConstitutionVersion.objects.count() == 2
