"""The Content Security Policy holds in the browser: htmx runs under it, inline code is refused,
and the browser-test watch reports refusals."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_htmx_runs_without_an_inline_style(page, cast):
    response = page.goto("/members/")

    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.evaluate("window.htmx.version").startswith("2.")
    assert page.evaluate("window.htmx.config.includeIndicatorStyles") is False
    expect(page.locator("style")).to_have_count(0)


def test_inline_code_is_refused_and_reported(page, browser_problems, cast):
    page.goto("/members/")

    with page.expect_console_message(lambda m: "script-src-elem refused inline" in m.text):
        page.evaluate(
            """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.append(script);
        }"""
        )
    with page.expect_console_message(lambda m: "style-src-elem refused inline" in m.text):
        page.evaluate(
            """() => {
            const style = document.createElement("style");
            style.textContent = "main { display: none }";
            document.head.append(style);
        }"""
        )

    assert page.evaluate("window.injected") is None
    expect(page.locator("main")).to_be_visible()
    assert len([m for m in browser_problems.seen if "Content Security Policy" in m]) >= 2
    browser_problems.allow("Content Security Policy")
