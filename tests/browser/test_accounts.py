"""Logging in through the real form, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_coordinator_logs_in_with_email_and_password(page, cast):
    page.goto("/members/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")

    page.get_by_label("Email").fill("coord@tsinghua.example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, coord")
    expect(page.locator("main")).to_contain_text("Institution coordinator — Tsinghua University")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="coord@tsinghua.example.org")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)


def test_a_wrong_password_keeps_the_person_on_the_login_page(page, cast):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("coord@tsinghua.example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.locator("main").get_by_role("button", name="Log in").click()

    expect(page.locator(".error-summary")).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_label("Email")).to_have_value("coord@tsinghua.example.org")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
