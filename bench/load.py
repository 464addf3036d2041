"""``make bench-load``: the production-mode stack under a crowd, on 127.0.0.1 only.

1. A fresh database (PostgreSQL when it answers on 127.0.0.1:5432, else SQLite) with the demo
   alliance (``alliance load-demo``); Redis as cache and broker when it answers, with a Celery
   worker; gunicorn in production mode with ``--workers`` sync workers.
2. ``--users`` people browse the public pages (home, directory, a search in Chinese, member pages,
   the events calendar and an event), one page every one to three seconds; ``--appliers`` demo
   students log in and apply to the open exchange round, then change their ranking again and
   again, one form every one to three seconds.
3. After ``--duration`` seconds (60 by default) everybody stops: the run is bounded.
4. Per page: requests, p50, p95, max, errors; overall: requests per second, errors; memory of
   every gunicorn worker and of the Celery worker. A table on screen and bench/out/load.json.

The figures are information, not a test: the exit code is 0 unless the set-up failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from alliance.core.benchmarking import (  # noqa: E402
    Gunicorn,
    gunicorn_command,
    memory_of,
    production_env,
)

PG_SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
REDIS = "redis://127.0.0.1:6379"
APPLIER_PASSWORD = "load-benchmark-" + uuid.uuid4().hex[:12]

PREPARE = """
import django, json; django.setup()
from alliance.core.models import User
from alliance.events.models import Event
from alliance.members.enums import Relation
from alliance.members.models import Institution
from alliance.mobility.models import Round
spring = Round.objects.get(status="open")
hosts = list(spring.hosts.values_list("institution_id", "institution__slug"))
students = list(User.objects.filter(email__endswith="@students.demo.invalid").order_by("email")[:{appliers}])
for user in students:
    user.set_password("{password}")
    user.save(update_fields=["password"])
from allauth.account.models import EmailAddress
for user in students:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={{"verified": True, "primary": True}})
members = list(Institution.objects.filter(relation=Relation.MEMBER).values_list("slug", flat=True))
event = Event.objects.filter(status="published").order_by("starts_at").first()
print(json.dumps({{"round": spring.pk, "hosts": hosts, "students": [u.email for u in students],
                  "members": members, "event": event.slug if event else None}}))
