"""Generated rounds for the allocation benchmark: universities of uneven size, a few very popular
hosts (the popularity of host number k falls as 1/k, so students' preferences correlate), five
choices each, drawn by popularity among the other universities; each home ranks its own
students in a random order; each university offers between half and all of as many places as it
has applicants. The same seed gives the same round.

No Django import: the engine and its benchmark run without it.
"""

from __future__ import annotations

import random
from itertools import accumulate

from alliance.mobility.engine.model import Instance, Student, University

CHOICES = 5


def generate(
    students: int, universities: int, *, choices: int = CHOICES, seed: int = 2027
) -> Instance:
    """A round of ``students`` students spread over ``universities`` universities."""
    if universities < choices + 1:
        raise ValueError(f"at least {choices + 1} universities are needed for {choices} choices")
    rng = random.Random(seed)
    ids = [f"U{u:04d}" for u in range(universities)]
    # Popularity: the k-th most popular host is chosen in proportion to 1/k; which university is
    # the k-th is random.
    popularity = [1.0 / (k + 1) for k in range(universities)]
    rng.shuffle(popularity)
    cumulative = list(accumulate(popularity))
    # Size: how many applicants a university has, from a skewed (log-normal) spread.
    size = list(accumulate(rng.lognormvariate(0.0, 0.75) for _ in range(universities)))

    homes = rng.choices(range(universities), cum_weights=size, k=students)
    everyone = range(universities)
    listed: list[Student] = []
    own: list[list[str]] = [[] for _ in range(universities)]
    for i, home in enumerate(homes):
        picked: list[int] = []
        while len(picked) < choices:
            for host in rng.choices(everyone, cum_weights=cumulative, k=2 * choices):
                if host != home and host not in picked:
                    picked.append(host)
                    if len(picked) == choices:
                        break
        sid = f"S{i:06d}"
        listed.append(Student(id=sid, home=ids[home], choices=tuple(ids[h] for h in picked)))
        own[home].append(sid)
    for students_of in own:
        rng.shuffle(students_of)
    return Instance(
        universities=tuple(
            University(id=ids[u], capacity=max(1, round(len(own[u]) * rng.uniform(0.5, 1.0))))
            for u in range(universities)
        ),
        students=tuple(listed),
        home_priority={ids[u]: tuple(own[u]) for u in range(universities)},
    )
