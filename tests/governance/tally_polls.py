"""Generated polls for the tally's property tests (Hypothesis strategies)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from hypothesis import strategies as st

from alliance.governance.tally import (
    ABSTAIN,
    Ballot,
    Base,
    DecisionRule,
    Electorate,
    PollKind,
    Quorum,
    QuorumBasis,
    Result,
    Threshold,
    TieRule,
)

VOTERS = tuple(f"m{n:02d}" for n in range(1, 16))
OPTIONS = ("Ada", "Ben", "Chen", "Dara")
SHARES = (
    Fraction(1, 2),
    Fraction(1, 3),
    Fraction(2, 3),
    Fraction(3, 4),
    Fraction(3, 10),
    Fraction(2, 5),
    Fraction(3, 5),
    Fraction(1),
)
TallyFn = Callable[..., Result]


@dataclass(frozen=True)
class Case:
    """One generated poll; ``voted[i]`` is who cast ``ballots[i]`` (known to the test even when
    the ballot is secret)."""

    rule: DecisionRule
    electorate: Electorate
    ballots: tuple[Ballot, ...]
    voted: tuple[str, ...]
    tie_break: tuple[str, ...] = ()

    def run(self, tally_fn: TallyFn) -> Result:
        return tally_fn(self.rule, self.electorate, self.ballots, tie_break=self.tie_break)

    @property
    def eligible(self) -> list[str]:
        present = self.electorate.present
        return sorted(self.electorate.weights if present is None else present)

    def not_voted(self) -> list[str]:
        return [voter for voter in self.eligible if voter not in self.voted]

    def ballot_for(self, voter: str, choice: str | tuple[str, ...]) -> Ballot:
        name = None if self.rule.secret else voter
        return Ballot(name, f"receipt-{voter}", choice, self.electorate.weights[voter])

    def with_ballot(self, voter: str, choice: str | tuple[str, ...]) -> Case:
        """The same poll with ``voter``'s ballot set to ``choice`` (added if they had none)."""
        ballot = self.ballot_for(voter, choice)
        if voter in self.voted:
            at = self.voted.index(voter)
            ballots = (*self.ballots[:at], ballot, *self.ballots[at + 1 :])
            return replace(self, ballots=ballots)
        return replace(self, ballots=(*self.ballots, ballot), voted=(*self.voted, voter))

    def weight_of(self, choice: str) -> int:
        return sum(b.weight for b in self.ballots if choice in b.marks)


def required_members(quorum: Quorum, entitled: int) -> int:
    """The quorum by its definition, in integer arithmetic (independent of the engine's)."""
    if quorum.count is not None:
        return quorum.count
    if quorum.share is None:
        return 0
    top, bottom = quorum.share.numerator * entitled, quorum.share.denominator
    return top // bottom + 1 if quorum.strict else -(-top // bottom)


def _thresholds_for(kind: PollKind, thresholds: Sequence[Threshold]) -> list[Threshold]:
    if kind is PollKind.CONSENT:
        return [t for t in thresholds if t is Threshold.CONSENSUS]
    if kind is PollKind.YES_NO:
        return list(thresholds)
    return [t for t in thresholds if t is not Threshold.CONSENSUS]


@st.composite
def quorums(draw: st.DrawFn, entitled: int, shares: Sequence[Fraction] = SHARES) -> Quorum:
    how = draw(st.sampled_from(["none", "none", "at_least", "more_than", "count"]))
    if how == "none":
        return Quorum.none()
    if how == "count":
        return Quorum.members(draw(st.integers(1, entitled + 1)))
    share = draw(st.sampled_from(shares))
    if how == "more_than" and share < 1:
        return Quorum.more_than(share)
    return Quorum.at_least(share)


