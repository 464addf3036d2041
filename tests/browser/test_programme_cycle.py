"""A Scholars Award in a browser, from opening the call to the certificate: the Secretariat opens
the call, the applicant asks for the endorsements and submits, the endorsers answer by their
e-mailed links, a reviewer scores, the Secretariat closes the call and applies the suggested
selection, the awardee accepts and reports on the visit, the Secretariat accepts the report,
and the certificate (a PDF with the awardee's name) downloads and checks as genuine."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from alliance.programmes.enums import CallStatus
from alliance.programmes.models import Application, Assignment, Certificate
from alliance.programmes.services.nominations import nominate
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers
from tests.browser.conftest import log_in
from tests.programmes.conftest import build_call, faculty, fill_draft

pytestmark = pytest.mark.browser


def test_from_opening_a_call_to_a_genuine_certificate(page, new_page, cast, nus, tsinghua):
    today = timezone.localdate()
    end = today - datetime.timedelta(days=5)
    start = end - datetime.timedelta(days=20)
    call = build_call(
        cast.secretariat,
        status=CallStatus.DRAFT,
        activity_from=start - datetime.timedelta(days=30),
        activity_until=today + datetime.timedelta(days=60),
    )
    scholar = faculty("wong@nus.example.org")
    scholar.full_name = "Wong Mei Ling"
    scholar.save()

    # The Secretariat opens the call.
    office = new_page()
    log_in(office, cast.secretariat)
    office.goto(f"/programmes/calls/{call.pk}/")
    office.get_by_role("button", name="Open for applications").click()
    expect(office.locator("main .badge").first).to_have_text("Open")

    # The applicant's draft is written (not the point here); they ask for the endorsements.
    call.refresh_from_db()
    application = fill_draft(call, scholar, nus, tsinghua, starts_on=start, ends_on=end)
    log_in(page, scholar)
    page.goto(f"/programmes/applications/{application.pk}/")
    mail.outbox.clear()
    page.get_by_role("button", name="Ask for the endorsements by e-mail").click()
    expect(page.locator(".messages")).to_contain_text("The requests are sent by e-mail.")

    # Each endorser answers through the link in their e-mail, without an account.
    links = [re.search(r"/programmes/endorse/[^/\s]+/", m.body).group(0) for m in mail.outbox]
    assert len(links) == 2
    endorser = new_page()
    for link in links:
        endorser.goto(link)
        endorser.get_by_label("Yes, I approve").check()
        endorser.get_by_role("button", name="Send my answer").click()
        expect(endorser.locator("main")).to_contain_text("You approved.")

    page.reload()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".messages")).to_contain_text("Your application is submitted.")

    # The home nominates and the panel is set (services); the reviewer scores in the browser.
    nominate(Application.objects.get(pk=application.pk), actor=cast.coordinator_nus)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    assign_reviewers(call, actor=cast.secretariat)
    assignment = Assignment.objects.get(application=application)
    reviewer = new_page()
    log_in(reviewer, cast.reviewer)
    reviewer.goto(f"/programmes/reviews/{assignment.pk}/")
    reviewer.get_by_label(re.compile(r"^Merit")).fill("5")
    reviewer.get_by_label(re.compile(r"^Fit")).fill("4")
    reviewer.get_by_role("button", name="Submit the review").click()
    expect(reviewer.locator(".messages")).to_be_visible()

    # The Secretariat closes the call and applies the suggested selection.
    office.goto(f"/programmes/calls/{call.pk}/")
    office.get_by_role("button", name="Close to applications").click()
    office.goto(f"/programmes/calls/{call.pk}/selection/")
    office.get_by_role("button", name="Apply the suggestion").click()
    expect(office.locator(".messages")).to_contain_text("1 awarded, 0 on the reserve list.")

    # The awardee accepts and reports on the visit.
    page.goto(f"/programmes/applications/{application.pk}/")
    page.get_by_role("button", name="Accept the award").click()
    expect(page.locator(".messages")).to_contain_text("You accepted the award.")
    page.get_by_role("link", name="After the activity: report, certificate and payment").click()
    page.get_by_label("First day of the activity (as it happened)").fill(start.isoformat())
    page.get_by_label("Last day of the activity (as it happened)").fill(end.isoformat())
    page.get_by_label("What was done").fill("Six lectures on catalysis and a joint seminar.")
    page.get_by_label("Outcomes").fill("A joint proposal to the national foundation.")
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator(".messages")).to_contain_text(
        "Your report is submitted to the Secretariat."
    )

    # The Secretariat accepts the report: the certificate is issued.
    office.goto(f"/programmes/applications/{application.pk}/outcome/")
    expect(office.locator("main")).to_contain_text("Six lectures on catalysis")
    office.get_by_role("button", name="Accept the report").click()
    expect(office.locator(".messages")).to_contain_text(
        "The report is accepted and the certificate issued."
    )

    # The awardee downloads the certificate: a PDF with their name and its code.
    page.reload()
    link = page.get_by_role("link", name="Download the certificate (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    code = Certificate.objects.get(application=application).code
    assert "Wong Mei Ling" in text
    assert code in text

    # Anyone may check it.
    endorser.goto(f"/programmes/certificates/{code}/")
    expect(endorser.locator("main")).to_contain_text(f"Certificate {code} is genuine.")
    expect(endorser.locator("main")).to_contain_text("Wong Mei Ling")
