"""One ballot per institution under a rush: the holder, the alternate and the proxy of each of
10 institutions vote at the same moment. Without the poll lock the database refuses the late
writers with raw errors; with it, exactly one ballot per institution counts and the others get a
clear refusal. Each run is a separate process with its own database (a file for SQLite; a new
PostgreSQL database when the suite runs on PostgreSQL)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("ballot_race_script.py")
PG = os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def database_url(tmp_path):
    if not PG:
        yield f"sqlite:///{tmp_path / 'race.sqlite3'}"
        return
    import psycopg

    name = f"alliance_ballots_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def race(database_url: str, tmp_path, *, guard: bool) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": database_url,
        "RACE_GUARD": "on" if guard else "off",
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_the_guard_the_race_happens(database_url, tmp_path):
    result = race(database_url, tmp_path, guard=False)
    # The unique constraint still keeps one record per institution, but the losers of the race
    # get raw database errors instead of an answer: a duplicate key on PostgreSQL,
    # "database is locked" on SQLite.
    assert result["max_per_institution"] <= 1, result
    if PG:
        assert result["integrity_errors"] > 0, result
    else:
        assert result["locked_errors"] + result["integrity_errors"] > 0, result


def test_with_the_guard_one_ballot_per_institution_counts_and_the_others_are_told(
    database_url, tmp_path
):
    result = race(database_url, tmp_path, guard=True)
    assert result["errors"] == 0, result["sample_errors"]
    assert result["voted"] == result["ballots"] == result["institutions"] == 10
    assert result["max_per_institution"] == 1
    assert result["refusals"] == result["callers"] - 10 == 20
    assert result["refusal_codes"] == ["already_voted"]
