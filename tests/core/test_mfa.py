"""Two-factor authentication with an authenticator app (TOTP, django-allauth's mfa): the pages
live inside the platform's layout, and a second factor, once active, is asked at every login."""

from __future__ import annotations

import datetime
import re

import pyotp
import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, client_for

LOGIN = reverse("account_login")
DASHBOARD = reverse("portal:dashboard")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


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


def log_in(client: Client, email: str) -> None:
    response = client.post(LOGIN, {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def confirm_password(client: Client, url: str) -> None:
    """Changing two-factor settings asks for the password again first."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"])
    assert '<header class="site-header">' in page.content.decode()
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == url


def activate_totp(client: Client) -> str:
    """Activate an authenticator app the way a person does; return its secret."""
    confirm_password(client, reverse("mfa_activate_totp"))
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_it_renders_the_two_factor_pages_inside_the_platform_layout(cast):
    client = Client()
    log_in(client, cast.student.email)
    confirm_password(client, reverse("mfa_activate_totp"))
    for name in ("mfa_index", "mfa_activate_totp", "account_reauthenticate"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<header class="site-header">' in html  # our base.html
        assert "student@example.org" in html  # the header of a logged-in page
        assert "· AUA</title>" in html
        assert not INLINE_SCRIPT.search(html)  # nothing the Content Security Policy would block
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
    activate = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Activate Authenticator App" in activate
    assert 'src="data:image/svg+xml;base64,' in activate  # the QR code, allowed by img-src data:


def test_it_links_two_factor_authentication_from_the_preferences_page(cast):
    html = client_for(cast.student).get(reverse("core:preferences")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    assert "Two-factor authentication" in html


def test_it_asks_for_the_authenticator_code_after_the_password_once_totp_is_active(cast):
    user = cast.coordinator_tsinghua
    client = Client()
    log_in(client, user.email)
    secret = activate_totp(client)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))
    assert client.get(DASHBOARD).status_code == 302  # logged out

    # Later (a fresh code: a code works only once), the password alone is not enough.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2), tick=False):
        response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.get(DASHBOARD).status_code == 302  # not in yet
        page = client.get(reverse("mfa_authenticate"))
        assert "Please enter an authenticator code" in page.content.decode()
        assert '<header class="site-header">' in page.content.decode()

        totp = pyotp.TOTP(secret)
        wrong = f"{(int(totp.now()) + 1) % 1_000_000:06d}"
        refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert refused.status_code == 200
        assert "Incorrect code." in refused.content.decode()
        assert client.get(DASHBOARD).status_code == 302

        accepted = client.post(reverse("mfa_authenticate"), {"code": totp.now()})
        assert accepted.status_code == 302
        assert accepted["Location"] == DASHBOARD
        assert client.get(DASHBOARD).context["user"] == user


def test_it_does_not_ask_for_a_code_when_no_second_factor_is_active(cast):
    client = Client()
    response = client.post(LOGIN, {"login": cast.reviewer.email, "password": PASSWORD})
    assert response["Location"] == DASHBOARD
