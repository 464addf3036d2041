"""Ballots cast at once over HTTP: ``python -m alliance.governance.bench_ballots``.

A fresh database (SQLite in a temporary folder, or a new PostgreSQL database with ``--db
postgres``, dropped afterwards) holds INSTITUTIONS member institutions, a Board with one seat
each, a meeting they all attend and an open secret yes/no poll. Each seat holder has an API
token with the governance:vote scope. Gunicorn serves the site in production mode on a free
port of 127.0.0.1, and CLIENTS concurrent clients send BALLOTS ballots to
``POST /api/v1/governance/polls/{pk}/ballot``, every institution's ballots one after the other
in the queue, so that its holder's duplicates race each other.

The outcome must be exact: one ballot counted per institution (201 with a receipt), every other
one refused as a second ballot (422), no other answer; the closed poll counts INSTITUTIONS
ballots, and the receipts the clients got are the receipts stored. Exit code 0 when exact, 1
otherwise, 130 when interrupted. The figures end with one line of JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliance.core.benchmarking import Gunicorn, gunicorn_command, run_stage

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SEED = 2027
CHOICES = ("yes", "no", "abstain")


@dataclass(frozen=True)
class Ballot:
    institution: int
    token: str
    choice: str


@dataclass(frozen=True)
class Answer:
    institution: int
    choice: str
    status: int
    body: dict[str, Any]
    seconds: float


def step(text: str) -> None:
    print(f"… {text}", flush=True)


# --- the stage (in the benchmark's own process, with the server's production settings) ---


def prepare(institutions: int) -> tuple[int, list[tuple[int, str]]]:
    """The members, the Board, the meeting, the open poll and one token per seat holder; the
    poll's id and (institution id, token secret) pairs. Made through the services."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from alliance.core.models import User
    from alliance.core.services.tokens import create_access_token
    from alliance.governance.enums import AttendanceStatus, BodyKind, MeetingMode
    from alliance.governance.services.bodies import add_seat, create_body
    from alliance.governance.services.meetings import (
        add_agenda_item,
        create_meeting,
        record_attendance,
    )
    from alliance.governance.services.polls import create_poll, open_poll
    from alliance.members.enums import PositionKind
    from alliance.members.models import Person, Position
    from alliance.members.services.bench import bench_members

    seated_from = datetime.date(2026, 1, 1)
    with transaction.atomic():
        actor = User.objects.create_user("secretariat@bench.invalid", None, full_name="Bench")
        body = create_body(actor=actor, kind=BodyKind.BOARD, name="Board")
        members = bench_members(institutions, actor=actor)
        tokens = []
        for n, institution in enumerate(members):
            user = User.objects.create_user(
                f"head{n:03d}@bench.invalid", None, full_name=f"Head {n:03d}"
            )
            person = Person.objects.create(full_name=user.full_name, email=user.email, user=user)
            Position.objects.create(
                person=person,
                institution=institution,
                kind=PositionKind.CHIEF_EXECUTIVE,
                start=datetime.date(2020, 1, 1),
            )
            add_seat(body, actor=actor, institution=institution, holder=person, start=seated_from)
            _, secret = create_access_token(
                user, actor=actor, name="ballots", scopes=["governance:vote"], expires_at=None
            )
            tokens.append((institution.pk, secret))
        meeting = create_meeting(
            body,
            actor=actor,
            title="Board meeting",
            mode=MeetingMode.ONLINE,
            starts_at=timezone.now(),
            time_zone="Asia/Singapore",
            link="https://meet.example.org/board",
        )
        item = add_agenda_item(meeting, actor=actor, title="Decisions")
        record_attendance(
            meeting,
            actor=actor,
            entries=dict.fromkeys(members, (AttendanceStatus.PRESENT, None)),
        )
        poll = create_poll(
            body,
            actor=actor,
            agenda_item=item,
            title="Adopt the budget?",
            kind="yes_no",
            secrecy="secret",
            threshold="simple",
            base="cast",
            quorum_basis="present",
            tie_rule="fails",
        )
        open_poll(poll, actor=actor)
    return poll.pk, tokens


def queue(tokens: list[tuple[int, str]], ballots: int) -> list[Ballot]:
    """``ballots`` ballots spread evenly over the institutions, each institution's together."""
    rng = random.Random(SEED)
    per = -(-ballots // len(tokens))
    result = [
        Ballot(institution, token, rng.choice(CHOICES))
        for institution, token in tokens
        for _ in range(per)
    ]
    return result[:ballots]


def cast_all(
    port: int, poll: int, ballots: list[Ballot], clients: int
) -> tuple[list[Answer], float]:
    """Send every ballot, ``clients`` at a time; the answers and the wall-clock time."""
    path = f"/api/v1/governance/polls/{poll}/ballot"
    answers: list[Answer] = []
    lock = threading.Lock()
    work = iter(ballots)

    def client() -> None:
        while True:
            with lock:
                ballot = next(work, None)
            if ballot is None:
                return
            payload = json.dumps({"institution": ballot.institution, "choice": ballot.choice})
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request(
                    "POST",
                    path,
                    body=payload,
                    headers={
                        "Authorization": f"Bearer {ballot.token}",
                        "Content-Type": "application/json",
                        "Host": "127.0.0.1",
                        "X-Forwarded-Proto": "https",
                    },
                )
                response = conn.getresponse()
                raw = response.read()
                status = response.status
                conn.close()
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"raw": raw[:200].decode(errors="replace")}
            except OSError as exc:
                status, body = 0, {"error": str(exc)}
            answer = Answer(
                ballot.institution, ballot.choice, status, body, time.perf_counter() - started
            )
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


