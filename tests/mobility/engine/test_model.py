"""The round and the result (alliance/mobility/engine/model.py): a round checks itself and lists
every offending entry; a result answers the questions the pages and the benchmark ask."""

from __future__ import annotations

import pytest

from alliance.mobility.engine import InputError, Instance, Result, Student, University, allocate
from tests.mobility.engine.rounds import make_round


def test_a_round_lists_every_offending_entry_at_once():
    with pytest.raises(InputError) as error:
        Instance(
            universities=(
                University("A", 2),
                University("B", -1),
                University("A", 1),
                University("C", 1, tolerance=-2),
            ),
            students=(
                Student("s1", "A", ("B", "Z")),
                Student("s2", "A", ("B", "B")),
                Student("s3", "Q", ("B",)),
                Student("s4", "B", ("A",)),
                Student("s5", "A", ("A", "B")),
                Student("s6", "C", ("A", "B", "A", "B", "A", "B", "A", "B", "A", "B", "A")),
                Student("s2", "A", ()),
            ),
            home_priority={
                "A": ("s1", "s2", "s5", "s4", "s2"),
                "B": ("s4", "s1", "nobody"),
                "Y": (),
            },
            acceptable={"X": frozenset({"s1"}), "B": frozenset({"ghost"})},
            host_priority={"A": ("s4", "s4", "phantom")},
        )
    assert error.value.problems == [
        'university "B": capacity -1 is negative',
        'university "A": listed more than once',
        'university "C": tolerance -2 is negative',
        'student "s1": choice "Z" is not a university of the round',
        'student "s2": ranks "B" 2 times',
        'student "s3": home "Q" is not a university of the round',
        'student "s5": choice "A" is their own home',
        'student "s6": ranks 11 hosts; at most 10 are allowed',
        'student "s6": ranks "A" 6 times',
        'student "s6": ranks "B" 5 times',
        'student "s2": listed more than once',
        'home_priority "A": lists student "s2" 2 times',
        'home_priority "A": lists student "s4", whose home is "B"',
        'home_priority "B": lists student "s1", whose home is "A"',
        'home_priority "B": "nobody" is not a student of the round',
        'home_priority "Y": not a university of the round',
        'student "s4": in the priority lists of "A", "B"',
        'student "s1": in the priority lists of "A", "B"',
        'student "s6": missing from the priority list of their home "C"',
        'acceptable "X": not a university of the round',
        'acceptable "B": "ghost" is not a student of the round',
        'host_priority "A": lists student "s4" 2 times',
        'host_priority "A": "phantom" is not a student of the round',
    ]
    assert str(error.value).splitlines() == error.value.problems


def test_a_round_without_places_is_refused():
    with pytest.raises(InputError) as error:
        make_round({"A": 0, "B": 0}, {"a1": ("A", "B")})
    assert error.value.problems == ["the round has no places: no university offers a place"]
    with pytest.raises(InputError) as error:
        Instance(universities=(), students=(), home_priority={})
    assert error.value.problems == ["the round has no places: no university offers a place"]


def test_a_student_missing_from_their_homes_list_is_named():
    with pytest.raises(InputError) as error:
        Instance(
            universities=(University("A", 1), University("B", 1)),
            students=(Student("a1", "A", ("B",)), Student("a2", "A", ("B",))),
            home_priority={"A": ("a2",)},
        )
    assert error.value.problems == [
        'student "a1": missing from the priority list of their home "A"'
    ]


def test_a_result_counts_placements_balance_and_ranks():
    instance = make_round(
        {"A": 2, "B": 1, "C": 1},
        {"a1": ("A", "CB"), "a2": ("A", "B"), "b1": ("B", "A"), "c1": ("C", "A"), "c2": ("C", "")},
    )
    result = Result("manual", {"a1": "B", "a2": None, "b1": "A", "c1": "A", "c2": None}, instance)
    assert result.placed == 3
    assert result.first_choice_share == pytest.approx(2 / 5)
    assert [result.sent(u) for u in "ABC"] == [1, 1, 1]
    assert [result.hosted(u) for u in "ABC"] == [2, 1, 0]
    assert [result.imbalance(u) for u in "ABC"] == [1, 0, -1]
    assert [result.rank_of(s) for s in ("a1", "a2", "b1", "c1", "c2")] == [2, None, 1, 1, None]
    assert result.per_university() == {
        "A": {"sent": 1, "hosted": 2},
        "B": {"sent": 1, "hosted": 1},
        "C": {"sent": 1, "hosted": 0},
    }
    assert result.total_imbalance() == 2


def test_helpers_that_need_the_round_say_so_without_it():
    result = Result("ts-ttc", {"a1": "B", "b1": None})
    assert result.placed == 1
    assert result.hosted("B") == 1
    with pytest.raises(ValueError, match="carries no instance"):
        result.sent("A")


def test_an_unknown_mechanism_is_refused_by_name():
    instance = make_round({"A": 1, "B": 1}, {"a1": ("A", "B")})
    with pytest.raises(
        ValueError, match="unknown mechanism 'lottery'; choose one of ts-ttc, da, max-volume"
    ):
        allocate(instance, "lottery")
