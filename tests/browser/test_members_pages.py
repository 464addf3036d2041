"""The member directory and institution pages in a real browser: search and filters through
htmx, names in their own scripts, a coordinator's edit, its audit entry, and another member's
edit page answering 404."""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from alliance.members.services.demo import load_demo
from alliance.members.services.institutions import update_institution
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def rows(page: Page):
    return page.locator("#results tbody tr")


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def mark_document(page: Page) -> None:
    """A flag that a full page load would wipe out: it proves an update happened in place."""
    page.evaluate("window.alliancePageMark = 'still the same document'")


def same_document(page: Page) -> bool:
    return page.evaluate("window.alliancePageMark") == "still the same document"


def test_the_directory_lists_members_and_partners_with_names_in_their_scripts(page, cast):
    page.goto("/members/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")
    expect(page.locator("#results .count")).to_have_text("3 institutions")
    expect(rows(page).locator("td:first-child > a")).to_have_text(
        ["Boao Forum for Asia", "National University of Singapore", "Tsinghua University"]
    )
    expect(rows(page).nth(2).locator('.native[lang="zh"]')).to_have_text("清华大学")
    expect(rows(page).nth(1).locator("td").nth(1)).to_have_text("Singapore")
    expect(rows(page).nth(0).locator(".badge")).to_have_text("Partner")


def test_typing_tsinghua_in_chinese_finds_it_without_a_page_load(page, cast):
    page.goto("/members/")
    mark_document(page)

    page.get_by_label("Name").click()
    with page.expect_response(re.compile(r"/members/\?.*q=")) as answer:
        # An input method commits 清华 (input events, no key presses reach the page) and the page
        # then sees the release of the key that committed it.
        page.keyboard.insert_text("清华")
        page.keyboard.up("Space")

    assert answer.value.request.headers.get("hx-request") == "true"
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.get_by_role("link")).to_have_text("Tsinghua University")
    expect(page.locator("#results .count")).to_have_text("1 institution")
    assert same_document(page)
    assert query_of(page)["q"] == ["清华"]
    assert "org.htmx.cache-buster" not in page.url


def test_pasting_a_name_searches_too(page, cast):
    page.goto("/members/")
    page.get_by_label("Name").click()
    page.keyboard.insert_text("清华")

    expect(rows(page)).to_have_count(1, timeout=1_000)


def test_filtering_by_country_updates_the_results_and_the_address(page, cast):
    page.goto("/members/")
    mark_document(page)

    page.get_by_label("Country or region").select_option(label="Singapore")

    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.get_by_role("link")).to_have_text("National University of Singapore")
    assert same_document(page)
    expect(page).to_have_url(re.compile(r"[?&]country=SG(&|$)"))

    page.get_by_label("Country or region").select_option(label="China")

    expect(rows(page).locator("td:first-child > a")).to_have_text(
        ["Boao Forum for Asia", "Tsinghua University"]
    )
    assert query_of(page)["country"] == ["CN"]


def test_going_back_to_a_search_shows_the_whole_directory_page(page, cast):
    """The browser must not show the bare list that htmx fetched for the same address."""
    page.goto("/members/")
    page.get_by_label("Country or region").select_option(label="Singapore")
    expect(rows(page)).to_have_count(1)

    page.get_by_role("link", name="National University of Singapore").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National University of Singapore")
    page.go_back()

    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")
    expect(page.locator(".site-header")).to_be_visible()
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_label("Country or region")).to_have_value("SG")


