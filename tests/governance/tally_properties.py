"""The properties the tally must have, written once, checked on generated polls by
test_tally.py against the real tally and against broken ones.

Each ``prop_*`` takes the tally (or fingerprint) under test and one generated example, and fails
an assertion when the property does not hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from hypothesis import strategies as st

from alliance.governance.tally import (
    ABSTAIN,
    CONSENT,
    NO,
    OBJECT,
    YES,
    Ballot,
    Electorate,
    Outcome,
    PollKind,
    QuorumBasis,
    TallyInputError,
    TieRule,
    tally,
)
from tests.governance.tally_polls import Case, polls, required_members


def with_pick(strategy: st.SearchStrategy[Case]) -> st.SearchStrategy[tuple[Case, int]]:
    return st.tuples(strategy, st.integers(0, 10**6))


def supported(case: Case, result: Any) -> tuple[str, ...]:
    """The choices one more vote may support: yes, consent, or each winner."""
    kind = case.rule.kind
    if kind is PollKind.YES_NO:
        return (YES,) if result.outcome is Outcome.PASSED else ()
    if kind is PollKind.CONSENT:
        return (CONSENT,) if result.outcome is Outcome.PASSED else ()
    return result.winners if result.outcome is Outcome.DECIDED else ()


def more_support(case: Case, support: str) -> list[Case]:
    """Every poll with one more vote for ``support``: a member who had not voted votes for it,
    or one who voted otherwise changes to it (in an election to several seats: one who abstained
    marks it, or one with a seat left unmarked adds it, so that no other candidate loses)."""
    several = case.rule.kind is PollKind.ELECTION and case.rule.seats > 1
    changes: list[tuple[str, str | tuple[str, ...]]] = [
        (v, (support,) if several else support) for v in case.not_voted()
    ]
    for voter, ballot in zip(case.voted, case.ballots, strict=True):
        if support in ballot.marks:
            continue
        if not several:
            changes.append((voter, support))
        elif ballot.choice == ABSTAIN:
            changes.append((voter, (support,)))
        elif len(ballot.marks) < case.rule.seats:
            changes.append((voter, (*ballot.marks, support)))
    return [case.with_ballot(voter, choice) for voter, choice in changes]


def prop_monotone(tally_fn: Callable[..., Any], case: Case) -> None:
    """Whatever single vote is added in favour of a passed motion (or of a winner), it still
    passes (or still wins)."""
    before = case.run(tally_fn)
    for support in supported(case, before):
        for more in more_support(case, support):
            after = more.run(tally_fn)
            if case.rule.kind in (PollKind.YES_NO, PollKind.CONSENT):
                assert after.outcome is Outcome.PASSED
            else:
                assert support in after.winners
                assert case.rule.seats > 1 or after.outcome is Outcome.DECIDED


def prop_quorum(tally_fn: Callable[..., Any], case: Case) -> None:
    result = case.run(tally_fn)
    required = required_members(case.rule.quorum, len(case.electorate.weights))
    present = case.electorate.present
    on_presence = case.rule.quorum_basis is QuorumBasis.PRESENT and present is not None
    counted = len(present) if on_presence and present is not None else len(case.ballots)
    assert (result.outcome is Outcome.NO_QUORUM) == (counted < required)
    assert (result.quorum_required, result.quorum_counted) == (required, counted)


def prop_unanimity(tally_fn: Callable[..., Any], example: tuple[Case, int]) -> None:
    case, pick = example
    if not case.eligible:
        return
    voter = case.eligible[pick % len(case.eligible)]
    assert case.with_ballot(voter, NO).run(tally_fn).outcome is not Outcome.PASSED


def shuffled(case: Case) -> st.SearchStrategy[tuple[Case, Case]]:
    """The same poll with its ballots in another order, and each ballot's marks reversed."""
    order = st.permutations(range(len(case.ballots)))

    def reorder(indexes: list[int]) -> tuple[Case, Case]:
        ballots = tuple(case.ballots[i] for i in indexes)
        ballots = tuple(
            replace(b, choice=b.choice[::-1]) if isinstance(b.choice, tuple) else b for b in ballots
        )
        return case, replace(case, ballots=ballots, voted=tuple(case.voted[i] for i in indexes))

    return order.map(reorder)


