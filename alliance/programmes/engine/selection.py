"""The suggested selection: down the ranking, each candidate is taken unless a limit stops it,
and each one left out says which limit did.

The limits, checked in this order for each candidate:

1. the number of awards (``AWARDS``): that many are already taken;
2. the budget (``BUDGET``): the candidate's grant is more than what is left;
3. the quota of the candidate's home institution (``HOME_QUOTA``), when it has one;
4. the quota of the candidate's host institution (``HOST_QUOTA``), when it has one.

A candidate stopped by the budget or a quota does not stop the ones after it: a smaller grant or
another institution may still fit. ``fits`` answers the same question for one candidate, given
what is already taken: the reserve list moves up with it when an awardee declines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

AWARDS = "awards"
BUDGET = "budget"
HOME_QUOTA = "home_quota"
HOST_QUOTA = "host_quota"


@dataclass(frozen=True)
class Candidate:
    id: int
    home: int
    host: int
    amount: Decimal


@dataclass(frozen=True)
class Limits:
    awards: int
    budget: Decimal
    home_quotas: Mapping[int, int] = field(default_factory=dict)
    host_quotas: Mapping[int, int] = field(default_factory=dict)


@dataclass
class Selection:
    selected: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (candidate, reason), in order
    spent: Decimal = Decimal(0)  # on the selected (not on the awards already made)


@dataclass
class Taken:
    """What is taken so far: the count, the money, and the count per home and per host."""

    count: int = 0
    spent: Decimal = Decimal(0)
    homes: Counter[int] = field(default_factory=Counter)
    hosts: Counter[int] = field(default_factory=Counter)

    def add(self, candidate: Candidate) -> None:
        self.count += 1
        self.spent += candidate.amount
        self.homes[candidate.home] += 1
        self.hosts[candidate.host] += 1


def fits(candidate: Candidate, taken: Taken, limits: Limits) -> str | None:
    """None when ``candidate`` can be taken besides ``taken``; else the first limit that stops
    it."""
    if taken.count >= limits.awards:
        return AWARDS
    if taken.spent + candidate.amount > limits.budget:
        return BUDGET
    quota = limits.home_quotas.get(candidate.home)
    if quota is not None and taken.homes[candidate.home] >= quota:
        return HOME_QUOTA
    quota = limits.host_quotas.get(candidate.host)
    if quota is not None and taken.hosts[candidate.host] >= quota:
        return HOST_QUOTA
    return None


def suggest(
    ranking: Sequence[Candidate], limits: Limits, *, already: Sequence[Candidate] = ()
) -> Selection:
    """The suggested selection from ``ranking`` (best first) within ``limits``, besides the
    awards ``already`` made."""
    taken = taken_by(already)
    result = Selection()
    for candidate in ranking:
        reason = fits(candidate, taken, limits)
        if reason is None:
            taken.add(candidate)
            result.selected.append(candidate.id)
            result.spent += candidate.amount
        else:
            result.skipped.append((candidate.id, reason))
    return result


def taken_by(candidates: Sequence[Candidate]) -> Taken:
    taken = Taken()
    for candidate in candidates:
        taken.add(candidate)
    return taken
