"""``make bench``: how fast the member directory answers in production, with a realistic amount
of data, on this machine.

1. A fresh SQLite database in bench/out/data: migrate, the demo alliance, the 5,392 institutions
   of alliance/members/data/ror_asia_education.csv (``alliance import-institutions``), and 100,000
   invented people with their positions (fixed seed).
2. gunicorn in production mode (one sync worker) on a free port of 127.0.0.1.
3. Each page asked for N times in a row over plain HTTP: p50, p95, max, requests per second.
4. Queries per page, counted in-process with Django's test client on the same database.
5. Memory (RSS) of the gunicorn worker and master after the run.
6. A table on screen and the same figures in bench/out/directory.json.

The goals printed next to the figures are information, not a test: the exit code is 0 unless
something failed. Options: ``--requests``, ``--people``, ``--reuse`` (keep the database of the
previous run), ``--profile PATH`` (print a cProfile of one page, in-process, and stop).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alliance.core.benchmarking import (
    Gunicorn,
    cpu_seconds,
    gunicorn_command,
    memory_of,
    production_env,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATA = OUT / "data"
STATIC = OUT / "static"
READY = DATA / "dataset.json"
RESULT = OUT / "directory.json"
sys.path.insert(0, str(ROOT))  # run as a script: make the bench package importable
# The ROR records ship with the members domain (alliance/members/data/README.md).
ROR_CSV = ROOT / "alliance" / "members" / "data" / "ror_asia_education.csv"
P95_GOAL_MS = 100.0
RSS_GOAL_MB = 150.0
MEMBER_RORS = ("03cve4549", "057zh3y96", "01tgyzw49")  # Tsinghua, Tokyo, NUS


@dataclass
class Page:
    name: str
    paths: list[tuple[str, str]]  # (path, text the page must contain)
    figures: dict[str, Any] = field(default_factory=dict)


def run_cli(env: dict[str, str], *args: str) -> tuple[float, str]:
    """Run ``alliance ARGS`` in a new process; seconds taken (process start included), output."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "alliance.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"alliance {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, done.stdout.strip()


def build_dataset(env: dict[str, str], people: int, institutions: Path) -> dict[str, Any]:
    if not institutions.is_file():
        raise SystemExit(f"{institutions}: no such file; give another with --institutions FILE")
    if DATA.exists():
        shutil.rmtree(DATA)
    DATA.mkdir(parents=True)
    figures: dict[str, Any] = {}
    step("migrate")
    figures["migrate_s"] = round(run_cli(env, "migrate", "--noinput", "-v0")[0], 2)
    step("load the demo alliance")
    figures["demo_s"] = round(run_cli(env, "load-demo")[0], 2)
    step(f"import {institutions.name}")
    seconds, output = run_cli(env, "import-institutions", str(institutions))
    figures["import_s"] = round(seconds, 2)
    figures["import_output"] = output
    setup_django(env)
    figures["collectstatic_s"] = collect_static(env)
    from bench.people import generate_people

    step(f"generate {people:,} people with positions")
    started = time.perf_counter()
    generated = generate_people(people)
    figures["generate_s"] = round(time.perf_counter() - started, 2)
    figures.update(asdict(generated))
    figures["database_mb"] = round(database_size() / 1_048_576, 1)
    READY.write_text(json.dumps(figures, indent=2))
    return figures


def collect_static(env: dict[str, str]) -> float | None:
    """Production serves static files through whitenoise's manifest, which collectstatic
    writes (and gzips: about a minute here). The result is kept in bench/out/static and made
    again only when a source file changed; seconds taken, or None when it was kept."""
    from django.contrib.staticfiles.finders import get_finders

    STATIC.mkdir(exist_ok=True)
    (DATA / "static").symlink_to(STATIC, target_is_directory=True)
    sources = sorted(
        (path, storage.path(path))
        for finder in get_finders()
        for path, storage in finder.list(["CVS", ".*", "*~"])
    )
    digest = hashlib.sha256()
    for path, full in sources:
        stat = Path(full).stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    fingerprint = STATIC / ".sources.sha256"
    kept = (STATIC / "staticfiles.json").exists() and fingerprint.exists()
    if kept and fingerprint.read_text() == digest.hexdigest():
        step("static files unchanged since the last run: kept")
        return None
    step("collect static files (whitenoise manifest, compressed)")
    seconds = run_cli(env, "collectstatic", "--noinput", "--clear", "-v0")[0]
    fingerprint.write_text(digest.hexdigest())
    return round(seconds, 2)


