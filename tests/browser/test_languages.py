"""The language switcher, and Arabic laid out right to left."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def switch_language(page: Page, code: str, name: str) -> None:
    """Choose a language as a person does: press its button, named in its own language."""
    button = page.locator(f'form.language button[value="{code}"]')
    expect(button).to_have_text(name)
    button.click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_arabic_lays_the_page_out_right_to_left(page, cast):
    page.goto("/members/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    brand_ltr = page.locator(".site-header .brand").bounding_box()
    search_ltr = page.locator("input[name=q]").bounding_box()
    assert brand_ltr is not None
    assert search_ltr is not None

    switch_language(page, "ar", "العربيّة")

    expect(page).to_have_url(re.compile(r"/members/$"))
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("main").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#results table").evaluate("e => getComputedStyle(e).direction") == "rtl"
    width = page.viewport_size["width"]
    brand_rtl = page.locator(".site-header .brand").bounding_box()
    search_rtl = page.locator("input[name=q]").bounding_box()
    assert brand_rtl is not None
    assert search_rtl is not None
    # The brand moves from the left edge to the right edge, and the form's first field with it.
    assert brand_ltr["x"] < 50
    assert brand_rtl["x"] > brand_ltr["x"] + 500
    assert width - (brand_rtl["x"] + brand_rtl["width"]) < 50
    assert search_rtl["x"] > search_ltr["x"] + 500
    # The choice sticks: the next page is in Arabic too.
    page.get_by_role("link", name="Tsinghua University").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_the_switcher_turns_the_page_into_simplified_chinese(page, cast):
    page.goto("/members/tsinghua-university/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch_language(page, "zh-hans", "简体中文")

    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page).to_have_url(re.compile(r"/members/tsinghua-university/$"))
    expect(page.locator('form.language button[value="zh-hans"]')).to_have_attribute(
        "aria-current", "true"
    )
    # The page speaks Chinese, and the institution goes by its Chinese name.
    expect(page.locator('.site-header nav a[href="/members/"]')).to_have_text("成员")
    expect(page.get_by_role("heading", level=1)).to_have_text("清华大学")
