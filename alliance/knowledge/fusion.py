"""Fusing the ranking by words with the ranking by meaning. Pure: no Django.

``zscore_fusion`` is what search uses: each ranking's scores become z-scores within that
ranking (their mean 0, their deviation 1), an item a ranking does not hold gets that ranking's
lowest, and the sums decide (CombSUM over z-scores, Lee 1997). Unlike rank fusion it keeps how far
ahead the best items are. Measured on SciFact, both rankings at depth 100 and equal weights, nothing
tuned: 0.736 nDCG@10, against 0.710 for reciprocal rank fusion (Cormack, Clarke and Büttcher,
2009; each ranking gives an item 1 / (60 + rank)), which it replaced; words alone 0.691, meaning
alone 0.657."""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def zscore_fusion(
    scored: Mapping[str, Sequence[tuple[T, float]]],
    *,
    bonus: Mapping[T, float] | None = None,
) -> list[tuple[T, float, dict[str, int]]]:
    """Items of every ranking, best first, each with its fused score and its 1-based rank in
    each ranking that holds it. Each ranking is (item, score) best first, a higher score being
    better. ``bonus`` adds to an item's score, in standard deviations (an item only in
    ``bonus`` is not added). Ties keep the order of first appearance."""
    zscores: dict[str, dict[T, float]] = {}
    ranks: dict[T, dict[str, int]] = {}
    for name, ranking in scored.items():
        best: dict[T, float] = {}
        for rank, (item, score) in enumerate(ranking, start=1):
            if item in best:
                continue  # a duplicate in one ranking counts once, at its best rank
            best[item] = score
            ranks.setdefault(item, {})[name] = rank
        values = list(best.values())
        mean = statistics.fmean(values) if values else 0.0
        spread = statistics.pstdev(values) if len(values) > 1 else 0.0
        zscores[name] = {
            item: (value - mean) / spread if spread else 0.0 for item, value in best.items()
        }
    floors = {name: min(z.values(), default=0.0) for name, z in zscores.items()}
    totals = {
        item: sum(zscores[name].get(item, floors[name]) for name in zscores) for item in ranks
    }
    for item, extra in (bonus or {}).items():
        if item in totals:
            totals[item] += extra
    order = {item: n for n, item in enumerate(ranks)}
    fused = sorted(totals, key=lambda item: (-totals[item], order[item]))
    return [(item, totals[item], ranks[item]) for item in fused]
