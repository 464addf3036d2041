"""Re-offering a declined place (alliance/mobility/engine/reoffer.py): worked examples, then
properties on generated rounds allocated by TS-TTC with one placed student declining."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.mobility.engine import allocate, next_offer
from tests.mobility.engine.properties import balance_violations
from tests.mobility.engine.rounds import make_round, rounds

MANY = settings(max_examples=600, deadline=None)


def test_a_student_of_the_same_home_comes_first_in_home_priority_order():
    instance = make_round(
        {"A": 1, "B": 1},
        {"a1": ("A", "B"), "a2": ("A", "B"), "a3": ("A", "B"), "b1": ("B", "A")},
    )
    # a1 declines B; a2 and a3 wait at home; A's order says a2 first.
    after = {"a1": None, "a2": None, "a3": None, "b1": "A"}
    assert next_offer(instance, after, host="B", declined_by="a1") == "a2"
    assert next_offer(instance, after, host="B", declined_by="a1", passed_over={"a2"}) == "a3"


def test_another_home_gets_it_only_where_the_tolerances_allow():
    students = {"a1": ("A", "C"), "b1": ("B", "C"), "c1": ("C", "A")}
    after = {"a1": None, "b1": None, "c1": "A"}
    exact = make_round({"A": 1, "B": 0, "C": 1}, students)
    assert next_offer(exact, after, host="C", declined_by="a1") is None
    loose = make_round({"A": 1, "B": 0, "C": 1}, students, tolerances={"A": 1, "B": 1})
    assert next_offer(loose, after, host="C", declined_by="a1") == "b1"
    # B hosted one more than it sent in earlier years: it may send one more now.
    owed = make_round({"A": 1, "B": 0, "C": 1}, students, tolerances={"A": 1}, carried={"B": 1})
    assert next_offer(owed, after, host="C", declined_by="a1") == "b1"


def test_nobody_who_did_not_rank_the_host_or_is_not_accepted_is_offered_it():
    instance = make_round(
        {"A": 1, "B": 1, "C": 1},
        {"a1": ("A", "B"), "a2": ("A", "C"), "a3": ("A", "B"), "b1": ("B", "A")},
        acceptable={"B": {"a1"}},
    )
    after = {"a1": None, "a2": None, "a3": None, "b1": "A"}
    assert next_offer(instance, after, host="B", declined_by="a1") is None


@MANY
@given(rounds(max_universities=4, max_students=8, tolerances=True), st.integers(0, 1000))
def test_an_offer_goes_to_an_unplaced_student_who_wants_the_host_and_is_accepted(instance, pick):
    assignment = dict(allocate(instance, "ts-ttc").assignment)
    placed = sorted(s for s, h in assignment.items() if h is not None)
    if not placed:
        return
    decliner = placed[pick % len(placed)]
    host = assignment[decliner]
    assert host is not None
    assignment[decliner] = None
    offered = next_offer(instance, assignment, host=host, declined_by=decliner)
    if offered is None:
        return
    student = instance.student(offered)
    assert assignment[offered] is None
    assert offered != decliner
    assert host in student.choices
    accepts = (instance.acceptable or {}).get(host)
    assert accepts is None or offered in accepts
    decliner_home = instance.student(decliner).home
    same_home = [
        s
        for s in instance.home_priority[decliner_home]
        if s != decliner
        and assignment[s] is None
        and host in instance.student(s).choices
        and (accepts is None or s in accepts)
    ]
    if same_home:
        # The decliner's own home, in its priority order: the round is as balanced as before.
        assert offered == same_home[0]
        assignment[offered] = host
        assert balance_violations(instance, assignment) == []
    else:
        assignment[offered] = host
        low, high = instance.university(student.home).imbalance_bounds
        sent = sum(1 for s in instance.students if s.home == student.home and assignment[s.id])
        hosted = sum(1 for h in assignment.values() if h == student.home)
        assert low <= hosted - sent <= high


@MANY
@given(rounds(max_universities=4, max_students=8), st.integers(0, 1000))
def test_at_exact_balance_only_the_decliners_home_can_take_the_place(instance, pick):
    assignment = dict(allocate(instance, "ts-ttc").assignment)
    placed = sorted(s for s, h in assignment.items() if h is not None)
    if not placed:
        return
    decliner = placed[pick % len(placed)]
    host = assignment[decliner]
    assert host is not None
    assignment[decliner] = None
    offered = next_offer(instance, assignment, host=host, declined_by=decliner)
    if offered is not None:
        assert instance.student(offered).home == instance.student(decliner).home
        assignment[offered] = host
        assert balance_violations(instance, assignment) == []
