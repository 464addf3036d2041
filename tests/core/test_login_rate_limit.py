"""Login attempts are rate limited (settings.ACCOUNT_RATE_LIMITS) through the Django cache, so
that with Redis configured every web worker counts the same attempts."""

from __future__ import annotations

import uuid

import pytest
from allauth.core.internal.ratelimit import get_cache_key, parse_rate
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("account_login")
TOO_MANY = "Too many failed login attempts. Try again later."
FAILED_PER_ADDRESS = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and used authenticator codes live in the cache: start and end each test with
    an empty one (only the in-process cache is cleared: never flush a shared Redis)."""
    local = "locmem" in settings.CACHES["default"]["BACKEND"]
    if local:
        cache.clear()
    yield
    if local:
        cache.clear()


def attempt(email: str, password: str, ip: str) -> Client:
    """One login from a fresh browser (no cookie) at ``ip``; the client, logged in or not."""
    client = Client(REMOTE_ADDR=ip)
    client.response = client.post(LOGIN, {"login": email, "password": password})
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("portal:dashboard")).status_code == 200


def fail_until_limited(email: str) -> None:
    """The allowed number of wrong passwords, each from another address, as a spread-out
    attacker would send them: only the per-e-mail limit can stop them."""
    for n in range(FAILED_PER_ADDRESS):
        client = attempt(email, "wrong-password", f"198.51.100.{n + 1}")
        assert "The email address and/or password you specified are not correct." in (
            client.response.content.decode()
        )


def test_the_limit_on_failures_per_address_is_five_in_five_minutes():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "5/5m/ip,5/5m/key"
    assert FAILED_PER_ADDRESS == 5


def test_it_refuses_even_the_right_password_after_too_many_failures_for_one_e_mail(cast):
    fail_until_limited(cast.student.email)

    refused = attempt(cast.student.email, PASSWORD, "203.0.113.7")
    assert refused.response.status_code == 200
    assert TOO_MANY in refused.response.content.decode()
    assert not is_logged_in(refused)

    # The limit is on that address only: another person logs in from the same place.
    other = attempt(cast.reviewer.email, PASSWORD, "203.0.113.7")
    assert other.response.status_code == 302
    assert is_logged_in(other)


def test_it_keeps_the_count_in_the_shared_cache_not_in_the_process_or_session(cast):
    fail_until_limited(cast.student.email)
    key = get_cache_key(
        RequestFactory().post(LOGIN),
        app="allauth.account",
        action="login_failed",
        rate=parse_rate("5/5m/key"),
        key=f"testserver:{cast.student.email}",
    )
    assert len(cache.get(key)) == FAILED_PER_ADDRESS  # one timestamp per failure, in the cache

    cache.clear()  # what another worker would see with an empty shared cache
    cleared = attempt(cast.student.email, PASSWORD, "203.0.113.7")
    assert cleared.response.status_code == 302
    assert is_logged_in(cleared)


def test_it_answers_429_when_one_address_sends_too_many_login_requests(cast, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _ in range(3):
        attempt(cast.student.email, "wrong-password", "192.0.2.10")
    blocked = attempt(cast.reviewer.email, PASSWORD, "192.0.2.10")
    assert blocked.response.status_code == 429
    assert not is_logged_in(blocked)


@pytest.fixture
def redis_cache(settings):
    """The Django cache on this machine's Redis, under a key prefix of its own."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/1"
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=1)
        server.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-login-rl-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


@pytest.mark.services
def test_it_holds_the_limit_in_redis_where_every_worker_sees_it(cast, redis_cache):
    server, prefix = redis_cache
    fail_until_limited(cast.student.email)

    # Another process (here: a plain Redis connection) sees the recorded failures.
    keys = [k.decode() for k in server.scan_iter(f"{prefix}:*login_failed*")]
    assert len(keys) == FAILED_PER_ADDRESS + 1  # one per source address, one for the e-mail

    refused = attempt(cast.student.email, PASSWORD, "203.0.113.7")
    assert TOO_MANY in refused.response.content.decode()
    assert not is_logged_in(refused)
