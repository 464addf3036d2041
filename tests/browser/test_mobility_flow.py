"""A semester exchange in a browser, from application to a learning agreement signed by three:
the student applies, the Secretariat closes the round, allocates by TS-TTC and publishes, the
student accepts and lists courses, and the student, the home and the host each sign."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alliance.members.enums import Role
from alliance.mobility.models import Mobility
from alliance.mobility.services.rounds import submit_application
from tests.browser.conftest import log_in
from tests.conftest import make_user
from tests.mobility.conftest import build_round

pytestmark = pytest.mark.browser


def test_from_application_to_a_signed_learning_agreement(page, new_page, cast, tsinghua, nus):
    round_ = build_round(cast.secretariat, [tsinghua, nus], places=1)
    partner = make_user("swap@students.tsinghua.example.org", Role.APPLICANT)
    submit_application(round_, actor=partner, home=tsinghua, study_level="6", hosts=[nus])

    # The student applies from NUS to Tsinghua.
    log_in(page, cast.student)
    page.goto(f"/mobility/rounds/{round_.pk}/")
    page.get_by_role("link", name="Apply").click()
    page.get_by_label("Home university").select_option(label=nus.name)
    page.get_by_label(re.compile(r"^Choice 1\b:?$")).select_option(label=tsinghua.name)
    page.get_by_role("button", name="Save my application").click()
    expect(page.locator("main")).to_contain_text("Your application")

    # The Secretariat closes the round, allocates by TS-TTC (the default) and publishes.
    office = new_page()
    log_in(office, cast.secretariat)
    office.goto(f"/mobility/rounds/{round_.pk}/")
    office.get_by_role("button", name="Close to applications").click()
    office.get_by_role("link", name="Allocation runs").click()
    office.get_by_role("button", name="Run").click()
    office.get_by_role("link", name=re.compile(r"^#\d+ ts-ttc$")).click()
    expect(office.locator("main")).to_contain_text("2 of 2 applicants placed")
    office.get_by_role("button", name="Publish this run to students and coordinators").click()
    expect(office.locator("main")).to_contain_text("Results published")

    # The student accepts and lists the courses at the host; one line is wrong at first.
    page.goto(f"/mobility/rounds/{round_.pk}/")
    expect(page.locator("main")).to_contain_text(f"You have a place at {tsinghua.name}.")
    page.get_by_role("button", name="Accept the place").click()
    page.get_by_role("link", name="Your mobility: dates and learning agreement").click()
    page.get_by_role("link", name="List the courses").click()
    courses = page.get_by_label("Courses at the host")
    courses.fill("CS101 | Algorithms | six | Fall")
    page.get_by_role("button", name="Save the courses").click()
    expect(page.locator(".errorlist")).to_contain_text("“six” is not a number of credits")
    courses.fill("CS101 | Algorithms | 6 | Fall\n | 中文入门 | 4.5 | Fall")
    page.get_by_role("button", name="Save the courses").click()
    expect(page.locator("main table")).to_contain_text("中文入门")
    page.get_by_role("button", name="Sign as Student").click()
    expect(page.locator(".messages")).to_contain_text("Your signature is recorded.")

    mobility = Mobility.objects.get(student=cast.student)
    for coordinator, side in (
        (cast.coordinator_nus, "Home university"),
        (cast.coordinator_tsinghua, "Host university"),
    ):
        other = new_page()
        log_in(other, coordinator)
        other.goto(f"/mobility/mobilities/{mobility.pk}/")
        other.get_by_role("button", name=f"Sign as {side}").click()
        expect(other.locator(".messages")).to_contain_text("Your signature is recorded.")

    page.reload()
    expect(page.locator("main")).to_contain_text("Signed by the student, the home and the host.")
