"""Maximum-volume balanced allocation: the most students placed, then the best ranks, subject to
capacity, acceptability and each university's balance tolerance (|hosted - sent| <= tolerance;
exact balance at tolerance 0), widened on one side by the balance it carries from earlier rounds. Home priority plays no part, and a student can gain by
misreporting: the Secretariat chooses this mechanism explicitly.

It is one min-cost circulation (solved by OR-Tools' ``SimpleMinCostFlow``), with no source and
no sink:

    home_out(h) --1, 0--> student s --1, -(M) + rank--> host_in(v)      for each acceptable choice v
    host_in(u) --capacity(u), 0--> host_out(u)                           every university u
    host_out(u) --high(u), 0--> slack           slack --low(u), 0--> host_out(u)

A unit of flow is a student going from their home to a host; it must come back round through
the host: host_in(u) carries everyone u hosts (at most its capacity) to host_out(u), which sends
its own students on. Conservation at host_out(u) reads

    hosted(u) + from_slack(u) = sent(u) + to_slack(u),

so hosted(u) - sent(u) = to_slack(u) - from_slack(u), which lies in [-low(u), high(u)]: the
tolerance is two arcs to and from one shared slack node, whose own conservation holds because
every placement is counted once as hosted and once as sent. ``low`` and ``high`` are the
tolerance, widened by the balance carried from earlier rounds on the side that pays it back
(``University.imbalance_bounds``). An arc of capacity 0 is left out; with neither, balance is
exact. A student node passes at most one
unit, so each student goes to at most one host.

Every student arc costs its rank (0 for a first choice) minus M, with M large enough that one
more student placed always outweighs any change in ranks: then the cheapest circulation places
the most students and, among those, has the smallest sum of ranks. M = r * k + 1 suffices, where
r is the largest rank on any arc and k the number of universities with places: the difference
between an optimum for this M and a circulation placing more students splits into cycles, one
of which places more students than it unplaces; a cycle enters each host at most once, so it
places at most k students, adding at most r * k to the ranks and less than M, and so it would
lower the cost, which no cycle can do at an optimum. (M is kept this small because the solver's
time grows with the logarithm of the largest cost.)

Nodes are numbered university by university (its two host nodes, then its own students), which
keeps each part of the graph close together in memory and the solver noticeably faster.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from alliance.mobility.engine.indexed import Indexed


class SolverError(RuntimeError):
    """The flow solver did not find an optimum (it should not happen on a valid round)."""


def max_volume(ix: Indexed) -> list[int]:
    """For each student, the university they are placed at, or -1 (stays home)."""
    n = ix.students
    home = np.asarray(ix.home, dtype=np.int64)
    start = np.asarray(ix.choice_start, dtype=np.int64)
    lengths = np.diff(start)
    student_of_arc = np.repeat(np.arange(n, dtype=np.int64), lengths)
    host_of_arc = np.asarray(ix.choices, dtype=np.int64)
    rank_of_arc = np.arange(host_of_arc.size, dtype=np.int64) - np.repeat(start[:-1], lengths)
    if any(accepted is not None for accepted in ix.accepts):
        accepts = ix.accepts
        keep = np.fromiter(
            (
                accepts[v] is None or s in accepts[v]
                for s, v in zip(student_of_arc.tolist(), host_of_arc.tolist(), strict=True)
            ),
            dtype=bool,
            count=host_of_arc.size,
        )
        student_of_arc = student_of_arc[keep]
        host_of_arc = host_of_arc[keep]
        rank_of_arc = rank_of_arc[keep]

    # University u is node base[u] (hosts come in), base[u] + 1 (its students go out), then
    # its own students; the slack node is last.
    capacity = np.asarray(ix.capacity, dtype=np.int64)
    tolerance = np.asarray(ix.tolerance, dtype=np.int64)
    carried = np.asarray(ix.carried, dtype=np.int64)
    high = tolerance + np.maximum(-carried, 0)  # the most hosted - sent
    low = tolerance + np.maximum(carried, 0)  # the most sent - hosted
    n_universities = capacity.size
    own = np.bincount(home, minlength=n_universities)
    base = np.concatenate(([0], np.cumsum(own + 2)))
    slack = int(base[-1])
    # ix.own lists every student once, grouped by home in university order.
    by_home = np.asarray(ix.own, dtype=np.int64)
    group_start = np.concatenate(([0], np.cumsum(own)[:-1]))
    homes_in_order = home[by_home]
    student_node = np.empty(n, dtype=np.int64)
    student_node[by_home] = (
        base[homes_in_order] + 2 + np.arange(n, dtype=np.int64) - group_start[homes_in_order]
    )
    host_in = base[:-1]
    host_out = base[:-1] + 1

    hosts = int(np.count_nonzero(capacity > 0))
    largest_rank = int(rank_of_arc.max(initial=0))
    big = largest_rank * min(hosts, n) + 1

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        host_in, host_out, capacity, np.zeros(n_universities, dtype=np.int64)
    )
    for bound, outward in ((high, True), (low, False)):
        some = np.flatnonzero(bound > 0)
        if some.size:
            at_slack = np.full(some.size, slack, dtype=np.int64)
            ends = (host_out[some], at_slack) if outward else (at_slack, host_out[some])
            flow.add_arcs_with_capacity_and_unit_cost(
                *ends, bound[some], np.zeros(some.size, dtype=np.int64)
            )
    flow.add_arcs_with_capacity_and_unit_cost(
        host_out[home], student_node, np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    )
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        student_node[student_of_arc],
        host_in[host_of_arc],
        np.ones(host_of_arc.size, dtype=np.int64),
        rank_of_arc - big,
    )
    flow.set_node_supply(slack, 0)  # every node exists, even with no arc at the slack

    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SolverError(f"the min-cost flow solver answered {status!r}")

    placed_at = np.full(n, -1, dtype=np.int64)
    used = np.flatnonzero(flow.flows(arcs))
    placed_at[student_of_arc[used]] = host_of_arc[used]
    placed: list[int] = placed_at.tolist()
    return placed
