"""The frozen electorate, the ballots, and the checks that refuse a ballot the tally must not count.

Voters are member institutions, named by a string id (the platform passes ``str(pk)``).

A named poll's ballot carries its voter. A secret poll's ballot carries no voter, only the
receipt code its voter was given and the weight it was cast with; the tally needs nothing else.
It still checks what it can without knowing who voted: receipts are unique, and the weights on the
ballots could all have come from different members of the electorate (no weight is used more
often than the electorate, or its present members, hold it). One ballot per institution is the
platform's guarantee for a secret poll (a database constraint on the unlinked voter list).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from alliance.governance.tally.decision import ABSTAIN, DecisionRule, PollKind, TieRule
from alliance.governance.tally.explanation import render_problem

Choice = str | tuple[str, ...]


@dataclass(frozen=True)
class Electorate:
    """Who may vote, with what weight, and who is present; frozen when the poll opens.

    ``weights``: every institution entitled to vote in this poll and its weight (a whole number,
    at least 1; one member one vote is weight 1 for everyone). ``present``: the entitled members
    present at the meeting, in person or by proxy, when the vote is taken; ``None`` for a vote
    without a meeting (a written resolution), where attendance means nothing.
    """

    weights: Mapping[str, int]
    present: frozenset[str] | None = None

    def __post_init__(self) -> None:
        weights = dict(sorted(dict(self.weights).items()))
        for voter, weight in weights.items():
            if not isinstance(voter, str) or not voter:
                raise ValueError(f"A voter is named by a non-empty string, not {voter!r}.")
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
                raise ValueError(f"The weight of {voter} is a whole number, at least 1.")
        object.__setattr__(self, "weights", MappingProxyType(weights))
        if self.present is not None:
            present = frozenset(self.present)
            strangers = sorted(present - weights.keys())
            if strangers:
                raise ValueError(f"Present but not entitled to vote: {', '.join(strangers)}.")
            object.__setattr__(self, "present", present)

    @classmethod
    def one_member_one_vote(
        cls, voters: Iterable[str], present: Iterable[str] | None = None
    ) -> Electorate:
        return cls(
            weights=dict.fromkeys(voters, 1),
            present=None if present is None else frozenset(present),
        )

    @property
    def voters(self) -> frozenset[str]:
        return frozenset(self.weights)

    @property
    def weighted(self) -> bool:
        """Whether any member's vote weighs more than one."""
        return any(weight != 1 for weight in self.weights.values())

    def total(self, voters: Iterable[str]) -> int:
        return sum(self.weights[voter] for voter in voters)


@dataclass(frozen=True)
class Ballot:
    """One institution's ballot: ``(voter or None, receipt, choice, weight)``.

    ``choice``: ``"yes"``, ``"no"`` or ``"abstain"`` in a yes/no poll; ``"consent"`` or
    ``"object"`` in a consent poll; an option or ``"abstain"`` in a choice; a candidate or
    ``"abstain"`` in a one-seat election, and up to ``seats`` different candidates (a tuple) in
    an election to several seats. ``receipt``: the code its voter can look up in the published
    tally; required in a secret poll, optional (``""``) in a named one.
    """

    voter: str | None
    receipt: str
    choice: Choice
    weight: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.choice, list):
            object.__setattr__(self, "choice", tuple(self.choice))

    @property
    def marks(self) -> tuple[str, ...]:
        """The choice as a tuple: one mark, or several in an election to several seats."""
        return self.choice if isinstance(self.choice, tuple) else (self.choice,)


@dataclass(frozen=True)
class Problem:
    """Why one ballot (``index`` is its position in the input) or the tie-break is refused."""

    code: str
    index: int | None = None
    voter: str | None = None
    receipt: str | None = None
    detail: Mapping[str, str | int] = field(default_factory=dict)

    def english(self) -> str:
        return render_problem(self.code, self.index, self.receipt, self.voter, self.detail)


