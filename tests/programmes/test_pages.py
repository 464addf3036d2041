"""The pages: autosave of a draft, the applicant's page listing what is missing, the endorser's
page, the reviewer's anonymised sheet, the selection page with its reasons, the award letter,
and list pages whose query count does not grow with their rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.programmes.enums import ApplicationStatus, CallStatus, QuotaSide
from alliance.programmes.models import Application, Assignment, Call, Endorsement
from alliance.programmes.services.applications import request_endorsements
from alliance.programmes.services.calls import set_call_status, set_quota
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers, save_review
from alliance.programmes.services.selection import apply_suggestion
from tests.conftest import client_for
from tests.programmes.conftest import build_call, faculty, fill_draft, submitted


def test_autosave_keeps_what_is_typed_and_says_when(call, cast):
    client = client_for(cast.student)
    response = client.post(
        f"/programmes/calls/{call.pk}/apply/autosave/",
        {"title": "Half a title", "plan": "", "starts_on": "2027-04-05"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith("Draft saved at ")
    application = Application.objects.get(call=call, applicant=cast.student)
    assert (application.status, application.title) == (ApplicationStatus.DRAFT, "Half a title")
    assert application.starts_on == datetime.date(2027, 4, 5)


def test_autosave_of_a_bad_date_saves_nothing_and_says_why(call, cast):
    response = client_for(cast.student).post(
        f"/programmes/calls/{call.pk}/apply/autosave/", {"title": "T", "starts_on": "5th of April"}
    )
    assert response.status_code == 200
    assert "Not saved: Enter a valid date." in response.content.decode()
    assert not Application.objects.filter(call=call, applicant=cast.student).exists()


def test_the_apply_form_autosaves_with_htmx_and_has_no_inline_script(call, cast):
    html = client_for(cast.student).get(f"/programmes/calls/{call.pk}/apply/").content.decode()
    assert f'hx-post="/programmes/calls/{call.pk}/apply/autosave/"' in html
    assert 'hx-trigger="input changed delay:800ms, change"' in html
    assert "<script>" not in html


def test_the_applicants_page_lists_what_stops_the_submission(call, cast):
    client = client_for(cast.student)
    client.post(f"/programmes/calls/{call.pk}/apply/", {"title": "Visit"})
    application = Application.objects.get(call=call, applicant=cast.student)
    html = client.get(f"/programmes/applications/{application.pk}/").content.decode()
    assert "Before you can submit:" in html
    assert "<li>Choose your home institution.</li>" in html
    assert "<li>Upload the document “Curriculum vitae”.</li>" in html
    response = client.post(f"/programmes/applications/{application.pk}/submit/", follow=True)
    assert "Choose your home institution." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_endorser_sees_the_facts_not_the_answers_and_answers_once(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    secret = request_endorsements(application, actor=scholar)["host"]
    client = client_for(None)
    html = client.get(f"/programmes/endorse/{secret}/").content.decode()
    assert "Lectures on catalysis" in html
    assert "National University of Singapore" in html
    assert "Chemistry" not in html  # the answer to "Your field"
    assert "cv.pdf" not in html
    response = client.post(
        f"/programmes/endorse/{secret}/", {"approved": "yes", "comment": "Welcome"}
    )
    assert response.status_code == 302
    endorsement = Endorsement.objects.get(application=application, kind="host")
    assert (endorsement.approved, endorsement.comment) == (True, "Welcome")
    assert "You approved." in client.get(f"/programmes/endorse/{secret}/").content.decode()


def test_a_file_is_served_only_to_those_who_may_see_it(call, scholar, cast, nus, tsinghua):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    key = call.documents.get().key
    response = client_for(cast.coordinator_nus).get(
        f"/programmes/applications/{application.pk}/files/{key}/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert (
        client_for(cast.coordinator_tsinghua)
        .get(f"/programmes/applications/{application.pk}/files/{key}/")
        .status_code
        == 404
    )


def test_an_anonymised_review_hides_the_name_and_the_home(cast, scholar, nus, tsinghua):
    call = build_call(cast.secretariat, anonymised_review=True)
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    assign_reviewers(call, actor=cast.secretariat)
    assignment = Assignment.objects.get(application=application)
    html = client_for(cast.reviewer).get(f"/programmes/reviews/{assignment.pk}/").content.decode()
    assert f"Application {application.pk} (anonymised review)" in html
    assert scholar.full_name not in html
    assert "National University of Singapore" not in html
    assert "Tsinghua University" in html
    listing = client_for(cast.reviewer).get("/programmes/reviews/").content.decode()
    assert scholar.full_name not in listing


def test_a_reviewer_scores_through_the_page(call, cast, scholar, nus, tsinghua):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    assign_reviewers(call, actor=cast.secretariat)
    assignment = Assignment.objects.get(application=application)
    merit, fit = call.criteria.all()
    client = client_for(cast.reviewer)
    response = client.post(
        f"/programmes/reviews/{assignment.pk}/",
        {f"c{merit.pk}": "9", f"c{fit.pk}": "", "comment": "x", "submit": "1"},
    )
    assert response.status_code == 200
    assert "Give a score from 0 to 5." in response.content.decode()
    response = client.post(
        f"/programmes/reviews/{assignment.pk}/",
        {f"c{merit.pk}": "4", f"c{fit.pk}": "2", "comment": "Solid.", "submit": "1"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.comment == "Solid."


def test_the_selection_page_gives_the_reason_of_each_skip(cast, nus, tsinghua):
    call = build_call(cast.secretariat, reviewers_per_application=1)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    a = submitted(call, faculty("a@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    b = submitted(call, faculty("b@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    set_quota(call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=1)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    for application, score in ((a, 5), (b, 3)):
        assignment = Assignment.objects.get(application=application)
        save_review(
            assignment, actor=cast.reviewer, scores={merit.pk: score, fit.pk: score}, comment=""
        )
    html = (
        client_for(cast.secretariat).get(f"/programmes/calls/{call.pk}/selection/").content.decode()
    )
    assert "Not now: quota for the host reached" in html
    assert "Apply the suggestion" in html
    response = client_for(cast.secretariat).post(f"/programmes/calls/{call.pk}/selection/apply/")
    assert response.status_code == 302
    assert Application.objects.get(pk=a.pk).status == ApplicationStatus.AWARDED
    letter = client_for(a.applicant).get(f"/programmes/applications/{a.pk}/award-letter.pdf")
    assert letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF-")
    response = client_for(a.applicant).post(
        f"/programmes/applications/{a.pk}/award/", {"answer": "accept"}
    )
    assert Application.objects.get(pk=a.pk).status == ApplicationStatus.ACCEPTED


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["calls", "nominations", "ranking", "selection"])
def test_list_pages_make_as_many_queries_for_one_row_as_for_several(cast, nus, tsinghua, page):
    call = build_call(cast.secretariat, reviewers_per_application=1)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    merit, fit = call.criteria.all()

    def one_more(n):
        application = submitted(
            call, faculty(f"p{n}@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus
        )
        assign_reviewers(call, actor=cast.secretariat)
        assignment = Assignment.objects.get(application=application)
        save_review(
            assignment, actor=cast.reviewer, scores={merit.pk: n % 6, fit.pk: 3}, comment=""
        )

    urls = {
        "calls": "/programmes/",
        "nominations": f"/programmes/calls/{call.pk}/nominations/",
        "ranking": f"/programmes/calls/{call.pk}/ranking/",
        "selection": f"/programmes/calls/{call.pk}/selection/",
    }
    client = client_for(cast.secretariat)
    one_more(0)
    one = _queries(client, urls[page])
    for n in range(1, 5):
        one_more(n)
    assert _queries(client, urls[page]) == one


def test_applying_the_suggestion_after_the_call_closed_decides_once(cast, nus, tsinghua):
    call = build_call(cast.secretariat, reviewers_per_application=1, status=CallStatus.OPEN)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    a = submitted(call, faculty("a@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    save_review(
        Assignment.objects.get(application=a),
        actor=cast.reviewer,
        scores={merit.pk: 4, fit.pk: 4},
        comment="",
    )
    assert apply_suggestion(call, actor=cast.secretariat) == {"awarded": 1, "reserve": 0}
    assert apply_suggestion(call, actor=cast.secretariat) == {"awarded": 0, "reserve": 0}


def test_the_secretariat_makes_a_call_through_the_pages(cast):
    from alliance.programmes.models import Programme

    client = client_for(cast.secretariat)
    response = client.post(
        "/programmes/programmes/new/",
        {"kind": "staff_exchange", "name": "Staff Exchange", "description": "Offices visit."},
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Staff Exchange")
    response = client.post(
        "/programmes/calls/new/",
        {
            "programme": programme.pk,
            "cycle": "2027-2028",
            "time_zone": "Asia/Singapore",
            "opens_at": "2026-09-01T09:00",
            "closes_at": "2026-12-15T17:00",
            "activity_from": "2027-03-01",
            "activity_until": "2028-02-29",
            "eligible_categories": ["staff"],
            "min_working_days": "5",
            "needs_home_approval": "on",
            "needs_host_acceptance": "on",
            "awards": "15",
            "grant": "1500",
            "budget": "22500",
            "currency": "usd",
            "languages": "en, zh-hans",
            "reviewers_per_application": "2",
        },
    )
    call = Call.objects.get(programme=programme)
    assert response.status_code == 302
    assert response["Location"] == f"/programmes/calls/{call.pk}/edit/"
    assert call.closes_at == datetime.datetime(2026, 12, 15, 9, 0, tzinfo=datetime.UTC)
    assert (call.currency, call.languages) == ("USD", ["en", "zh-hans"])
    edit = client.get(f"/programmes/calls/{call.pk}/edit/").content.decode()
    assert 'value="2026-12-15T17:00"' in edit
    response = client.post(
        f"/programmes/calls/{call.pk}/add/question/",
        {"question-label": "Office", "question-kind": "choice", "question-choices": "One"},
    )
    assert response.status_code == 200
    assert "A choice question needs at least two choices." in response.content.decode()
    assert not call.questions.exists()
    response = client.post(
        f"/programmes/calls/{call.pk}/add/criterion/",
        {"criterion-name": "Merit", "criterion-weight": "2", "criterion-maximum": "5"},
    )
    assert response.status_code == 302
    assert list(call.criteria.values_list("name", "weight")) == [("Merit", 2)]


def test_the_persons_page_lists_what_programmes_ask_of_them(call, cast, scholar, nus, tsinghua):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    assign_reviewers(call, actor=cast.secretariat)
    client_for(cast.student).post(f"/programmes/calls/{call.pk}/apply/", {"title": "Visit"})
    student_page = client_for(cast.student).get("/dashboard/").content.decode()
    draft = Application.objects.get(call=call, applicant=cast.student)
    assert (
        f'<a href="/programmes/applications/{draft.pk}/">'
        "Finish and submit your application: Scholars Award 2027-2028</a>"
    ) in student_page
    reviewer_page = client_for(cast.reviewer).get("/dashboard/").content.decode()
    assert '<a href="/programmes/reviews/">1 review to write</a>' in reviewer_page
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_reviewer_opens_the_files_unless_the_review_is_anonymised(cast, scholar, nus, tsinghua):
    for anonymised in (False, True):
        call = build_call(
            cast.secretariat, anonymised_review=anonymised, name=f"Award {anonymised}"
        )
        application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
        add_panel_member(
            call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None
        )
        assign_reviewers(call, actor=cast.secretariat)
        assignment = Assignment.objects.get(application=application)
        key = call.documents.get().key
        client = client_for(cast.reviewer)
        sheet = client.get(f"/programmes/reviews/{assignment.pk}/").content.decode()
        download = client.get(f"/programmes/applications/{application.pk}/files/{key}/")
        link = f'href="/programmes/applications/{application.pk}/files/{key}/"'
        assert (link in sheet, download.status_code) == (
            ((False, 404)) if anonymised else (True, 200)
        )


def test_the_secretariat_records_a_reviewers_conflict_with_an_institution(call, cast, tsinghua):
    member = add_panel_member(
        call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None
    )
    client = client_for(cast.secretariat)
    url = f"/programmes/calls/{call.pk}/panel/conflict/"
    response = client.post(url, {"member": member.pk, "institution": "999999"}, follow=True)
    assert "Choose the reviewer and the institution." in response.content.decode()
    assert not call.conflicts.exists()
    client.post(url, {"member": member.pk, "institution": tsinghua.pk, "reason": "Alumnus"})
    conflict = call.conflicts.get()
    assert (conflict.reviewer, conflict.institution, conflict.reason) == (
        cast.reviewer,
        tsinghua,
        "Alumnus",
    )
