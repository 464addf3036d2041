"""The registration benchmark itself, run by ``alliance bench registration`` in a process of its
own whose environment is the benchmark server's (production settings, the fresh database):

    python -m alliance.events.benchmark.run --seats 300 --attempts 2000 --clients 40 --workers 5

1. migrate the fresh database; collect the static files (the manifest production needs);
2. make the data (``dataset.prepare``);
3. start gunicorn in production mode on a free port of 127.0.0.1 and warm each worker up;
4. the rush (``clients.rush``);
5. stop the server, count what the database holds, print the figures, the goals and, last, one
   line of JSON with all the figures.

Exit code 0 when the outcome is exact (every seat filled, none beyond, no quota exceeded, no
error); 1 otherwise; 130 when interrupted. The rate goal is information: a busy machine misses
it without anything being wrong.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alliance.events.benchmark.clients import Outcome, Person, Site
    from alliance.events.benchmark.dataset import Plan, Tally

CONFIRMED_PER_S_GOAL = 24.0  # three times the 8 orders a second pretix reaches on this machine
PID_FILE = "gunicorn.pid"
LOG_FILE = "gunicorn.log"


def step(text: str) -> None:
    print(f"… {text}", flush=True)


def collect_static() -> None:
    """The hashed names and manifest production serves static files by, without the compressed
    copies whitenoise also writes (minutes of work, and no page of the benchmark asks for a
    static file): the manifest is the same file either way."""
    from django.contrib.staticfiles.management.commands.collectstatic import (
        Command as CollectStatic,
    )
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
    from django.core.management import call_command

    command = CollectStatic()
    command.storage = ManifestStaticFilesStorage()
    call_command(command, interactive=False, verbosity=0)


def percentile(values: list[float], p: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def server_log_errors(log: Path) -> dict[str, int]:
    text = log.read_text(errors="replace") if log.exists() else ""
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database_is_locked": text.count("database is locked"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


def figures_of(
    args: argparse.Namespace,
    plan: Plan,
    outcomes: list[Outcome],
    window: tuple[float, float],
    tally: Tally,
    log: Path,
    load: tuple[float, float],
    cpu: tuple[float, float],
) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection

    started, ended = window
    elapsed = ended - started
    errors = [o for o in outcomes if o.error]
    confirmed_done = [
        o.finished
        for o in outcomes
        if not o.error and tally.by_user.get(plan.user_ids[o.index]) == "confirmed"
    ]
    confirmed = tally.by_status.get("confirmed", 0)
    # The rate at which seats were taken: confirmed registrations over the time from the start
    # of the rush until the answer that confirmed the last of them.
    fill_s = (max(confirmed_done) - started) if confirmed_done else elapsed
    posts = [o.post_s for o in outcomes if not o.error]
    forms = [o.form_s for o in outcomes if o.form_s]
    whole = [o.form_s + o.post_s for o in outcomes if not o.error]
    expected = plan.expected_confirmed()
    figures = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "seats": args.seats,
        "attempts": args.attempts,
        "clients": args.clients,
        "workers": args.workers,
        "server": f"gunicorn, {args.workers} sync workers, production settings",
        "expected_confirmed": expected,
        "confirmed": confirmed,
        "waitlisted": tally.by_status.get("waitlisted", 0),
        "other_statuses": {
            k: v for k, v in tally.by_status.items() if k not in ("confirmed", "waitlisted")
        },
        "errors": len(errors),
        "error_kinds": dict(Counter(o.error for o in errors).most_common(5)),
        "registrations": sum(tally.by_status.values()),
        "over_quota": tally.over_quota,
        "most_registrations_of_one_person": tally.per_person_max,
        "server_log": server_log_errors(log),
        "elapsed_s": round(elapsed, 2),
        "seats_filled_in_s": round(fill_s, 2),
        "confirmed_per_s": round(confirmed / fill_s, 1) if fill_s > 0 else 0.0,
        "registrations_per_s": round((len(outcomes) - len(errors)) / elapsed, 1),
        "post_p50_ms": ms(percentile(posts, 50)),
        "post_p95_ms": ms(percentile(posts, 95)),
        "post_max_ms": ms(max(posts, default=0.0)),
        "form_p95_ms": ms(percentile(forms, 95)),
        "attempt_p95_ms": ms(percentile(whole, 95)),
        "machine": {
            "cores": os.cpu_count(),
            "load_average_1min_before_after": [round(x, 2) for x in load],
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "settings": {"mode": "production" if not settings.DEBUG else "debug"},
        "cpu_ms_per_attempt": {
            "server": round(cpu[0] * 1000 / len(outcomes), 1),
            "clients": round(cpu[1] * 1000 / len(outcomes), 1),
        },
    }
    figures["goals"] = {
        "exact_seats": confirmed == expected,
        "no_errors": not errors,
        "confirmed_per_s": figures["confirmed_per_s"] >= CONFIRMED_PER_S_GOAL,
    }
    return figures


def goal(met: bool) -> str:
    return "goal met" if met else "goal MISSED"


def report(figures: dict[str, Any]) -> None:
    f, g = figures, figures["goals"]
    print()
    print(
        f"Registration rush on {f['database']}: {f['attempts']:,} attempts by {f['clients']} clients"
        f" for {f['seats']} seats; {f['server']}"
    )
    print(
        f"  confirmed        {f['confirmed']:>8}   (exactly {f['expected_confirmed']}: {goal(g['exact_seats'])})"
    )
    print(f"  waiting-listed   {f['waitlisted']:>8}")
    if f["other_statuses"]:
        print(f"  other statuses   {f['other_statuses']}")
    print(f"  errors           {f['errors']:>8}   (none: {goal(g['no_errors'])})")
    for kind, n in f["error_kinds"].items():
        print(f"      {n} × {kind}")
    print(f"  over quota       {f['over_quota']:>8}   members holding more than their quota")
    print(
        f"  confirmed/s      {f['confirmed_per_s']:>8}   (seats filled in {f['seats_filled_in_s']} s;"
        f" ≥ {CONFIRMED_PER_S_GOAL:.0f}/s: {goal(g['confirmed_per_s'])})"
    )
    print(
        f"  registrations/s  {f['registrations_per_s']:>8}   (all {f['attempts']:,} in {f['elapsed_s']} s)"
    )
    print(
        f"  latency ms       p50 {f['post_p50_ms']}, p95 {f['post_p95_ms']}, max {f['post_max_ms']}"
        f" (the POST); p95 of the form {f['form_p95_ms']}, of form + POST {f['attempt_p95_ms']}"
    )
    log = f["server_log"]
    print(
        f"  server log       {log['tracebacks']} tracebacks, {log['database_is_locked']}"
        f" 'database is locked', {log['worker_timeouts']} worker time-outs"
    )
    cpu = f["cpu_ms_per_attempt"]
    print(
        f"  CPU per attempt  {cpu['server']} ms in the gunicorn workers, {cpu['clients']} ms in"
        " the clients (form + POST)"
    )
    load = f["machine"]["load_average_1min_before_after"]
    print(f"  load average     {load[0]} before, {load[1]} after, on {f['machine']['cores']} cores")
    print(json.dumps(figures, ensure_ascii=False), flush=True)


def warm_up(site: Site, person: Person, workers: int) -> None:
    """Each worker's first requests load templates, translations and the URL map: open the
    registration form (it changes nothing) a few times per worker before the timed rush."""
    import http.client

    from alliance.events.benchmark.clients import HEADERS, HOST

    cookie = f"{site.session_cookie}={person.session_key}"
    for _ in range(workers * 3):
        conn = http.client.HTTPConnection(HOST, site.port, timeout=30)
        conn.request("GET", site.form_path, headers={**HEADERS, "Cookie": cookie})
        if conn.getresponse().status != 200:
            raise RuntimeError(f"the registration form does not open; see {LOG_FILE}")
        conn.close()


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from alliance.core.benchmarking import Gunicorn, cpu_seconds, gunicorn_command
    from alliance.events.benchmark import dataset
    from alliance.events.benchmark.clients import Site, rush

    here = Path.cwd()
    step(f"migrate the new {connections['default'].vendor} database")
    call_command("migrate", interactive=False, verbosity=0)
    step("collect static files (manifest)")
    collect_static()
    step(
        f"15 members, an event of {args.seats} seats with quotas, {args.attempts:,} people with"
        " sessions"
    )
    plan = dataset.prepare(seats=args.seats, attempts=args.attempts)
    connections.close_all()
    log = here / LOG_FILE
    with Gunicorn(
        gunicorn_command(), env=dict(os.environ), cwd=here, log=log, workers=args.workers
    ) as server:
        pid_file = here / PID_FILE
        pid_file.write_text(f"{server.master_pid} 127.0.0.1:{server.port}")
        step(f"gunicorn on 127.0.0.1:{server.port}, {args.workers} sync workers")
        site = Site(
            port=server.port,
            slug=plan.slug,
            session_cookie=settings.SESSION_COOKIE_NAME,
            csrf_cookie=settings.CSRF_COOKIE_NAME,
        )
        warm_up(site, plan.people[0], args.workers)
        step(f"{args.attempts:,} registration attempts by {args.clients} concurrent clients")
        workers = server.worker_pids()
        load_before = os.getloadavg()[0]
        cpu_before = (sum(cpu_seconds(pid) for pid in workers), time.process_time())
        outcomes, started, ended = rush(site, plan.people, args.clients)
        cpu = (
            sum(cpu_seconds(pid) for pid in workers) - cpu_before[0],
            time.process_time() - cpu_before[1],
        )
        load = (load_before, os.getloadavg()[0])
    pid_file.unlink()  # the server is stopped
    step("count the registrations")
    tally = dataset.tally(plan)
    connections.close_all()
    return figures_of(args, plan, outcomes, (started, ended), tally, log, load, cpu)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seats", type=int, required=True)
    parser.add_argument("--attempts", type=int, required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    return parser.parse_args(argv)


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        figures = bench(args)
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped.", file=sys.stderr)
        return 130
    report(figures)
    return 0 if exact(figures) else 1


def exact(figures: dict[str, Any]) -> bool:
    """Every seat filled and none beyond, no quota exceeded, one registration for each attempt
    that was answered, and no error."""
    return (
        figures["goals"]["exact_seats"]
        and figures["goals"]["no_errors"]
        and figures["over_quota"] == 0
        and figures["most_registrations_of_one_person"] <= 1
        and figures["registrations"] == figures["attempts"] - figures["errors"]
    )


if __name__ == "__main__":
    sys.exit(main())
