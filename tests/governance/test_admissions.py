"""Admissions (the public form, the invitation, the working group's review, the Board's motion
and poll, the decision that updates the member registry) and membership cases (suspension by
the Board, withdrawal by notice)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.core.models import AuditEntry
from alliance.governance.enums import (
    AdmissionStatus,
    BodyKind,
    CaseStatus,
    MotionStatus,
)
from alliance.governance.models import AdmissionApplication, MembershipCase, Poll
from alliance.governance.services import admissions, membership_cases
from alliance.governance.services.bodies import add_seat, create_body
from alliance.governance.services.polls import cast_ballot, close_poll, open_poll
from alliance.members.enums import MembershipStatus, Relation
from alliance.members.models import Institution, MembershipEvent
from tests.conftest import client_for
from tests.test_api import bearer

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 letter of support"
FORM = {
    "institution_name": "National University of Mongolia",
    "country": "MN",
    "website": "https://www.num.edu.mn",
    "ror_id": "https://ror.org/04855bv47",
    "contact_name": "Bat Erdene",
    "contact_email": "Intl@NUM.example.org",
    "category": "observer",
    "motivation": "To open exchanges with the members.",
}


def letter(content: bytes = PDF, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def submit(**overrides):
    data = {**FORM, **overrides}
    return admissions.submit_application(actor=None, letter=data.pop("letter", letter()), **data)


@pytest.fixture
def group(cast, board):
    """The working group on admissions: Tsinghua and NUS, seats held by the Board's heads."""
    body = create_body(actor=cast.secretariat, kind=BodyKind.WORKING_GROUP, name="Admissions")
    for seat in board.seats[:2]:
        add_seat(
            body,
            actor=cast.secretariat,
            institution=seat.institution,
            holder=seat.holder,
            start=datetime.date(2026, 1, 1),
        )
    return body


def reviewed(cast, board, group, *, recommended=True):
    application, _secret = submit()
    admissions.start_review(application, actor=cast.secretariat, body=group)
    admissions.record_recommendation(
        application,
        actor=board.holders[0],
        institution=board.members[0],
        recommendation="recommend",
        comment="A fine university.",
    )
    return admissions.conclude_review(
        application, actor=cast.secretariat, recommended=recommended, conclusion="We agree."
    )


def vote(cast, board, poll, choices):
    poll = open_poll(poll, actor=cast.secretariat)
    for user, inst, choice in zip(board.holders, board.members, choices, strict=False):
        cast_ballot(poll, actor=user, institution=inst, choice=choice)
    return close_poll(poll, actor=cast.secretariat)


# --- the public form -------------------------------------------------------------------------


