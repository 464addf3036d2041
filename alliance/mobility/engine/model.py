"""What the allocation engine works on and what it returns: universities, students, a round
(``Instance``) and a ``Result``. Plain frozen dataclasses; an ``Instance`` checks itself when it is
made and raises ``InputError`` listing every offending entry, so a mechanism only ever sees a
consistent round.

No Django import here or anywhere in ``alliance.mobility.engine``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

MAX_CHOICES = 10


class InputError(ValueError):
    """A round the engine cannot allocate. ``problems`` holds every offending entry, one line
    each, in the order they were found."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class University:
    """A university of the round. ``capacity``: its inbound places. ``tolerance``: how far its
    hosted count may stray from its sent count. ``carried``: hosted minus sent in earlier rounds
    (the balance ledger), which this round may pay back: a university that hosted more before may
    send up to ``tolerance + carried`` more than it hosts now, one that sent more may host up to
    ``tolerance - carried`` more. Both count for max-volume only: TS-TTC balances every round
    exactly (so it never deepens a debt) and deferred acceptance does not balance at all."""

    id: str
    capacity: int
    tolerance: int = 0
    carried: int = 0

    @property
    def imbalance_bounds(self) -> tuple[int, int]:
        """The least and the most hosted minus sent allowed in this round."""
        return (-self.tolerance - max(self.carried, 0), self.tolerance + max(-self.carried, 0))


@dataclass(frozen=True)
class Student:
    """An applicant: their home university and the hosts they rank, best first (at most 10)."""

    id: str
    home: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Instance:
    """One allocation round.

    ``home_priority``: each university's own students, best first (its nomination order); every
    student appears exactly once, in their home's list. ``acceptable``: for a host, the students it
    accepts (a host not named accepts everyone). ``host_priority``: for a host, the students in
    the order it prefers them (deferred acceptance only); students it does not list come after
    the listed ones in the default order. The default order ranks students by their position in
    their home's priority list, then by id.
    """

    universities: tuple[University, ...]
    students: tuple[Student, ...]
    home_priority: dict[str, tuple[str, ...]]
    acceptable: dict[str, frozenset[str]] | None = None
    host_priority: dict[str, tuple[str, ...]] | None = None

    def __post_init__(self) -> None:
        found = problems_of(self)
        if found:
            raise InputError(found)

    def university(self, university_id: str) -> University:
        return self._universities_by_id[university_id]

    def student(self, student_id: str) -> Student:
        return self._students_by_id[student_id]

    @cached_property
    def _universities_by_id(self) -> dict[str, University]:
        return {u.id: u for u in self.universities}

    @cached_property
    def _students_by_id(self) -> dict[str, Student]:
        return {s.id: s for s in self.students}


def problems_of(instance: Instance) -> list[str]:
    """Every inconsistency of a round, one line each (empty when the round is sound). Linear in
    the size of the round: a sound entry costs a few set and dict look-ups, and only an entry
    found wrong is looked at again to say exactly what is wrong with it."""
    problems: list[str] = []
    universities: dict[str, University] = {}
    for university in instance.universities:
        if university.id in universities:
            problems.append(f'university "{university.id}": listed more than once')
        universities[university.id] = university
        if university.capacity < 0:
            problems.append(
                f'university "{university.id}": capacity {university.capacity} is negative'
            )
        if university.tolerance < 0:
            problems.append(
                f'university "{university.id}": tolerance {university.tolerance} is negative'
            )
    if not any(u.capacity > 0 for u in instance.universities):
        problems.append("the round has no places: no university offers a place")

    known = frozenset(universities)
    homes: dict[str, str] = {}
    for student in instance.students:
        if student.id in homes:
            problems.append(f'student "{student.id}": listed more than once')
        homes[student.id] = student.home
        choices = student.choices
        distinct = set(choices)
        if (
            student.home not in known
            or len(choices) > MAX_CHOICES
            or len(distinct) != len(choices)
            or student.home in distinct
            or not distinct <= known
        ):
            problems.extend(_student_problems(student, known))

    problems.extend(_home_priority_problems(instance.home_priority, known, homes))
    if instance.acceptable is not None:
        problems.extend(_listing_problems("acceptable", instance.acceptable, known, homes))
    if instance.host_priority is not None:
        problems.extend(_listing_problems("host_priority", instance.host_priority, known, homes))
    return problems


def _student_problems(student: Student, universities: frozenset[str]) -> list[str]:
    problems = []
    name = f'student "{student.id}"'
    if student.home not in universities:
        problems.append(f'{name}: home "{student.home}" is not a university of the round')
    if len(student.choices) > MAX_CHOICES:
        problems.append(
            f"{name}: ranks {len(student.choices)} hosts; at most {MAX_CHOICES} are allowed"
        )
    for host, times in Counter(student.choices).items():
        if host not in universities:
            problems.append(f'{name}: choice "{host}" is not a university of the round')
        elif host == student.home:
            problems.append(f'{name}: choice "{host}" is their own home')
        if times > 1:
            problems.append(f'{name}: ranks "{host}" {times} times')
    return problems


