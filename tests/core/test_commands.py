import io

from django.core.management import call_command

from alliance.cli import ALIASES


def test_config_lists_every_variable_and_hides_secrets(monkeypatch):
    monkeypatch.setenv("ALLIANCE_SECRET_KEY", "do-not-print-me")
    monkeypatch.setenv(
        "ALLIANCE_DATABASE_URL", "postgres://alliance:hunter2@db.example.org/alliance"
    )
    out = io.StringIO()
    call_command("config", stdout=out)
    text = out.getvalue()
    assert "ALLIANCE_SECRET_KEY = (set, hidden)" in text
    assert "ALLIANCE_DATABASE_URL = postgres://…@db.example.org/alliance" in text
    assert "do-not-print-me" not in text
    assert "hunter2" not in text


def test_check_worker_without_a_broker_says_none_is_needed():
    out = io.StringIO()
    call_command("check_worker", stdout=out)
    assert out.getvalue() == "No ALLIANCE_BROKER_URL: tasks run in-process; no worker needed.\n"


def test_the_alliance_command_knows_its_routines():
    assert ALIASES == {
        "serve": "runserver",
        "report": "report",
        "import-institutions": "import_institutions",
        "load-demo": "load_demo",
        "check-worker": "check_worker",
        "config": "config",
        "lapse-offers": "lapse_offers",
        "erase-passports": "erase_passports",
        "bench": "bench",
        "allocate": "allocate",
        "prod-check": "prod_check",
        "backup": "backup",
        "restore": "restore",
        "knowledge": "knowledge",
    }
