"""A round in integers, the form the mechanisms run on: universities and students numbered in
the order the round lists them, choices as one flat list with per-student offsets, each home's
students in priority order as one flat list with per-university offsets. Built once per
``Instance`` (and kept on it), in time linear in the size of the round."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain

from alliance.mobility.engine.model import Instance

_CACHE_KEY = "_indexed"


@dataclass(frozen=True)
class Indexed:
    university_ids: list[str]
    capacity: list[int]
    tolerance: list[int]
    carried: list[int]
    student_ids: list[str]
    home: list[int]  # student -> home university
    choices: list[int]  # all students' choices, one after the other
    choice_start: list[int]  # student s ranks choices[choice_start[s]:choice_start[s + 1]]
    own: list[int]  # every university's own students, best first, one university after another
    own_start: list[int]  # university u's students are own[own_start[u]:own_start[u + 1]]
    accepts: list[set[int] | None]  # per host: the students it accepts, None for everyone
    host_rank: list[dict[int, int] | None]  # per host: its own order where it gives one

    @cached_property
    def default_rank(self) -> list[int]:
        """Each student's place in the default host order (0 = best): by their position in
        their home's priority list, then by id."""
        ids = self.student_ids
        position = [0] * len(ids)
        own, start = self.own, self.own_start
        for u in range(len(self.university_ids)):
            for pos, s in enumerate(own[start[u] : start[u + 1]]):
                position[s] = pos
        by_default = sorted(range(len(ids)), key=ids.__getitem__)
        by_default.sort(key=position.__getitem__)  # stable: ids break the ties
        rank = [0] * len(ids)
        for r, s in enumerate(by_default):
            rank[s] = r
        return rank

    @property
    def universities(self) -> int:
        return len(self.university_ids)

    @property
    def students(self) -> int:
        return len(self.student_ids)

    def rank_at(self, host: int, student: int) -> int:
        """The host's priority of a student (lower is better), under its own order if it gives
        one (students it does not list come after, in the default order), else the default."""
        ranks = self.host_rank[host]
        if ranks is None:
            return self.default_rank[student]
        listed = ranks.get(student)
        return listed if listed is not None else len(ranks) + self.default_rank[student]

    def assignment(self, placed_at: list[int]) -> dict[str, str | None]:
        """Back to ids: ``placed_at[s]`` is a university number, or -1 for staying home."""
        ids = self.university_ids
        return {
            sid: (ids[u] if u >= 0 else None)
            for sid, u in zip(self.student_ids, placed_at, strict=True)
        }


def index(instance: Instance) -> Indexed:
    """The integer form of ``instance``, built on first use and kept on the instance."""
    cached = instance.__dict__.get(_CACHE_KEY)
    if cached is None:
        cached = _build(instance)
        # The instance is frozen and its fields never change: the integer form stays valid.
        instance.__dict__[_CACHE_KEY] = cached
    assert isinstance(cached, Indexed)
    return cached


def _build(instance: Instance) -> Indexed:
    university_ids = [u.id for u in instance.universities]
    u_index = {uid: i for i, uid in enumerate(university_ids)}
    student_ids = [s.id for s in instance.students]
    s_index = {sid: i for i, sid in enumerate(student_ids)}
    to_university = u_index.__getitem__
    to_student = s_index.__getitem__

    lists = [s.choices for s in instance.students]
    choices = list(map(to_university, chain.from_iterable(lists)))
    choice_start = [0, *accumulate(map(len, lists))]
    ordered = [instance.home_priority.get(uid, ()) for uid in university_ids]
    own = list(map(to_student, chain.from_iterable(ordered)))
    own_start = [0, *accumulate(map(len, ordered))]

    accepts: list[set[int] | None] = [None] * len(university_ids)
    for uid, accepted in (instance.acceptable or {}).items():
        accepts[u_index[uid]] = set(map(to_student, accepted))
    host_rank: list[dict[int, int] | None] = [None] * len(university_ids)
    for uid, in_order in (instance.host_priority or {}).items():
        host_rank[u_index[uid]] = {s_index[sid]: r for r, sid in enumerate(in_order)}
    return Indexed(
        university_ids=university_ids,
        capacity=[u.capacity for u in instance.universities],
        tolerance=[u.tolerance for u in instance.universities],
        carried=[u.carried for u in instance.universities],
        student_ids=student_ids,
        home=[u_index[s.home] for s in instance.students],
        choices=choices,
        choice_start=choice_start,
        own=own,
        own_start=own_start,
        accepts=accepts,
        host_rank=host_rank,
    )


def forget_index(instance: Instance) -> None:
    """Drop the integer form kept on ``instance`` (benchmarks time building it again)."""
    instance.__dict__.pop(_CACHE_KEY, None)