def prop_order(tally_fn: Callable[..., Any], pair: tuple[Case, Case]) -> None:
    first, second = pair
    assert first.run(tally_fn) == second.run(tally_fn)


def doubled(case: Case) -> Case:
    electorate = Electorate(
        {m: 2 * w for m, w in case.electorate.weights.items()}, case.electorate.present
    )
    ballots = tuple(replace(b, weight=2 * b.weight) for b in case.ballots)
    return replace(case, electorate=electorate, ballots=ballots)


def prop_doubling(tally_fn: Callable[..., Any], case: Case) -> None:
    one, two = case.run(tally_fn), doubled(case).run(tally_fn)
    same = ("outcome", "winners", "tied", "runoff", "unfilled_seats", "quorum_reached")
    assert [getattr(one, f) for f in same] == [getattr(two, f) for f in same]
    assert [2 * c.weight for c in one.counts] == [c.weight for c in two.counts]
    assert (None if one.base is None else 2 * one.base) == two.base
    assert (None if one.needed is None else 2 * one.needed) == two.needed


def prop_simple_majority(tally_fn: Callable[..., Any], case: Case) -> None:
    result = case.run(tally_fn)
    if not result.quorum_reached:
        return
    yes, no = case.weight_of(YES), case.weight_of(NO)
    if yes != no or yes == 0:
        expected = Outcome.PASSED if yes > no else Outcome.FAILED
    elif case.rule.tie_rule is TieRule.FAILS:
        expected = Outcome.FAILED
    else:
        given_ = [c for c in case.tie_break if c in (YES, NO)]
        expected = (
            Outcome.TIE if not given_ else Outcome.PASSED if given_[0] == YES else Outcome.FAILED
        )
    assert result.outcome is expected
    assert result.tied == ((YES, NO) if yes == no > 0 else ())


def prop_consent(tally_fn: Callable[..., Any], case: Case) -> None:
    result = case.run(tally_fn)
    if result.quorum_reached:
        objected = any(b.choice == OBJECT for b in case.ballots)
        assert result.outcome is (Outcome.FAILED if objected else Outcome.PASSED)


def prop_election(tally_fn: Callable[..., Any], case: Case) -> None:
    result = case.run(tally_fn)
    if not result.quorum_reached:
        return
    seats = case.rule.seats
    votes = {o: case.weight_of(o) for o in case.rule.options}
    ranked = sorted((v for v in votes.values() if v > 0), reverse=True)
    if not ranked:
        assert result.outcome is Outcome.FAILED
        return
    winners, losers = set(result.winners), set(votes) - set(result.winners)
    assert all(votes[w] > 0 for w in winners)
    if result.outcome is Outcome.DECIDED:
        assert len(winners) == min(seats, len(ranked))
        assert min(votes[w] for w in winners) >= max((votes[x] for x in losers), default=0)
    cut_tied = len(ranked) > seats and ranked[seats - 1] == ranked[seats]
    if cut_tied:
        edge = ranked[seats - 1]
        assert set(result.tied) == {o for o, v in votes.items() if v == edge}
        if result.outcome is Outcome.DECIDED:
            assert result.tie_broken_by is case.rule.tie_rule is not TieRule.FAILS
            order = [c for c in case.tie_break if c in result.tied]
            assert [w for w in result.winners if w in result.tied] == order[
                : len([w for w in result.winners if w in result.tied])
            ]
        else:
            assert result.outcome is Outcome.TIE
            assert winners == {o for o, v in votes.items() if v > edge}
    else:
        assert result.outcome is Outcome.DECIDED
        assert result.tied == ()


