"""``alliance bench registration``: sets the stage for the benchmark and clears it afterwards,
whatever happens (an error, Ctrl-C, ``kill``, the time limit).

The stage: a temporary folder (the SQLite database, static files and the server's log), and on
PostgreSQL a new database ``alliance_bench_<random>`` on the server of ``--pg-url``, dropped
afterwards. The benchmark (``run.py``) runs in a child process whose environment holds the
production settings the server gets, so it can make the data with the server's secret key.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alliance.core.benchmarking import (
    create_database,
    drop_database,
    production_env,
    with_database,
)
from alliance.events.benchmark.run import PID_FILE

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Options:
    db: str  # "sqlite" or "postgres"
    seats: int
    attempts: int
    clients: int
    workers: int
    pg_url: str = DEFAULT_PG_URL
    time_limit: float = 900.0  # seconds, for the whole run


def default_workers() -> int:
    """gunicorn's advice for sync workers: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def run(options: Options) -> int:
    """Run the benchmark; its exit code (0: exact, 1: not, 130: interrupted)."""
    previous = signal.signal(signal.SIGTERM, _interrupted)
    folder = Path(tempfile.mkdtemp(prefix="alliance-bench-registration-"))
    database = ""
    child: subprocess.Popen[bytes] | None = None
    try:
        settings = {}
        if options.db == "postgres":
            database = create_database(options.pg_url)
            settings["ALLIANCE_DATABASE_URL"] = with_database(options.pg_url, database)
            print(f"… database {database} created", file=sys.stderr, flush=True)
        child = subprocess.Popen(  # noqa: S603 (this Python, our module, numbers)
            [
                sys.executable,
                "-m",
                "alliance.events.benchmark.run",
                f"--seats={options.seats}",
                f"--attempts={options.attempts}",
                f"--clients={options.clients}",
                f"--workers={options.workers}",
            ],
            cwd=folder,
            env=production_env(folder, **settings),
        )
        try:
            return child.wait(timeout=options.time_limit)
        except subprocess.TimeoutExpired:
            print(f"Stopped: over the time limit of {options.time_limit:.0f} s.", file=sys.stderr)
            child.terminate()
            return 1
        except KeyboardInterrupt:
            return 130
    finally:
        _stop(child, folder)
        if database:
            drop_database(options.pg_url, database)
            # On stderr: the last line on stdout stays the benchmark's JSON.
            print(f"… database {database} dropped", file=sys.stderr, flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop(child: subprocess.Popen[bytes] | None, folder: Path) -> None:
    """Give the benchmark time to stop its server (after Ctrl-C it got the signal too), then
    ask it with SIGTERM, then kill it; and should the server have outlived it (its pid file is
    removed once it stopped), kill the server's process group."""
    if child is not None:
        for stop in (None, child.terminate, child.kill):
            if stop is not None:
                stop()
            try:
                child.wait(timeout=30)
                break
            except subprocess.TimeoutExpired:
                continue
    pid_file = folder / PID_FILE
    if pid_file.exists():
        pid, bind = pid_file.read_text().split()
        command = _command_line(int(pid))
        if b"gunicorn" in command and bind.encode() in command:  # that very server, still up
            os.killpg(int(pid), signal.SIGKILL)  # it leads a process group of its own


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
