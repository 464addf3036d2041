"""The permission matrix: every page of every domain, opened by every member of the cast.

Each domain lists its pages in ``tests/<domain>/permission_cases.py`` as a function
``cases(world) -> list[Case]``; ``tests/test_permissions.py`` opens each page as each actor and
checks the answer, and fails when a URL of ours is missing from every list. To add a domain,
write its ``permission_cases.py`` and add the module to ``CASE_MODULES`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTORS = (
    "anonymous",
    "secretariat",
    "coordinator_tsinghua",
    "coordinator_nus",
    "reviewer",
    "student",
    "partner",
    "outsider",
)
LOGIN = "login"  # a redirect to the login page
CASE_MODULES = (
    "tests.portal.permission_cases",
    "tests.members.permission_cases",
    "tests.core.permission_cases",
    "tests.events.permission_cases",
    "tests.mobility.permission_cases",
    "tests.knowledge.permission_cases",
    "tests.governance.permission_cases",
    "tests.programmes.permission_cases",
    "tests.reports.permission_cases",
)


@dataclass(frozen=True)
class Case:
    """A page, and the status each actor gets: an int, or LOGIN for a redirect to log in."""

    url_name: str
    url: str
    expect: dict[str, int | str]
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)


def public(url_name: str, url: str) -> Case:
    return Case(url_name, url, dict.fromkeys(ACTORS, 200))


def logged_in(url_name: str, url: str, status: int = 200) -> Case:
    return Case(url_name, url, {**dict.fromkeys(ACTORS, status), "anonymous": LOGIN})


def only(
    url_name: str,
    url: str,
    allowed: dict[str, int],
    *,
    elsewhere: tuple[str, ...] = (),
    method: str = "get",
    data: dict[str, str] | None = None,
) -> Case:
    """Allowed actors get their status; those allowed for other institutions' objects get 404;
    every other logged-in actor 403; anonymous, the login page."""
    expect: dict[str, int | str] = dict.fromkeys(ACTORS, 403)
    expect["anonymous"] = LOGIN
    expect.update(dict.fromkeys(elsewhere, 404))
    expect.update(allowed)
    return Case(url_name, url, expect, method=method, data=data or {})
