"""``python -m alliance.programmes.benchmark [--pg-url URL] [run options]``: sets the stage for
the programmes benchmark and clears it afterwards, whatever happens.

The stage (``core.benchmarking.run_stage``): a temporary folder (the SQLite database, static
files and the server's log), or with ``--pg-url`` a new database ``alliance_bench_<random>`` on
that PostgreSQL server, dropped afterwards. The benchmark (``run.py``) runs in a child process
with production settings. Options other than ``--pg-url`` and ``--time-limit`` go to ``run.py``
(``--applications``, ``--calls``, ``--reviewers``, ``--big``, ``--small``, ``--requests``)."""

from __future__ import annotations

import argparse
import sys

from alliance.core.benchmarking import run_stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pg-url", help="a PostgreSQL server to make a new database on")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds, whole run")
    args, rest = parser.parse_known_args(argv)
    return run_stage(
        "alliance.programmes.benchmark.run",
        rest,
        db="postgres" if args.pg_url else "sqlite",
        pg_url=args.pg_url or "",
        time_limit=args.time_limit,
    )


if __name__ == "__main__":
    sys.exit(main())
