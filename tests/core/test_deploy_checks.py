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
