"""What a poll asks and how it is decided: the kinds, thresholds, bases, quorum and tie rules.

A poll freezes one ``DecisionRule`` when it opens. The rule is plain data; ``engine.tally``
applies it. See docs/dev/tally.md for the definitions with examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from math import ceil, floor

# The choices of the fixed ballot kinds. An option or a candidate may not use these names.
YES = "yes"
NO = "no"
ABSTAIN = "abstain"
CONSENT = "consent"
OBJECT = "object"
RESERVED_CHOICES = frozenset({YES, NO, ABSTAIN, CONSENT, OBJECT})


class PollKind(StrEnum):
    YES_NO = "yes_no"  # yes / no / abstain on one motion
    CHOICE = "choice"  # one option among several, or abstain
    CONSENT = "consent"  # adopted unless someone objects within the period
    ELECTION = "election"  # one or several seats among candidates


class Threshold(StrEnum):
    SIMPLE = "simple"  # yes > no (an option or candidate: the most votes, at least one)
    ABSOLUTE = "absolute"  # more than half of the base
    TWO_THIRDS = "two_thirds"  # at least two-thirds of the base
    THREE_QUARTERS = "three_quarters"  # at least three-quarters of the base
    UNANIMITY = "unanimity"  # the whole base, and at least one yes
    CONSENSUS = "consensus"  # no objection ("no", or "object" in a consent poll)


class Base(StrEnum):
    """The weight a qualified majority is a share of."""

    CAST = "cast"  # yes + no (a choice or election: ballots naming an option or candidate)
    CAST_AND_ABSTAIN = "cast_and_abstain"  # every ballot returned, abstentions included
    PRESENT = "present"  # every entitled member present, whether they voted or not
    ENTITLED = "entitled"  # the whole entitled electorate


class QuorumBasis(StrEnum):
    """Who is counted to reach the quorum."""

    PRESENT = "present"  # the entitled members present at the meeting (in person or by proxy)
    ENTITLED = "entitled"  # the entitled members who returned a ballot (a vote without a meeting)


class TieRule(StrEnum):
    FAILS = "fails"  # a tied motion fails; a tied choice or seat is left undecided
    CASTING_VOTE = "casting_vote"  # the chair's casting vote, given to the tally as input
    LOT = "lot"  # a lot, drawn outside the tally (see engine.draw_lot) and given as input


# The share of the base each qualified threshold needs, and whether it must be exceeded
# ("more than") or only reached ("at least").
THRESHOLD_SHARE: dict[Threshold, tuple[Fraction, bool]] = {
    Threshold.ABSOLUTE: (Fraction(1, 2), True),
    Threshold.TWO_THIRDS: (Fraction(2, 3), False),
    Threshold.THREE_QUARTERS: (Fraction(3, 4), False),
    Threshold.UNANIMITY: (Fraction(1), False),
}


class RuleError(ValueError):
    """A decision rule that cannot be applied (for example consensus on an election)."""


@dataclass(frozen=True)
class Quorum:
    """How many entitled members must be counted (present, or returning a ballot) for the poll
    to decide anything. Counted in members, never in weights: a quorum is about institutions
    taking part. Either a share of the entitled members (``at_least`` rounds up, ``more_than``
    needs strictly more) or a fixed number of members; neither means no quorum."""

    share: Fraction | None = None
    count: int | None = None
    strict: bool = False

    def __post_init__(self) -> None:
        if self.share is not None and self.count is not None:
            raise RuleError("A quorum is a share or a count, not both.")
        if self.share is not None:
            if not isinstance(self.share, Fraction) or not 0 < self.share <= 1:
                raise RuleError("A quorum share is a Fraction above 0 and at most 1.")
            if self.strict and self.share == 1:
                raise RuleError("More than all of the members can never be reached.")
        elif self.strict:
            raise RuleError("Only a share can be exceeded ('more than').")
        if self.count is not None and (
            isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1
        ):
            raise RuleError("A quorum count is a whole number of members, at least 1.")

    @classmethod
    def none(cls) -> Quorum:
        return cls()

    @classmethod
    def at_least(cls, share: Fraction) -> Quorum:
        return cls(share=share)

    @classmethod
    def more_than(cls, share: Fraction) -> Quorum:
        return cls(share=share, strict=True)

    @classmethod
    def members(cls, count: int) -> Quorum:
        return cls(count=count)

    def required(self, entitled_members: int) -> int:
        """The number of members needed; 0 when there is no quorum."""
        if self.count is not None:
            return self.count
        if self.share is None:
            return 0
        exact = self.share * entitled_members
        return floor(exact) + 1 if self.strict else ceil(exact)


@dataclass(frozen=True)
class DecisionRule:
    """Everything a poll freezes when it opens, apart from its electorate.

    ``options`` are the options of a choice or the candidates of an election; ``seats`` the
    number of seats an election fills (several seats: each ballot names up to ``seats``
    candidates, the ``seats`` candidates with the most votes are elected). ``secret``: ballots
    carry a receipt code and no voter.
    """

    kind: PollKind = PollKind.YES_NO
    threshold: Threshold = Threshold.SIMPLE
    base: Base = Base.CAST
    quorum: Quorum = Quorum()
    quorum_basis: QuorumBasis = QuorumBasis.PRESENT
    tie_rule: TieRule = TieRule.FAILS
    options: tuple[str, ...] = ()
    seats: int = 1
    secret: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", tuple(self.options))
        for name, enum in (
            ("kind", PollKind),
            ("threshold", Threshold),
            ("base", Base),
            ("quorum_basis", QuorumBasis),
            ("tie_rule", TieRule),
        ):
            object.__setattr__(self, name, enum(getattr(self, name)))
        if isinstance(self.seats, bool) or not isinstance(self.seats, int) or self.seats < 1:
            raise RuleError("A poll fills at least one seat.")
        if self.kind in (PollKind.YES_NO, PollKind.CONSENT):
            if self.options:
                raise RuleError(f"A {self.kind} poll has fixed choices, not options.")
            if self.seats != 1:
                raise RuleError("Only an election fills several seats.")
        if self.kind is PollKind.CONSENT and self.threshold is not Threshold.CONSENSUS:
            raise RuleError("A consent poll is decided by consensus (no objection).")
        if self.kind in (PollKind.CHOICE, PollKind.ELECTION):
            self._check_options()

    def _check_options(self) -> None:
        if not self.options:
            raise RuleError(f"A {self.kind} poll needs options.")
        if len(set(self.options)) != len(self.options):
            raise RuleError("The options must differ from one another.")
        for option in self.options:
            if not isinstance(option, str) or not option or option in RESERVED_CHOICES:
                raise RuleError(f"{option!r} cannot be an option.")
        if self.threshold is Threshold.CONSENSUS:
            raise RuleError("Consensus decides a motion, not a choice among options.")
        if self.kind is PollKind.CHOICE and self.seats != 1:
            raise RuleError("A choice picks one option; an election fills several seats.")
        if self.seats > len(self.options):
            raise RuleError("There are fewer candidates than seats.")
        if self.seats > 1 and self.threshold is not Threshold.SIMPLE:
            raise RuleError("Several seats are filled by the most votes (simple threshold).")

    @property
    def choices(self) -> tuple[str, ...]:
        """Every valid mark on a ballot, in the order results list them."""
        if self.kind is PollKind.YES_NO:
            return (YES, NO, ABSTAIN)
        if self.kind is PollKind.CONSENT:
            return (CONSENT, OBJECT)
        return (*self.options, ABSTAIN)

    @property
    def uses_presence(self) -> bool:
        """Whether the rule needs the attendance of a meeting."""
        counts_quorum_on_presence = (
            self.quorum_basis is QuorumBasis.PRESENT and self.quorum != Quorum()
        )
        return counts_quorum_on_presence or self.base is Base.PRESENT
