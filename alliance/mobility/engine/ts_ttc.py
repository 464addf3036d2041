"""Two-sided top trading cycles (Dur and Ünver, "Two-Sided Matching via Balanced Exchange",
Journal of Political Economy 127(3), 2019).

The definition, in rounds: every university with places left and applicants left points to its
highest-priority remaining applicant among its own students; every applicant points to the first
university on their list that is still in play and accepts them; every cycle university ->
applicant -> university -> … is carried out (each applicant placed where they point, one place
used there); universities with no places or no applicants left, and applicants with no live
choice (they stay home), leave; repeat until no university is in play. In every cycle each
university sends one student and receives one, so every university hosts exactly as many as it
sends.

How it runs: only a university's top applicant points, so the pointing graph is one arrow per
university, u -> (the first live choice of u's top applicant). A path of universities is grown
by following arrows; when the arrow leads back onto the path, that cycle is carried out and the
path is cut just before it; when a university turns out to be out of play (no places left, or no
applicant with a live choice), it leaves the path and the one before it looks again. A cycle,
once formed, stays a cycle whatever else is carried out first, and a university or applicant out
of play never comes back, so carrying out cycles one at a time as they are found gives exactly
the outcome of the rounds. Each applicant's pointer only moves forward, and each university
joins the path once per student it sends or once when it leaves: linear time in the size of the
round.
"""

from __future__ import annotations

from alliance.mobility.engine.indexed import Indexed


def two_sided_top_trading_cycles(ix: Indexed) -> list[int]:
    """For each student, the university they are placed at, or -1 (stays home)."""
    n_universities = ix.universities
    choices = ix.choices
    choice_end = ix.choice_start[1:]
    pointer = ix.choice_start[:-1]  # a copy: each student's next choice to look at
    own = ix.own
    top = ix.own_start[:-1]  # a copy: each university's highest-priority remaining applicant
    own_end = ix.own_start[1:]
    accepts = ix.accepts
    places = list(ix.capacity)
    live = [places[u] > 0 and top[u] < own_end[u] for u in range(n_universities)]
    placed_at = [-1] * ix.students
    on_path = [-1] * n_universities  # position on the path, -1 when off it
    target = [-1] * n_universities  # where the university's top applicant points

    for start in range(n_universities):
        while live[start]:
            path = [start]
            on_path[start] = 0
            while path:
                u = path[-1]
                # The first live, accepting choice of u's top applicant; applicants with none
                # stay home and the next one in u's priority order becomes the top.
                t = top[u]
                end = own_end[u]
                v = -1
                while t < end:
                    s = own[t]
                    p = pointer[s]
                    stop = choice_end[s]
                    while p < stop:
                        c = choices[p]
                        if live[c]:
                            accepted = accepts[c]
                            if accepted is None or s in accepted:
                                v = c
                                break
                        p += 1
                    pointer[s] = p
                    if v >= 0:
                        break
                    t += 1
                top[u] = t
                if v < 0:  # no applicant left with a live choice: u leaves the play
                    live[u] = False
                    on_path[u] = -1
                    path.pop()
                    continue
                target[u] = v
                k = on_path[v]
                if k < 0:
                    on_path[v] = len(path)
                    path.append(v)
                    continue
                # A cycle path[k:]: each university's top applicant goes where they point.
                cycle = path[k:]
                del path[k:]
                for w in cycle:
                    on_path[w] = -1
                    host = target[w]
                    placed_at[own[top[w]]] = host
                    top[w] += 1
                    places[host] -= 1
                for w in cycle:
                    if places[w] == 0 or top[w] == own_end[w]:
                        live[w] = False
    return placed_at
