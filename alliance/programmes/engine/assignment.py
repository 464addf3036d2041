"""Reviewer assignment by load: each application gets up to ``per_application`` reviewers,
the least loaded first (ties by id), never one from the applicant's home or host institution,
never one who declared a conflict with the application or with its home or host.

Applications are served in the order given; a reviewer's load counts what they already had
(``Reviewer.load``) plus what this run gives them. An application that cannot get enough
reviewers gets those that can review it and is reported as short."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reviewer:
    id: int
    institution: int | None = None
    load: int = 0
    # Institutions the reviewer declared a conflict with.
    conflicted_institutions: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Candidate:
    id: int
    home: int
    host: int
    # Reviewers who already review this application (kept; they count towards the number).
    assigned: frozenset[int] = frozenset()
    # Reviewers who declared a conflict with this application.
    conflicted_reviewers: frozenset[int] = frozenset()


@dataclass
class Assignment:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (application, reviewer), new
    short: dict[int, int] = field(default_factory=dict)  # application -> reviewers missing
    loads: dict[int, int] = field(default_factory=dict)  # reviewer -> load afterwards


def may_review(reviewer: Reviewer, candidate: Candidate) -> bool:
    """Whether ``reviewer`` may review ``candidate`` at all."""
    if reviewer.id in candidate.conflicted_reviewers:
        return False
    sides = {candidate.home, candidate.host}
    if reviewer.institution is not None and reviewer.institution in sides:
        return False
    return not (reviewer.conflicted_institutions & sides)


def assign(
    candidates: Sequence[Candidate], reviewers: Iterable[Reviewer], *, per_application: int
) -> Assignment:
    """The new (application, reviewer) pairs, the applications left short and the loads."""
    pool = {r.id: r for r in reviewers}
    loads = {r.id: r.load for r in pool.values()}
    result = Assignment()
    # One heap of (load, id); entries go stale when a load changes and are skipped then.
    heap = [(load, rid) for rid, load in loads.items()]
    heapq.heapify(heap)
    for candidate in candidates:
        wanted = per_application - len(candidate.assigned)
        if wanted <= 0:
            continue
        taken: list[tuple[int, int]] = []
        put_back: list[tuple[int, int]] = []
        while heap and len(taken) < wanted:
            load, rid = heapq.heappop(heap)
            if loads[rid] != load:
                continue  # stale entry
            if rid in candidate.assigned or not may_review(pool[rid], candidate):
                put_back.append((load, rid))
                continue
            taken.append((load, rid))
        for load, rid in taken:
            loads[rid] = load + 1
            result.pairs.append((candidate.id, rid))
            heapq.heappush(heap, (load + 1, rid))
        for entry in put_back:
            heapq.heappush(heap, entry)
        if len(taken) < wanted:
            result.short[candidate.id] = wanted - len(taken)
    result.loads = loads
    return result
