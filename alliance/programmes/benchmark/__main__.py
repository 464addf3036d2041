"""``python -m alliance.programmes.benchmark [--pg-url URL] [run options]``: sets the stage for
the programmes benchmark and clears it afterwards, whatever happens.

The stage: a temporary folder (the SQLite database, static files and the server's log), or with
``--pg-url`` a new database ``alliance_bench_<random>`` on that PostgreSQL server, dropped
afterwards. The benchmark (``run.py``) runs in a child process with production settings.
Options other than ``--pg-url`` and ``--time-limit`` go to ``run.py`` (``--applications``,
``--calls``, ``--reviewers``, ``--big``, ``--small``, ``--requests``)."""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from alliance.core.benchmarking import production_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", help="a PostgreSQL server to make a new database on")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds, whole run")
    args, rest = parser.parse_known_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="alliance-bench-programmes-"))
    database = ""
    child: subprocess.Popen[bytes] | None = None
    try:
        settings: dict[str, str] = {}
        if args.pg_url:
            database = _create_database(args.pg_url)
            settings["ALLIANCE_DATABASE_URL"] = _with_database(args.pg_url, database)
            print(f"… database {database} created", file=sys.stderr, flush=True)
        child = subprocess.Popen(  # noqa: S603 (this Python, our module, the user's options)
            [sys.executable, "-m", "alliance.programmes.benchmark.run", *rest],
            cwd=folder,
            env=production_env(folder, **settings),
        )
        try:
            return child.wait(timeout=args.time_limit)
        except subprocess.TimeoutExpired:
            print(f"Stopped: over the time limit of {args.time_limit:.0f} s.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
    finally:
        if child is not None and child.poll() is None:
            child.terminate()  # it stops its server on the way out
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=10)
        if database:
            _drop_database(args.pg_url, database)
            print(f"… database {database} dropped", file=sys.stderr, flush=True)
        shutil.rmtree(folder, ignore_errors=True)


def _create_database(pg_url: str) -> str:
    import psycopg

    name = f"alliance_bench_{secrets.token_hex(4)}"
    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a name of our own making
    return name


def _drop_database(pg_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


if __name__ == "__main__":
    sys.exit(main())