@st.composite
def polls(
    draw: st.DrawFn,
    kinds: Sequence[PollKind] = tuple(PollKind),
    thresholds: Sequence[Threshold] = tuple(Threshold),
    tie_rules: Sequence[TieRule] = tuple(TieRule),
    *,
    quorum: bool = True,
    shares: Sequence[Fraction] = SHARES,
    weighted: bool | None = None,
    secret: bool | None = None,
    meeting: bool | None = None,
    near_quorum: bool = False,
) -> Case:
    """A valid poll: a rule, an electorate of 1 to 15 members and ballots from some of them.

    ``near_quorum``: the number counted for the quorum is drawn close to the quorum (one below,
    exactly at, one above) as often as anywhere else, so that boundaries are tried. The other
    arguments narrow the polls drawn (to aim at one kind of bug).
    """
    kind = draw(st.sampled_from([k for k in kinds if _thresholds_for(k, thresholds)]))
    threshold = draw(st.sampled_from(_thresholds_for(kind, thresholds)))
    if kind is PollKind.ELECTION and Threshold.SIMPLE in thresholds and draw(st.booleans()):
        threshold = Threshold.SIMPLE  # so that elections to several seats come often
    size = draw(st.sampled_from(range(1, len(VOTERS) + 1)))
    voters = VOTERS[:size]
    # One draw of bytes, four per member (weight, attendance, turnout, choice), keeps generation
    # fast; zero bytes shrink to the plainest poll: weight 1, present, voting the first choice.
    noise = draw(st.binary(min_size=4 * size, max_size=4 * size))
    if weighted is None:
        weighted = draw(st.booleans())
    weights = [1 + b % 4 for b in noise[0::4]] if weighted else [1] * size
    if meeting is None:
        meeting = draw(st.booleans())
    bases = [b for b in Base if meeting or b is not Base.PRESENT]
    options: tuple[str, ...] = ()
    seats = 1
    if kind in (PollKind.CHOICE, PollKind.ELECTION):
        options = OPTIONS[: draw(st.integers(2, len(OPTIONS)))]
        if kind is PollKind.ELECTION and threshold is Threshold.SIMPLE:
            seats = draw(st.integers(1, min(3, len(options))))
    the_quorum = draw(quorums(size, shares)) if quorum else Quorum.none()
    rule = DecisionRule(
        kind=kind,
        threshold=threshold,
        base=draw(st.sampled_from(bases)),
        quorum=the_quorum,
        quorum_basis=QuorumBasis.PRESENT if meeting else QuorumBasis.ENTITLED,
        tie_rule=draw(st.sampled_from(list(tie_rules))),
        options=options,
        seats=seats,
        secret=draw(st.booleans()) if secret is None else secret,
    )
    if meeting and draw(st.booleans()):
        rule = replace(rule, quorum_basis=QuorumBasis.ENTITLED)
    edge = required_members(the_quorum, size)
    attendance = dict(zip(voters, noise[1::4], strict=True))
    turnout = dict(zip(voters, noise[2::4], strict=True))
    if meeting:
        if near_quorum and rule.quorum_basis is QuorumBasis.PRESENT:
            present = _near(draw, voters, edge, attendance)
        else:
            present = _share(draw, voters, attendance)
        electorate = Electorate(dict(zip(voters, weights, strict=True)), frozenset(present))
    else:
        electorate = Electorate(dict(zip(voters, weights, strict=True)))
        present = list(voters)
    if near_quorum and rule.quorum_basis is QuorumBasis.ENTITLED:
        who = _near(draw, present, edge, turnout)
    else:
        who = _share(draw, present, turnout)
    marks = dict(zip(voters, noise[3::4], strict=True))
    case = Case(rule, electorate, (), ())
    ballots = tuple(case.ballot_for(voter, _choice(rule, marks[voter])) for voter in who)
    tie_break: tuple[str, ...] = ()
    if rule.tie_rule is not TieRule.FAILS and draw(st.booleans()):
        tie_break = tuple(draw(st.permutations([c for c in rule.choices if c != ABSTAIN])))
    return Case(rule, electorate, ballots, tuple(who), tie_break)


def _choice(rule: DecisionRule, byte: int) -> str | tuple[str, ...]:
    if rule.kind is not PollKind.ELECTION or rule.seats == 1:
        return rule.choices[byte % len(rule.choices)]
    if byte % 7 == 6:
        return ABSTAIN
    marked = [option for n, option in enumerate(rule.options) if byte >> n & 1]
    return tuple(marked[: rule.seats]) or (rule.options[byte % len(rule.options)],)


def _share(draw: st.DrawFn, voters: Sequence[str], noise: dict[str, int]) -> list[str]:
    """Some of ``voters``: each with a drawn probability from 1/8 to all (a member whose byte
    is zero always takes part)."""
    level = draw(st.sampled_from(range(1, 9)))  # uniform: integers() favours the ends
    return [voter for voter in voters if noise[voter] % 8 < level]


def _near(draw: st.DrawFn, voters: Sequence[str], edge: int, noise: dict[str, int]) -> list[str]:
    """Some of ``voters``, often one fewer than ``edge``, exactly ``edge`` or one more."""
    sizes = [n for n in (edge - 1, edge, edge + 1) if 0 <= n <= len(voters)]
    any_size = st.integers(0, len(voters))
    size = draw(st.one_of(st.sampled_from(sizes), any_size) if sizes else any_size)
    return sorted(sorted(voters, key=lambda voter: (noise[voter], voter))[:size])
