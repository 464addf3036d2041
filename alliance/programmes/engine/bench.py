"""How fast the pure engine is on a big call: ``python -m alliance.programmes.engine.bench``.

A call of 5,000 nominated applications among 15 members, a panel of 300 reviewers (each from a
member, one in ten with a declared conflict with an institution, a few conflicts with single
applications), two reviewers per application: the assignment by load, the normalisation and
ranking of the 10,000 reviews, and the suggested selection within 60 awards, a budget and
quotas. Generated from a fixed seed. Pure Python, no Django, no database."""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal

from alliance.programmes.engine import assignment, normalisation, selection

MEMBERS = 15


def run(applications: int = 5_000, reviewers: int = 300, per: int = 2) -> dict[str, float]:
    rng = random.Random(2027)
    panel = [
        assignment.Reviewer(
            id=r,
            institution=r % MEMBERS,
            conflicted_institutions=frozenset({rng.randrange(MEMBERS)} if r % 10 == 0 else ()),
        )
        for r in range(reviewers)
    ]
    candidates = []
    for a in range(applications):
        home = rng.randrange(MEMBERS)
        host = (home + 1 + rng.randrange(MEMBERS - 1)) % MEMBERS
        conflicted = frozenset({rng.randrange(reviewers)} if a % 50 == 0 else ())
        candidates.append(
            assignment.Candidate(id=a, home=home, host=host, conflicted_reviewers=conflicted)
        )
    figures: dict[str, float] = {}
    start = time.perf_counter()
    assigned = assignment.assign(candidates, panel, per_application=per)
    figures["assignment_s"] = time.perf_counter() - start
    criteria = [
        normalisation.Criterion(id=1, weight=3, maximum=5),
        normalisation.Criterion(id=2, weight=2, maximum=5),
        normalisation.Criterion(id=3, weight=1, maximum=5),
    ]
    reviews = [
        normalisation.Review(
            reviewer=r, application=a, scores={c.id: rng.randrange(0, 6) for c in criteria}
        )
        for a, r in assigned.pairs
    ]
    start = time.perf_counter()
    ranked = normalisation.rank(reviews, criteria)
    figures["ranking_s"] = time.perf_counter() - start
    by_id = {c.id: c for c in candidates}
    ranking = [
        selection.Candidate(
            id=row.application,
            home=by_id[row.application].home,
            host=by_id[row.application].host,
            amount=Decimal(2500),
        )
        for row in ranked
    ]
    limits = selection.Limits(
        awards=60,
        budget=Decimal(150_000),
        home_quotas=dict.fromkeys(range(MEMBERS), 6),
        host_quotas=dict.fromkeys(range(MEMBERS), 6),
    )
    start = time.perf_counter()
    suggested = selection.suggest(ranking, limits)
    figures["selection_s"] = time.perf_counter() - start
    figures["pairs"] = len(assigned.pairs)
    figures["short"] = len(assigned.short)
    figures["selected"] = len(suggested.selected)
    return figures


def main(argv: list[str]) -> None:
    applications = int(argv[1]) if len(argv) > 1 else 5_000
    figures = run(applications)
    print(
        f"programmes engine, {applications} applications, 300 reviewers: "
        f"assignment {figures['assignment_s']:.3f} s ({int(figures['pairs'])} reviews, "
        f"{int(figures['short'])} short), ranking {figures['ranking_s']:.3f} s, "
        f"selection {figures['selection_s']:.4f} s ({int(figures['selected'])} selected)"
    )


if __name__ == "__main__":
    main(sys.argv)