def count(poll_pk: int) -> dict[str, Any]:
    """What the database holds after the rush, and the closed poll's count."""
    from alliance.core.models import User
    from alliance.governance.models import Poll
    from alliance.governance.services.polls import close_poll

    poll = Poll.objects.get(pk=poll_pk)
    voters = poll.voters.count()
    stored = sorted(poll.secret_ballots.values_list("receipt", flat=True))
    poll = close_poll(poll, actor=User.objects.get(email="secretariat@bench.invalid"))
    counts = {c["choice"]: c["ballots"] for c in (poll.result or {}).get("counts", [])}
    return {"voter_records": voters, "receipts": stored, "counts": counts, "outcome": poll.outcome}


def bench(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    here = Path.cwd()
    step(f"migrate the new {connections['default'].vendor} database")
    call_command("migrate", interactive=False, verbosity=0)
    step(f"{args.institutions} members on the Board, an open secret poll, a token for each")
    poll, tokens = prepare(args.institutions)
    ballots = queue(tokens, args.ballots)
    connections.close_all()
    with Gunicorn(
        gunicorn_command(),
        env=dict(os.environ),
        cwd=here,
        log=here / "gunicorn.log",
        workers=args.workers,
    ) as server:
        step(f"gunicorn on 127.0.0.1:{server.port}, {args.workers} sync workers")
        step(f"{len(ballots):,} ballots by {args.clients} concurrent clients")
        answers, wall = cast_all(server.port, poll, ballots, args.clients)
    step("close the poll and count")
    held = count(poll)
    connections.close_all()
    return figures_of(args, answers, wall, held)


def figures_of(
    args: argparse.Namespace, answers: list[Answer], wall: float, held: dict[str, Any]
) -> dict[str, Any]:
    statuses = Counter(a.status for a in answers)
    accepted = [a for a in answers if a.status == 201]
    per_institution = Counter(a.institution for a in accepted)
    receipts = sorted(str(a.body.get("receipt", "")) for a in accepted)
    latencies = sorted(a.seconds for a in answers)
    second = sum(1 for a in answers if a.status == 422 and "already voted" in a.body["detail"])
    return {
        "benchmark": "governance-ballots",
        "database": os.environ.get("ALLIANCE_DATABASE_URL", "").split(":")[0] or "sqlite",
        "institutions": args.institutions,
        "ballots": len(answers),
        "clients": args.clients,
        "workers": args.workers,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "institutions_counted_once": sum(1 for n in per_institution.values() if n == 1),
        "institutions_counted_twice_or_more": sum(1 for n in per_institution.values() if n > 1),
        "refused_as_second_ballot": second,
        "voter_records": held["voter_records"],
        "counted_by_tally": sum(held["counts"].values()),
        "tally_matches_accepted": {k: v for k, v in held["counts"].items() if v}
        == dict(Counter(a.choice for a in accepted)),
        "receipts_match": receipts == held["receipts"],
        "seconds": round(wall, 2),
        "ballots_per_s": round(len(answers) / wall, 1) if wall else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else 0.0,
    }


def exact(f: dict[str, Any]) -> bool:
    n = f["institutions"]
    return (
        f["statuses"] == {"201": n, "422": f["ballots"] - n}
        and f["refused_as_second_ballot"] == f["ballots"] - n
        and f["institutions_counted_once"] == n
        and f["voter_records"] == n
        and f["counted_by_tally"] == n
        and f["receipts_match"]
        and f["tally_matches_accepted"]
    )


def report(f: dict[str, Any]) -> None:
    print(f"Governance ballots over HTTP ({f['database']}):")
    print(f"  ballots sent        {f['ballots']:,} for {f['institutions']} institutions")
    print(f"  answers             {f['statuses']}")
    print(f"  second ballots      {f['refused_as_second_ballot']} refused as such")
    print(f"  counted once        {f['institutions_counted_once']} institutions")
    print(f"  counted twice+      {f['institutions_counted_twice_or_more']}")
    print(f"  voter records       {f['voter_records']}, the tally counts {f['counted_by_tally']}")
    print(f"  receipts match      {f['receipts_match']}")
    print(f"  tally = accepted    {f['tally_matches_accepted']}")
    print(f"  time                {f['seconds']} s, {f['ballots_per_s']} ballots/s")
    print(f"  latency             p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms")
    print(f"  outcome             {'exact' if exact(f) else 'NOT EXACT'}")
    print(json.dumps(f), flush=True)


# --- the driver (in the caller's process) ---


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--institutions", type=int, default=100)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--stage", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if not args.stage:
        return run_stage(
            "alliance.governance.bench_ballots",
            argv,
            db=args.db,
            pg_url=args.pg_url,
            time_limit=args.time_limit,
        )
    try:
        figures = bench(args)
    except KeyboardInterrupt:
        return 130
    report(figures)
    return 0 if exact(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
