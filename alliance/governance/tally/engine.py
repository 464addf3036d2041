"""The tally: a decision rule, a frozen electorate and the ballots in; a result out.

Exact arithmetic throughout (whole-number weights, ``Fraction`` for shares): a two-thirds majority
of 9 is exactly 6, never 5.999…. The result never depends on the order of the ballots. The
definitions, with examples, are in docs/dev/tally.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from alliance.governance.tally.ballots import Ballot, Electorate, check_ballots
from alliance.governance.tally.decision import (
    ABSTAIN,
    NO,
    OBJECT,
    THRESHOLD_SHARE,
    YES,
    Base,
    DecisionRule,
    PollKind,
    QuorumBasis,
    Threshold,
    TieRule,
)
from alliance.governance.tally.explanation import Line, Param
from alliance.governance.tally.result import Count, Headcount, Outcome, Result

TieBreak = str | Sequence[str] | None


class Poll(NamedTuple):
    """One poll's input, as ``tally_many`` and the benchmark take it."""

    rule: DecisionRule
    electorate: Electorate
    ballots: tuple[Ballot, ...]
    tie_break: tuple[str, ...] = ()


def draw_lot(choices: Iterable[str], seed: str) -> tuple[str, ...]:
    """The order a lot puts ``choices`` in, from a seed made public before the draw: sorted by
    sha256(seed, NUL, choice). Anyone can draw it again; pass it to ``tally`` as ``tie_break``."""

    def ticket(choice: str) -> tuple[str, str]:
        digest = hashlib.sha256(f"{seed}\x00{choice}".encode()).hexdigest()
        return digest, choice

    return tuple(sorted(set(choices), key=ticket))


def tally(
    rule: DecisionRule,
    electorate: Electorate,
    ballots: Iterable[Ballot],
    *,
    tie_break: TieBreak = None,
) -> Result:
    """Count ``ballots`` under ``rule`` for ``electorate``.

    ``tie_break``: under the casting-vote or lot tie rule, the chair's casting vote or the lot's
    order (``draw_lot``): the choices in order of preference; the first of the tied choices in it
    wins (several seats: the first ones). Choices outside the tie are passed over, so a lot may be
    drawn over every choice before the count. Without it, a tie is reported as ``TIE`` and the
    tally can run again once the chair has voted or the lot is drawn.

    Raises ``TallyInputError`` listing every ballot that may not be counted.
    """
    ballots = tuple(ballots)
    order = _tie_break_order(tie_break)
    check_ballots(rule, electorate, ballots, order)
    return _Count(rule, electorate, ballots, order).result()


def tally_many(polls: Iterable[Poll]) -> list[Result]:
    return [tally(p.rule, p.electorate, p.ballots, tie_break=p.tie_break) for p in polls]


def _tie_break_order(tie_break: TieBreak) -> tuple[str, ...]:
    if tie_break is None:
        return ()
    if isinstance(tie_break, str):
        return (tie_break,)
    return tuple(tie_break)


@dataclass
class _Decision:
    outcome: Outcome
    winners: tuple[str, ...] = ()
    tied: tuple[str, ...] = ()
    runoff: tuple[str, ...] = ()
    unfilled_seats: int = 0
    tie_broken_by: TieRule | None = None


