"""Who gets a place a student declined, after the results are out.

The published allocation stands; a declined place at host ``h`` is offered to one student who has
no place yet, ranked ``h`` and is acceptable there, and whose placement keeps every university
within the bounds of its tolerance and carried balance (``University.imbalance_bounds``). A
student of the decliner's own home restores that home's balance exactly, so they come first, in
the home's priority order; then the others, by the rank they gave ``h``, then by their position
in their home's priority, then by id. Students already placed keep their places (no chains).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from alliance.mobility.engine.model import Instance


def next_offer(
    instance: Instance,
    assignment: Mapping[str, str | None],
    *,
    host: str,
    declined_by: str,
    passed_over: Iterable[str] = (),
) -> str | None:
    """The student to offer ``host``'s freed place to, or None. ``assignment`` is the state
    after the decline (``declined_by`` unplaced); ``passed_over`` are students who may not be
    offered a place again (they declined one)."""
    excluded = {declined_by, *passed_over}
    home_of = {s.id: s.home for s in instance.students}
    position = {sid: i for ids in instance.home_priority.values() for i, sid in enumerate(ids)}
    difference = {u.id: 0 for u in instance.universities}  # hosted - sent
    for sid, placed_at in assignment.items():
        if placed_at is not None:
            difference[placed_at] += 1
            difference[home_of[sid]] -= 1
    bounds = {u.id: u.imbalance_bounds for u in instance.universities}
    accepts = (instance.acceptable or {}).get(host)
    decliner_home = home_of[declined_by]

    def fits(student_home: str) -> bool:
        after = dict(difference)
        after[host] += 1
        after[student_home] -= 1
        return all(bounds[u][0] <= after[u] <= bounds[u][1] for u in (host, student_home))

    candidates = [
        s
        for s in instance.students
        if s.id not in excluded
        and assignment.get(s.id) is None
        and host in s.choices
        and (accepts is None or s.id in accepts)
    ]
    candidates.sort(
        key=lambda s: (
            s.home != decliner_home,
            0 if s.home == decliner_home else s.choices.index(host),
            position.get(s.id, 0),
            s.id,
        )
    )
    return next((s.id for s in candidates if fits(s.home)), None)