def _home_priority_problems(
    home_priority: dict[str, tuple[str, ...]],
    universities: frozenset[str],
    homes: dict[str, str],
) -> list[str]:
    problems = []
    listed_by: dict[str, str] = {}  # student -> the first list naming them
    also_listed_by: dict[str, list[str]] = {}  # student -> every list naming them, if several
    in_home_list: set[str] = set()
    for university, students in home_priority.items():
        name = f'home_priority "{university}"'
        if university not in universities:
            problems.append(f"{name}: not a university of the round")
        if len(set(students)) != len(students):
            for student, times in Counter(students).items():
                if times > 1:
                    problems.append(f'{name}: lists student "{student}" {times} times')
        for student in students:
            first = listed_by.setdefault(student, university)
            if first != university:
                lists = also_listed_by.setdefault(student, [first])
                if university not in lists:
                    lists.append(university)
            home = homes.get(student)
            if home == university:
                in_home_list.add(student)
                continue
            if home is None:
                problems.append(f'{name}: "{student}" is not a student of the round')
            else:
                problems.append(f'{name}: lists student "{student}", whose home is "{home}"')
    for student, lists in also_listed_by.items():
        named = ", ".join(f'"{u}"' for u in lists)
        problems.append(f'student "{student}": in the priority lists of {named}')
    for student, home in homes.items():
        if home in universities and student not in in_home_list:
            problems.append(
                f'student "{student}": missing from the priority list of their home "{home}"'
            )
    return problems


def _listing_problems(
    kind: str,
    listing: dict[str, tuple[str, ...]] | dict[str, frozenset[str]],
    universities: frozenset[str],
    homes: dict[str, str],
) -> list[str]:
    problems = []
    for university, students in listing.items():
        name = f'{kind} "{university}"'
        if university not in universities:
            problems.append(f"{name}: not a university of the round")
        if len(set(students)) != len(students):
            for student, times in Counter(students).items():
                if times > 1:
                    problems.append(f'{name}: lists student "{student}" {times} times')
        for student in students:
            if student not in homes:
                problems.append(f'{name}: "{student}" is not a student of the round')
    return problems


@dataclass(frozen=True)
class Result:
    """Who goes where: ``assignment`` maps every student id to a host id, or to None for a
    student who stays home. ``instance`` is the round it answers (needed by ``sent``,
    ``rank_of`` and ``first_choice_share``)."""

    mechanism: str
    assignment: dict[str, str | None]
    instance: Instance | None = field(default=None, repr=False, compare=False)

    @property
    def placed(self) -> int:
        """Students placed at a host."""
        return sum(1 for host in self.assignment.values() if host is not None)

    @property
    def first_choice_share(self) -> float:
        """The share of all students of the round placed at their first choice (0.0 when the
        round has no students)."""
        students = self._round().students
        if not students:
            return 0.0
        first = sum(1 for s in students if s.choices and self.assignment.get(s.id) == s.choices[0])
        return first / len(students)

    def hosted(self, university_id: str) -> int:
        return sum(1 for host in self.assignment.values() if host == university_id)

    def sent(self, university_id: str) -> int:
        return sum(
            1
            for s in self._round().students
            if s.home == university_id and self.assignment.get(s.id) is not None
        )

    def imbalance(self, university_id: str) -> int:
        """Hosted minus sent: positive for a net importer, negative for a net exporter."""
        return self.hosted(university_id) - self.sent(university_id)

    def rank_of(self, student_id: str) -> int | None:
        """1 for the student's first choice, 2 for the second, …; None when they stay home."""
        host = self.assignment.get(student_id)
        if host is None:
            return None
        return self._round().student(student_id).choices.index(host) + 1

    def per_university(self) -> dict[str, dict[str, int]]:
        """``{university: {"sent": n, "hosted": m}}`` for every university, in one pass."""
        round_ = self._round()
        counts = {u.id: {"sent": 0, "hosted": 0} for u in round_.universities}
        for student in round_.students:
            host = self.assignment.get(student.id)
            if host is not None:
                counts[student.home]["sent"] += 1
                counts[host]["hosted"] += 1
        return counts

    def total_imbalance(self) -> int:
        """The sum over universities of |hosted - sent|."""
        return sum(abs(c["hosted"] - c["sent"]) for c in self.per_university().values())

    def _round(self) -> Instance:
        if self.instance is None:
            raise ValueError("this result carries no instance; pass instance= to Result")
        return self.instance