class TallyInputError(ValueError):
    """The tally refuses to count: every offending ballot (and tie-break) is listed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.english() for problem in self.problems))

    @property
    def offending_indexes(self) -> list[int]:
        return sorted({p.index for p in self.problems if p.index is not None})


def _problem(code: str, index: int, ballot: Ballot, **detail: str | int) -> Problem:
    return Problem(code, index, ballot.voter, ballot.receipt, detail)


def _check_marks(
    rule: DecisionRule, allowed: frozenset[str], index: int, ballot: Ballot
) -> list[Problem]:
    choice = ballot.choice
    several = rule.kind is PollKind.ELECTION and rule.seats > 1
    if isinstance(choice, str):
        if choice not in allowed:
            return [_problem("unknown_choice", index, ballot, choice=choice)]
        return []
    if not isinstance(choice, tuple) or not all(isinstance(mark, str) for mark in choice):
        return [_problem("unknown_choice", index, ballot, choice=repr(choice))]
    if not several:
        return [_problem("several_marks", index, ballot, marks=len(choice))]
    problems = [
        _problem("unknown_choice", index, ballot, choice=mark)
        for mark in choice
        if mark not in allowed
    ]
    if not choice:
        problems.append(_problem("no_marks", index, ballot))
    if len(set(choice)) != len(choice):
        problems.append(_problem("repeated_mark", index, ballot))
    if ABSTAIN in choice and len(choice) > 1:
        problems.append(_problem("abstain_with_marks", index, ballot))
    if len(choice) > rule.seats:
        problems.append(_problem("too_many_marks", index, ballot, marks=len(choice)))
    return problems


def _check_voter(
    rule: DecisionRule, electorate: Electorate, index: int, ballot: Ballot
) -> list[Problem]:
    voter = ballot.voter
    if rule.secret:
        return [] if voter is None else [_problem("voter_on_secret_ballot", index, ballot)]
    if voter is None:
        return [_problem("no_voter", index, ballot)]
    if voter not in electorate.weights:
        return [_problem("not_in_electorate", index, ballot)]
    problems = []
    if electorate.present is not None and voter not in electorate.present:
        problems.append(_problem("not_present", index, ballot))
    if ballot.weight != electorate.weights[voter]:
        problems.append(
            _problem(
                "wrong_weight",
                index,
                ballot,
                weight=ballot.weight,
                frozen=electorate.weights[voter],
            )
        )
    return problems


def _check_secret_weights(electorate: Electorate, ballots: Sequence[Ballot]) -> list[Problem]:
    """Each secret ballot must be explainable by a different member: for every weight, no more
    ballots carry it than there are (present) members holding it."""
    eligible = electorate.voters if electorate.present is None else electorate.present
    held = Counter(electorate.weights[voter] for voter in eligible)
    used = Counter(ballot.weight for ballot in ballots)
    problems = []
    for index, ballot in enumerate(ballots):
        if used[ballot.weight] > held[ballot.weight]:
            problems.append(
                _problem(
                    "weight_not_in_electorate",
                    index,
                    ballot,
                    weight=ballot.weight,
                    ballots=used[ballot.weight],
                    members=held[ballot.weight],
                )
            )
    return problems


def _repeated(key: str, values: Sequence[str | None], ballots: Sequence[Ballot]) -> list[Problem]:
    """Every ballot sharing a voter (or a receipt) with another: all of them, not only the later
    ones, since the tally cannot know which one the voter meant."""
    present = [value for value in values if value]
    if len(set(present)) == len(present):
        return []
    positions: dict[str, list[int]] = defaultdict(list)
    for index, value in enumerate(values):
        if value:
            positions[value].append(index)
    return [
        _problem(key, index, ballots[index], copies=len(found))
        for found in positions.values()
        if len(found) > 1
        for index in found
    ]


def check_ballots(
    rule: DecisionRule,
    electorate: Electorate,
    ballots: Sequence[Ballot],
    tie_break: tuple[str, ...],
) -> None:
    """Raise ``TallyInputError`` listing every problem, or return when all ballots count."""
    problems: list[Problem] = []
    if rule.uses_presence and electorate.present is None:
        problems.append(Problem("attendance_needed"))
    allowed = frozenset(rule.choices)
    for index, ballot in enumerate(ballots):
        if not isinstance(ballot.receipt, str):
            problems.append(_problem("bad_receipt", index, ballot))
        elif rule.secret and not ballot.receipt:
            problems.append(_problem("no_receipt", index, ballot))
        if isinstance(ballot.weight, bool) or not isinstance(ballot.weight, int):
            problems.append(_problem("bad_weight", index, ballot))
            continue
        problems += _check_voter(rule, electorate, index, ballot)
        problems += _check_marks(rule, allowed, index, ballot)
    problems += _repeated("same_voter", [b.voter for b in ballots], ballots)
    problems += _repeated("same_receipt", [b.receipt for b in ballots], ballots)
    if rule.secret and all(isinstance(b.weight, int) for b in ballots):
        problems += _check_secret_weights(electorate, ballots)
    problems += _check_tie_break(rule, tie_break)
    if problems:
        problems.sort(key=lambda p: (p.index is None, p.index or 0, p.code))
        raise TallyInputError(problems)


def _check_tie_break(rule: DecisionRule, tie_break: tuple[str, ...]) -> list[Problem]:
    if not tie_break:
        return []
    problems = []
    if rule.tie_rule is TieRule.FAILS:
        problems.append(Problem("tie_break_not_allowed"))
    allowed = set(rule.choices) - {ABSTAIN}
    problems += [
        Problem("tie_break_unknown", detail={"choice": mark})
        for mark in tie_break
        if mark not in allowed
    ]
    if len(set(tie_break)) != len(tie_break):
        problems.append(Problem("tie_break_repeated"))
    return problems
