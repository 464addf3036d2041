"""Small generated rounds for the property tests of the allocation engine, and a builder for
hand-written ones."""

from __future__ import annotations

from dataclasses import replace
from itertools import permutations
from math import prod

from hypothesis import strategies as st

from alliance.mobility.engine import Instance, Student, University

NAMES = "ABCDE"


def make_round(
    capacities: dict[str, int],
    students: dict[str, tuple[str, str]],
    *,
    tolerances: dict[str, int] | None = None,
    carried: dict[str, int] | None = None,
    acceptable: dict[str, set[str]] | None = None,
    host_priority: dict[str, list[str]] | None = None,
) -> Instance:
    """A round from ``{university: capacity}`` and ``{student: (home, "BC")}`` (choices as a
    string of one-letter university names, best first); each home ranks its students in the
    order they are given."""
    tolerances = tolerances or {}
    carried = carried or {}
    listed = tuple(
        Student(id=sid, home=home, choices=tuple(choices))
        for sid, (home, choices) in students.items()
    )
    return Instance(
        universities=tuple(
            University(id=u, capacity=c, tolerance=tolerances.get(u, 0), carried=carried.get(u, 0))
            for u, c in capacities.items()
        ),
        students=listed,
        home_priority={u: tuple(s.id for s in listed if s.home == u) for u in capacities},
        acceptable=(
            None if acceptable is None else {u: frozenset(ids) for u, ids in acceptable.items()}
        ),
        host_priority=(
            None if host_priority is None else {u: tuple(ids) for u, ids in host_priority.items()}
        ),
    )


def with_choices(instance: Instance, student_id: str, choices: tuple[str, ...]) -> Instance:
    """The same round with one student reporting ``choices`` instead."""
    return replace(
        instance,
        students=tuple(
            replace(s, choices=choices) if s.id == student_id else s for s in instance.students
        ),
    )


@st.composite
def rounds(
    draw: st.DrawFn,
    *,
    max_universities: int = 4,
    max_students: int = 7,
    max_capacity: int = 3,
    acceptability: bool = True,
    host_priorities: bool = False,
    tolerances: bool = False,
) -> Instance:
    """A small round: 2 to ``max_universities`` universities (at least one offering a place),
    up to ``max_students`` students each ranking some of the other universities, random home
    priorities, and optionally acceptable sets, host priorities and balance tolerances.

    Each student is one integer read as four (home, which ordering of the other universities,
    how many of them, a key placing them in their home's priority order): few draws per round,
    which keeps thousands of rounds quick to make."""
    n = draw(st.integers(2, max_universities))
    ids = NAMES[:n]
    capacity = draw(st.lists(st.integers(0, max_capacity), min_size=n, max_size=n))
    if not any(capacity):
        capacity[draw(st.integers(0, n - 1))] = 1
    tolerance = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)) if tolerances else [0] * n
    carried = draw(st.lists(st.integers(-2, 2), min_size=n, max_size=n)) if tolerances else [0] * n
    orders = list(permutations(range(n - 1)))
    # One integer per student, read as (home, ordering, length, key): a single draw each.
    sizes = (n, len(orders), n, max_students + 1)
    codes = draw(st.lists(st.integers(0, prod(sizes) - 1), max_size=max_students))
    drawn = []
    for code in codes:
        fields = []
        for size in sizes:
            code, field = divmod(code, size)
            fields.append(field)
        drawn.append(tuple(fields))
    students = []
    for i, (home, order, length, _) in enumerate(drawn):
        others = [u for u in ids if u != ids[home]]
        choices = tuple(others[k] for k in orders[order][:length])
        students.append(Student(id=f"s{i}", home=ids[home], choices=choices))
    key = {f"s{i}": (k, i) for i, (*_, k) in enumerate(drawn)}
    home_priority = {
        u: tuple(sorted((s.id for s in students if s.home == u), key=key.__getitem__)) for u in ids
    }
    everyone = [s.id for s in students]
    acceptable = None
    if acceptability and everyone and draw(st.booleans()):
        masks = draw(st.lists(st.integers(-1, 2 ** len(everyone) - 1), min_size=n, max_size=n))
        acceptable = {
            u: frozenset(s for b, s in enumerate(everyone) if mask >> b & 1)
            for u, mask in zip(ids, masks, strict=True)
            if mask >= 0
        }
    host_priority = None
    if host_priorities and everyone and draw(st.booleans()):
        host_priority = {}
        for u in ids:
            keys = draw(
                st.lists(st.integers(-1, 9), min_size=len(everyone), max_size=len(everyone))
            )
            listed = sorted((k, b) for b, k in enumerate(keys) if k >= 0)
            if draw(st.booleans()):
                host_priority[u] = tuple(everyone[b] for _, b in listed)
    return Instance(
        universities=tuple(
            University(id=u, capacity=c, tolerance=t, carried=b)
            for u, c, t, b in zip(ids, capacity, tolerance, carried, strict=True)
        ),
        students=tuple(students),
        home_priority=home_priority,
        acceptable=acceptable,
        host_priority=host_priority,
    )
