"""What a tally returns: the outcome, every count, and the arithmetic that led there."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from alliance.governance.tally.decision import PollKind, TieRule
from alliance.governance.tally.explanation import Line, render_english


class Outcome(StrEnum):
    PASSED = "passed"  # a motion carried, or a consent poll adopted
    FAILED = "failed"  # a motion not carried, an objection raised, or no votes for any option
    NO_QUORUM = "no_quorum"  # too few counted for the quorum: nothing is decided
    DECIDED = "decided"  # an option chosen, or candidates elected (see ``winners``)
    NO_MAJORITY = "no_majority"  # no option reached the threshold (see ``runoff``)
    TIE = "tie"  # a tie the rule does not resolve, or that awaits the casting vote or the lot


@dataclass(frozen=True)
class Count:
    """Ballots and weight for one choice (a candidate, in an election to several seats, counts
    every ballot that marks it)."""

    choice: str
    ballots: int
    weight: int


@dataclass(frozen=True)
class Headcount:
    members: int
    weight: int


@dataclass(frozen=True)
class Result:
    """The result of one poll.

    ``base``: the weight the threshold is a share of (``None`` when the threshold uses none:
    simple majority of a motion, plurality, consensus). ``needed``: the weight the yes side (or
    the leading option) had to exceed (``needed_strict``) or reach; ``None`` under consensus.
    ``winners``: options chosen or candidates elected, most votes first. ``tied``: the choices in
    a tie that decided or would decide the outcome (also when the tie was broken).
    ``runoff``: the options a second round would be between when none reached the threshold.
    ``tie_broken_by``: the tie rule that broke a tie, if one did.
    """

    kind: PollKind
    outcome: Outcome
    counts: tuple[Count, ...]
    entitled: Headcount
    present: Headcount | None
    returned: Headcount
    quorum_required: int
    quorum_counted: int
    quorum_reached: bool
    base: int | None
    needed: Fraction | None
    needed_strict: bool
    winners: tuple[str, ...]
    tied: tuple[str, ...]
    runoff: tuple[str, ...]
    unfilled_seats: int
    tie_break: tuple[str, ...]
    tie_broken_by: TieRule | None
    explanation: tuple[Line, ...]

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    def count(self, choice: str) -> Count:
        for count in self.counts:
            if count.choice == choice:
                return count
        raise KeyError(choice)

    def english(self) -> list[str]:
        return render_english(self.explanation)