def prop_fingerprint_order(fingerprint_fn: Callable[..., str], pair: tuple[Case, Case]) -> None:
    first, second = pair
    result = first.run(tally)
    assert fingerprint_fn(first.rule, first.electorate, first.ballots, result) == fingerprint_fn(
        second.rule, second.electorate, second.ballots, second.run(tally)
    )


def one_ballot_changed(example: tuple[Case, int]) -> tuple[Case, Case] | None:
    case, pick = example
    if not case.ballots:
        return None
    at = pick % len(case.ballots)
    ballot = case.ballots[at]
    if pick % 2:  # another receipt
        changed = replace(ballot, receipt=ballot.receipt + "-2")
    else:  # another choice
        several = case.rule.kind is PollKind.ELECTION and case.rule.seats > 1
        others = [c for c in case.rule.choices if c not in ballot.marks]
        choice = others[pick % len(others)]
        changed = replace(ballot, choice=(choice,) if several and choice != ABSTAIN else choice)
    ballots = (*case.ballots[:at], changed, *case.ballots[at + 1 :])
    return case, replace(case, ballots=ballots)


def prop_fingerprint_change(fingerprint_fn: Callable[..., str], example: tuple[Case, int]) -> None:
    pair = one_ballot_changed(example)
    if pair is None:
        return
    first, second = pair
    assert fingerprint_fn(
        first.rule, first.electorate, first.ballots, first.run(tally)
    ) != fingerprint_fn(second.rule, second.electorate, second.ballots, second.run(tally))


@dataclass(frozen=True)
class BadInput:
    case: Case
    ballots: tuple[Ballot, ...]
    offending: frozenset[int]


@st.composite
def bad_inputs(draw: st.DrawFn, **focus: Any) -> BadInput:
    """A valid poll with offending ballots slipped in: from outside the electorate, a second
    ballot of a member (or a reused receipt), a choice that does not exist."""
    case = draw(polls(quorum=False, **focus))
    secret = case.rule.secret
    ballots = list(case.ballots)
    kinds = draw(st.lists(st.sampled_from(["outsider", "twice", "no_such_choice"]), min_size=1))
    for kind in kinds:
        if kind == "outsider":
            bad = Ballot(None if secret else "x99", f"x-{len(ballots)}", case.rule.choices[0], 99)
        elif kind == "twice" and ballots:
            bad = replace(draw(st.sampled_from(ballots)), receipt=f"x-{len(ballots)}")
            if secret:  # the same receipt again
                bad = replace(bad, receipt=draw(st.sampled_from(ballots)).receipt)
        else:
            bad = Ballot(None if secret else "m01", f"x-{len(ballots)}", "no such choice", 1)
        ballots.insert(draw(st.integers(0, len(ballots))), bad)
    return BadInput(case, tuple(ballots), expected_offences(case, ballots))


def expected_offences(case: Case, ballots: list[Ballot]) -> frozenset[int]:
    """The indexes of every ballot the definition says must be refused."""
    electorate, rule = case.electorate, case.rule
    eligible = electorate.weights if electorate.present is None else electorate.present
    bad = set()
    voters = Counter(b.voter for b in ballots if b.voter)
    receipts = Counter(b.receipt for b in ballots if b.receipt)
    held = Counter(electorate.weights[m] for m in eligible)
    used = Counter(b.weight for b in ballots)
    for i, b in enumerate(ballots):
        if voters[b.voter] > 1 or receipts[b.receipt] > 1 or b.choice == "no such choice":
            bad.add(i)
        if rule.secret and used[b.weight] > held[b.weight]:
            bad.add(i)
        if not rule.secret and (b.voter not in eligible or electorate.weights[b.voter] != b.weight):
            bad.add(i)
    return frozenset(bad)


def prop_input_errors(tally_fn: Callable[..., Any], bad: BadInput) -> None:
    case = bad.case
    assert bad.offending  # every kind of injected ballot offends
    with pytest.raises(TallyInputError) as error:
        tally_fn(case.rule, case.electorate, bad.ballots, tie_break=case.tie_break)
    assert set(error.value.offending_indexes) == bad.offending
