"""Two coordinators accept twelve requests for a three-seat course at the same moment: exactly
three are accepted, the others are refused with a clear "full", nothing fails. Each run is a
separate process with its own database (a file for SQLite; a new PostgreSQL database when the
suite runs on PostgreSQL), so the threads truly race on their own connections."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("seats_race_script.py")
PG = os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def database_url(tmp_path):
    if not PG:
        yield f"sqlite:///{tmp_path / 'race.sqlite3'}"
        return
    import psycopg

    name = f"alliance_seats_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_coordinators_accepting_at_once_never_oversell(database_url, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": database_url,
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0, result["sample_errors"]
    assert result["accepted"] == result["seats"] == 3
    assert result["refusals"] == result["pending"] == 9
    assert result["refusal_codes"] == ["full"]