class _Count:
    """One tally in progress: counts first, then the quorum, then the decision, each step
    adding its lines to the explanation."""

    def __init__(
        self,
        rule: DecisionRule,
        electorate: Electorate,
        ballots: tuple[Ballot, ...],
        tie_break: tuple[str, ...],
    ) -> None:
        self.rule = rule
        self.electorate = electorate
        self.ballots = ballots
        self.tie_break = tie_break
        self.weighted = electorate.weighted
        self.lines: list[Line] = []
        self.needed: Fraction | None = None
        self.needed_strict = False
        self.base: int | None = None
        self.weights: dict[str, int] = {}
        self.base_weight = 0

    def say(self, code: str, **params: Param) -> None:
        self.lines.append(Line(code, params))

    def headcount(self, code: str, members: int, weight: int) -> Headcount:
        self.say(code, members=members, weight=weight, weighted=self.weighted)
        return Headcount(members, weight)

    def result(self) -> Result:
        rule, electorate = self.rule, self.electorate
        entitled = self.headcount(
            "entitled", len(electorate.weights), sum(electorate.weights.values())
        )
        present = None
        if electorate.present is None:
            self.say("no_attendance")
        else:
            present = self.headcount(
                "present", len(electorate.present), electorate.total(electorate.present)
            )
        returned = self.headcount(
            "returned", len(self.ballots), sum(ballot.weight for ballot in self.ballots)
        )
        counts = self.count()
        self.weights = {count.choice: count.weight for count in counts}
        self.base_weight = {
            Base.CAST: returned.weight - self.weights.get(ABSTAIN, 0),
            Base.CAST_AND_ABSTAIN: returned.weight,
            Base.PRESENT: present.weight if present else 0,
            Base.ENTITLED: entitled.weight,
        }[rule.base]
        # Counted for the quorum: the members present, or the ballots returned when the rule
        # counts participation. (A rule with a quorum on presence needs attendance: checked.)
        on_presence = present is not None and rule.quorum_basis is QuorumBasis.PRESENT
        counted = present.members if present and on_presence else returned.members
        required = rule.quorum.required(entitled.members)
        reached = counted >= required
        self.explain_quorum(entitled.members, counted, required, reached)
        decision = self.decide() if reached else _Decision(Outcome.NO_QUORUM)
        self.say(
            "outcome",
            outcome=decision.outcome.value,
            kind=rule.kind.value,
            winners=decision.winners,
        )
        return Result(
            kind=rule.kind,
            outcome=decision.outcome,
            counts=counts,
            entitled=entitled,
            present=present,
            returned=returned,
            quorum_required=required,
            quorum_counted=counted,
            quorum_reached=reached,
            base=self.base,
            needed=self.needed,
            needed_strict=self.needed_strict,
            winners=decision.winners,
            tied=decision.tied,
            runoff=decision.runoff,
            unfilled_seats=decision.unfilled_seats,
            tie_break=self.tie_break,
            tie_broken_by=decision.tie_broken_by,
            explanation=tuple(self.lines),
        )

    def count(self) -> tuple[Count, ...]:
        ballots = dict.fromkeys(self.rule.choices, 0)
        weights = dict.fromkeys(self.rule.choices, 0)
        for ballot in self.ballots:
            for mark in ballot.marks:
                ballots[mark] += 1
                weights[mark] += ballot.weight
        counts = tuple(
            Count(choice, ballots[choice], weights[choice]) for choice in self.rule.choices
        )
        for count in counts:
            self.say(
                "count",
                option=count.choice,
                members=count.ballots,
                weight=count.weight,
                weighted=self.weighted,
            )
        return counts

    def explain_quorum(self, entitled: int, counted: int, required: int, reached: bool) -> None:
        quorum = self.rule.quorum
        basis = self.rule.quorum_basis.value
        if quorum.share is not None:
            self.say(
                "quorum_share",
                share=quorum.share,
                strict=quorum.strict,
                entitled=entitled,
                exact=quorum.share * entitled,
                required=required,
                basis=basis,
                counted=counted,
                reached=reached,
            )
        elif quorum.count is not None:
            self.say(
                "quorum_count", required=required, basis=basis, counted=counted, reached=reached
            )
        else:
            self.say("quorum_none")

    # The decision, once the quorum is reached.

    def decide(self) -> _Decision:
        kind = self.rule.kind
        if kind is PollKind.YES_NO:
            return self.decide_motion()
        if kind is PollKind.CONSENT:
            objections = self.weights[OBJECT]
            self.say("consensus", objections=objections, choice=OBJECT, met=objections == 0)
            return _Decision(Outcome.PASSED if objections == 0 else Outcome.FAILED)
        if self.rule.seats > 1:
            return self.decide_seats()
        return self.decide_choice()

    def qualified(self, subject: str, value: int) -> bool:
        """Whether ``value`` meets a qualified threshold (absolute, two-thirds, three-quarters,
        unanimity) of the base; explains the arithmetic."""
        threshold = self.rule.threshold
        share, strict = THRESHOLD_SHARE[threshold]
        base = self.base = self.base_weight
        self.needed, self.needed_strict = share * base, strict
        self.say(
            "base",
            base=self.rule.base.value,
            weight=base,
            options=self.rule.kind is not PollKind.YES_NO,
        )
        met = value > self.needed if strict else base > 0 and value >= self.needed
        if threshold is Threshold.UNANIMITY:
            self.say("unanimity", subject=subject, value=value, base=base, met=met)
        else:
            self.say(
                "share",
                threshold=threshold.value,
                subject=subject,
                value=value,
                base=base,
                needed=self.needed,
                met=met,
            )
        return met

    def decide_motion(self) -> _Decision:
        yes, no = self.weights[YES], self.weights[NO]
        threshold = self.rule.threshold
        if threshold is Threshold.CONSENSUS:
            self.say("consensus", objections=no, choice=NO, met=no == 0)
            return _Decision(Outcome.PASSED if no == 0 else Outcome.FAILED)
        if threshold is not Threshold.SIMPLE:
            passed = self.qualified(YES, yes)
            return _Decision(Outcome.PASSED if passed else Outcome.FAILED)
        self.needed, self.needed_strict = Fraction(no), True
        if yes != no:
            self.say("simple", yes=yes, no=no, met=yes > no)
            return _Decision(Outcome.PASSED if yes > no else Outcome.FAILED)
        if yes == 0:
            self.say("no_votes")
            return _Decision(Outcome.FAILED)
        self.say("tie", options=(YES, NO), weight=yes)
        if self.rule.tie_rule is TieRule.FAILS:
            self.say("tie_fails")
            return _Decision(Outcome.FAILED, tied=(YES, NO))
        chosen = self.break_tie((YES, NO), 1)
        if not chosen:
            return _Decision(Outcome.TIE, tied=(YES, NO))
        outcome = Outcome.PASSED if chosen == (YES,) else Outcome.FAILED
        return _Decision(outcome, tied=(YES, NO), tie_broken_by=self.rule.tie_rule)

    def break_tie(self, tied: tuple[str, ...], places: int) -> tuple[str, ...]:
        """The tied choices that the casting vote or the lot puts first, or () while it is
        awaited."""
        chosen = tuple(choice for choice in self.tie_break if choice in tied)[:places]
        if len(chosen) < places:
            self.say("tie_awaits", tie_rule=self.rule.tie_rule.value)
            return ()
        self.say("tie_broken", tie_rule=self.rule.tie_rule.value, chosen=chosen)
        return chosen

    def ranked(self) -> list[str]:
        """Options with at least one vote, most votes first; equal votes in the rule's order."""
        options = self.rule.options
        voted = [option for option in options if self.weights[option] > 0]
        return sorted(voted, key=lambda option: -self.weights[option])

    def decide_choice(self) -> _Decision:
        ranked = self.ranked()
        if not ranked:
            self.say("no_option_votes")
            return _Decision(Outcome.FAILED)
        top = self.weights[ranked[0]]
        leaders = tuple(option for option in ranked if self.weights[option] == top)
        self.say("plurality" if len(leaders) == 1 else "tie", options=leaders, weight=top)
        if self.rule.threshold is not Threshold.SIMPLE and not self.qualified(leaders[0], top):
            runoff = leaders
            if len(leaders) == 1 and len(ranked) > 1:
                second = self.weights[ranked[1]]
                runoff += tuple(option for option in ranked if self.weights[option] == second)
            self.say("runoff", options=runoff)
            return _Decision(Outcome.NO_MAJORITY, runoff=runoff)
        if len(leaders) == 1:
            return _Decision(Outcome.DECIDED, winners=leaders)
        return self.seats_in_tie((), leaders, 1)

    def seats_in_tie(
        self, elected: tuple[str, ...], tied: tuple[str, ...], places: int
    ) -> _Decision:
        if self.rule.tie_rule is TieRule.FAILS:
            self.say("tie_undecided")
            return _Decision(Outcome.TIE, winners=elected, tied=tied)
        chosen = self.break_tie(tied, places)
        if not chosen:
            return _Decision(Outcome.TIE, winners=elected, tied=tied)
        return _Decision(
            Outcome.DECIDED,
            winners=elected + chosen,
            tied=tied,
            tie_broken_by=self.rule.tie_rule,
        )

    def decide_seats(self) -> _Decision:
        seats = self.rule.seats
        ranked = self.ranked()
        if not ranked:
            self.say("no_option_votes")
            return _Decision(Outcome.FAILED, unfilled_seats=seats)
        if len(ranked) <= seats:
            unfilled = seats - len(ranked)
            if unfilled:
                self.say("unfilled", seats=unfilled)
            return _Decision(Outcome.DECIDED, winners=tuple(ranked), unfilled_seats=unfilled)
        cutoff = self.weights[ranked[seats - 1]]
        above = tuple(option for option in ranked if self.weights[option] > cutoff)
        at = tuple(option for option in ranked if self.weights[option] == cutoff)
        places = seats - len(above)
        if len(at) == places:
            return _Decision(Outcome.DECIDED, winners=above + at)
        self.say("tie_for_seats", options=at, weight=cutoff, seats=places)
        return self.seats_in_tie(above, at, places)
