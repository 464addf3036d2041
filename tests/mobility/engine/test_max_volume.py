"""Maximum-volume balanced allocation (alliance/mobility/engine/max_volume.py): worked
examples, then the exhaustive optimum on generated rounds; and what it gives up (home priority,
strategy-proofness), shown on rounds Hypothesis finds."""

from __future__ import annotations

from hypothesis import given, settings

from alliance.mobility.engine import Instance
from tests.mobility.engine import mutants as broken
from tests.mobility.engine.properties import (
    balance_violations,
    best_volume_and_ranks,
    capacity_violations,
    home_priority_violations,
    manipulations,
    mechanism,
    placement_violations,
    volume_and_ranks,
)
from tests.mobility.engine.rounds import make_round, rounds
from tests.mobility.engine.search import caught

max_volume = mechanism("max-volume")
ts_ttc = mechanism("ts-ttc")
MANY = settings(max_examples=1000, deadline=None)
SOME = settings(max_examples=400, deadline=None)
with_tolerances = rounds(max_universities=5, max_students=10, tolerances=True)
tiny_rounds = rounds(max_universities=4, max_students=6, tolerances=True)


def test_a_longer_cycle_places_more_students_than_ts_ttc():
    instance = make_round(
        {"B": 1, "C": 1, "D": 1},
        {"c1": ("C", "D"), "b1": ("B", "C"), "d1": ("D", "CB")},
    )
    # TS-TTC: C and D swap (d1 gets their first choice), b1 stays home. Max-volume moves all
    # three round B -> C -> D -> B, d1 at their second choice.
    assert ts_ttc(instance) == {"c1": "D", "b1": None, "d1": "C"}
    assert max_volume(instance) == {"c1": "D", "b1": "C", "d1": "B"}


def test_among_the_largest_allocations_it_takes_the_best_ranks():
    instance = make_round(
        {"A": 2, "B": 1, "C": 1},
        {"a1": ("A", "BC"), "a2": ("A", "CB"), "b1": ("B", "A"), "c1": ("C", "A")},
    )
    assert max_volume(instance) == {"a1": "B", "a2": "C", "b1": "A", "c1": "A"}


def test_a_tolerance_lets_a_university_send_more_than_it_hosts():
    students = {"a1": ("A", "B"), "a2": ("A", "B")}
    assert max_volume(make_round({"A": 0, "B": 2}, students)) == {"a1": None, "a2": None}
    tolerant = make_round({"A": 0, "B": 2}, students, tolerances={"A": 1, "B": 1})
    assignment = max_volume(tolerant)
    assert sorted(assignment.values(), key=str) == ["B", None]
    tolerant = make_round({"A": 0, "B": 2}, students, tolerances={"A": 2, "B": 2})
    assert max_volume(tolerant) == {"a1": "B", "a2": "B"}


def test_a_carried_balance_is_paid_back_on_its_own_side_only():
    students = {"a1": ("A", "B"), "a2": ("A", "B"), "b1": ("B", "A"), "b2": ("B", "A")}
    # A hosted two more than it sent in earlier years: it may now send two more than it hosts.
    owed_to_a = make_round({"A": 0, "B": 2}, students, carried={"A": 2, "B": -2})
    assert max_volume(owed_to_a) == {"a1": "B", "a2": "B", "b1": None, "b2": None}
    # B, which owes, may not send more than it hosts: nobody from B goes to A's zero places,
    # and with the debt the other way round, A may not send at all.
    owed_to_b = make_round({"A": 0, "B": 2}, students, carried={"A": -2, "B": 2})
    assert max_volume(owed_to_b) == {"a1": None, "a2": None, "b1": None, "b2": None}
    # TS-TTC balances the round exactly whatever is carried.
    assert ts_ttc(owed_to_a) == {"a1": None, "a2": None, "b1": None, "b2": None}


def test_it_respects_acceptability():
    instance = make_round(
        {"A": 1, "B": 1},
        {"a1": ("A", "B"), "b1": ("B", "A")},
        acceptable={"B": set()},
    )
    assert max_volume(instance) == {"a1": None, "b1": None}


@SOME
@given(tiny_rounds)
def test_it_places_the_most_students_then_the_best_ranks_of_any_allocation(instance: Instance):
    assert volume_and_ranks(instance, max_volume(instance)) == best_volume_and_ranks(instance)


@MANY
@given(with_tolerances)
def test_it_stays_within_tolerance_capacity_and_the_students_lists(instance):
    assignment = max_volume(instance)
    assert balance_violations(instance, assignment, tolerance=True) == []
    assert capacity_violations(instance, assignment) == []
    assert placement_violations(instance, assignment) == []


@MANY
@given(rounds(max_universities=5, max_students=10))
def test_it_places_at_least_as_many_as_ts_ttc(instance):
    assert (
        volume_and_ranks(instance, max_volume(instance))[0]
        >= (volume_and_ranks(instance, ts_ttc(instance))[0])
    )


# --- what it gives up ------------------------------------------------------------------------


def test_it_can_ignore_home_priority():
    found = caught(lambda i: home_priority_violations(i, max_volume(i)), rounds())
    assert home_priority_violations(found, ts_ttc(found)) == []


def test_a_student_can_gain_by_misreporting():
    caught(lambda i: manipulations(i, max_volume), tiny_rounds, max_examples=2000)


# --- each check catches a broken mechanism ---------------------------------------------------


def test_the_optimum_check_catches_ts_ttc_which_places_fewer():
    caught(
        lambda i: volume_and_ranks(i, ts_ttc(i)) != best_volume_and_ranks(i),
        tiny_rounds,
    )


def test_the_optimum_check_catches_the_worst_ranks_among_the_largest_allocations():
    caught(
        lambda i: volume_and_ranks(i, broken.max_volume_worst_ranks(i)) != best_volume_and_ranks(i),
        tiny_rounds,
    )


def test_the_optimum_check_catches_a_mechanism_that_ignores_tolerances():
    caught(
        lambda i: (
            volume_and_ranks(i, broken.max_volume_exact_balance(i)) != best_volume_and_ranks(i)
        ),
        tiny_rounds,
    )


def test_the_tolerance_check_catches_deferred_acceptance():
    caught(lambda i: balance_violations(i, broken.da(i), tolerance=True), with_tolerances)
