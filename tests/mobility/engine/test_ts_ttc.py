"""Two-sided top trading cycles (alliance/mobility/engine/ts_ttc.py): worked examples, then
the properties Dur and Ünver prove, each checked on generated rounds and each shown to catch a
deliberately broken mechanism."""

from __future__ import annotations

from hypothesis import given, settings

from alliance.mobility.engine import Instance, allocate
from tests.mobility.engine import mutants as broken
from tests.mobility.engine.properties import (
    balance_violations,
    capacity_violations,
    home_priority_violations,
    manipulations,
    mechanism,
    pareto_improvements,
    placement_violations,
    ts_ttc_by_rounds,
)
from tests.mobility.engine.rounds import make_round, rounds
from tests.mobility.engine.search import caught

ts_ttc = mechanism("ts-ttc")
MANY = settings(max_examples=1000, deadline=None)
SOME = settings(max_examples=300, deadline=None)
tiny_rounds = rounds(max_universities=4, max_students=6)


def test_a_cycle_of_three_universities_is_carried_out():
    instance = make_round(
        {"A": 1, "B": 1, "C": 1},
        {"a1": ("A", "B"), "b1": ("B", "C"), "c1": ("C", "A")},
    )
    assert ts_ttc(instance) == {"a1": "B", "b1": "C", "c1": "A"}


def test_the_home_sends_its_first_nominee_first():
    instance = make_round(
        {"A": 1, "B": 1},
        {"a1": ("A", "B"), "a2": ("A", "B"), "b1": ("B", "A")},
    )
    assert ts_ttc(instance) == {"a1": "B", "a2": None, "b1": "A"}


def test_a_host_with_places_but_nobody_to_send_is_out_of_play():
    instance = make_round(
        {"A": 1, "B": 1, "C": 2},
        {"a1": ("A", "CB"), "b1": ("B", "CA")},
    )
    assert ts_ttc(instance) == {"a1": "B", "b1": "A"}


def test_a_university_hosts_no_more_than_it_sends():
    instance = make_round(
        {"A": 2, "B": 2},
        {"a1": ("A", "B"), "a2": ("A", "B"), "b1": ("B", "A")},
    )
    assert ts_ttc(instance) == {"a1": "B", "a2": None, "b1": "A"}
    # Deferred acceptance fills B's two places and leaves B a net importer.
    assert allocate(instance, "da").assignment == {"a1": "B", "a2": "B", "b1": "A"}


def test_a_host_that_does_not_accept_the_first_nominee_takes_the_next():
    instance = make_round(
        {"A": 1, "B": 1},
        {"a1": ("A", "B"), "a2": ("A", "B"), "b1": ("B", "A")},
        acceptable={"B": {"a2"}},
    )
    assert ts_ttc(instance) == {"a1": None, "a2": "B", "b1": "A"}


def test_students_move_down_their_lists_as_hosts_fill():
    instance = make_round(
        {"A": 1, "B": 1, "C": 1},
        {
            "a1": ("A", "B"),
            "b1": ("B", "A"),
            "c1": ("C", "BA"),
            "a2": ("A", "C"),
        },
    )
    # Round 1: A -> a1 -> B -> b1 -> A is a cycle; C -> c1 -> B waits on it. Then A and B are
    # full and c1 has no live choice left; C has nobody left to send, so a2 cannot go there.
    assert ts_ttc(instance) == {"a1": "B", "b1": "A", "c1": None, "a2": None}


def test_a_round_with_no_students_places_nobody():
    instance = make_round({"A": 3, "B": 0}, {})
    assert ts_ttc(instance) == {}


# --- properties on generated rounds ------------------------------------------------------


@MANY
@given(rounds())
def test_it_is_the_mechanism_as_the_paper_states_it(instance: Instance):
    assert ts_ttc(instance) == ts_ttc_by_rounds(instance)


@MANY
@given(rounds(max_universities=5, max_students=10))
def test_every_university_hosts_exactly_as_many_as_it_sends_within_its_places(instance):
    assignment = ts_ttc(instance)
    assert balance_violations(instance, assignment) == []
    assert capacity_violations(instance, assignment) == []
    assert placement_violations(instance, assignment) == []


@MANY
@given(rounds(max_universities=5, max_students=10))
def test_it_respects_home_priority(instance):
    assert home_priority_violations(instance, ts_ttc(instance)) == []


@SOME
@given(tiny_rounds)
def test_no_student_gets_a_better_host_by_misreporting(instance):
    assert manipulations(instance, ts_ttc) == []


@SOME
@given(tiny_rounds)
def test_no_balanced_allocation_makes_everyone_as_well_off_and_someone_better(instance):
    assert pareto_improvements(instance, ts_ttc(instance)) == []


# --- each check catches a broken mechanism ---------------------------------------------------


def test_the_comparison_with_the_paper_catches_a_mechanism_that_stops_after_one_round():
    found = caught(lambda i: broken.ts_ttc_first_round_only(i) != ts_ttc_by_rounds(i), rounds())
    assert broken.ts_ttc_first_round_only(found) != ts_ttc(found)


def test_the_balance_check_catches_deferred_acceptance():
    caught(lambda i: balance_violations(i, broken.da(i)), rounds())


def test_the_capacity_check_catches_hosts_taking_one_too_many():
    caught(lambda i: capacity_violations(i, broken.da_one_place_too_many(i)), rounds())


def test_the_placement_check_catches_a_mechanism_that_ignores_acceptability():
    caught(lambda i: placement_violations(i, broken.ts_ttc_ignoring_acceptability(i)), rounds())


def test_the_home_priority_check_catches_a_mechanism_that_reverses_it():
    found = caught(
        lambda i: home_priority_violations(i, broken.ts_ttc_reversing_home_priority(i)), rounds()
    )
    assert home_priority_violations(found, broken.ts_ttc_reversing_home_priority(found)) != []


def test_the_misreporting_check_catches_max_volume():
    caught(lambda i: manipulations(i, broken.max_volume), tiny_rounds, max_examples=2000)


def test_the_efficiency_check_catches_a_mechanism_that_stops_after_one_round():
    caught(lambda i: pareto_improvements(i, broken.ts_ttc_first_round_only(i)), tiny_rounds)
