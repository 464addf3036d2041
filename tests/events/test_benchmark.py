"""The registration benchmark, at a tiny size and untimed: exactly the seats confirmed, no error,
and nothing left behind (temporary folder, server, PostgreSQL database), also after Ctrl-C.

It makes its own database, so it runs once per suite: on SQLite, or on PostgreSQL when the suite
runs there."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys

import pytest

from alliance.events.benchmark.clients import Person
from alliance.events.benchmark.dataset import Plan

PG = os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres")
DB = "postgres" if PG else "sqlite"
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
pytestmark = [pytest.mark.services] if PG else []


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "alliance.cli", "bench", "registration", "--db", DB, *args]


def environment(tmp_path) -> dict[str, str]:
    """Temporary files (the benchmark's folder) under ``tmp_path``, and this process's data
    folder kept out of the checkout."""
    work = tmp_path / "tmp"
    work.mkdir()
    return {**os.environ, "TMPDIR": str(work), "ALLIANCE_DATA_DIR": str(tmp_path / "data")}


def databases_named(name: str) -> list[str]:
    import psycopg

    with psycopg.connect(ADMIN) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname = %s", [name])
        return [row[0] for row in rows]


def created_database(output: str) -> str:
    found = re.search(r"database (alliance_bench_[0-9a-f]+) created", output)
    assert found, output
    return found.group(1)


def test_a_tiny_rush_confirms_exactly_the_seats_without_errors(tmp_path):
    env = environment(tmp_path)
    done = subprocess.run(
        command("--seats", "5", "--attempts", "20", "--clients", "4", "--workers", "2"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert {
        k: figures[k]
        for k in ("database", "confirmed", "waitlisted", "errors", "registrations", "over_quota")
    } == {
        "database": "postgresql" if PG else "sqlite",
        "confirmed": 5,
        "waitlisted": 15,
        "errors": 0,
        "registrations": 20,
        "over_quota": 0,
    }
    assert figures["server_log"] == {"tracebacks": 0, "database_is_locked": 0, "worker_timeouts": 0}
    assert figures["goals"]["exact_seats"] is True
    assert figures["goals"]["no_errors"] is True
    assert figures["post_p95_ms"] > 0
    assert "  confirmed               5   (exactly 5: goal met)" in done.stdout
    assert os.listdir(env["TMPDIR"]) == []  # the benchmark's folder is gone
    if PG:
        assert databases_named(created_database(done.stderr)) == []


def test_ctrl_c_stops_the_server_and_clears_everything_up(tmp_path):
    env = environment(tmp_path)
    bench = subprocess.Popen(
        command("--seats", "300", "--attempts", "3000", "--clients", "8", "--workers", "2"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a group of its own, to send it Ctrl-C alone
    )
    lines = []
    try:
        assert bench.stdout is not None
        for line in bench.stdout:
            lines.append(line)
            if "registration attempts by" in line:
                break
        output = "".join(lines)
        port = re.search(r"gunicorn on 127\.0\.0\.1:(\d+)", output)
        assert port, output
        os.killpg(bench.pid, signal.SIGINT)
        rest, _ = bench.communicate(timeout=90)
    finally:
        if bench.poll() is None:
            os.killpg(bench.pid, signal.SIGKILL)
            bench.wait()
    output += rest
    assert bench.returncode == 130, output[-3000:]
    assert "Interrupted; the server is stopped." in output
    conn = http.client.HTTPConnection("127.0.0.1", int(port.group(1)), timeout=2)
    with pytest.raises(ConnectionRefusedError):
        conn.request("GET", "/")
    assert os.listdir(env["TMPDIR"]) == []
    if PG:
        assert databases_named(created_database(output)) == []


def test_the_seats_expected_are_the_capacity_unless_too_few_come_for_the_quotas():
    def plan(seats: int, people: list[int]) -> Plan:
        return Plan(
            event_id=1,
            slug="x",
            seats=seats,
            quotas={1: 3, 2: 3},
            people=[Person(f"key{n}", inst, "name") for n, inst in enumerate(people)],
            user_ids=list(range(len(people))),
        )

    assert plan(5, [1, 2] * 10).expected_confirmed() == 5
    assert plan(5, [1, 1, 1, 1, 2]).expected_confirmed() == 4  # 3 of member 1, 1 of member 2
    assert plan(5, [1]).expected_confirmed() == 1
