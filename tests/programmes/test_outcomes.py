"""After the activity: the awardee's report (saved, submitted, sent back, accepted), its files
judged by their content, the host's review by link, the daily reminders (sent once), the
certificate and its public check, the grant's payment, the pages, the dashboard and the API."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from alliance.core.enums import TokenScope
from alliance.core.models import AuditEntry
from alliance.programmes.certificate_pdf import certificate_pdf
from alliance.programmes.engine.deadlines import reminder_moment
from alliance.programmes.enums import GrantStatus, ReportStage, ReportStatus
from alliance.programmes.models import ActivityReport, Certificate, HostReview, OutcomeReminder
from alliance.programmes.outcome_queries import outcome_of, outcome_tasks
from alliance.programmes.services import grants
from alliance.programmes.services.outcomes import (
    accept_report,
    add_report_file,
    certificate_by_code,
    request_host_review,
    return_report,
    save_report,
    submit_host_review,
    submit_report,
)
from alliance.programmes.services.reminders import send_outcome_reminders
from tests.conftest import client_for
from tests.programmes.awards import accepted_award, certified_award, written_report
from tests.programmes.conftest import PDF, faculty
from tests.test_api import bearer

TODAY = timezone.localdate
READ = TokenScope.PROGRAMMES_READ


@pytest.fixture
def award(cast, nus, tsinghua, scholar):
    return accepted_award(cast.secretariat, scholar, nus, tsinghua, ended_days_ago=5)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """The daily run on a given day, its e-mails sent as they are once it commits."""

    def run(today: datetime.date) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return send_outcome_reminders(today=today)

    return run


# --- the report ------------------------------------------------------------------------------


def test_an_incomplete_report_is_refused_with_every_problem_and_keeps_what_was_written(award):
    save_report(award, actor=award.applicant, data={"summary": "Lectures."})
    with pytest.raises(ValidationError) as caught:
        submit_report(award, actor=award.applicant)
    assert set(caught.value.message_dict) == {"actual_starts_on", "outcomes"}
    report = ActivityReport.objects.get(application=award)
    assert (report.status, report.summary) == (ReportStatus.DRAFT, "Lectures.")


def test_a_report_of_an_activity_still_to_come_is_refused(cast, nus, tsinghua, scholar):
    award = accepted_award(cast.secretariat, scholar, nus, tsinghua, ended_days_ago=-3)
    written_report(award)
    with pytest.raises(ValidationError) as caught:
        submit_report(award, actor=scholar)
    assert caught.value.message_dict == {
        "actual_ends_on": ["The report is sent after the activity; its last day is still to come."]
    }


def test_dates_in_the_wrong_order_are_refused(award):
    with pytest.raises(ValidationError) as caught:
        save_report(
            award,
            actor=award.applicant,
            data={"actual_starts_on": TODAY(), "actual_ends_on": TODAY() - days(3)},
        )
    assert caught.value.message_dict == {
        "actual_ends_on": ["The activity must end after it starts."]
    }
    assert not ActivityReport.objects.filter(application=award).exists()


def test_only_the_awardee_writes_the_report(award, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        save_report(award, actor=cast.secretariat, data={"summary": "Not mine."})


def test_sent_back_then_accepted_the_report_gives_a_certificate(
    award, cast, django_capture_on_commit_callbacks
):
    written_report(award)
    submit_report(award, actor=award.applicant)
    with pytest.raises(ValidationError):
        save_report(award, actor=award.applicant, data={"summary": "Changed after submitting."})
    with pytest.raises(ValidationError) as caught:
        return_report(award, actor=cast.secretariat, reason="  ")
    assert caught.value.message_dict == {"reason": ["Say why the report goes back."]}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return_report(award, actor=cast.secretariat, reason="Add the seminar's outcomes.")
    report = ActivityReport.objects.get(application=award)
    assert (report.status, report.return_reason) == (
        ReportStatus.RETURNED,
        "Add the seminar's outcomes.",
    )
    assert [m.subject for m in mail.outbox] == [
        f"Your activity report for {award.call} was sent back"
    ]
    assert "Add the seminar's outcomes." in mail.outbox[0].body
    save_report(award, actor=award.applicant, data={"outcomes": "A joint paper in preparation."})
    submit_report(award, actor=award.applicant)
    certificate = accept_report(award, actor=cast.secretariat)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert (certificate.holder_name, certificate.programme_name, certificate.host_name) == (
        "wong",
        "Scholars Award",
        "Tsinghua University",
    )
    assert (certificate.starts_on, certificate.ends_on) == (award.starts_on, award.ends_on)
    assert len(certificate.code) == 14
    assert certificate.code[4] == certificate.code[9] == "-"
    actions = list(
        AuditEntry.objects.filter(action__startswith="programmes.report.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("programmes.report.submit") == 2
    assert "programmes.report.return" in actions
    assert "programmes.report.accept" in actions
    assert AuditEntry.objects.filter(action="programmes.certificate.issue").count() == 1
    with pytest.raises(ValidationError):
        accept_report(award, actor=cast.secretariat)


def test_a_file_is_judged_by_its_content_not_its_name(award):
    fake = SimpleUploadedFile("photos.pdf", b"just some text", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        add_report_file(award, actor=award.applicant, upload=fake)
    assert caught.value.message_dict == {
        "file": [
            "Only a PDF document or a JPEG or PNG image is accepted; this file is none of them."
        ]
    }
    assert not ActivityReport.objects.filter(application=award, files__isnull=False).exists()
    stored = add_report_file(
        award, actor=award.applicant, upload=SimpleUploadedFile("programme.pdf", PDF)
    )
    assert (stored.name, stored.content_type) == ("programme.pdf", "application/pdf")


def test_a_report_has_at_most_five_files(award):
    for n in range(5):
        add_report_file(award, actor=award.applicant, upload=SimpleUploadedFile(f"{n}.pdf", PDF))
    with pytest.raises(ValidationError) as caught:
        add_report_file(award, actor=award.applicant, upload=SimpleUploadedFile("6.pdf", PDF))
    assert caught.value.message_dict == {
        "file": ["A report has at most 5 files; remove one first."]
    }


# --- stages and reminders --------------------------------------------------------------------


def test_the_stage_follows_the_due_date_and_the_report(award, cast):
    due = award.ends_on + days(30)
    assert outcome_of(award, award.ends_on).stage == ReportStage.UPCOMING
    assert outcome_of(award, due).stage == ReportStage.DUE
    assert outcome_of(award, due + days(1)).stage == ReportStage.OVERDUE
    written_report(award)
    submit_report(award, actor=award.applicant)
    award.refresh_from_db()
    assert outcome_of(award, due + days(9)).stage == ReportStage.SUBMITTED


def test_the_reminder_moments(award):
    due = datetime.date(2027, 5, 31)
    assert reminder_moment(due - days(8), due) is None
    assert reminder_moment(due - days(7), due) == "week_before"
    assert reminder_moment(due - days(1), due) == "week_before"
    assert reminder_moment(due, due) == "due_day"
    assert reminder_moment(due + days(1), due) == "overdue"
    assert reminder_moment(due + days(7), due) == "overdue_week"
    assert reminder_moment(due + days(70), due) == "overdue_week"


def test_reminders_go_once_each_and_running_twice_sends_nothing_new(award, remind):
    due = award.ends_on + days(30)
    mail.outbox.clear()
    first = remind(due - days(7))
    assert first == {"host_review_requests": 1, "report_reminders": 1, "host_review_reminders": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["host@example.org", "wong@nus.example.org"]
    assert remind(due - days(7)) == dict.fromkeys(first, 0)
    assert remind(due - days(3)) == dict.fromkeys(first, 0)
    assert len(mail.outbox) == 2
    on_the_day = remind(due)
    assert on_the_day == {
        "host_review_requests": 0,
        "report_reminders": 1,
        "host_review_reminders": 1,
    }
    assert remind(due) == dict.fromkeys(first, 0)
    subjects = sorted(m.subject for m in mail.outbox[2:])
    assert subjects == [
        "Reminder: your review of the visit of wong",
        f"Your activity report for {award.call} is due on {date_format(due)}",
    ]
    recorded = set(OutcomeReminder.objects.values_list("subject", "moment"))
    assert recorded == {
        ("report", "week_before"),
        ("host_review", "week_before"),
        ("report", "due_day"),
        ("host_review", "due_day"),
    }


def test_no_reminder_once_the_report_and_the_review_are_in(award, remind):
    due = award.ends_on + days(30)
    remind(award.ends_on + days(1))
    written_report(award)
    submit_report(award, actor=award.applicant)
    submit_host_review(HostReview.objects.get(application=award), data={"objectives_met": "fully"})
    mail.outbox.clear()
    assert remind(due + days(1)) == {
        "host_review_requests": 0,
        "report_reminders": 0,
        "host_review_reminders": 0,
    }
    assert mail.outbox == []


def test_an_overdue_report_is_reminded_the_day_after_and_a_week_after(award, remind):
    due = award.ends_on + days(30)
    remind(award.ends_on + days(1))  # the host is asked
    mail.outbox.clear()
    assert remind(due + days(1))["report_reminders"] == 1
    assert remind(due + days(7))["report_reminders"] == 1
    assert remind(due + days(30))["report_reminders"] == 0
    overdue = [m for m in mail.outbox if m.to == ["wong@nus.example.org"]]
    assert [m.subject for m in overdue] == [f"Your activity report for {award.call} is overdue"] * 2


# --- the host's review -----------------------------------------------------------------------


def test_the_host_reviews_by_the_link_once_and_a_new_link_replaces_the_old(award):
    _review, old = request_host_review(award, actor=None)
    review, secret = request_host_review(award, actor=None)
    assert Client().get(f"/programmes/host-review/{old}/").status_code == 404
    page = Client().get(f"/programmes/host-review/{secret}/")
    assert page.status_code == 200
    assert "Were the visit&#x27;s objectives met?" in page.content.decode()
    response = Client().post(
        f"/programmes/host-review/{secret}/",
        {"objectives_met": "fully", "would_host_again": "yes", "contribution": "Six lectures."},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.objectives_met, review.would_host_again, review.contribution) == (
        "fully",
        True,
        "Six lectures.",
    )
    again = Client().post(
        f"/programmes/host-review/{secret}/",
        {"objectives_met": "not_met", "would_host_again": "no"},
    )
    assert "Your review was received on" in again.content.decode()
    review.refresh_from_db()
    assert review.objectives_met == "fully"
    with pytest.raises(ValidationError):
        request_host_review(award, actor=None)


def test_a_host_with_an_account_sees_the_review_on_their_dashboard(cast, nus, tsinghua, scholar):
    award = accepted_award(cast.secretariat, scholar, nus, tsinghua)
    award.host_contact_email = cast.coordinator_tsinghua.email
    award.save()
    review, _secret = request_host_review(award, actor=None)
    (task,) = outcome_tasks(cast.coordinator_tsinghua)
    assert (task.label, task.url) == (
        "Review the visit of wong",
        f"/programmes/host-reviews/{review.pk}/",
    )
    assert client_for(cast.coordinator_tsinghua).get(task.url).status_code == 200
    assert client_for(cast.coordinator_nus).get(task.url).status_code == 404


# --- dashboard tasks -------------------------------------------------------------------------


def test_the_dashboard_asks_for_the_report_and_the_secretariat_to_accept_it(award, cast):
    due = award.ends_on + days(30)
    (task,) = outcome_tasks(award.applicant)
    assert task.label == (f"Send your activity report for {award.call} by {date_format(due)}")
    assert task.url == f"/programmes/applications/{award.pk}/outcome/"
    assert outcome_tasks(cast.secretariat) == []
    written_report(award)
    submit_report(award, actor=award.applicant)
    assert outcome_tasks(award.applicant) == []
    (task,) = outcome_tasks(cast.secretariat)
    assert (task.label, task.url) == (
        "1 activity report to accept",
        "/programmes/outcomes/?stage=submitted",
    )


# --- the certificate -------------------------------------------------------------------------


def test_the_certificate_is_a_pdf_with_the_name_and_the_code(cast, nus, tsinghua):
    scholar = faculty("wang@nus.example.org")
    scholar.full_name = "王小明 Wang Xiaoming"
    scholar.save()
    _award, certificate = certified_award(cast.secretariat, scholar, nus, tsinghua)
    text = PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()
    assert "Wang Xiaoming" in text
    assert "王小明" in text
    assert certificate.code in text


def test_the_certificate_in_arabic_reads_right_to_left(cast, nus, tsinghua, scholar):
    from django.template.loader import render_to_string
    from django.utils import translation

    scholar.language = "ar"
    scholar.save()
    _award, certificate = certified_award(cast.secretariat, scholar, nus, tsinghua)
    data = certificate_pdf(certificate)
    assert data.startswith(b"%PDF-")
    with translation.override("ar"):
        html = render_to_string(
            "programmes/pdf/certificate.html",
            {"certificate": certificate, "document_language": "ar", "document_direction": "rtl"},
        )
    assert '<html lang="ar" dir="rtl">' in html


def test_the_certificate_downloads_for_the_awardee_and_not_before_it_is_issued(
    award, cast, nus, tsinghua
):
    url = f"/programmes/applications/{award.pk}/certificate.pdf"
    assert client_for(award.applicant).get(url).status_code == 404
    written_report(award)
    submit_report(award, actor=award.applicant)
    accept_report(award, actor=cast.secretariat)
    response = client_for(award.applicant).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF-")
    assert client_for(cast.coordinator_tsinghua).get(url).status_code == 404


def test_the_public_check_says_genuine_with_the_facts_and_nothing_more(
    cast, nus, tsinghua, scholar
):
    award, certificate = certified_award(cast.secretariat, scholar, nus, tsinghua)
    response = Client().get(f"/programmes/certificates/{certificate.code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Certificate {certificate.code} is genuine." in page
    for fact in ("wong", "Scholars Award", "Tsinghua University"):
        assert fact in page
    for secret in (scholar.email, "2500", "National University of Singapore", award.title):
        assert secret not in page
    typed = certificate.code.replace("-", "").lower()
    assert certificate_by_code(typed) == certificate
    unknown = Client().get("/programmes/certificates/AAAA-BBBB-CCCC/")
    assert unknown.status_code == 404
    assert "No certificate was issued with the code “AAAA-BBBB-CCCC”." in unknown.content.decode()


# --- the grant's payment ---------------------------------------------------------------------


def test_a_grant_is_requested_approved_and_paid_in_parts(award, cast):
    actor = cast.secretariat
    grant = grants.request_grant(award, actor=actor)
    assert (grant.status, grant.requested_amount, grant.currency) == (
        GrantStatus.REQUESTED,
        Decimal("2500.00"),
        "USD",
    )
    with pytest.raises(ValidationError):
        grants.request_grant(award, actor=actor)
    with pytest.raises(ValidationError) as caught:
        grants.approve_grant(grant, actor=actor, amount="3000")
    assert caught.value.message_dict == {
        "amount": ["At most the amount requested, 2500.00 USD, is approved."]
    }
    grants.approve_grant(grant, actor=actor, amount="2000")
    grants.record_payment(grant, actor=actor, amount="1500", paid_on=TODAY(), reference="T-1")
    grant.refresh_from_db()
    assert (grant.status, grant.paid_total) == (GrantStatus.PARTLY_PAID, Decimal("1500"))
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(grant, actor=actor, amount="600", paid_on=TODAY())
    assert caught.value.message_dict == {
        "amount": ["This is more than remains to pay: 500.00 USD of the 2000.00 USD approved."]
    }
    grants.record_payment(grant, actor=actor, amount="500.00", paid_on=TODAY())
    grant.refresh_from_db()
    assert (grant.status, grant.paid_total) == (GrantStatus.PAID, Decimal("2000"))
    with pytest.raises(ValidationError):
        grants.record_payment(grant, actor=actor, amount="0.01", paid_on=TODAY())
    with pytest.raises(ValidationError):
        grants.cancel_grant(grant, actor=actor, reason="Too late.")
    assert AuditEntry.objects.filter(action="programmes.grant.pay").count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "The amount must be more than zero."),
        ("0", "The amount must be more than zero."),
        ("12.345", "Amounts have at most two decimals."),
        ("lots", "Write the amount as a number, e.g. 1500.00."),
        ("NaN", "The amount must be more than zero."),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_paid(award, cast, amount, message):
    grant = grants.request_grant(award, actor=cast.secretariat)
    grants.approve_grant(grant, actor=cast.secretariat)
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(grant, actor=cast.secretariat, amount=amount, paid_on=TODAY())
    assert caught.value.message_dict == {"amount": [message]}
    assert grant.payments.count() == 0


def test_a_payment_in_the_future_and_a_payment_before_approval_are_refused(award, cast):
    grant = grants.request_grant(award, actor=cast.secretariat)
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(grant, actor=cast.secretariat, amount="100", paid_on=TODAY())
    assert caught.value.messages == [
        "A payment that is “Requested” takes no payment; approve it first."
    ]
    grants.approve_grant(grant, actor=cast.secretariat)
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(
            grant, actor=cast.secretariat, amount="100", paid_on=TODAY() + days(1)
        )
    assert caught.value.message_dict == {"paid_on": ["A payment cannot be dated in the future."]}


def test_a_cancelled_request_says_why_and_may_be_made_again(award, cast):
    grant = grants.request_grant(award, actor=cast.secretariat)
    with pytest.raises(ValidationError):
        grants.cancel_grant(grant, actor=cast.secretariat, reason=" ")
    grant = grants.cancel_grant(grant, actor=cast.secretariat, reason="Visit postponed.")
    assert (grant.status, grant.cancel_reason) == (GrantStatus.CANCELLED, "Visit postponed.")
    grant = grants.request_grant(award, actor=cast.secretariat, amount="1200")
    assert (grant.status, grant.requested_amount, grant.cancel_reason) == (
        GrantStatus.REQUESTED,
        Decimal("1200"),
        "",
    )


def test_an_overpayment_through_the_page_shows_the_error_and_changes_nothing(award, cast):
    grant = grants.request_grant(award, actor=cast.secretariat)
    grants.approve_grant(grant, actor=cast.secretariat)
    url = f"/programmes/applications/{award.pk}/grant/"
    client = client_for(cast.secretariat)
    for amount, message in (
        ("2600", "This is more than remains to pay: 2500.00 USD of the 2500.00 USD approved."),
        ("-5", "The amount must be more than zero."),
    ):
        response = client.post(url, {"action": "pay", "amount": amount, "paid_on": TODAY()})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert grant.payments.count() == 0
    response = client.post(url, {"action": "pay", "amount": "2500", "paid_on": TODAY()})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PAID


def test_the_awardee_and_their_coordinator_see_the_payment_others_do_not(award, cast):
    grant = grants.request_grant(award, actor=cast.secretariat)
    grants.approve_grant(grant, actor=cast.secretariat)
    grants.record_payment(grant, actor=cast.secretariat, amount="1000", paid_on=TODAY())
    url = f"/programmes/applications/{award.pk}/outcome/"
    for user in (award.applicant, cast.coordinator_nus, cast.secretariat):
        page = client_for(user).get(url).content.decode()
        assert "Partly paid" in page
        assert "1000.00 USD" in page
    assert "Record the payment" not in client_for(award.applicant).get(url).content.decode()
    assert client_for(cast.coordinator_tsinghua).get(url).status_code == 404
    assert client_for(cast.reviewer).get(url).status_code == 403


# --- pages -----------------------------------------------------------------------------------


def test_the_awardee_writes_and_submits_through_the_page_and_a_bad_file_is_refused(award, cast):
    client = client_for(award.applicant)
    base = f"/programmes/applications/{award.pk}"
    response = client.post(f"{base}/report/", {"summary": "Lectures.", "submit": "1"})
    assert response.status_code == 200
    assert "Say what came of the activity." in response.content.decode()
    assert ActivityReport.objects.get(application=award).summary == "Lectures."
    fake = SimpleUploadedFile("slides.png", b"not an image at all")
    response = client.post(f"{base}/report/upload/", {"file": fake})
    assert "this file is none of them" in response.content.decode()
    response = client.post(
        f"{base}/report/",
        {
            "actual_starts_on": award.starts_on.isoformat(),
            "actual_ends_on": award.ends_on.isoformat(),
            "summary": "Lectures.",
            "outcomes": "A proposal.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    assert ActivityReport.objects.get(application=award).status == ReportStatus.SUBMITTED
    response = client_for(cast.secretariat).post(f"{base}/report/decide/", {"decision": "accept"})
    assert response.status_code == 302
    assert Certificate.objects.filter(application=award).exists()


def test_the_list_of_awards_filters_by_stage_and_pins_its_queries(cast, nus, tsinghua):
    client = client_for(cast.secretariat)
    first = accepted_award(cast.secretariat, faculty("a@nus.example.org"), nus, tsinghua)
    grants.request_grant(first, actor=cast.secretariat)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/programmes/outcomes/").status_code == 200
    awards = [
        accepted_award(
            cast.secretariat, faculty(f"{n}@nus.example.org"), nus, tsinghua, name=f"Call {n}"
        )
        for n in range(3)
    ]
    grant = grants.request_grant(awards[0], actor=cast.secretariat)
    grants.approve_grant(grant, actor=cast.secretariat)
    grants.record_payment(grant, actor=cast.secretariat, amount="10", paid_on=TODAY())
    written_report(awards[1])
    submit_report(awards[1], actor=awards[1].applicant)
    with CaptureQueriesContext(connection) as several:
        page = client.get("/programmes/outcomes/").content.decode()
    assert len(several) == len(one)
    assert page.count("/outcome/") == 4
    assert "Partly paid · 10.00 / 2500.00 USD" in page
    submitted = client.get("/programmes/outcomes/?stage=submitted").content.decode()
    assert submitted.count("/outcome/") == 1
    assert f"/programmes/applications/{awards[1].pk}/outcome/" in submitted
    mine = client_for(cast.coordinator_tsinghua).get("/programmes/outcomes/").content.decode()
    assert "/outcome/" not in mine


def test_a_call_keeps_its_report_delay(cast):
    from tests.programmes.conftest import build_call

    assert build_call(cast.secretariat).report_due_days == 30
    assert build_call(cast.secretariat, name="Staff", report_due_days=45).report_due_days == 45


# --- the API ---------------------------------------------------------------------------------


def test_the_api_lists_awards_with_report_certificate_and_payment(cast, nus, tsinghua, scholar):
    award, certificate = certified_award(cast.secretariat, scholar, nus, tsinghua)
    other = accepted_award(
        cast.secretariat, faculty("b@tsinghua.example.org"), tsinghua, nus, name="Other"
    )
    grant = grants.request_grant(award, actor=cast.secretariat)
    grants.approve_grant(grant, actor=cast.secretariat)
    grants.record_payment(grant, actor=cast.secretariat, amount="2500", paid_on=TODAY())

    def items(user):
        response = Client(headers=bearer(user, READ)).get("/api/v1/programmes/awards")
        assert response.status_code == 200
        return {i["id"]: i for i in response.json()["items"]}

    mine = items(scholar)
    assert list(mine) == [award.pk]
    item = mine[award.pk]
    assert item["report"]["stage"] == "accepted"
    assert item["certificate"]["code"] == certificate.code
    assert item["payment"]["status"] == "paid"
    assert (item["payment"]["approved"], item["payment"]["paid"]) == ("2500.00", "2500.00")
    assert item["host_review_received"] is False
    assert set(items(cast.secretariat)) == {award.pk, other.pk}
    assert set(items(cast.coordinator_nus)) == {award.pk}
    assert items(cast.coordinator_tsinghua)[other.pk]["report"]["stage"] == "due"
    assert items(cast.coordinator_tsinghua)[other.pk]["payment"] is None


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_has_awards_after_their_activity_in_every_state_and_loads_once(db):
    from alliance.members.services.demo import load_demo
    from alliance.programmes.models import Application, Grant
    from alliance.programmes.outcome_queries import with_outcomes
    from alliance.programmes.services.demo import load_outcomes_demo, load_programmes_demo

    load_demo()
    load_programmes_demo()
    first = load_outcomes_demo()
    assert first == {"calls": 2, "awards": 13, "reports": 8, "certificates": 3, "payments": 3}
    awards = Application.objects.filter(call__cycle="2026-2027").select_related("call", "report")
    stages = {a.outcome.stage for a in with_outcomes(awards)}
    assert stages == set(ReportStage.values)
    assert set(Grant.objects.values_list("status", flat=True)) == {
        GrantStatus.REQUESTED,
        GrantStatus.APPROVED,
        GrantStatus.PARTLY_PAID,
        GrantStatus.PAID,
    }
    assert HostReview.objects.filter(submitted_at__isnull=False).count() == 6
    assert OutcomeReminder.objects.filter(moment="overdue_week").exists()
    scholar = Application.objects.get(
        call__cycle="2026-2027", applicant__email="scholar@demo.alliance.invalid"
    )
    assert outcome_of(scholar).stage == ReportStage.DUE
    host = HostReview.objects.get(application=scholar)
    assert host.email == "coordinator.tsinghua@demo.alliance.invalid"
    assert load_outcomes_demo() == dict.fromkeys(first, 0)


def test_the_api_list_of_awards_pins_its_queries(cast, nus, tsinghua):
    first = accepted_award(cast.secretariat, faculty("a@nus.example.org"), nus, tsinghua)
    grants.request_grant(first, actor=cast.secretariat)
    headers = bearer(cast.secretariat, READ)  # a fresh token each time: its first use is noted
    with CaptureQueriesContext(connection) as one:
        assert Client(headers=headers).get("/api/v1/programmes/awards").json()["count"] == 1
    for n in range(3):
        award = accepted_award(
            cast.secretariat, faculty(f"{n}@nus.example.org"), nus, tsinghua, name=f"Call {n}"
        )
        grant = grants.request_grant(award, actor=cast.secretariat)
        grants.approve_grant(grant, actor=cast.secretariat)
        grants.record_payment(grant, actor=cast.secretariat, amount="100", paid_on=TODAY())
        written_report(award)
    headers = bearer(cast.secretariat, READ)
    with CaptureQueriesContext(connection) as several:
        assert Client(headers=headers).get("/api/v1/programmes/awards").json()["count"] == 4
    assert len(several) == len(one)
