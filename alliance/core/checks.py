"""Deployment checks that Django's own ``check --deploy`` does not make, run with it (they are
registered with ``deploy=True``) and by ``alliance prod-check``: cookies bound to the host, a
Content Security Policy that forbids inline script, short sessions, rate limits in a cache that
every worker shares, personal pages kept out of shared caches, field encryption keys set."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MAX_SESSION_SECONDS = 24 * 3600
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)
PRIVATE_CACHE_MIDDLEWARE = "alliance.core.middleware.PrivateCacheMiddleware"


@register(Tags.security, deploy=True)
def host_only_cookies(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """``__Host-`` cookies: Secure, Path=/, no Domain, so no sibling host can set or read them."""
    problems = []
    for setting, domain, path in (
        ("SESSION_COOKIE_NAME", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH"),
        ("CSRF_COOKIE_NAME", "CSRF_COOKIE_DOMAIN", "CSRF_COOKIE_PATH"),
    ):
        name = getattr(settings, setting)
        if not name.startswith("__Host-"):
            problems.append(
                Error(
                    f"{setting} is {name!r}; it must start with __Host- in production.",
                    hint="Run with ALLIANCE_MODE=production, which names both cookies __Host-….",
                    id="alliance.E001",
                )
            )
        if getattr(settings, domain, None) or getattr(settings, path, "/") != "/":
            problems.append(
                Error(
                    f"{domain} must be unset and {path} '/' for a __Host- cookie.",
                    id="alliance.E002",
                )
            )
    return problems


@register(Tags.security, deploy=True)
def content_security_policy(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The CSP middleware is on, enforcing (not report-only), and forbids inline script."""
    problems = []
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE:
        problems.append(
            Error("csp.middleware.CSPMiddleware is not in MIDDLEWARE.", id="alliance.E003")
        )
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES", {})
    script = directives.get("script-src", directives.get("default-src", []))
    if (
        not directives.get("default-src")
        or "'unsafe-inline'" in script
        or "'unsafe-eval'" in script
    ):
        problems.append(
            Error(
                "The Content Security Policy must set default-src and allow no inline or "
                "evaluated script.",
                id="alliance.E004",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def session_lifetime(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.SESSION_COOKIE_AGE > MAX_SESSION_SECONDS:
        return [
            Warning(
                f"A login lasts {settings.SESSION_COOKIE_AGE // 3600} hours; keep it to "
                f"{MAX_SESSION_SECONDS // 3600} or fewer.",
                hint="Set ALLIANCE_SESSION_HOURS.",
                id="alliance.W001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def shared_cache_for_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Login and sign-up rate limits are counted in the default cache: a per-process cache lets
    each web worker count on its own, multiplying the limit."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Error(
                f"The default cache is {backend.rsplit('.', 1)[-1]}, private to each process: "
                "rate limits would not hold across web workers.",
                hint="Set ALLIANCE_CACHE_URL to a Redis server every worker shares.",
                id="alliance.E005",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def personal_pages_not_cached(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if PRIVATE_CACHE_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            Error(
                f"{PRIVATE_CACHE_MIDDLEWARE} is not in MIDDLEWARE: pages for logged-in people "
                "could be kept by shared caches.",
                id="alliance.E006",
            )
        ]
    return []
