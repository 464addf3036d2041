"""The check-in page in a browser: a scanner types the ticket and presses Enter; the answer comes
back in place (HTMX), big and coloured, and the emptied field has the focus for the next badge."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alliance.events.services.registrations import register
from tests.browser.conftest import log_in
from tests.events.conftest import make_event

pytestmark = pytest.mark.browser


def test_a_scanner_checks_people_in_one_after_the_other(page, cast, nus):
    event = make_event("browser-door", host=nus, title={"en": "Door test"})
    guest = register(event, actor=cast.student, name="Li Wei", institution=nus)
    log_in(page, cast.coordinator_nus)
    page.goto(f"/events/{event.slug}/check-in/")
    field = page.get_by_label("Ticket code")
    expect(field).to_be_focused()
    page.keyboard.type(guest.ticket)
    page.keyboard.press("Enter")
    result = page.locator(".checkin-result")
    expect(result).to_have_class("checkin-result checkin-checked_in")
    expect(result).to_contain_text("Li Wei")
    expect(page.locator(".checkin-count")).to_contain_text("1 of 1 confirmed registrant")
    expect(field).to_be_focused()
    expect(field).to_have_value("")
    page.keyboard.type(guest.ticket)
    page.keyboard.press("Enter")
    expect(result).to_have_class("checkin-result checkin-already")
    expect(result).to_contain_text("First checked in at")
    expect(page.locator(".checkin-count")).to_contain_text("1 of 1 confirmed registrant")
    assert page.url.endswith(f"/events/{event.slug}/check-in/")
