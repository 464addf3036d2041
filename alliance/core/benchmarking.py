"""What the benchmarks share: the production environment a benchmark server runs in, gunicorn on
a free port of 127.0.0.1 (started, and always stopped), and the CPU time and memory of its
processes read from /proc. Used by ``make bench`` (bench/run.py) and ``alliance bench``.

Nothing here imports Django: the benchmark drivers run it before (or without) loading settings.
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROC = Path("/proc")


def production_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The machine's environment without any ALLIANCE_* setting, plus production settings: a
    random secret key and field-encryption key, 127.0.0.1 as the only host, ``data_dir`` for the
    SQLite database, uploads and static files. ``settings`` adds or replaces variables (such as
    ALLIANCE_DATABASE_URL)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ALLIANCE_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="alliance.settings",
        ALLIANCE_MODE="production",
        ALLIANCE_DEBUG="0",
        ALLIANCE_SECRET_KEY=secrets.token_urlsafe(50),
        ALLIANCE_FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ALLIANCE_ALLOWED_HOSTS="127.0.0.1",
        ALLIANCE_DATA_DIR=str(data_dir),
        PYTHONUNBUFFERED="1",
    )
    env.update(settings)
    return env


def gunicorn_command() -> Path:
    """The gunicorn beside this Python (the virtual environment's), else the one on PATH."""
    beside = Path(sys.executable).parent / "gunicorn"
    found = beside if beside.exists() else shutil.which("gunicorn")
    if not found:
        raise RuntimeError("gunicorn is not installed (make install)")
    return Path(found)


def free_port() -> int:
    """A port nothing listens on now (gunicorn cannot bind to port 0 and report it back)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Gunicorn:
    """``with Gunicorn(...) as server``: started on entry, stopped on exit (error or Ctrl-C).
    ``workers`` sync workers, each serving one request at a time."""

    gunicorn: Path
    env: dict[str, str]
    cwd: Path
    log: Path
    workers: int = 1
    extra_args: tuple[str, ...] = ()
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        self.port = free_port()
        log = self.log.open("wb")
        # A session of its own: Ctrl-C in the terminal reaches only the benchmark, which then
        # stops the server in order (and kills the whole group if it does not stop in time).
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command line of our own)
            [
                str(self.gunicorn),
                "alliance.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--no-control-socket",
                *self.extra_args,
            ],
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with code {self.process.returncode}; see {self.log}"
                )
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/static/css/alliance.css")
                conn.getresponse().read()
                conn.close()
                if len(self.worker_pids()) >= self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    @property
    def master_pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children_of(self.master_pid)


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name))
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(entry.name))
    return sorted(pids)


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat from the third (state) on: the command name, in parentheses,
    may hold spaces, so split after the last ')'."""
    return (PROC / str(pid) / "stat").read_text().rpartition(")")[2].split()


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (utime + stime)."""
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_of(pid: int) -> dict[str, float]:
    """Resident set size now and at its peak, in MiB (VmRSS and VmHWM of /proc/<pid>/status)."""
    values = {}
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024  # kB -> MiB
    return {"rss_mb": round(values["VmRSS"], 1), "peak_rss_mb": round(values["VmHWM"], 1)}


def create_database(pg_url: str) -> str:
    """A new, empty PostgreSQL database ``alliance_bench_<random>`` on the server of ``pg_url``;
    its name. Drop it with ``drop_database``."""
    import psycopg

    name = f"alliance_bench_{secrets.token_hex(4)}"
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a name of our own making
    return name


def drop_database(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def with_database(url: str, name: str) -> str:
    """``url`` with its database replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run_stage(
    module: str,
    argv: list[str],
    *,
    db: str,
    pg_url: str,
    time_limit: float,
) -> int:
    """Run ``python -m module *argv --stage`` in a temporary folder, with production settings
    and a fresh database (SQLite in that folder, or a new PostgreSQL database on the server of
    ``pg_url`` when ``db`` is "postgres"), and clear both afterwards, whatever happens. The
    stage's exit code; 1 when it ran over ``time_limit`` seconds, 130 when interrupted."""
    folder = Path(tempfile.mkdtemp(prefix=f"alliance-{module.rsplit('.', 1)[-1]}-"))
    database = ""
    try:
        settings = {}
        if db == "postgres":
            database = create_database(pg_url)
            settings["ALLIANCE_DATABASE_URL"] = with_database(pg_url, database)
        child = subprocess.Popen(  # noqa: S603 (this Python, our module, our arguments)
            [sys.executable, "-m", module, *argv, "--stage"],
            cwd=folder,
            env=production_env(folder, **settings),
        )
        try:
            return child.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            print(f"Stopped: over the time limit of {time_limit:.0f} s.", file=sys.stderr)
            child.terminate()
            child.wait(timeout=30)
            return 1
        except KeyboardInterrupt:
            child.wait(timeout=30)
            return 130
    finally:
        if database:
            drop_database(pg_url, database)
        shutil.rmtree(folder, ignore_errors=True)
