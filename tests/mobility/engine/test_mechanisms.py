"""The door to the mechanisms (alliance/mobility/engine/mechanisms.py) and the engine as a
whole: pure Python without Django, and sound on rounds of benchmark shape as well as tiny ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from alliance.mobility.benchmark.instances import generate
from alliance.mobility.engine import MECHANISMS, allocate
from tests.mobility.engine.properties import (
    balance_violations,
    capacity_violations,
    deferred_acceptance_by_rounds,
    home_priority_violations,
    placement_violations,
    stability_violations,
    ts_ttc_by_rounds,
)

ROOT = Path(__file__).resolve().parents[3]

# Import every module of the engine with ``alliance`` and ``alliance.mobility`` as bare
# packages (their __init__ files load Celery and Django for the platform), then list any
# Django module that came along.
NO_DJANGO = """
import pkgutil, sys, types
for name, path in (("alliance", "alliance"), ("alliance.mobility", "alliance/mobility")):
    package = types.ModuleType(name)
    package.__path__ = [path]
    sys.modules[name] = package
import alliance.mobility.engine as engine
for module in pkgutil.walk_packages(engine.__path__, "alliance.mobility.engine."):
    __import__(module.name)
import alliance.mobility.benchmark.instances
print(sorted(m for m in sys.modules if m == "django" or m.startswith("django.")))
"""


def test_the_engine_imports_no_django():
    done = subprocess.run(
        [sys.executable, "-c", NO_DJANGO], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stderr == ""
    assert done.stdout == "[]\n"


def test_the_mechanisms_are_the_three_documented():
    assert list(MECHANISMS) == ["ts-ttc", "da", "max-volume"]


@pytest.fixture(scope="module")
def benchmark_round():
    return generate(600, 12, seed=7)


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_on_a_round_of_benchmark_shape_every_placement_is_listed_and_within_places(
    benchmark_round, mechanism
):
    assignment = allocate(benchmark_round, mechanism).assignment
    assert placement_violations(benchmark_round, assignment) == []
    assert capacity_violations(benchmark_round, assignment) == []


def test_on_a_round_of_benchmark_shape_ts_ttc_is_the_papers_and_balanced(benchmark_round):
    assignment = allocate(benchmark_round, "ts-ttc").assignment
    assert assignment == ts_ttc_by_rounds(benchmark_round)
    assert balance_violations(benchmark_round, assignment) == []
    assert home_priority_violations(benchmark_round, assignment) == []


def test_on_a_round_of_benchmark_shape_da_is_gale_and_shapleys_and_stable(benchmark_round):
    assignment = allocate(benchmark_round, "da").assignment
    assert assignment == deferred_acceptance_by_rounds(benchmark_round)
    assert stability_violations(benchmark_round, assignment) == []


def test_on_a_round_of_benchmark_shape_max_volume_places_most_and_balances(benchmark_round):
    result = allocate(benchmark_round, "max-volume")
    assert balance_violations(benchmark_round, result.assignment, tolerance=True) == []
    assert result.placed >= allocate(benchmark_round, "ts-ttc").placed
    assert result.placed >= 0.8 * allocate(benchmark_round, "da").placed


def test_the_generated_round_is_the_same_for_the_same_seed_and_has_five_choices_each():
    first, again = generate(300, 10, seed=3), generate(300, 10, seed=3)
    assert first == again
    assert {len(s.choices) for s in first.students} == {5}
    assert all(s.home not in s.choices for s in first.students)
    assert generate(300, 10, seed=4) != first
