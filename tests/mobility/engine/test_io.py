"""The engine's JSON (alliance/mobility/engine/io.py): a round read and written back unchanged,
a result with its summary, and a clear list of everything wrong with a malformed document."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from alliance.mobility.engine import InputError, allocate, instance_from_json, result_to_json
from alliance.mobility.engine.io import instance_from_text, instance_to_json, result_from_json
from tests.mobility.engine.rounds import rounds

ROUND = {
    "universities": [
        {"id": "tsinghua", "capacity": 2},
        {"id": "nus", "capacity": 1, "tolerance": 1},
        {"id": "tokyo", "capacity": 1},
    ],
    "students": [
        {"id": "t1", "home": "tsinghua", "choices": ["nus", "tokyo"]},
        {"id": "t2", "home": "tsinghua", "choices": ["tokyo"]},
        {"id": "n1", "home": "nus", "choices": ["tsinghua"]},
        {"id": "k1", "home": "tokyo", "choices": ["tsinghua", "nus"]},
    ],
    "home_priority": {"tsinghua": ["t1", "t2"], "nus": ["n1"], "tokyo": ["k1"]},
    "acceptable": {"nus": ["t1", "k1"]},
}


def test_a_round_reads_and_allocates_to_the_documented_result():
    result = allocate(instance_from_json(ROUND), "ts-ttc")
    assert result_to_json(result) == {
        "mechanism": "ts-ttc",
        "assignment": {"t1": "nus", "t2": "tokyo", "n1": "tsinghua", "k1": "tsinghua"},
        "summary": {
            "students": 4,
            "placed": 4,
            "first_choice_share": 1.0,
            "total_imbalance": 0,
            "per_university": {
                "tsinghua": {"sent": 2, "hosted": 2},
                "nus": {"sent": 1, "hosted": 1},
                "tokyo": {"sent": 1, "hosted": 1},
            },
        },
    }


@settings(max_examples=300, deadline=None)
@given(rounds(host_priorities=True, tolerances=True))
def test_a_round_survives_the_trip_through_json_text(instance):
    text = json.dumps(instance_to_json(instance))
    assert instance_from_text(text) == instance


def test_a_result_survives_the_trip_through_json():
    instance = instance_from_json(ROUND)
    result = allocate(instance, "da")
    back = result_from_json(json.loads(json.dumps(result_to_json(result))), instance)
    assert (back.mechanism, back.assignment, back.placed) == ("da", result.assignment, 4)


def test_malformed_json_says_where_it_breaks():
    with pytest.raises(InputError) as error:
        instance_from_text('{"universities": [\n  {"id": "A",}\n]}')
    assert error.value.problems == [
        "not valid JSON: Expecting property name enclosed in double quotes at line 2, column 14"
    ]


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(InputError) as error:
        instance_from_json([1, 2])
    assert error.value.problems == ["the document must be a JSON object, not a list"]


def test_every_missing_key_and_wrong_type_is_listed():
    with pytest.raises(InputError) as error:
        instance_from_json(
            {
                "universities": [
                    {"id": "A", "capacity": "3"},
                    {"capacity": 1, "tolerance": 0.5},
                    "B",
                    {"id": 7, "capacity": True, "places": 2},
                ],
                "students": [
                    {"id": "s1", "home": "A"},
                    {"id": "s2", "home": "A", "choices": ["B", 3]},
                    {"id": "s3", "home": "A", "choices": "B"},
                ],
                "acceptable": ["B"],
                "host_priority": {"A": "s1"},
                "priorities": {},
            }
        )
    assert error.value.problems == [
        'missing key "home_priority"',
        'unknown key "priorities"',
        'universities[0]: "capacity" must be an integer, not a string',
        'universities[1]: missing key "id"',
        'universities[1]: "tolerance" must be an integer, not a number',
        "universities[2]: must be an object, not a string",
        'universities[3]: unknown key "places"',
        'universities[3]: "id" must be a string, not an integer',
        'universities[3]: "capacity" must be an integer, not a boolean',
        'students[0]: missing key "choices"',
        'students[1]: "choices" must list university ids (strings)',
        'students[2]: "choices" must be a list, not a string',
        '"acceptable" must be an object (university -> students), not a list',
        'host_priority "A": must be a list of student ids (strings)',
    ]


def test_a_well_formed_document_with_a_wrong_round_lists_the_rounds_problems():
    bad = {**ROUND, "home_priority": {"tsinghua": ["t1", "t2", "n1"], "nus": [], "tokyo": ["k1"]}}
    with pytest.raises(InputError) as error:
        instance_from_json(bad)
    assert error.value.problems == [
        'home_priority "tsinghua": lists student "n1", whose home is "nus"',
        'student "n1": missing from the priority list of their home "nus"',
    ]
