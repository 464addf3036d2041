"""One size of the allocation benchmark, in a process of its own so that its peak memory is its
own: ``python -m alliance.mobility.benchmark.measure --students N --universities U``.

Generates the round, times how long checking it takes, then times ``allocate`` with every
mechanism (the integer form of the round built inside each timed call, never reused across
mechanisms or repeats; the best of ``--repeat`` runs), checks capacity and balance of each
result, and prints one line of JSON with the figures and the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import Any

from alliance.mobility.benchmark.instances import generate
from alliance.mobility.engine import MECHANISMS, Instance, Result, allocate
from alliance.mobility.engine.indexed import forget_index
from alliance.mobility.engine.model import problems_of

BALANCED = {"ts-ttc", "max-volume"}


def measure(students: int, universities: int, *, repeat: int, seed: int) -> dict[str, Any]:
    started = time.perf_counter()
    instance = generate(students, universities, seed=seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    problems_of(instance)
    checked = time.perf_counter() - started
    figures: dict[str, Any] = {
        "students": students,
        "universities": universities,
        "seed": seed,
        "places": sum(u.capacity for u in instance.universities),
        "generate_s": round(generated, 3),
        "check_s": round(checked, 4),
        "mechanisms": {},
    }
    for mechanism in MECHANISMS:
        best = float("inf")
        for _ in range(repeat):
            forget_index(instance)
            started = time.perf_counter()
            result = allocate(instance, mechanism)
            best = min(best, time.perf_counter() - started)
        figures["mechanisms"][mechanism] = {
            "seconds": round(best, 4),
            **outcome(instance, result),
        }
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def outcome(instance: Instance, result: Result) -> dict[str, Any]:
    per = result.per_university()
    over = [u.id for u in instance.universities if per[u.id]["hosted"] > u.capacity]
    imbalance = sum(abs(c["hosted"] - c["sent"]) for c in per.values())
    tolerance = {u.id: u.tolerance for u in instance.universities}
    if result.mechanism == "ts-ttc":
        unbalanced = [u for u, c in per.items() if c["hosted"] != c["sent"]]
    elif result.mechanism == "max-volume":
        unbalanced = [u for u, c in per.items() if abs(c["hosted"] - c["sent"]) > tolerance[u]]
    else:
        unbalanced = []
    return {
        "placed": result.placed,
        "first_choice_share": round(result.first_choice_share, 4),
        "total_imbalance": imbalance,
        "sound": not over and not unbalanced,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--universities", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)
    figures = measure(args.students, args.universities, repeat=args.repeat, seed=args.seed)
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
