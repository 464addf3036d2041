"""The programmes benchmark itself, run by ``python -m alliance.programmes.benchmark`` in a
process of its own whose environment holds the production settings and the fresh database:

1. migrate; collect the static files (the manifest production needs);
2. the data (``dataset.prepare``);
3. the reviewer assignment of the big call (timed), its reviews scored, the suggested
   selection (timed);
4. the SQL queries of the call dashboard and the application list, counted in-process on the
   small and the big call (they must be equal);
5. gunicorn in production mode (one sync worker) on a free port; each page asked for
   ``--requests`` times in a row: p50, p95, max;
6. the figures, the goals, and last one line of JSON.

Exit code 0 unless something failed (a page that does not answer 200, query counts that grow
with the call); a missed time goal is information, printed as such.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

GOALS = {"assignment_s": 2.0, "selection_s": 1.0, "page_p95_ms": 100.0}
LOG_FILE = "gunicorn.log"
HEADERS = {
    "Host": "127.0.0.1",
    "X-Forwarded-Proto": "https",  # the TLS-ending proxy says so; the site trusts it
    "Accept": "text/html",
    "Accept-Language": "en",
    "User-Agent": "alliance-bench-programmes",
}


def step(text: str) -> None:
    print(f"… {text}", flush=True)


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def pages_of(call_id: int) -> dict[str, str]:
    return {
        "dashboard": f"/programmes/calls/{call_id}/dashboard/",
        "applications": f"/programmes/calls/{call_id}/applications/",
    }


def count_queries(user_id: int, call_ids: dict[str, int]) -> dict[str, dict[str, int]]:
    """The SQL queries of each page, for each call, counted in-process (Django's test client
    on the same database, production settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from alliance.core.models import User

    client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
    client.force_login(User.objects.get(pk=user_id))
    counts: dict[str, dict[str, int]] = {}
    for size, call_id in call_ids.items():
        for name, path in pages_of(call_id).items():
            client.get(path)  # the first request of a process loads templates and the like
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path}: HTTP {response.status_code}")
            counts.setdefault(name, {})[size] = len(captured.captured_queries)
    return counts


def time_pages(
    port: int, cookie: str, paths: dict[str, str], requests: int, worker: int
) -> dict[str, Any]:
    """Each page ``requests`` times in a row over plain HTTP, after a few warm-up requests; with
    the CPU time the worker spent on each (a busy machine stretches the wall clock, not this)."""
    from alliance.core.benchmarking import cpu_seconds

    figures: dict[str, Any] = {}
    for name, path in paths.items():
        durations = []
        cpu_before = 0.0
        for n in range(requests + 5):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            start = time.perf_counter()
            conn.request("GET", path, headers={**HEADERS, "Cookie": cookie})
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - start
            conn.close()
            if response.status != 200:
                raise RuntimeError(f"GET {path}: HTTP {response.status}; see {LOG_FILE}")
            if n == 4:
                cpu_before = cpu_seconds(worker)
            if n >= 5:
                durations.append(elapsed)
        figures[name] = {
            "requests": requests,
            "worker_cpu_ms": round((cpu_seconds(worker) - cpu_before) * 1000 / requests, 1),
            "p50_ms": round(percentile(durations, 50) * 1000, 1),
            "p95_ms": round(percentile(durations, 95) * 1000, 1),
            "max_ms": round(max(durations) * 1000, 1),
            "bytes": len(body),
        }
    return figures


