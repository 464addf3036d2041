"""Student-proposing deferred acceptance (Gale and Shapley, 1962) with host priorities and
capacities: each unplaced student proposes to the next host on their list that accepts them and
has places; the host keeps its best proposals up to its capacity (by its priority order) and
rejects the rest, who propose further down their lists. The outcome is the student-optimal
stable matching, whatever the order of proposals. It ignores balance: a university may host
more or fewer students than it sends.

Each host holds its proposals in a heap keyed by its priority of the student (worst on top), so
a proposal costs O(log capacity); each student proposes to each of their choices at most once.
"""

from __future__ import annotations

from heapq import heappush, heapreplace

from alliance.mobility.engine.indexed import Indexed


def deferred_acceptance(ix: Indexed) -> list[int]:
    """For each student, the university they are placed at, or -1 (stays home)."""
    n = ix.students
    choices = ix.choices
    choice_end = ix.choice_start[1:]
    pointer = ix.choice_start[:-1]  # a copy: each student's next choice to propose to
    accepts = ix.accepts
    host_rank = ix.host_rank
    default_rank = ix.default_rank
    capacity = ix.capacity
    # held[v]: the proposals v keeps, as -(rank * n + student): the worst is held[v][0].
    held: list[list[int]] = [[] for _ in range(ix.universities)]

    for first in range(n):
        s = first
        while s >= 0:
            p = pointer[s]
            stop = choice_end[s]
            v = -1
            while p < stop:
                c = choices[p]
                p += 1
                if capacity[c] > 0:
                    accepted = accepts[c]
                    if accepted is None or s in accepted:
                        v = c
                        break
            pointer[s] = p
            if v < 0:  # no host left to propose to: stays home
                break
            ranks = host_rank[v]
            if ranks is None:
                rank = default_rank[s]
            else:
                listed = ranks.get(s)
                rank = listed if listed is not None else len(ranks) + default_rank[s]
            code = rank * n + s
            kept = held[v]
            if len(kept) < capacity[v]:
                heappush(kept, -code)
                break
            worst = -kept[0]
            if code < worst:  # v prefers s to the worst it holds: that one proposes again
                heapreplace(kept, -code)
                s = worst % n
            # else: rejected; s proposes to their next choice

    placed_at = [-1] * n
    for v, kept in enumerate(held):
        for code in kept:
            placed_at[(-code) % n] = v
    return placed_at