"""


def step(text: str) -> None:
    print(f"· {text}", flush=True)


def answers(kind: str) -> bool:
    try:
        if kind == "postgres":
            import psycopg

            psycopg.connect(PG_SERVER, connect_timeout=3).close()
        else:
            import redis

            redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except Exception:
        return False
    return True


@contextmanager
def database(work: Path) -> Iterator[str]:
    if not answers("postgres"):
        yield f"sqlite:///{work / 'load.sqlite3'}"
        return
    import psycopg

    name = f"alliance_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@contextmanager
def celery_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes] | None]:
    if not env.get("ALLIANCE_BROKER_URL"):
        yield None
        return
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "alliance",
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@dataclass
class Results:
    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors[page] += 1
                self.samples.setdefault(page, error)
            else:
                self.durations[page].append(seconds)


class Person:
    """One visitor: a connection per request, cookies kept, HTTPS announced as the proxy does."""

    def __init__(self, port: int, results: Results) -> None:
        self.port = port
        self.results = results
        self.cookies: dict[str, str] = {}

    def send(
        self, page: str, method: str, path: str, body: bytes = b"", expect: tuple[int, ...] = (200,)
    ) -> bytes:
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Origin": "https://127.0.0.1",
            "Referer": "https://127.0.0.1" + path,
            "Accept-Language": "en",
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            self.results.add(page, 0, f"{method} {path}: {exc!r}")
            return b""
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.status not in expect:
            self.results.add(page, elapsed, f"{method} {path}: HTTP {response.status}")
        else:
            self.results.add(page, elapsed)
        return data

    def form(self, page: str, path: str, fields: list[tuple[str, str]]) -> bytes:
        found = re.search(
            rb'name="csrfmiddlewaretoken" value="([^"]+)"', self.send(page + " (form)", "GET", path)
        )
        if not found:
            self.results.add(page, 0, f"GET {path}: no form")
            return b""
        body = urlencode([*fields, ("csrfmiddlewaretoken", found.group(1).decode())]).encode()
        return self.send(page, "POST", path, body, expect=(302,))


def browse(person: Person, plan: dict[str, Any], stop: float, rng: random.Random) -> None:
    pages = [
        ("home", "/"),
        ("directory", "/members/"),
        ("search 大学", "/members/?q=%E5%A4%A7%E5%AD%A6"),
        ("events calendar", "/events/"),
    ]
    while time.monotonic() < stop:
        choice = rng.random()
        if choice < 0.5:
            name, path = rng.choice(pages)
        elif choice < 0.8 or not plan["event"]:
            name, path = "member page", f"/members/{rng.choice(plan['members'])}/"
        else:
            name, path = "event page", f"/events/{plan['event']}/"
        person.send(name, "GET", path)
        time.sleep(rng.uniform(1.0, 3.0))


def apply(
    person: Person, email: str, plan: dict[str, Any], stop: float, rng: random.Random
) -> None:
    person.form("log in", "/accounts/login/", [("login", email), ("password", APPLIER_PASSWORD)])
    apply_path = f"/mobility/rounds/{plan['round']}/apply/"
    hosts = plan["hosts"]
    while time.monotonic() < stop:
        home, *others = rng.sample(hosts, k=min(len(hosts), 6))
        fields = [("home", str(home[0])), ("study_level", "6"), ("languages", "en C1")]
        fields += [(f"choice_{n}", str(h[0])) for n, h in enumerate(others, start=1)]
        person.form("apply / change ranking", apply_path, fields)
        time.sleep(rng.uniform(1.0, 3.0))
        person.send("round page", "GET", f"/mobility/rounds/{plan['round']}/")
        time.sleep(rng.uniform(1.0, 3.0))


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200, help="people browsing (200)")
    parser.add_argument("--appliers", type=int, default=20, help="students applying (20)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (5)")
    args = parser.parse_args()
    work = OUT / "load"
    work.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        url = stack.enter_context(database(work))
        extra = {"ALLIANCE_DATABASE_URL": url}
        if answers("redis"):
            extra |= {"ALLIANCE_CACHE_URL": f"{REDIS}/10", "ALLIANCE_BROKER_URL": f"{REDIS}/9"}
        env = production_env(work / "data", **extra, ALLIANCE_SSL_REDIRECT="0")
        env["ALLIANCE_DEMO"] = "1"
        step(
            f"database {url.split('://')[0]}, cache and broker {'Redis' if 'ALLIANCE_CACHE_URL' in extra else 'in-process'}"
        )
        step("migrate, the demo alliance, static files")
        run(env, "-m", "django", "migrate", "-v0")
        run(env, "-m", "django", "load_demo")
        run(env, "-m", "django", "collectstatic", "--noinput", "-v0")
        plan = json.loads(
            run(env, "-c", PREPARE.format(appliers=args.appliers, password=APPLIER_PASSWORD))
        )
        worker = stack.enter_context(celery_worker(env, work / "celery.log"))
        server = stack.enter_context(
            Gunicorn(gunicorn_command(), env, ROOT, work / "gunicorn.log", workers=args.workers)
        )
        step(
            f"gunicorn with {args.workers} workers on 127.0.0.1:{server.port}; "
            f"{args.users} browsing and {len(plan['students'])} applying for {args.duration} s"
        )
        # Warm up: every worker imports and renders each kind of page once before the clock runs.
        warm = Person(server.port, Results())
        for _ in range(args.workers * 2):
            for path in ("/", "/members/", "/events/", f"/members/{plan['members'][0]}/"):
                warm.send("warm-up", "GET", path)
        results = Results()
        stop = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=browse, args=(Person(server.port, results), plan, stop, random.Random(n))
            )
            for n in range(args.users)
        ] + [
            threading.Thread(
                target=apply,
                args=(Person(server.port, results), email, plan, stop, random.Random(1000 + n)),
            )
            for n, email in enumerate(plan["students"])
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        memory = {
            "gunicorn_workers": [memory_of(pid) for pid in server.worker_pids()],
            "celery_worker": memory_of(worker.pid) if worker else None,
        }
    pages = {}
    for page in sorted(set(results.durations) | set(results.errors)):
        ms = sorted(d * 1000 for d in results.durations[page])
        pages[page] = {
            "requests": len(ms),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "max_ms": round(ms[-1], 1) if ms else None,
            "errors": results.errors.get(page, 0),
        }
    total = sum(p["requests"] for p in pages.values())
    errors = sum(p["errors"] for p in pages.values())
    summary = {
        "database": url.split("://")[0],
        "users": args.users,
        "appliers": len(plan["students"]),
        "workers": args.workers,
        "seconds": round(elapsed, 1),
        "requests_per_second": round(total / elapsed, 1),
        "requests": total,
        "errors": errors,
        "error_samples": dict(results.samples),
        "pages": pages,
        "memory_mb": memory,
    }
    (OUT / "load.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print()
    print(f"{'page':32} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
    for page, f in pages.items():
        print(
            f"{page:32} {f['requests']:>9} {f['p50_ms'] or '-':>8} {f['p95_ms'] or '-':>8} "
            f"{f['max_ms'] or '-':>8} {f['errors']:>7}"
        )
    print(
        f"\n{total} requests in {elapsed:.0f} s: {summary['requests_per_second']} per second, "
        f"{errors} errors."
    )
    rss = [w["rss_mb"] for w in memory["gunicorn_workers"]]
    print(f"gunicorn workers RSS: {', '.join(f'{r:.0f}' for r in rss)} MB", end="")
    if memory["celery_worker"]:
        print(f"; Celery worker RSS {memory['celery_worker']['rss_mb']:.0f} MB", end="")
    print(f"\nFigures in {OUT / 'load.json'}")
    for page, sample in results.samples.items():
        print(f"  first error on {page}: {sample}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
