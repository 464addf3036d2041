"""Scores normalised per reviewer, and the ranking that shows why.

A review gives each criterion of the rubric a score from 0 to the criterion's maximum. Its
*total* is the weighted mean of the criteria as a percentage:
``100 × Σ weight·score/maximum ÷ Σ weight``.

Reviewers are strict or generous; to compare across them, each review's total (and each of its
criterion scores) is replaced by its z-score among the reviews of the same reviewer:
``(x − mean) / standard deviation`` (population). A reviewer whose reviews are all equal (or who
wrote only one) has a deviation of 0; their z-scores are 0: they tell nothing apart.

An application's place in the ranking is decided by the mean of its reviews' z-scores (the
normalised score), then by the mean raw total, then by its id (the earlier application first).
Applications without a complete review are not ranked."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: float
    maximum: int


@dataclass(frozen=True)
class Review:
    reviewer: int
    application: int
    scores: Mapping[int, float]  # criterion id -> score


@dataclass
class Ranked:
    application: int
    rank: int
    normalised: float  # mean z-score of the total
    raw: float  # mean total, 0-100
    reviews: int
    criteria_raw: dict[int, float] = field(default_factory=dict)  # criterion -> mean score
    criteria_normalised: dict[int, float] = field(default_factory=dict)  # -> mean z-score


def total(scores: Mapping[int, float], criteria: Sequence[Criterion]) -> float:
    """The weighted mean of the criteria, as a percentage."""
    weights = sum(c.weight for c in criteria)
    if weights <= 0:
        return 0.0
    return 100.0 * sum(c.weight * scores.get(c.id, 0) / c.maximum for c in criteria) / weights


def z_scores(values: Sequence[float]) -> list[float]:
    """Each value's z-score among ``values`` (population deviation; all 0 when it is 0)."""
    if not values:
        return []
    mean = sum(values) / len(values)
    deviation = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    if deviation < 1e-12:
        return [0.0 for _ in values]
    return [(v - mean) / deviation for v in values]


def rank(reviews: Iterable[Review], criteria: Sequence[Criterion]) -> list[Ranked]:
    """The ranking of every application with at least one review, best first."""
    by_reviewer: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer].append(review)
    totals_raw: dict[int, list[float]] = defaultdict(list)
    totals_z: dict[int, list[float]] = defaultdict(list)
    crit_raw: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    crit_z: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for own in by_reviewer.values():
        totals = [total(r.scores, criteria) for r in own]
        for review, raw, z in zip(own, totals, z_scores(totals), strict=True):
            totals_raw[review.application].append(raw)
            totals_z[review.application].append(z)
        for criterion in criteria:
            values = [float(r.scores.get(criterion.id, 0)) for r in own]
            for review, raw, z in zip(own, values, z_scores(values), strict=True):
                crit_raw[review.application][criterion.id].append(raw)
                crit_z[review.application][criterion.id].append(z)
    rows = [
        Ranked(
            application=app,
            rank=0,
            normalised=_mean(totals_z[app]),
            raw=_mean(raw),
            reviews=len(raw),
            criteria_raw={c: _mean(v) for c, v in crit_raw[app].items()},
            criteria_normalised={c: _mean(v) for c, v in crit_z[app].items()},
        )
        for app, raw in totals_raw.items()
    ]
    rows.sort(key=lambda r: (-round(r.normalised, 9), -round(r.raw, 9), r.application))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
