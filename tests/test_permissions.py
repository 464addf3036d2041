"""Every page x every actor: who gets the page, who 403, who 404, who the login page."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for
from tests.permission_matrix import ACTORS, CASE_MODULES, LOGIN, Case

pytestmark = pytest.mark.django_db

# URL namespaces that are ours; the others (admin, allauth, i18n) have their own tests upstream.
OUR_NAMESPACES = (
    "portal",
    "members",
    "core",
    "events",
    "mobility",
    "governance",
    "knowledge",
    "programmes",
    "reports",
)


def all_cases(world) -> list[Case]:
    return [c for m in CASE_MODULES for c in importlib.import_module(m).cases(world)]


def our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace in OUR_NAMESPACES:
                names.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def world(cast, tsinghua, nus, boao):
    from tests.events.conftest import build_student_forum, build_summit

    return SimpleNamespace(
        cast=cast,
        tsinghua=tsinghua,
        nus=nus,
        boao=boao,
        student_forum=build_student_forum(tsinghua, nus),
        summit=build_summit(tsinghua),
    )


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def test_every_page_answers_each_actor_as_declared(world):
    clients = {a: client_for(None if a == "anonymous" else getattr(world.cast, a)) for a in ACTORS}
    wrong = []
    for case in all_cases(world):
        for actor, expected in case.expect.items():
            response = getattr(clients[actor], case.method)(case.url, case.data)
            got = outcome(response)
            if got != expected:
                wrong.append(
                    f"{case.url_name} {case.url} as {actor}: expected {expected}, got {got}"
                )
    assert wrong == []


def test_every_url_of_ours_is_in_the_matrix(world):
    covered = {c.url_name for c in all_cases(world)}
    assert sorted(our_url_names() - covered) == []


def test_every_case_names_every_actor(world):
    assert [c.url_name for c in all_cases(world) if set(c.expect) != set(ACTORS)] == []
