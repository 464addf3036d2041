"""The ``matching`` package's hospital-resident solver (resident-optimal) on the same generated
round as the benchmark, in a process of its own so that a slow run can be stopped:
``python -m alliance.mobility.benchmark.matching_package --students N --universities U``.

Prints one line of JSON: the seconds taken (building the game and solving it), the students
placed and whether the matching equals the engine's deferred acceptance. Hosts rank students in
the engine's default order; a student is on a host's list when they rank that host.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from alliance.mobility.benchmark.instances import generate
from alliance.mobility.engine import Instance, allocate
from alliance.mobility.engine.indexed import index


def preferences(
    instance: Instance,
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, int]]:
    """Residents' and hospitals' preference lists and the capacities, as the package takes
    them; acceptability and host priorities as the engine's deferred acceptance reads them."""
    ix = index(instance)
    position = {sid: s for s, sid in enumerate(ix.student_ids)}
    residents: dict[str, list[str]] = {}
    applicants: dict[str, list[str]] = {u.id: [] for u in instance.universities}
    accepted = instance.acceptable or {}
    for student in instance.students:
        acceptable = [h for h in student.choices if h not in accepted or student.id in accepted[h]]
        residents[student.id] = acceptable
        for host in acceptable:
            applicants[host].append(student.id)
    u_index = {uid: u for u, uid in enumerate(ix.university_ids)}
    hospitals = {}
    for host, listed in applicants.items():
        h = u_index[host]
        ranked = sorted((ix.rank_at(h, position[sid]), sid) for sid in listed)
        hospitals[host] = [sid for _, sid in ranked]
    capacities = {u.id: u.capacity for u in instance.universities}
    return residents, hospitals, capacities


def solve(instance: Instance) -> dict[str, str | None]:
    """The resident-optimal stable matching found by the ``matching`` package."""
    from matching.games import HospitalResident  # the package is a development dependency

    residents, hospitals, capacities = preferences(instance)
    # Hosts without places or applicants, and residents left with no host, play no part: the
    # package wants every list to name only players of the game.
    playing = {h for h, c in capacities.items() if c > 0 and hospitals[h]}
    residents = {r: [h for h in p if h in playing] for r, p in residents.items()}
    game = HospitalResident.create_from_dictionaries(
        {r: p for r, p in residents.items() if p},
        {h: hospitals[h] for h in playing},
        {h: capacities[h] for h in playing},
    )
    matched = game.solve(optimal="resident")
    assignment: dict[str, str | None] = {s.id: None for s in instance.students}
    for hospital, matched_residents in matched.items():
        for resident in matched_residents:
            assignment[resident.name] = hospital.name
    return assignment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--universities", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)
    instance = generate(args.students, args.universities, seed=args.seed)
    started = time.perf_counter()
    assignment = solve(instance)
    seconds = time.perf_counter() - started
    figures: dict[str, Any] = {
        "seconds": round(seconds, 3),
        "placed": sum(1 for host in assignment.values() if host is not None),
        "agrees_with_da": assignment == allocate(instance, "da").assignment,
    }
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