def test_it_submits_the_public_form_and_mails_the_private_link(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/governance/apply/", {**FORM, "letter": letter()})
    assert response.status_code == 200
    assert "Application received" in response.content.decode()
    application = AdmissionApplication.objects.get()
    assert (application.status, application.ror_id, application.contact_email) == (
        AdmissionStatus.SUBMITTED,
        "04855bv47",
        "intl@num.example.org",
    )
    assert application.letter.read() == PDF
    [message] = mail.outbox
    assert message.to == ["intl@num.example.org"]
    link = next(line for line in message.body.splitlines() if "/governance/apply/" in line)
    page = Client().get(link.split("8000", 1)[-1].strip())
    assert "Submitted" in page.content.decode()
    assert AuditEntry.objects.filter(action="governance.admission.submit").count() == 1


def test_a_letter_that_is_not_a_pdf_is_refused_and_nothing_is_saved(cast):
    fake = letter(b"MZ\x90\x00 this is a program", name="letter.pdf")
    response = Client().post("/governance/apply/", {**FORM, "letter": fake})
    assert response.status_code == 200
    assert "Only a PDF document is accepted" in response.content.decode()
    assert not AdmissionApplication.objects.exists()
    assert mail.outbox == []


def test_a_bad_ror_id_and_a_missing_motivation_are_both_reported(cast):
    with pytest.raises(ValidationError) as caught:
        submit(ror_id="04855bv48", motivation=" ")
    assert set(caught.value.message_dict) == {"ror_id", "motivation"}


def test_a_member_does_not_apply_again(cast, tsinghua):
    with pytest.raises(ValidationError) as caught:
        submit(ror_id=tsinghua.ror_id, category="member")
    assert "already Member" in caught.value.message_dict["ror_id"][0]


def test_the_applicant_withdraws_through_the_private_link(cast):
    application, secret = submit()
    response = Client().post(f"/governance/apply/{secret}/withdraw/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == AdmissionStatus.WITHDRAWN
    assert Client().post(f"/governance/apply/{secret}x/withdraw/").status_code == 404


# --- the invitation --------------------------------------------------------------------------


def test_an_invited_university_finds_the_form_prefilled_and_submits_it(
    cast, django_capture_on_commit_callbacks
):
    client = client_for(cast.secretariat)
    details = {k: FORM[k] for k in FORM if k != "motivation"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/governance/admissions/invite/", details)
    application = AdmissionApplication.objects.get()
    assert response.status_code == 302
    assert application.status == AdmissionStatus.INVITED
    [invitation] = mail.outbox
    path = next(line for line in invitation.body.splitlines() if "/governance/apply/" in line)
    path = path.split("8000", 1)[-1].strip()
    page = Client().get(path)
    assert 'value="National University of Mongolia"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(path, {**FORM, "letter": letter()})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == AdmissionStatus.SUBMITTED
    assert len(mail.outbox) == 2  # the invitation, then the receipt with a new link
    assert Client().get(path).status_code == 404  # the invitation link is spent


# --- review, Board, decision -----------------------------------------------------------------


def test_only_a_member_of_the_reviewing_group_recommends(cast, board, group):
    application, _ = submit()
    admissions.start_review(application, actor=cast.secretariat, body=group)
    with pytest.raises(ValidationError) as caught:
        admissions.record_recommendation(
            application,
            actor=board.holders[2],  # Tokyo: on the Board, not in the group
            institution=board.members[2],
            recommendation="recommend",
            comment="Yes.",
        )
    assert caught.value.code == "not_a_reviewer"
    first = admissions.record_recommendation(
        application,
        actor=board.holders[1],
        institution=board.members[1],
        recommendation="abstain",
        comment="Undecided.",
    )
    again = admissions.record_recommendation(
        application,
        actor=board.holders[1],
        institution=board.members[1],
        recommendation="recommend",
        comment="Convinced by the letter.",
    )
    assert first.pk == again.pk
    assert list(application.recommendations.values_list("recommendation", flat=True)) == [
        "recommend"
    ]


def test_the_conclusion_needs_a_recommendation(cast, board, group):
    application, _ = submit()
    admissions.start_review(application, actor=cast.secretariat, body=group)
    with pytest.raises(ValidationError) as caught:
        admissions.conclude_review(
            application, actor=cast.secretariat, recommended=True, conclusion="Yes."
        )
    assert caught.value.code == "no_recommendations"


def test_an_adopted_motion_admits_the_observer_into_the_registry(
    cast, board, group, django_capture_on_commit_callbacks
):
    application = reviewed(cast, board, group)
    application = admissions.put_to_board(
        application, actor=cast.secretariat, agenda_item=board.item
    )
    motion = application.motion
    assert (motion.status, motion.by_body) == (MotionStatus.ON_AGENDA, group)
    poll = Poll.objects.get(motion=motion)
    assert poll.threshold == "two_thirds"
    with pytest.raises(ValidationError) as caught:
        admissions.record_board_decision(application, actor=cast.secretariat)
    assert caught.value.code == "undecided"
    vote(cast, board, poll, ["yes", "yes", "no"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = admissions.record_board_decision(
            application, actor=cast.secretariat, effective_on=datetime.date(2028, 1, 1)
        )
    assert application.status == AdmissionStatus.ADMITTED
    institution = Institution.objects.get(ror_id="04855bv47")
    assert institution.relation == Relation.OBSERVER
    event = MembershipEvent.objects.get(institution=institution)
    assert (event.status, event.date) == (
        MembershipStatus.ADMITTED_OBSERVER,
        datetime.date(2028, 1, 1),
    )
    assert f"(no. {motion.pk})" in event.note
    assert application.membership_event == event
    [decision] = mail.outbox
    assert "has admitted National University of Mongolia as Observer" in decision.body
    assert AuditEntry.objects.filter(action="members.membership.record").exists()


def test_a_rejected_motion_refuses_and_the_registry_is_untouched(
    cast, board, group, django_capture_on_commit_callbacks
):
    application = reviewed(cast, board, group, recommended=False)
    application = admissions.put_to_board(
        application, actor=cast.secretariat, agenda_item=board.item
    )
    vote(cast, board, Poll.objects.get(motion=application.motion), ["no", "no", "yes"])
    with django_capture_on_commit_callbacks(execute=True):
        application = admissions.record_board_decision(application, actor=cast.secretariat)
    assert application.status == AdmissionStatus.REFUSED
    assert not Institution.objects.filter(ror_id="04855bv47").exists()
    assert "has not admitted" in mail.outbox[-1].body


def test_admission_finds_an_institution_already_in_the_registry(cast, board, group):
    from alliance.members.services.institutions import create_institution

    known = create_institution(actor=None, name="NUM", country="MN", ror_id="04855bv47")
    application = reviewed(cast, board, group)
    application = admissions.put_to_board(
        application, actor=cast.secretariat, agenda_item=board.item
    )
    vote(cast, board, Poll.objects.get(motion=application.motion), ["yes", "yes", "yes"])
    application = admissions.record_board_decision(application, actor=cast.secretariat)
    assert application.institution == known
    assert Institution.objects.filter(ror_id="04855bv47").count() == 1


def test_withdrawing_at_the_board_withdraws_the_motion(cast, board, group):
    application = reviewed(cast, board, group)
    application = admissions.put_to_board(
        application, actor=cast.secretariat, agenda_item=board.item
    )
    admissions.withdraw_application(application, actor=cast.secretariat, note="letter")
    application.motion.refresh_from_db()
    assert application.motion.status == MotionStatus.WITHDRAWN


def test_the_pages_walk_an_application_through_review(cast, board, group):
    application, _ = submit()
    secretariat = client_for(cast.secretariat)
    response = secretariat.post(
        f"/governance/admissions/{application.pk}/review/", {"body": group.pk}
    )
    assert response.status_code == 302
    reviewer = client_for(board.holders[0])
    page = reviewer.get(f"/governance/admissions/{application.pk}/")
    assert "Record your recommendation" in page.content.decode()
    response = reviewer.post(
        f"/governance/admissions/{application.pk}/recommend/",
        {"institution": board.members[0].pk, "recommendation": "recommend", "comment": "Yes."},
    )
    assert response.status_code == 302
    response = secretariat.post(
        f"/governance/admissions/{application.pk}/conclude/",
        {"recommended": "yes", "conclusion": "Recommended."},
    )
    assert response.status_code == 302
    response = secretariat.post(
        f"/governance/admissions/{application.pk}/board/",
        {"agenda_item": board.item.pk, "threshold": "two_thirds", "quorum_share": "1/2"},
    )
    application.refresh_from_db()
    assert response["Location"] == f"/governance/motions/{application.motion_id}/"
    assert application.status == AdmissionStatus.AT_BOARD
    letter_response = reviewer.get(f"/governance/admissions/{application.pk}/letter/")
    assert b"".join(letter_response.streaming_content) == PDF
    # Tokyo's head sits on the Board, not on this group: the application is not theirs.
    outsider = client_for(board.holders[2])
    assert outsider.get(f"/governance/admissions/{application.pk}/").status_code == 404


def test_the_list_page_query_count_does_not_grow_with_rows(cast):
    client = client_for(cast.secretariat)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/governance/admissions/").status_code == 200
        return len(ctx.captured_queries)

    submit()
    one = count()
    submit(ror_id="", institution_name="Ider University")
    submit(ror_id="", institution_name="Mandakh University")
    assert count() == one


def test_the_api_lists_applications_for_the_secretariat_only(cast):
    submit()
    response = Client().get(
        "/api/v1/governance/admissions",
        headers=bearer(cast.secretariat, TokenScope.GOVERNANCE_READ),
    )
    [row] = response.json()["items"]
    assert (row["institution_name"], row["status"], row["category"]) == (
        "National University of Mongolia",
        "submitted",
        "observer",
    )
    denied = Client().get(
        "/api/v1/governance/admissions",
        headers=bearer(cast.coordinator_tsinghua, TokenScope.GOVERNANCE_READ),
    )
    assert denied.status_code == 403


def test_the_group_member_is_asked_to_recommend_on_the_dashboard(cast, board, group):
    from alliance.governance.queries import next_tasks

    application, _ = submit()
    admissions.start_review(application, actor=cast.secretariat, body=group)
    labels = [t.label for t in next_tasks(board.holders[0])]
    assert "Recommend on the application of National University of Mongolia" in labels
    assert next_tasks(board.holders[2]) == []


# --- suspension and withdrawal ---------------------------------------------------------------


def test_a_suspension_adopted_by_the_board_suspends_the_member(cast, board):
    tokyo = board.members[2]
    case = membership_cases.open_suspension(tokyo, actor=cast.secretariat, reason="Fees unpaid.")
    with pytest.raises(ValidationError):
        membership_cases.open_suspension(tokyo, actor=cast.secretariat, reason="Again.")
    case = membership_cases.put_case_to_board(case, actor=cast.secretariat, agenda_item=board.item)
    vote(cast, board, Poll.objects.get(motion=case.motion), ["yes", "yes", "yes"])
    case = membership_cases.record_case_decision(case, actor=cast.secretariat)
    tokyo.refresh_from_db()
    assert (case.status, tokyo.relation) == (CaseStatus.DONE, Relation.SUSPENDED)
    assert case.membership_event.status == MembershipStatus.SUSPENDED


def test_a_suspension_rejected_by_the_board_leaves_the_member(cast, board):
    tokyo = board.members[2]
    case = membership_cases.open_suspension(tokyo, actor=cast.secretariat, reason="Fees unpaid.")
    case = membership_cases.put_case_to_board(case, actor=cast.secretariat, agenda_item=board.item)
    vote(cast, board, Poll.objects.get(motion=case.motion), ["no", "no", "no"])
    case = membership_cases.record_case_decision(case, actor=cast.secretariat)
    tokyo.refresh_from_db()
    assert (case.status, tokyo.relation) == (CaseStatus.DECLINED, Relation.MEMBER)


def test_the_coordinator_gives_notice_and_the_secretariat_records_the_withdrawal(cast, nus):
    coordinator = client_for(cast.coordinator_nus)
    response = coordinator.post(
        "/governance/membership-cases/withdraw/",
        {"institution": nus.pk, "effective_on": "2027-12-31", "reason": "Letter of 1 May."},
    )
    case = MembershipCase.objects.get()
    assert response["Location"] == f"/governance/membership-cases/{case.pk}/"
    # Tsinghua's coordinator may not give notice for NUS.
    other = client_for(cast.coordinator_tsinghua).post(
        "/governance/membership-cases/withdraw/",
        {"institution": nus.pk, "effective_on": "2027-12-31", "reason": "x"},
    )
    assert "Select a valid choice" in other.content.decode()
    assert (
        client_for(cast.coordinator_tsinghua)
        .get(f"/governance/membership-cases/{case.pk}/")
        .status_code
        == 404
    )
    client_for(cast.secretariat).post(f"/governance/membership-cases/{case.pk}/decide/", {})
    nus.refresh_from_db()
    case.refresh_from_db()
    assert (nus.relation, case.status) == (Relation.FORMER, CaseStatus.DONE)
    assert case.membership_event.date == datetime.date(2027, 12, 31)


def test_the_coordinator_takes_the_notice_back(cast, nus):
    case = membership_cases.give_withdrawal_notice(
        nus, actor=cast.coordinator_nus, reason="Letter.", effective_on=datetime.date(2027, 1, 1)
    )
    response = client_for(cast.coordinator_nus).post(
        f"/governance/membership-cases/{case.pk}/cancel/"
    )
    case.refresh_from_db()
    assert (response.status_code, case.status) == (302, CaseStatus.CANCELLED)


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_links_the_observer_motion_to_a_reviewed_application():
    from alliance.governance.services.demo import load_governance_demo
    from alliance.governance.services.demo_admissions import load_admissions_demo
    from alliance.members.services.demo import load_demo

    load_demo()
    load_governance_demo()
    application = AdmissionApplication.objects.get(ror_id="04855bv47")
    assert application.status == AdmissionStatus.AT_BOARD
    assert application.motion.title == (
        "Admission of the National University of Mongolia as an observer"
    )
    assert application.recommendations.count() == 2
    assert load_admissions_demo(actor=None) == {"applications": 0, "invoices": 0}
    assert AdmissionApplication.objects.count() == 1


def test_the_public_form_is_limited_per_address(cast, settings):
    from django.core.cache import cache

    from alliance.governance.views.admissions import SUBMISSIONS_PER_HOUR

    cache.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _n in range(SUBMISSIONS_PER_HOUR):
        client.post("/governance/apply/", {**FORM, "ror_id": "", "letter": letter()})
    response = client.post("/governance/apply/", {**FORM, "ror_id": "", "letter": letter()})
    assert "Too many applications from this address" in response.content.decode()
    assert AdmissionApplication.objects.count() == SUBMISSIONS_PER_HOUR
    cache.clear()
