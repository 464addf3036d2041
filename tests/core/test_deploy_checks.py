"""Production mode: Django's deployment checks pass, and the settings say what they should."""

import os
import subprocess
import sys

PRODUCTION = {
    "ALLIANCE_MODE": "production",
    "ALLIANCE_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-Zx81!q",
    "ALLIANCE_FIELD_ENCRYPTION_KEY": "ZmllbGQtZW5jcnlwdGlvbi1rZXktZm9yLXRlc3RzLTA=",
    "ALLIANCE_ALLOWED_HOSTS": "alliance.example.org",
    "ALLIANCE_CSRF_TRUSTED_ORIGINS": "https://alliance.example.org",
    "ALLIANCE_SITE_URL": "https://alliance.example.org",
    # Rate limits must hold across workers: a shared cache (only named here, not reached).
    "ALLIANCE_CACHE_URL": "redis://127.0.0.1:6379/15",
}


def manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("ALLIANCE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    done = manage(tmp_path, "check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_settings_are_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME,"
        " s.CSRF_COOKIE_NAME, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT)"
    )
    done = manage(tmp_path, "shell", "--no-imports", "-c", code, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False", "True", "True", "__Host-alliance-session", "__Host-alliance-csrf", "True", "True"
    ]  # fmt: skip


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLIANCE_SECRET_KEY"}
    done = manage(tmp_path, "check", **env)
    assert done.returncode != 0
    assert (
        "ALLIANCE_SECRET_KEY (or ALLIANCE_SECRET_KEY_FILE) must be set in production" in done.stderr
    )


def test_a_bad_value_fails_loudly_naming_the_variable(tmp_path):
    done = manage(tmp_path, "check", ALLIANCE_SESSION_HOURS="a week")
    assert done.returncode != 0
    assert "ALLIANCE_SESSION_HOURS" in done.stderr


def test_a_per_process_cache_fails_the_deployment_checks(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLIANCE_CACHE_URL"}
    done = manage(tmp_path, "check", "--deploy", **env)
    assert done.returncode != 0
    assert "(alliance.E005) The default cache is LocMemCache, private to each process" in (
        done.stderr
    )


def test_prod_check_passes_on_a_ready_installation(tmp_path):
    from tests.core.test_celery_worker import redis_answers

    if not redis_answers() and os.environ.get("CI") != "true":
        import pytest

        pytest.skip("no Redis")
    env = {**PRODUCTION, "ALLIANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    assert manage(tmp_path, "migrate", "-v0", **env).returncode == 0
    assert manage(tmp_path, "collectstatic", "--noinput", "-v0", **env).returncode == 0
    done = manage(tmp_path, "prod_check", **env)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith(("ok", "FAIL"))] == [
        "ok    deployment checks",
        "ok    database",
        "ok    cache",
        "ok    page",
        "ok    private pages",
    ]
    assert lines[-1] == "This installation is ready for production."


def test_prod_check_names_what_is_missing(tmp_path):
    env = {**PRODUCTION, "ALLIANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    env["ALLIANCE_CACHE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    done = manage(tmp_path, "prod_check", **env)
    assert done.returncode != 0
    assert "FAIL  database:" in done.stdout
    assert "migrations are not applied: run `alliance migrate`." in done.stdout
    assert "FAIL  cache:" in done.stdout
    assert "check(s) failed: this installation is not ready." in done.stderr


def test_pages_for_logged_in_people_are_private_and_public_pages_are_not(client, cast):
    from tests.conftest import client_for

    assert "Cache-Control" not in client.get("/").headers
    mine = client_for(cast.coordinator_tsinghua).get("/dashboard/")
    assert mine.headers["Cache-Control"] == "private, no-store"


def test_each_of_our_deployment_checks_names_its_problem(settings):
    from alliance.core import checks

    settings.SESSION_COOKIE_NAME = "sessionid"
    settings.CSRF_COOKIE_DOMAIN = ".example.org"
    assert [e.id for e in checks.host_only_cookies()] == [
        "alliance.E001",
        "alliance.E001",
        "alliance.E002",
    ]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", "'unsafe-inline'"]}
    }
    assert [e.id for e in checks.content_security_policy()] == ["alliance.E004"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "csp" not in m and "Private" not in m]
    assert [e.id for e in checks.content_security_policy()] == ["alliance.E003", "alliance.E004"]
    assert [e.id for e in checks.personal_pages_not_cached()] == ["alliance.E006"]
    settings.SESSION_COOKIE_AGE = 30 * 24 * 3600
    assert [w.id for w in checks.session_lifetime()] == ["alliance.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert [e.id for e in checks.shared_cache_for_rate_limits()] == ["alliance.E005"]
