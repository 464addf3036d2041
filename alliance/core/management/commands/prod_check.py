"""`alliance prod-check` (and `make prod-check`): is this installation fit to serve?

Django's ``check --deploy``, which runs our own deployment checks too (alliance/core/checks.py),
then probes that settings alone cannot prove: the database answers and is migrated, the cache
answers, and a real page, sent through every middleware, carries the Content Security Policy,
HSTS and ``__Host-`` cookies, while a page for a logged-in person is marked private."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from http.cookies import Morsel
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, SystemCheckError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.test import Client

from alliance.core.middleware import PrivateCacheMiddleware

LOGIN_PAGE = "/accounts/login/"


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*":
            return host.lstrip(".")
    return "localhost"


def _database() -> str:
    connection.ensure_connection()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise CommandError(f"{len(pending)} migrations are not applied: run `alliance migrate`.")
    return f"{connection.vendor} answers; every migration is applied"


def _cache() -> str:
    key, value = "alliance-prod-check", secrets.token_hex(8)
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise CommandError("The cache does not keep what it is given.")
    cache.delete(key)
    return f"the cache ({settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}) answers"


def _cookie_problems(morsel: Morsel) -> list[str]:
    problems = []
    if not morsel.key.startswith("__Host-"):
        problems.append(f"cookie {morsel.key} is not a __Host- cookie")
    if not morsel["secure"]:
        problems.append(f"cookie {morsel.key} is not Secure")
    if morsel["domain"] or morsel["path"] != "/":
        problems.append(f"cookie {morsel.key} has a Domain or a Path other than /")
    return problems


def _page() -> str:
    response = Client(raise_request_exception=False).get(LOGIN_PAGE, secure=True, HTTP_HOST=_host())
    if response.status_code != 200:
        raise CommandError(
            f"{LOGIN_PAGE} answered {response.status_code}"
            " (is `alliance collectstatic` done, and ALLIANCE_ALLOWED_HOSTS right?)."
        )
    problems = []
    policy = response.headers.get("Content-Security-Policy", "")
    if "default-src" not in policy or "'unsafe-inline'" in policy:
        problems.append(f"Content-Security-Policy is {policy!r}")
    if "max-age=" not in response.headers.get("Strict-Transport-Security", ""):
        problems.append("no Strict-Transport-Security header")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.cookies:
        problems.append("the login page set no CSRF cookie")
    for morsel in response.cookies.values():
        problems += _cookie_problems(morsel)
    if problems:
        raise CommandError("; ".join(problems))
    return f"{LOGIN_PAGE} sends the CSP, HSTS and __Host- cookies"


def _private_pages() -> str:
    class Someone:
        is_authenticated = True

    request = HttpRequest()
    request.user = Someone()  # type: ignore[assignment]
    response = PrivateCacheMiddleware(lambda r: HttpResponse())(request)
    if "no-store" not in response.get("Cache-Control", ""):
        raise CommandError("pages for logged-in people are not marked Cache-Control: no-store")
    return "pages for logged-in people are marked private, no-store"


PROBES: list[tuple[str, Callable[[], str]]] = [
    ("database", _database),
    ("cache", _cache),
    ("page", _page),
    ("private pages", _private_pages),
]


class Command(BaseCommand):
    help = "Check that this installation is fit to serve: settings, database, cache, headers."

    def handle(self, *args: Any, **options: Any) -> None:
        failures = 0
        try:
            call_command("check", deploy=True, fail_level="WARNING", stdout=self.stdout)
            self.stdout.write("ok    deployment checks")
        except SystemCheckError as exc:
            self.stdout.write(f"FAIL  deployment checks\n{exc}")
            failures += 1
        for name, probe in PROBES:
            try:
                self.stdout.write(f"ok    {name}: {probe()}")
            except Exception as exc:  # every failure is reported, then the next probe runs
                self.stdout.write(f"FAIL  {name}: {exc}")
                failures += 1
        if failures:
            raise CommandError(f"{failures} check(s) failed: this installation is not ready.")
        self.stdout.write("This installation is ready for production.")
