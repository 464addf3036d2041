"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught exception or a Content Security
Policy violation (Chromium's "Refused to …" and "… violates the following Content Security Policy
directive" messages, and every ``securitypolicyviolation`` event) fails the test, unless the test
said it expects it (``browser_problems.allow("status of 404")``).

The live server runs in a thread of the test process. On SQLite the test database is in memory
and the server thread shares its connection; on PostgreSQL it opens its own connections. Either
way the data must be committed before the browser asks for it, hence ``transactional_db``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from alliance.core.models import User
from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-gpu",
]
VIEWPORT = {"width": 1280, "height": 800}
# Short timeouts: pages of the live server answer in milliseconds, and a broken selector should
# fail in seconds, not after Playwright's default 30 s.
TIMEOUT_MS = 5_000

# Reported to the page before any of its own scripts run, so that a violation that Chromium does
# not also print to the console (a blocked report, say) is still seen.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("Content Security Policy violation: " + event.effectiveDirective + " refused " +
                (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@dataclass
class BrowserProblems:
    """What went wrong in the browser during one test, and what the test expected to go wrong."""

    seen: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def allow(self, fragment: str) -> None:
        """Expect messages containing ``fragment`` (a 404 page logs a failed load, for one)."""
        self.allowed.append(fragment)

    def unexpected(self) -> list[str]:
        return [m for m in self.seen if not any(a in m for a in self.allowed)]


_PROBLEMS = pytest.StashKey[BrowserProblems]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and not item.get_closest_marker("browser"):
            raise pytest.UsageError(f"{item.nodeid} drives a browser: mark it @pytest.mark.browser")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail the test itself (not its teardown) when the browser reported a problem."""
    result = yield
    problems = item.stash.get(_PROBLEMS, None)
    if problems is not None and problems.unexpected():
        pytest.fail(
            "The browser reported problems:\n  " + "\n  ".join(problems.unexpected()),
            pytrace=False,
        )
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """The cast's seven accounts cost a third of a second each with PBKDF2; the login form works
    the same with any hasher, and the server thread reads these same settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings) -> None:
    """Login rate limits live in the cache; another test's failed logins must not lock ours out.
    Only a process-local cache is cleared, never a shared one."""
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when they are done.

    Playwright's sync API keeps an event loop running in the main thread, where Django's ORM then
    refuses to work (SynchronousOnlyOperation) although nothing runs concurrently there. So
    DJANGO_ALLOW_ASYNC_UNSAFE is set while, and only while, Playwright runs: package scope ends
    both after the last browser test, before the rest of the suite (and its deployment check,
    which rightly refuses that variable) goes on.
    """
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/install-system-packages", pytrace=False)
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_problems(request: pytest.FixtureRequest) -> BrowserProblems:
    problems = BrowserProblems()
    request.node.stash[_PROBLEMS] = problems
    return problems


def open_context(browser: Browser, base_url: str, **options) -> BrowserContext:
    """A fresh browser profile (its own cookies) with our defaults and the CSP listener."""
    context = browser.new_context(
        base_url=base_url,
        **{
            "viewport": VIEWPORT,
            "locale": "en-GB",
            "timezone_id": "Asia/Shanghai",
            **options,
        },
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(_CSP_LISTENER)
    return context


@pytest.fixture
def browser_context(
    browser: Browser, transactional_db: None, live_server
) -> Iterator[BrowserContext]:
    context = open_context(browser, live_server.url)
    yield context
    context.close()


def watch(page: Page, problems: BrowserProblems) -> Page:
    """Record console errors, CSP refusals and uncaught exceptions of ``page``."""

    def on_console(message) -> None:
        text = message.text
        if message.type == "error" or "Refused to" in text or "Content Security Policy" in text:
            problems.seen.append(f"console {message.type}: {text} ({page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.seen.append(f"uncaught: {error} ({page.url})"))
    return page


@pytest.fixture
def page(browser_context: BrowserContext, browser_problems: BrowserProblems) -> Page:
    return watch(browser_context.new_page(), browser_problems)


@pytest.fixture
def new_page(
    browser: Browser, transactional_db: None, live_server, browser_problems: BrowserProblems
) -> Iterator[Callable]:
    """Open a page in a context of its own (a second person, with their own cookies)."""
    contexts: list[BrowserContext] = []

    def open_page(**options) -> Page:
        contexts.append(open_context(browser, live_server.url, **options))
        return watch(contexts[-1].new_page(), browser_problems)

    yield open_page
    for context in contexts:
        context.close()


def log_in(page: Page, user: User, *, password: str = PASSWORD) -> None:
    """Log in through the real login form, as a person does, and land on their page."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^E-?mail", re.IGNORECASE)).fill(user.email)
    page.get_by_label(re.compile(r"^Password", re.IGNORECASE)).fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
