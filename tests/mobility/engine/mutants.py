"""Deliberately broken mechanisms. Every property test is shown to fail on one of these: a check
that a broken mechanism passes proves nothing."""

from __future__ import annotations

from dataclasses import replace

from alliance.mobility.engine import Instance, allocate
from tests.mobility.engine.properties import (
    Assignment,
    allocations,
    balance_violations,
    immediate_acceptance,
    ts_ttc_by_rounds,
    volume_and_ranks,
)


def ts_ttc_reversing_home_priority(instance: Instance) -> Assignment:
    """TS-TTC where each home sends its last nominee first."""
    return ts_ttc_by_rounds(instance, reverse_priority=True)


def ts_ttc_first_round_only(instance: Instance) -> Assignment:
    """TS-TTC that stops after its first round of cycles."""
    return ts_ttc_by_rounds(instance, max_rounds=1)


def ts_ttc_ignoring_acceptability(instance: Instance) -> Assignment:
    return allocate(replace(instance, acceptable=None), "ts-ttc").assignment


def da_one_place_too_many(instance: Instance) -> Assignment:
    """Deferred acceptance that lets every host take one student beyond its places."""
    more = tuple(replace(u, capacity=u.capacity + 1) for u in instance.universities)
    return allocate(replace(instance, universities=more), "da").assignment


def da_ignoring_host_priority(instance: Instance) -> Assignment:
    return allocate(replace(instance, host_priority=None), "da").assignment


def boston(instance: Instance) -> Assignment:
    """Immediate acceptance: manipulable and unstable."""
    return immediate_acceptance(instance)


def max_volume_worst_ranks(instance: Instance) -> Assignment:
    """The most students placed within tolerance, but with the worst ranks among those."""
    best: tuple[tuple[int, int], Assignment] | None = None
    for candidate in allocations(instance):
        if balance_violations(instance, candidate, tolerance=True):
            continue
        score = volume_and_ranks(instance, candidate)
        if best is None or score > best[0]:
            best = (score, candidate)
    assert best is not None
    return best[1]


def max_volume_exact_balance(instance: Instance) -> Assignment:
    """Max-volume that ignores the tolerances and carried balances and balances exactly."""
    exact = tuple(replace(u, tolerance=0, carried=0) for u in instance.universities)
    return allocate(replace(instance, universities=exact), "max-volume").assignment


def da(instance: Instance) -> Assignment:
    """Deferred acceptance: correct, but not balanced."""
    return allocate(instance, "da").assignment


def ts_ttc(instance: Instance) -> Assignment:
    """TS-TTC: correct, but it places fewer students than max-volume can."""
    return allocate(instance, "ts-ttc").assignment


def max_volume(instance: Instance) -> Assignment:
    """Max-volume: correct, but manipulable and blind to home priority."""
    return allocate(instance, "max-volume").assignment


__all__ = [
    "boston",
    "da",
    "da_ignoring_host_priority",
    "da_one_place_too_many",
    "max_volume",
    "max_volume_exact_balance",
    "max_volume_worst_ranks",
    "ts_ttc",
    "ts_ttc_first_round_only",
    "ts_ttc_ignoring_acceptability",
    "ts_ttc_reversing_home_priority",
]
