"""The properties an allocation must have, written as their plain definitions (each returns the
list of what breaks it: empty when the property holds), the mechanisms written again round by
round as their papers describe them, and exhaustive searches over every allocation of a small
round. Slow on purpose: they say what is meant, not how to do it fast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from itertools import permutations

from alliance.mobility.engine import Instance, Student, allocate
from tests.mobility.engine.rounds import with_choices

Assignment = dict[str, str | None]
Mechanism = Callable[[Instance], Assignment]


def mechanism(name: str) -> Mechanism:
    def run(instance: Instance) -> Assignment:
        return allocate(instance, name).assignment

    run.__name__ = name
    return run


# --- preferences and priorities, by definition -----------------------------------------------


def accepts(instance: Instance, host: str, student_id: str) -> bool:
    return instance.acceptable is None or (
        host not in instance.acceptable or student_id in instance.acceptable[host]
    )


def rank(student: Student, host: str | None) -> int:
    """How the student values an outcome, lower is better: their listed hosts in order, then
    staying home, then any host they did not list."""
    if host is None:
        return len(student.choices)
    if host in student.choices:
        return student.choices.index(host)
    return len(student.choices) + 1


def host_key(instance: Instance, host: str, student_id: str) -> tuple[int, int, str]:
    """A host's priority of a student, lower first: its own order if it gives one (students it
    does not list after the listed ones), else and then the position in their home's list,
    then the id."""
    student = instance.student(student_id)
    default = instance.home_priority[student.home].index(student_id)
    own = (instance.host_priority or {}).get(host)
    if own is None:
        return (0, default, student_id)
    if student_id in own:
        return (-1, own.index(student_id), "")
    return (0, default, student_id)


def sent_and_hosted(instance: Instance, assignment: Assignment) -> dict[str, tuple[int, int]]:
    sent = Counter(instance.student(s).home for s, h in assignment.items() if h is not None)
    hosted = Counter(h for h in assignment.values() if h is not None)
    return {u.id: (sent[u.id], hosted[u.id]) for u in instance.universities}


# --- properties ----------------------------------------------------------------------------


def placement_violations(instance: Instance, assignment: Assignment) -> list[str]:
    """Every student has an outcome; every placement is on the student's list and the host
    accepts them."""
    wrong = []
    if set(assignment) != {s.id for s in instance.students}:
        wrong.append(f"students {sorted(assignment)} are not those of the round")
    for sid, host in assignment.items():
        if host is None:
            continue
        if host not in instance.student(sid).choices:
            wrong.append(f"{sid} placed at {host}, which they did not list")
        if not accepts(instance, host, sid):
            wrong.append(f"{sid} placed at {host}, which does not accept them")
    return wrong


def capacity_violations(instance: Instance, assignment: Assignment) -> list[str]:
    counts = sent_and_hosted(instance, assignment)
    return [
        f"{u.id} hosts {counts[u.id][1]} with {u.capacity} places"
        for u in instance.universities
        if counts[u.id][1] > u.capacity
    ]


def balance_violations(
    instance: Instance, assignment: Assignment, *, tolerance: bool = False
) -> list[str]:
    """Every university hosts as many as it sends (when ``tolerance``: hosted minus sent within
    the bounds its tolerance and its carried balance allow)."""
    counts = sent_and_hosted(instance, assignment)
    wrong = []
    for u in instance.universities:
        sent, hosted = counts[u.id]
        low, high = u.imbalance_bounds if tolerance else (0, 0)
        if not low <= hosted - sent <= high:
            wrong.append(f"{u.id} sends {sent} and hosts {hosted}")
    return wrong


def home_priority_violations(instance: Instance, assignment: Assignment) -> list[str]:
    """Respecting home priority (Dur and Ünver's priority bylaws): a student never envies a
    student of the same home with lower priority. If j comes before i in their home's list and i
    goes to host h, then j prefers their own outcome to h, or h does not accept j."""
    wrong = []
    for home, ordered in instance.home_priority.items():
        for a, j in enumerate(ordered):
            for i in ordered[a + 1 :]:
                host = assignment[i]
                if host is None or not accepts(instance, host, j):
                    continue
                student = instance.student(j)
                if host in student.choices and rank(student, host) < rank(student, assignment[j]):
                    wrong.append(
                        f"{j} (before {i} at {home}) would rather have {i}'s place at {host}"
                    )
    return wrong


def stability_violations(instance: Instance, assignment: Assignment) -> list[str]:
    """No blocking pair: no student prefers a host that accepts them and either has a place
    free or holds someone it ranks below them."""
    wrong = []
    capacity = {u.id: u.capacity for u in instance.universities}
    held: dict[str, list[str]] = {u: [] for u in capacity}
    for sid, host in assignment.items():
        if host is not None:
            held[host].append(sid)
    for student in instance.students:
        for host in student.choices:
            if rank(student, host) >= rank(student, assignment[student.id]):
                break
            if not accepts(instance, host, student.id) or capacity[host] == 0:
                continue
            mine = host_key(instance, host, student.id)
            if len(held[host]) < capacity[host]:
                wrong.append(f"{student.id} wants {host}, which has a place free")
            elif any(host_key(instance, host, other) > mine for other in held[host]):
                wrong.append(f"{student.id} wants {host}, which holds someone it ranks lower")
    return wrong


def reports(instance: Instance, student: Student) -> Iterator[tuple[str, ...]]:
    """Every list the student could report: every ordering of every set of other universities."""
    others = [u.id for u in instance.universities if u.id != student.home]
    for size in range(len(others) + 1):
        yield from permutations(others, size)


def manipulations(instance: Instance, run: Mechanism) -> list[str]:
    """Every student who gets a host they truly prefer by reporting some other list."""
    truthful = run(instance)
    found = []
    for student in instance.students:
        honest = rank(student, truthful[student.id])
        for report in reports(instance, student):
            if report == student.choices:
                continue
            got = run(with_choices(instance, student.id, report))[student.id]
            if rank(student, got) < honest:
                found.append(
                    f"{student.id} gets {got} instead of {truthful[student.id]} by {report}"
                )
                break
    return found


# --- exhaustive search -----------------------------------------------------------------------


def allocations(
    instance: Instance, options: Callable[[Student], list[str | None]] | None = None
) -> Iterator[Assignment]:
    """Every allocation within capacity where each student gets one of ``options(student)``
    (default: staying home, or any host on their list that accepts them)."""
    students = list(instance.students)
    left = {u.id: u.capacity for u in instance.universities}

    def default(student: Student) -> list[str | None]:
        return [None, *(h for h in student.choices if accepts(instance, h, student.id))]

    chosen: Assignment = {}
    offered = options or default

    def walk(i: int) -> Iterator[Assignment]:
        if i == len(students):
            yield dict(chosen)
            return
        student = students[i]
        for host in offered(student):
            if host is not None:
                if left[host] == 0:
                    continue
                left[host] -= 1
            chosen[student.id] = host
            yield from walk(i + 1)
            if host is not None:
                left[host] += 1

    yield from walk(0)


def pareto_improvements(instance: Instance, assignment: Assignment) -> list[Assignment]:
    """Balanced allocations (within capacity, on lists, acceptable) in which every student is
    at least as well off as in ``assignment`` and one is better off (at most one is returned)."""

    def no_worse(student: Student) -> list[str | None]:
        bar = rank(student, assignment[student.id])
        listed: list[str | None] = [
            h
            for h in student.choices
            if accepts(instance, h, student.id) and rank(student, h) <= bar
        ]
        return listed + ([None] if bar >= len(student.choices) else [])

    for other in allocations(instance, no_worse):
        if other != assignment and not balance_violations(instance, other):
            return [other]
    return []


def volume_and_ranks(instance: Instance, assignment: Assignment) -> tuple[int, int]:
    """Students placed, and the sum of their ranks (0 for a first choice)."""
    placed = [(s, h) for s, h in assignment.items() if h is not None]
    return len(placed), sum(rank(instance.student(s), h) for s, h in placed)


def best_volume_and_ranks(instance: Instance) -> tuple[int, int]:
    """The most students placed within capacity and tolerance, then the least sum of ranks."""
    best = (0, 0)
    for candidate in allocations(instance):
        if balance_violations(instance, candidate, tolerance=True):
            continue
        count, ranks = volume_and_ranks(instance, candidate)
        if (count, -ranks) > (best[0], -best[1]):
            best = (count, ranks)
    return best


# --- the mechanisms, round by round ------------------------------------------------------------


def ts_ttc_by_rounds(
    instance: Instance, *, max_rounds: int | None = None, reverse_priority: bool = False
) -> Assignment:
    """Two-sided top trading cycles as Dur and Ünver state it, in rounds. (``max_rounds`` and
    ``reverse_priority`` break it on purpose, for the tests that must catch it.)"""
    places = {u.id: u.capacity for u in instance.universities}
    applicants = {u.id: list(instance.home_priority.get(u.id, ())) for u in instance.universities}
    if reverse_priority:
        applicants = {u: list(reversed(a)) for u, a in applicants.items()}
    assignment: Assignment = {s.id: None for s in instance.students}
    played = 0
    while max_rounds is None or played < max_rounds:
        played += 1
        in_play = {u for u in places if places[u] > 0 and applicants[u]}
        if not in_play:
            break
        points_to = {}  # applicant -> university
        for u in in_play:
            for sid in applicants[u]:
                student = instance.student(sid)
                points_to[sid] = next(
                    (h for h in student.choices if h in in_play and accepts(instance, h, sid)),
                    None,
                )
        top = {u: applicants[u][0] for u in in_play}
        # Each university in play has one arrow: to where its top applicant points.
        arrow = {u: points_to[top[u]] for u in in_play}
        in_cycle: set[str] = set()
        for start in in_play:
            seen = []
            u: str | None = start
            while u is not None and u not in seen and u not in in_cycle:
                seen.append(u)
                u = arrow[u]
            if u is not None and u in seen:
                in_cycle.update(seen[seen.index(u) :])
        for u in in_cycle:
            sid = top[u]
            assignment[sid] = arrow[u]
            applicants[u].remove(sid)
        for u in in_cycle:
            places[arrow[u]] -= 1  # type: ignore[index]
        for u in in_play:  # applicants with no live choice stay home
            applicants[u] = [s for s in applicants[u] if points_to[s] is not None]
    return assignment


def deferred_acceptance_by_rounds(instance: Instance) -> Assignment:
    """Gale and Shapley's student-proposing deferred acceptance, in rounds: every student not
    held proposes to the next host on their list; each host keeps the best proposals it has
    (up to its capacity, among those it accepts) and rejects the others."""
    capacity = {u.id: u.capacity for u in instance.universities}
    next_choice = {s.id: 0 for s in instance.students}
    held: dict[str, list[str]] = {u: [] for u in capacity}
    while True:
        holding = {sid for ids in held.values() for sid in ids}
        proposals: dict[str, list[str]] = {u: [] for u in capacity}
        for student in instance.students:
            if student.id in holding or next_choice[student.id] >= len(student.choices):
                continue
            host = student.choices[next_choice[student.id]]
            next_choice[student.id] += 1
            proposals[host].append(student.id)
        if not any(proposals.values()):
            break
        for host, new in proposals.items():
            pool = held[host] + [s for s in new if accepts(instance, host, s)]
            pool.sort(key=lambda sid, host=host: host_key(instance, host, sid))
            held[host] = pool[: capacity[host]]
    assignment: Assignment = {s.id: None for s in instance.students}
    for host, ids in held.items():
        for sid in ids:
            assignment[sid] = host
    return assignment


def immediate_acceptance(instance: Instance) -> Assignment:
    """The Boston mechanism: in round k every student not yet placed applies to their k-th
    choice, and hosts admit for good, by priority, while places last. Not strategy-proof and not
    stable: the tests must catch it."""
    left = {u.id: u.capacity for u in instance.universities}
    assignment: Assignment = {s.id: None for s in instance.students}
    for k in range(max((len(s.choices) for s in instance.students), default=0)):
        applying: dict[str, list[str]] = {}
        for student in instance.students:
            if assignment[student.id] is None and k < len(student.choices):
                host = student.choices[k]
                if accepts(instance, host, student.id):
                    applying.setdefault(host, []).append(student.id)
        for host, ids in applying.items():
            ids.sort(key=lambda sid, host=host: host_key(instance, host, sid))
            for sid in ids[: left[host]]:
                assignment[sid] = host
            left[host] -= min(left[host], len(ids))
    return assignment
