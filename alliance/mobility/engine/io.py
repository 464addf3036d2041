"""The engine's JSON: a round in, a result out (see docs/dev/allocation.md for the format).

``instance_from_json`` takes the parsed document (a dict) and checks its shape first, listing
every entry of the wrong kind or missing; the ``Instance`` it builds then checks the meaning
(unknown hosts, students in two priority lists, …). Either way the error is an ``InputError``
with every problem, one line each.
"""

from __future__ import annotations

import json
from typing import Any

from alliance.mobility.engine.model import InputError, Instance, Result, Student, University

TOP_LEVEL_REQUIRED = ("universities", "students", "home_priority")
TOP_LEVEL_OPTIONAL = ("acceptable", "host_priority")


def instance_from_text(text: str) -> Instance:
    """A round from JSON text; malformed JSON is an ``InputError`` naming where it breaks."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from None
    return instance_from_json(data)


def instance_from_json(data: Any) -> Instance:
    """A round from its parsed JSON document."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InputError([f"the document must be a JSON object, not {_kind(data)}"])
    for key in TOP_LEVEL_REQUIRED:
        if key not in data:
            problems.append(f'missing key "{key}"')
    for key in data:
        if key not in TOP_LEVEL_REQUIRED and key not in TOP_LEVEL_OPTIONAL:
            problems.append(f'unknown key "{key}"')

    universities = _universities(data.get("universities", []), problems)
    students = _students(data.get("students", []), problems)
    home_priority = _listing("home_priority", data.get("home_priority", {}), problems)
    acceptable = _listing("acceptable", data.get("acceptable"), problems)
    host_priority = _listing("host_priority", data.get("host_priority"), problems)
    if problems:
        raise InputError(problems)
    assert home_priority is not None
    return Instance(
        universities=tuple(universities),
        students=tuple(students),
        home_priority=home_priority,
        acceptable=(
            None if acceptable is None else {u: frozenset(ids) for u, ids in acceptable.items()}
        ),
        host_priority=host_priority,
    )


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The JSON document of a round (``instance_from_json`` reads it back to an equal round)."""
    data: dict[str, Any] = {
        "universities": [
            {"id": u.id, "capacity": u.capacity, "tolerance": u.tolerance}
            | ({"carried": u.carried} if u.carried else {})
            for u in instance.universities
        ],
        "students": [
            {"id": s.id, "home": s.home, "choices": list(s.choices)} for s in instance.students
        ],
        "home_priority": {u: list(ids) for u, ids in instance.home_priority.items()},
    }
    if instance.acceptable is not None:
        data["acceptable"] = {u: sorted(ids) for u, ids in instance.acceptable.items()}
    if instance.host_priority is not None:
        data["host_priority"] = {u: list(ids) for u, ids in instance.host_priority.items()}
    return data


def result_to_json(result: Result) -> dict[str, Any]:
    """``{"mechanism", "assignment", "summary": {"students", "placed", "first_choice_share",
    "total_imbalance", "per_university": {university: {"sent", "hosted"}}}}``."""
    per_university = result.per_university()
    return {
        "mechanism": result.mechanism,
        "assignment": dict(result.assignment),
        "summary": {
            "students": len(result.assignment),
            "placed": result.placed,
            "first_choice_share": result.first_choice_share,
            "total_imbalance": sum(abs(c["hosted"] - c["sent"]) for c in per_university.values()),
            "per_university": per_university,
        },
    }


def result_from_json(data: dict[str, Any], instance: Instance) -> Result:
    """A result read back from ``result_to_json``, for the round it answers."""
    return Result(
        mechanism=data["mechanism"], assignment=dict(data["assignment"]), instance=instance
    )


def _universities(items: Any, problems: list[str]) -> list[University]:
    if not isinstance(items, list):
        problems.append(f'"universities" must be a list, not {_kind(items)}')
        return []
    found = []
    for i, item in enumerate(items):
        where = f"universities[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object, not {_kind(item)}")
            continue
        _unknown_keys(where, item, ("id", "capacity", "tolerance", "carried"), problems)
        uid = _required(where, item, "id", str, problems)
        capacity = _required(where, item, "capacity", int, problems)
        tolerance = item.get("tolerance", 0)
        if not _is(tolerance, int):
            problems.append(f'{where}: "tolerance" must be an integer, not {_kind(tolerance)}')
        carried = item.get("carried", 0)
        if not _is(carried, int):
            problems.append(f'{where}: "carried" must be an integer, not {_kind(carried)}')
        if uid is not None and capacity is not None and _is(tolerance, int) and _is(carried, int):
            found.append(
                University(id=uid, capacity=capacity, tolerance=tolerance, carried=carried)
            )
    return found


def _students(items: Any, problems: list[str]) -> list[Student]:
    if not isinstance(items, list):
        problems.append(f'"students" must be a list, not {_kind(items)}')
        return []
    found = []
    for i, item in enumerate(items):
        where = f"students[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object, not {_kind(item)}")
            continue
        _unknown_keys(where, item, ("id", "home", "choices"), problems)
        sid = _required(where, item, "id", str, problems)
        home = _required(where, item, "home", str, problems)
        choices = _required(where, item, "choices", list, problems)
        if choices is not None and not all(isinstance(c, str) for c in choices):
            problems.append(f'{where}: "choices" must list university ids (strings)')
            choices = None
        if sid is not None and home is not None and choices is not None:
            found.append(Student(id=sid, home=home, choices=tuple(choices)))
    return found


def _listing(key: str, value: Any, problems: list[str]) -> dict[str, tuple[str, ...]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(f'"{key}" must be an object (university -> students), not {_kind(value)}')
        return None
    listing = {}
    for university, students in value.items():
        if not isinstance(students, list) or not all(isinstance(s, str) for s in students):
            problems.append(f'{key} "{university}": must be a list of student ids (strings)')
            continue
        listing[university] = tuple(students)
    return listing


def _required(where: str, item: dict[str, Any], key: str, kind: type, problems: list[str]) -> Any:
    if key not in item:
        problems.append(f'{where}: missing key "{key}"')
        return None
    value = item[key]
    if not _is(value, kind):
        expected = {str: "a string", int: "an integer", list: "a list"}[kind]
        problems.append(f'{where}: "{key}" must be {expected}, not {_kind(value)}')
        return None
    return value


def _unknown_keys(
    where: str, item: dict[str, Any], known: tuple[str, ...], problems: list[str]
) -> None:
    for key in item:
        if key not in known:
            problems.append(f'{where}: unknown key "{key}"')


def _is(value: Any, kind: type) -> bool:
    # JSON true/false arrive as bool, a subclass of int: not a capacity.
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
