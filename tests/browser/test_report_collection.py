"""The yearly report figures in a browser: the coordinator fills the form (one number typed
with thousands separators, one figure withheld), the Secretariat raises a query, the
coordinator answers it, the Secretariat resolves it and accepts, and the head signs off."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alliance.reports.enums import SubmissionStatus, ValueState
from alliance.reports.models import Entry, Submission
from tests.browser.conftest import log_in
from tests.reports.collection_helpers import FIGURES, make_head, open_year

pytestmark = pytest.mark.browser


def test_figures_from_the_form_to_the_heads_sign_off(page, new_page, cast, tsinghua):
    head = make_head(tsinghua, "president@tsinghua.example.org", "Wang Xiqin")
    open_year(2026, cast.secretariat)
    form_url = f"/report/collections/2026/{tsinghua.slug}/"

    # The coordinator fills every figure; the total with a thousands separator, publications withheld.
    log_in(page, cast.coordinator_tsinghua)
    page.goto(form_url)
    expect(page.locator("h1")).to_have_text("Report figures 2026: Tsinghua University")
    for code, value in FIGURES.items():
        page.locator(f'[name="{code}__value"]').fill(str(value))
    page.locator('[name="STU_TOTAL__value"]').fill("36,000")
    page.locator('input[name="PUBLICATIONS__state"][value="withheld"]').check()
    page.locator('[name="PUBLICATIONS__value"]').fill("")
    page.locator('[name="PUBLICATIONS__comment"]').fill("Counted by the ministry only in June.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    page.get_by_role("button", name="Check and send to the Secretariat").click()
    expect(page.locator(".messages")).to_have_text(
        "Your figures are sent to the Secretariat for review."
    )
    expect(page.locator('[data-code="STU_TOTAL"]')).to_have_text("36,000")
    expect(page.locator('[data-code="PUBLICATIONS"]')).to_have_text("Withheld")

    # The Secretariat raises a query on the doctoral students.
    office = new_page()
    log_in(office, cast.secretariat)
    office.goto("/report/collections/2026/")
    office.get_by_role("link", name="Tsinghua University").click()
    office.get_by_label("Value asked about").select_option(label="Doctoral students")
    office.get_by_label("Question").fill("Do these include candidates writing up abroad?")
    office.get_by_role("button", name="Send the query").click()
    expect(office.locator("h1")).to_have_text("Query: Doctoral students")
    query_url = office.url

    # The coordinator answers it from the form page, correcting the value.
    page.goto(form_url)
    page.get_by_role("link", name="Doctoral students").click()
    page.get_by_label("Your answer").fill("Yes; without them we have 7,990, and the total 35,990.")
    page.get_by_label("Change the value").select_option(label="Value")
    page.get_by_label("New value").fill("7.990")
    page.get_by_role("button", name="Send the answer").click()
    # "7.990" on an English page is seven point nine nine: not a whole number of students.
    expect(page.locator(".errorlist")).to_contain_text("7.99 is not a whole number")
    page.get_by_label("New value").fill("7,990")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "Bachelor, master and doctoral students add up to 35,990, but the total is 36,000."
    )
    page.get_by_label("Change the value").select_option(label="Keep the value as it is")
    page.get_by_label("New value").fill("")
    page.get_by_label("Your answer").fill("Yes, they are included, as in every year before.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".messages")).to_have_text("Your answer is sent to the Secretariat.")
    expect(page.locator("[data-status]")).to_have_text("Answered, awaiting the Secretariat")

    # The Secretariat resolves the query and accepts.
    office.goto(query_url)
    expect(office.locator(".thread")).to_contain_text(
        "Yes, they are included, as in every year before."
    )
    office.get_by_role("button", name="Resolve the query").click()
    expect(office.locator("[data-status]")).to_have_text("Resolved")
    office.goto(f"/report/collections/2026/{tsinghua.slug}/review/")
    office.get_by_role("button", name="Accept the submission").click()
    expect(office.locator(".messages")).to_have_text(
        "Accepted. The head of the institution is asked to sign off."
    )

    # The head signs off from their page.
    president = new_page()
    log_in(president, head)
    president.goto("/report/collections/")
    president.get_by_role("link", name="Sign off").click()
    president.get_by_label("I confirm that these figures are correct.").check()
    president.get_by_role("button", name="Sign off the figures").click()
    expect(president.locator(".messages")).to_have_text("Signed off. The figures are now locked.")
    expect(president.locator("[data-signed]")).to_contain_text("Signed off by Wang Xiqin on")

    submission = Submission.objects.get(institution=tsinghua)
    assert (submission.status, submission.head_name) == (SubmissionStatus.SIGNED_OFF, "Wang Xiqin")
    publications = Entry.objects.get(submission=submission, code="PUBLICATIONS")
    assert (publications.state, publications.value) == (ValueState.WITHHELD, None)
    assert Entry.objects.get(submission=submission, code="STU_TOTAL").typed == "36,000"
