"""Times are shown in the viewer's time zone, which the browser reports on its first visit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_browser_time_zone_is_used_from_the_next_page_on(new_page, cast):
    page = new_page(timezone_id="Asia/Tokyo")
    page.goto("/members/")
    expect(page.locator("[data-tz]")).to_have_text("UTC")

    page.goto("/members/tsinghua-university/")

    expect(page.locator("[data-tz]")).to_have_text("Asia/Tokyo")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["alliance_tz"] == "Asia/Tokyo"
