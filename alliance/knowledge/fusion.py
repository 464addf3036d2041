"""Reciprocal rank fusion of ranked lists (Cormack, Clarke and Büttcher, 2009): each list gives
an item 1 / (k + rank); the sums decide. Pure: no Django."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = 60
T = TypeVar("T", bound=Hashable)


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[T]],
    *,
    k: int = K,
    bonus: Mapping[T, float] | None = None,
) -> list[tuple[T, float, dict[str, int]]]:
    """Items of every ranking, best first, each with its fused score and its 1-based rank in
    each ranking that holds it. ``bonus`` adds to an item's score (an item only in ``bonus`` is
    not added). Ties keep the order of first appearance, rankings taken in the given order."""
    scores: dict[T, float] = {}
    ranks: dict[T, dict[str, int]] = {}
    for name, ranking in rankings.items():
        for rank, item in enumerate(ranking, start=1):
            if name in ranks.get(item, {}):
                continue  # a duplicate in one ranking counts once, at its best rank
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
            ranks.setdefault(item, {})[name] = rank
    for item, extra in (bonus or {}).items():
        if item in scores:
            scores[item] += extra
    order = {item: n for n, item in enumerate(scores)}
    fused = sorted(scores, key=lambda item: (-scores[item], order[item]))
    return [(item, scores[item], ranks[item]) for item in fused]