def test_going_back_between_searches_without_htmx_history_shows_the_whole_page(page, cast):
    """When htmx has no snapshot of an earlier search, it asks the server for the whole page."""
    page.goto("/members/")
    page.get_by_label("Country or region").select_option(label="Singapore")
    expect(rows(page)).to_have_count(1)
    page.get_by_label("Country or region").select_option(label="China")
    expect(rows(page)).to_have_count(2)
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")

    with page.expect_response(re.compile(r"country=SG")) as answer:
        page.go_back()

    assert answer.value.request.headers.get("hx-history-restore-request") == "true"
    expect(rows(page)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Member directory")
    expect(page.locator(".site-header")).to_have_count(1)
    expect(page.locator("#results")).to_have_count(1)


def test_the_institution_page_shows_its_names_and_membership_history(page, cast):
    page.goto("/members/")
    page.get_by_role("link", name="Tsinghua University").click()

    expect(page).to_have_url(re.compile(r"/members/tsinghua-university/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tsinghua University")
    expect(page.locator('main .native[lang="zh"]')).to_have_text("清华大学")
    expect(page.locator(".badge.member")).to_have_text("Member")
    history = page.locator("ol.timeline li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Admitted as member")
    expect(history.first.locator("time")).to_have_attribute("datetime", "2017-04-29")
    # A visitor sees no editing buttons.
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)


def test_a_coordinator_edits_their_institution_and_the_secretariat_sees_it_audited(
    page, new_page, cast, tsinghua
):
    update_institution(tsinghua, actor=None, data={"city": "Beijing"})
    log_in(page, cast.coordinator_tsinghua)

    page.goto("/members/tsinghua-university/")
    page.get_by_role("link", name="Edit details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Tsinghua University")
    expect(page.get_by_label("City")).to_have_value("Beijing")
    page.get_by_label("City").fill("Haidian, Beijing")
    page.get_by_label("About").fill("A research university in the north-west of Beijing.")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/members/tsinghua-university/$"))
    expect(page.locator(".message.success")).to_have_text(
        "Saved. The changes are on the institution's page."
    )
    expect(page.locator("dl.facts")).to_contain_text("Haidian, Beijing")
    expect(page.locator("main")).to_contain_text(
        "A research university in the north-west of Beijing."
    )

    secretariat = new_page()
    log_in(secretariat, cast.secretariat)
    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text("Audit log")
    entry = secretariat.locator("tbody tr", has_text="members.institution.update").filter(
        has_text="coord@tsinghua.example.org"
    )
    expect(entry).to_have_count(1)
    cells = entry.locator("td")
    expect(cells.nth(1)).to_have_text("coord@tsinghua.example.org")
    expect(cells.nth(2)).to_have_text("members.institution.update")
    expect(cells.nth(3)).to_have_text("Tsinghua University")
    city = cells.nth(4).locator("div", has=secretariat.locator("strong", has_text="city"))
    expect(city.locator("del")).to_have_text("Beijing")
    expect(city.locator("ins")).to_have_text("Haidian, Beijing")
    summary = cells.nth(4).locator("div", has=secretariat.locator("strong", has_text="summary"))
    expect(summary.locator("ins")).to_have_text(
        "A research university in the north-west of Beijing."
    )
    when = cells.nth(0).locator("time").get_attribute("datetime")
    assert when is not None
    age = datetime.datetime.now(datetime.UTC) - datetime.datetime.fromisoformat(when)
    assert datetime.timedelta(0) <= age < datetime.timedelta(minutes=5)


def test_a_coordinator_gets_404_for_another_members_edit_page(page, browser_problems, cast):
    log_in(page, cast.coordinator_tsinghua)
    page.goto("/members/national-university-of-singapore/")
    expect(page.get_by_role("heading", level=1)).to_have_text("National University of Singapore")
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)

    browser_problems.allow("the server responded with a status of 404")
    response = page.goto("/members/national-university-of-singapore/edit/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text(re.compile(r"not found", re.IGNORECASE))
    expect(page.locator("input[name=city]")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Edit National University of Singapore")


def test_the_directory_and_an_institution_fit_a_small_screen(new_page, transactional_db):
    """The demo alliance's long names, several badges per row and wide filters, at 375 px."""
    load_demo()
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)

    page.goto("/members/")
    expect(rows(page)).to_have_count(19)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    page.get_by_label("Name").fill("Hong Kong")
    page.get_by_label("Name").press("End")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first.get_by_role("link")).to_have_text(
        "Hong Kong University of Science and Technology"
    )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375

    page.goto("/members/tsinghua-university/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tsinghua University")
    expect(page.locator("dl.facts")).to_contain_text("https://www.tsinghua.edu.cn")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