def database_size() -> int:
    return sum(p.stat().st_size for p in DATA.glob("alliance.sqlite3*"))


def setup_django(env: dict[str, str]) -> None:
    """Load the settings in this process from the very environment gunicorn gets."""
    import django
    from django.apps import apps

    if apps.ready:
        return
    os.environ.clear()
    os.environ.update(env)
    django.setup()


def step(text: str) -> None:
    print(f"… {text}", flush=True)


def define_pages() -> list[Page]:
    from django.utils.html import escape

    from alliance.members import queries
    from alliance.members.enums import Relation
    from alliance.members.models import Institution, Position

    def directory(name: str, **params: str) -> Page:
        query = "&".join(f"{k}={quote(v)}" for k, v in params.items())
        filters = queries.DirectoryFilter(**params)
        count = queries.directory(filters).count()
        return Page(
            name, [(f"/members/?{query}" if query else "/members/", f"{count} institution")]
        )

    members = Institution.objects.filter(ror_id__in=MEMBER_RORS).order_by("name")
    others = list(
        Institution.objects.filter(relation=Relation.NONE, positions__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Three ordinary (imported) institutions at a quarter, half and three quarters of the list.
    picked = Institution.objects.filter(
        pk__in=[others[len(others) * k // 4] for k in (1, 2, 3)]
    ).order_by("pk")

    def detail(name: str, institutions: Any) -> Page:
        return Page(name, [(i.get_absolute_url(), escape(i.name)) for i in institutions])

    def people_on(institutions: Any) -> int:
        today = datetime.date.today()
        return Position.objects.filter(
            institution__in=institutions, start__lte=today, end__isnull=True
        ).count() // max(1, len(institutions))

    return [
        Page("home /", [("/", "Tsinghua University")]),
        directory("directory"),
        directory("directory, all institutions", relation="all"),
        directory("search 'university of tokyo'", q="university of tokyo"),
        directory("search 'university of tokyo', all", q="university of tokyo", relation="all"),
        directory("search '大学'", q="大学"),
        directory("search '大学', all", q="大学", relation="all"),
        directory("country=JP", country="JP"),
        directory("country=JP, all", country="JP", relation="all"),
        detail(f"institution, member, ~{people_on(members)} people", members),
        detail(f"institution, other, ~{people_on(picked)} people", picked),
    ]


def measure_queries(pages: list[Page]) -> None:
    from bench.in_process import count_queries

    for page in pages:
        page.figures["queries"] = max(count_queries(path)[0] for path, _ in page.paths)


def measure_http(env: dict[str, str], pages: list[Page], requests: int, warmup: int) -> dict:
    from django.db import connections

    from bench.http_timing import Client, summarise

    connections.close_all()
    log = OUT / "gunicorn.log"
    with Gunicorn(gunicorn_command(), env=env, cwd=ROOT, log=log) as server:
        step(f"gunicorn on 127.0.0.1:{server.port}, master pid {server.master_pid}")
        client = Client(server.port)
        worker = server.worker_pids()[0]
        try:
            for page in pages:
                for n in range(warmup):
                    path, expect = page.paths[n % len(page.paths)]
                    client.get(path, expect)
            for page in pages:
                step(f"{requests} × {page.name}")
                durations, size = [], 0
                cpu_before = cpu_seconds(worker)
                started = time.perf_counter()
                for n in range(requests):
                    path, expect = page.paths[n % len(page.paths)]
                    before = time.perf_counter()
                    size = len(client.get(path, expect))
                    durations.append(time.perf_counter() - before)
                timing = summarise(durations, time.perf_counter() - started, size)
                page.figures.update(asdict(timing))
                page.figures["worker_cpu_ms"] = round(
                    (cpu_seconds(worker) - cpu_before) * 1000 / requests, 1
                )
        finally:
            client.close()
        workers = server.worker_pids()
        memory = {
            "master": memory_of(server.master_pid),
            "workers": [memory_of(pid) for pid in workers],
        }
    return memory


def goal(met: bool) -> str:
    return "goal met" if met else "goal missed"


def report(
    pages: list[Page],
    dataset: dict[str, Any],
    memory: dict,
    load: tuple[float, float],
    args: argparse.Namespace,
) -> dict:
    print()
    print(
        f"Dataset: {dataset['people']:,} people, {dataset['positions']:,} positions "
        f"({dataset['current_positions']:,} current), database {dataset['database_mb']} MB"
        + (" (reused)" if args.reuse else "")
    )
    print(f"  {dataset['import_output']}")
    print(
        f"  import-institutions {dataset['import_s']:.1f} s (process start included), "
        f"people generated in {dataset['generate_s']:.1f} s; migrate {dataset['migrate_s']:.1f} s,"
        f" demo {dataset['demo_s']:.1f} s, collectstatic "
        + (
            f"{dataset['collectstatic_s']:.1f} s"
            if dataset["collectstatic_s"] is not None
            else "kept from the last run"
        )
    )
    print(f"  load average before / after: {load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} cores")
    print()
    header = f"{'page':<42} {'p50':>7} {'p95':>7} {'max':>7} {'req/s':>7} {'cpu':>7} {'queries':>7}  p95 <= {P95_GOAL_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    for page in pages:
        f = page.figures
        print(
            f"{page.name:<42} {f['p50_ms']:>7.1f} {f['p95_ms']:>7.1f} {f['max_ms']:>7.1f}"
            f" {f['per_second']:>7.1f} {f['worker_cpu_ms']:>7.1f} {f['queries']:>7}"
            f"  {goal(f['p95_ms'] <= P95_GOAL_MS)}"
        )
    print(
        f"(milliseconds of wall-clock time per request; cpu: milliseconds of CPU the gunicorn worker"
        f" spent per request; {args.requests} sequential requests per page after {args.warmup}"
        " to warm up)"
    )
    print()
    worker_rss = max((w["rss_mb"] for w in memory["workers"]), default=0.0)
    for i, worker in enumerate(memory["workers"]):
        print(
            f"gunicorn worker {i + 1}: RSS {worker['rss_mb']:.1f} MB (peak {worker['peak_rss_mb']:.1f} MB)"
            f"  RSS <= {RSS_GOAL_MB:.0f} MB: {goal(worker['rss_mb'] <= RSS_GOAL_MB)}"
        )
    master = memory["master"]
    print(f"gunicorn master:   RSS {master['rss_mb']:.1f} MB (peak {master['peak_rss_mb']:.1f} MB)")
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "load_average_1min_before_after": load,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
        },
        "settings": {
            "mode": "production",
            "server": "gunicorn, 1 sync worker",
            "requests_per_page": args.requests,
            "warmup_per_page": args.warmup,
        },
        "dataset": {**dataset, "reused": bool(args.reuse)},
        "goals": {"p95_ms": P95_GOAL_MS, "worker_rss_mb": RSS_GOAL_MB},
        "pages": [
            {
                "name": p.name,
                "paths": [path for path, _ in p.paths],
                **p.figures,
                "p95_goal_met": p.figures["p95_ms"] <= P95_GOAL_MS,
            }
            for p in pages
        ],
        "memory": {**memory, "worker_rss_goal_met": worker_rss <= RSS_GOAL_MB},
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first")
    parser.add_argument(
        "--institutions", type=Path, default=ROR_CSV, help="ROR-shaped CSV file to import"
    )
    parser.add_argument("--people", type=int, default=100_000, help="people to generate")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of the previous run"
    )
    parser.add_argument("--profile", metavar="PATH", help="profile one page in-process and stop")
    return parser.parse_args()


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    # Ctrl-C and a plain kill both end the run through the same clean-up path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupted)
    OUT.mkdir(parents=True, exist_ok=True)
    env = production_env(DATA)
    started = time.perf_counter()
    try:
        if args.reuse and READY.exists():
            step(f"reusing the database in {DATA}")
            dataset = json.loads(READY.read_text())
            setup_django(env)
        else:
            args.reuse = False
            dataset = build_dataset(env, args.people, args.institutions)
        if args.profile:
            from bench.in_process import profile

            print(profile(args.profile))
            return 0
        pages = define_pages()
        step("count queries in-process")
        measure_queries(pages)
        load_before = os.getloadavg()[0]
        memory = measure_http(env, pages, args.requests, args.warmup)
        load = (load_before, os.getloadavg()[0])
        result = report(pages, dataset, memory, load, args)
        result["total_s"] = round(time.perf_counter() - started, 1)
        RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(
            f"\nFigures written to {RESULT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s."
        )
        return 0
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
