"""Student-proposing deferred acceptance (alliance/mobility/engine/deferred_acceptance.py):
worked examples, then stability, strategy-proofness and agreement with the ``matching``
package on generated rounds, each check shown to catch a broken mechanism."""

from __future__ import annotations

from hypothesis import given, settings

from alliance.mobility.engine import Instance
from tests.mobility.engine import mutants as broken
from tests.mobility.engine.properties import (
    Assignment,
    accepts,
    capacity_violations,
    deferred_acceptance_by_rounds,
    host_key,
    manipulations,
    mechanism,
    placement_violations,
    stability_violations,
)
from tests.mobility.engine.rounds import make_round, rounds
from tests.mobility.engine.search import caught

da = mechanism("da")
MANY = settings(max_examples=1000, deadline=None)
SOME = settings(max_examples=300, deadline=None)
with_host_priorities = rounds(max_universities=5, max_students=10, host_priorities=True)
tiny_rounds = rounds(max_universities=4, max_students=6, host_priorities=True)


def test_by_default_a_host_prefers_students_nominated_earlier_at_home():
    instance = make_round(
        {"A": 0, "B": 1, "C": 1},
        {"b1": ("B", "A"), "a1": ("A", "B"), "c1": ("C", "B"), "c2": ("C", "B")},
    )
    # a1 and c1 are both first at home: the id decides (a1 before c1).
    assert da(instance) == {"b1": None, "a1": "B", "c1": None, "c2": None}


def test_a_host_priority_list_overrides_the_default_and_proposals_chain():
    instance = make_round(
        {"A": 1, "B": 1, "C": 1},
        {"a1": ("A", "BC"), "b1": ("B", "C"), "c1": ("C", "B")},
        host_priority={"B": ["c1", "a1"], "C": ["a1", "b1"]},
    )
    # c1 takes B from a1, who then displaces b1 at C.
    assert da(instance) == {"a1": "C", "b1": None, "c1": "B"}


def test_it_does_not_balance():
    instance = make_round({"A": 0, "B": 2}, {"a1": ("A", "B"), "a2": ("A", "B")})
    assert da(instance) == {"a1": "B", "a2": "B"}


@MANY
@given(with_host_priorities)
def test_it_is_the_mechanism_as_gale_and_shapley_state_it(instance: Instance):
    assert da(instance) == deferred_acceptance_by_rounds(instance)


@MANY
@given(with_host_priorities)
def test_it_is_stable_within_capacity_and_on_the_students_lists(instance):
    assignment = da(instance)
    assert stability_violations(instance, assignment) == []
    assert capacity_violations(instance, assignment) == []
    assert placement_violations(instance, assignment) == []


@SOME
@given(tiny_rounds)
def test_no_student_gets_a_better_host_by_misreporting(instance):
    assert manipulations(instance, da) == []


def by_matching_package(instance: Instance) -> Assignment:
    """The resident-optimal stable matching of the ``matching`` package's hospital-resident
    game: a student lists the hosts that accept them; a host lists the students who rank it, in
    its priority order."""
    from matching.games import HospitalResident

    residents = {
        s.id: [h for h in s.choices if accepts(instance, h, s.id)] for s in instance.students
    }
    hospitals = {
        u.id: sorted(
            (s for s, listed in residents.items() if u.id in listed),
            key=lambda s, u=u: host_key(instance, u.id, s),
        )
        for u in instance.universities
    }
    # The package wants every list to name only players of the game: hosts with places.
    playing = {u.id for u in instance.universities if u.capacity and hospitals[u.id]}
    residents = {s: [h for h in p if h in playing] for s, p in residents.items()}
    game = HospitalResident.create_from_dictionaries(
        {s: p for s, p in residents.items() if p},
        {u: p for u, p in hospitals.items() if u in playing},
        {u: instance.university(u).capacity for u in playing},
    )
    assignment: Assignment = {s.id: None for s in instance.students}
    for hospital, matched in game.solve(optimal="resident").items():
        for resident in matched:
            assignment[resident.name] = hospital.name
    return assignment


@SOME
@given(with_host_priorities)
def test_it_agrees_with_the_matching_packages_hospital_resident_solver(instance):
    assert da(instance) == by_matching_package(instance)


# --- each check catches a broken mechanism ---------------------------------------------------


def test_the_stability_check_catches_immediate_acceptance():
    caught(lambda i: stability_violations(i, broken.boston(i)), with_host_priorities)


def test_the_misreporting_check_catches_immediate_acceptance():
    caught(lambda i: manipulations(i, broken.boston), tiny_rounds, max_examples=2000)


def test_the_capacity_check_catches_hosts_taking_one_too_many():
    caught(lambda i: capacity_violations(i, broken.da_one_place_too_many(i)), rounds())


def test_the_comparison_with_the_matching_package_catches_hosts_taking_one_too_many():
    caught(lambda i: broken.da_one_place_too_many(i) != by_matching_package(i), rounds())


def test_the_comparisons_catch_a_mechanism_that_ignores_host_priorities():
    found = caught(
        lambda i: broken.da_ignoring_host_priority(i) != deferred_acceptance_by_rounds(i),
        with_host_priorities,
    )
    assert broken.da_ignoring_host_priority(found) != by_matching_package(found)
    assert stability_violations(found, broken.da_ignoring_host_priority(found)) != []