def measure_engine_steps(plan: Any) -> dict[str, Any]:
    """The assignment of the big call's reviewers and its suggested selection, timed; the
    small call assigned and scored too, so that its pages show the same kinds of rows."""
    from alliance.core.models import User
    from alliance.programmes.benchmark import dataset
    from alliance.programmes.models import Call
    from alliance.programmes.queries import suggestion
    from alliance.programmes.services.reviews import assign_reviewers

    actor = User.objects.get(pk=plan.secretariat)
    big = Call.objects.get(pk=plan.big_call)
    start, cpu = time.perf_counter(), time.process_time()
    assigned = assign_reviewers(big, actor=actor)
    assignment_s, assignment_cpu = time.perf_counter() - start, time.process_time() - cpu
    assign_reviewers(Call.objects.get(pk=plan.small_call), actor=actor)
    reviews = dataset.score_reviews(plan.big_call)
    dataset.score_reviews(plan.small_call)
    start, cpu = time.perf_counter(), time.process_time()
    suggested = suggestion(big)
    selection_s, selection_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "assignment_s": round(assignment_s, 3),
        "assignment_cpu_s": round(assignment_cpu, 3),
        "assigned_reviews": assigned.created,
        "short": len(assigned.short),
        "scored_reviews": reviews,
        "selection_s": round(selection_s, 3),
        "selection_cpu_s": round(selection_cpu, 3),
        "ranked": len(suggested.rows),
        "selected": len(suggested.selected),
    }


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from alliance.core.benchmarking import Gunicorn, gunicorn_command, memory_of
    from alliance.events.benchmark.run import collect_static
    from alliance.programmes.benchmark import dataset
    from alliance.programmes.models import Application

    here = Path.cwd()
    vendor = connections["default"].vendor
    started = time.perf_counter()
    step(f"migrate the new {vendor} database")
    call_command("migrate", interactive=False, verbosity=0)
    step("collect static files (manifest)")
    collect_static()
    step(
        f"{args.applications:,} applications over {args.calls} calls (the big one of {args.big:,}),"
        f" {args.reviewers} reviewers"
    )
    t = time.perf_counter()
    plan = dataset.prepare(
        applications=args.applications,
        calls=args.calls,
        reviewers=args.reviewers,
        big=args.big,
        small=args.small,
    )
    build_s = time.perf_counter() - t
    step("reviewer assignment and suggested selection of the big call")
    load_before = os.getloadavg()[0]
    figures: dict[str, Any] = {"database": vendor, "build_s": round(build_s, 1)}
    figures.update(measure_engine_steps(plan))
    figures["applications"] = Application.objects.count()
    step("queries per page, small and big call")
    figures["queries"] = count_queries(
        plan.secretariat, {"small": plan.small_call, "big": plan.big_call}
    )
    connections.close_all()
    with Gunicorn(
        gunicorn_command(), env=dict(os.environ), cwd=here, log=here / LOG_FILE
    ) as server:
        step(f"gunicorn on 127.0.0.1:{server.port}, 1 sync worker: {args.requests} requests a page")
        cookie = f"{settings.SESSION_COOKIE_NAME}={plan.session_key}"
        worker = server.worker_pids()[0]
        figures["pages"] = time_pages(
            server.port, cookie, pages_of(plan.big_call), args.requests, worker
        )
        figures["worker_memory"] = memory_of(worker)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    figures["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    figures["goals"] = {
        "assignment": figures["assignment_s"] <= GOALS["assignment_s"],
        "selection": figures["selection_s"] <= GOALS["selection_s"],
        **{
            f"{name}_p95": page["p95_ms"] <= GOALS["page_p95_ms"]
            for name, page in figures["pages"].items()
        },
        "constant_queries": all(len(set(c.values())) == 1 for c in figures["queries"].values()),
    }
    return figures


def goal(met: bool) -> str:
    return "goal met" if met else "goal MISSED"


def report(f: dict[str, Any]) -> None:
    g = f["goals"]
    print()
    print(
        f"Programmes on {f['database']}: {f['applications']:,} applications, data made in"
        f" {f['build_s']} s; whole run {f['total_s']} s"
    )
    print(
        f"  reviewer assignment  {f['assignment_s']:>7.3f} s   (CPU {f['assignment_cpu_s']} s;"
        f" {f['assigned_reviews']:,} reviews,"
        f" {f['short']} short; ≤ {GOALS['assignment_s']:.0f} s: {goal(g['assignment'])})"
    )
    print(
        f"  suggested selection  {f['selection_s']:>7.3f} s   (CPU {f['selection_cpu_s']} s;"
        f" {f['ranked']:,} ranked from"
        f" {f['scored_reviews']:,} reviews, {f['selected']} selected;"
        f" ≤ {GOALS['selection_s']:.0f} s: {goal(g['selection'])})"
    )
    for name, page in f["pages"].items():
        q = f["queries"][name]
        print(
            f"  {name:<20} p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms, max"
            f" {page['max_ms']} ms over {page['requests']} requests, worker CPU"
            f" {page['worker_cpu_ms']} ms a request"
            f" (≤ {GOALS['page_p95_ms']:.0f} ms: {goal(g[name + '_p95'])});"
            f" SQL queries: {q['small']} on the small call, {q['big']} on the big one"
        )
    print(
        f"  queries per page     {'the same on both calls' if g['constant_queries'] else 'GROW with the call'}"
    )
    load = f["load_average"]
    print(f"  load average         {load[0]} before, {load[1]} after, on {os.cpu_count()} cores")
    mem = f["worker_memory"]
    print(f"  gunicorn worker      {mem['rss_mb']} MiB resident, peak {mem['peak_rss_mb']} MiB")
    print(json.dumps(f, ensure_ascii=False), flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--reviewers", type=int, default=300)
    parser.add_argument("--big", type=int, default=5_000)
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--stage", action="store_true", help=argparse.SUPPRESS)  # run_stage's
    return parser.parse_args(argv)


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)  # the server is stopped on the way out
    try:
        figures = bench(args)
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped.", file=sys.stderr)
        return 130
    report(figures)
    return 0 if figures["goals"]["constant_queries"] else 1


if __name__ == "__main__":
    sys.exit(main())
