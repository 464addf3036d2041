"""``alliance bench allocation [--sizes 5000x50,20000x50,300000x4000] [--repeat N]
[--matching-timeout 60] [--matching-up-to 20000]``.

For each size, a child process (``measure``) generates the round and times every mechanism; its
peak memory is the child's own. Up to ``--matching-up-to`` students, another child times the
``matching`` package's hospital-resident solver on the same round and is stopped after
``--matching-timeout`` seconds. Prints the figures, the goals met or missed and, last, one line
of JSON with everything.

Exit code 0 when every result is sound (capacity respected; TS-TTC balanced exactly; max-volume
within tolerance), 1 otherwise. The time and memory goals are information: a busy machine misses
them without anything being wrong.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

DEFAULT_SIZES = "5000x50,20000x50,300000x4000"
REPEAT_UP_TO = 20_000  # sizes up to this many students are timed as the best of --repeat runs


@dataclass(frozen=True)
class Goal:
    students: int
    universities: int
    what: str  # a mechanism, or "memory"
    limit: float  # seconds, or MiB for memory

    def describe(self) -> str:
        size = f"{self.students:,} / {self.universities:,}"
        if self.what == "memory":
            return f"{size}: peak memory <= {self.limit / 1024:g} GB"
        return f"{size}: {self.what} <= {self.limit:g} s"

    def measured(self, figures: dict[str, Any]) -> float:
        if self.what == "memory":
            return float(figures["peak_rss_mb"])
        return float(figures["mechanisms"][self.what]["seconds"])


GOALS = (
    Goal(20_000, 50, "ts-ttc", 0.1),
    Goal(20_000, 50, "da", 0.1),
    Goal(300_000, 4_000, "ts-ttc", 1.5),
    Goal(300_000, 4_000, "da", 3.0),
    Goal(300_000, 4_000, "max-volume", 15.0),
    Goal(300_000, 4_000, "memory", 2048.0),
)


def add_parser(benches: Any) -> None:
    """The ``allocation`` subcommand of ``alliance bench``."""
    parser = benches.add_parser(
        "allocation",
        help="the allocation engine on generated rounds of up to 300,000 students",
        description=(
            "Generated rounds with popular hosts and five choices per student; every "
            "mechanism timed, and the matching package beside them where it finishes in "
            "time. Prints times, students placed, first-choice share, imbalance, peak "
            "memory, the goals met or missed and, last, one line of JSON."
        ),
    )
    parser.add_argument(
        "--sizes",
        type=sizes,
        default=sizes(DEFAULT_SIZES),
        help=f"STUDENTSxUNIVERSITIES, comma-separated (default: {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs per mechanism, the best counted, for sizes up to "
        f"{REPEAT_UP_TO:,} students (larger sizes run once; default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--matching-timeout",
        type=float,
        default=60.0,
        help="seconds after which the matching package is stopped (default: %(default)s)",
    )
    parser.add_argument(
        "--matching-up-to",
        type=int,
        default=20_000,
        help="run the matching package only up to this many students (default: %(default)s)",
    )


def sizes(text: str) -> list[tuple[int, int]]:
    found = []
    for part in text.split(","):
        students, _, universities = part.strip().lower().partition("x")
        found.append((int(students), int(universities)))
    return found


def run(options: dict[str, Any]) -> int:
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    cores = os.cpu_count() or 1
    print(
        f"Allocation benchmark, {today}, {cores} cores, Python {platform.python_version()}",
        flush=True,
    )
    results = []
    for students, universities in options["sizes"]:
        repeat = options["repeat"] if students <= REPEAT_UP_TO else 1
        figures = _child(
            "measure",
            students,
            universities,
            options["seed"],
            ["--repeat", str(repeat)],
            timeout=None,
        )
        if students <= options["matching_up_to"]:
            figures["matching"] = _matching(
                students, universities, options["seed"], options["matching_timeout"]
            )
        figures["repeat"] = repeat
        _print_size(figures)
        results.append(figures)

    goals = judge_goals(results)
    sound = all(m["sound"] for r in results for m in r["mechanisms"].values())
    print("Goals (information; a busy machine misses them without anything being wrong):")
    for goal in goals:
        print(f"  {goal['goal']}: {goal['measured']} — {goal['verdict']}")
    if not sound:
        print("A result broke capacity or balance: see 'sound' in the JSON below.")
    print(
        json.dumps(
            {
                "benchmark": "allocation",
                "date": today,
                "cores": cores,
                "python": platform.python_version(),
                "sizes": results,
                "goals": goals,
                "sound": sound,
            }
        ),
        flush=True,
    )
    return 0 if sound else 1


def _child(
    module: str,
    students: int,
    universities: int,
    seed: int,
    extra: list[str],
    *,
    timeout: float | None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        f"alliance.mobility.benchmark.{module}",
        "--students",
        str(students),
        "--universities",
        str(universities),
        "--seed",
        str(seed),
        *extra,
    ]
    done = subprocess.run(  # noqa: S603 (our own module, with numbers as arguments)
        command, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _matching(students: int, universities: int, seed: int, timeout: float) -> dict[str, Any]:
    try:
        import matching  # noqa: F401 (only whether it is installed)
    except ImportError:
        return {"skipped": "the matching package is not installed (pip install matching)"}
    try:
        return _child("matching_package", students, universities, seed, [], timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"skipped": f"stopped after {timeout:g} s", "timeout_s": timeout}


def _print_size(figures: dict[str, Any]) -> None:
    students = figures["students"]
    print(
        f"\n{students:,} students / {figures['universities']:,} universities, "
        f"{figures['places']:,} places (seed {figures['seed']}): generated in "
        f"{figures['generate_s']:.2f} s, round checked in {figures['check_s']:.3f} s; "
        f"best of {figures['repeat']}",
        flush=True,
    )
    print(f"  {'mechanism':<12}{'seconds':>10}{'placed':>18}{'first choice':>14}{'imbalance':>11}")
    for mechanism, m in figures["mechanisms"].items():
        placed = f"{m['placed']:,} ({m['placed'] / students:.1%})" if students else "0"
        print(
            f"  {mechanism:<12}{m['seconds']:>10.4f}{placed:>18}"
            f"{m['first_choice_share']:>14.1%}{m['total_imbalance']:>11,}"
            + ("" if m["sound"] else "  NOT SOUND")
        )
    found = figures.get("matching")
    if found is not None:
        if "skipped" in found:
            print(f"  {'matching':<12}{'—':>10}  {found['skipped']}")
        else:
            agrees = "same matching as da" if found["agrees_with_da"] else "DIFFERS FROM da"
            print(f"  {'matching':<12}{found['seconds']:>10.3f}{found['placed']:>18,}  {agrees}")
    print(f"  peak memory of the process: {figures['peak_rss_mb']:,.0f} MB", flush=True)


def judge_goals(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    goals = []
    for goal in GOALS:
        figures = next(
            (
                r
                for r in results
                if (r["students"], r["universities"]) == (goal.students, goal.universities)
            ),
            None,
        )
        if figures is None:
            continue
        value = goal.measured(figures)
        unit = "MB" if goal.what == "memory" else "s"
        goals.append(
            {
                "goal": goal.describe(),
                "measured": f"{value:g} {unit}",
                "verdict": "met" if value <= goal.limit else "missed",
            }
        )
    return goals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="allocation-bench")
    add_parser(parser.add_subparsers(dest="bench", required=True))
    return run(vars(parser.parse_args(["allocation", *(argv or [])])))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
