"""The arithmetic of a result as data, and its English rendering.

A result's ``explanation`` is a tuple of ``Line(code, params)``: the code names the sentence, the
params fill it. Kept as data so that the pages can render the same lines in any language (the
codes are stable; add new ones rather than change the meaning of one). ``render_english`` gives the
English text, which the docs and the tests quote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

Param = str | int | bool | Fraction | tuple[str, ...]
Params = Mapping[str, Param]


@dataclass(frozen=True)
class Line:
    code: str
    params: Params = field(default_factory=dict)

    def english(self) -> str:
        return ENGLISH[self.code](self.params)


def render_english(lines: tuple[Line, ...] | list[Line]) -> list[str]:
    return [line.english() for line in lines]


def format_number(value: Fraction | int) -> str:
    """8, 7.5, 6 2/3: a whole number, a short decimal when exact, or a mixed fraction."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    whole, rest = divmod(value.numerator, value.denominator)
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:  # a finite decimal: 7.5, 0.25
        digits = 0
        while (value * 10**digits).denominator != 1:
            digits += 1
        sign = "-" if value < 0 else ""
        units, decimals = divmod(abs(value.numerator) * 10**digits // value.denominator, 10**digits)
        return f"{sign}{units}.{decimals:0{digits}d}"
    return f"{whole} {rest}/{value.denominator}" if whole else f"{rest}/{value.denominator}"


SHARE_NAMES = {
    Fraction(1, 2): "half",
    Fraction(1, 3): "one-third",
    Fraction(2, 3): "two-thirds",
    Fraction(1, 4): "one-quarter",
    Fraction(3, 4): "three-quarters",
    Fraction(1): "all",
}
CHOICE_NAMES = {
    "yes": "Yes",
    "no": "No",
    "abstain": "Abstain",
    "consent": "Consent",
    "object": "Objection",
}


def share_name(share: Fraction) -> str:
    return SHARE_NAMES.get(share, f"{share.numerator}/{share.denominator}")


def choice_name(choice: str) -> str:
    return CHOICE_NAMES.get(choice, f"“{choice}”")


def subject_name(choice: str) -> str:
    """A choice in the middle of a sentence: 'yes', or the quoted option."""
    return choice if choice in CHOICE_NAMES else choice_name(choice)


def names(choices: tuple[str, ...]) -> str:
    named = [subject_name(choice) for choice in choices]
    if len(named) <= 1:
        return "".join(named)
    return ", ".join(named[:-1]) + " and " + named[-1]


def _int(params: Params, key: str) -> int:
    value = params[key]
    assert isinstance(value, int)
    return value


def _num(params: Params, key: str) -> str:
    value = params[key]
    assert isinstance(value, int | Fraction)
    return format_number(value)


def _str(params: Params, key: str) -> str:
    return str(params[key])


def _tuple(params: Params, key: str) -> tuple[str, ...]:
    value = params[key]
    assert isinstance(value, tuple)
    return value


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _headcount(params: Params) -> str:
    """'11', or '11 members with 14 votes' when weights differ."""
    members, weight = _int(params, "members"), _int(params, "weight")
    if params.get("weighted"):
        return f"{_plural(members, 'member', 'members')} with {_plural(weight, 'vote', 'votes')}"
    return str(members)


def _met(params: Params) -> str:
    return "met" if params["met"] else "not met"


def _quorum_share(p: Params) -> str:
    share = p["share"]
    assert isinstance(share, Fraction)
    of = f"{share_name(share)} of the {_int(p, 'entitled')} entitled"
    exact = p["exact"]
    assert isinstance(exact, Fraction)
    if p["strict"]:
        how = f"more than {of}, which is {format_number(exact)}"
    elif exact.denominator != 1:
        how = f"{of}, {format_number(exact)} rounded up"
    else:
        how = of
    return f"Quorum: at least {_int(p, 'required')} ({how}); {_counted(p)}."


def _counted(p: Params) -> str:
    counted = _int(p, "counted")
    who = "present" if p["basis"] == "present" else "returned a ballot"
    return f"{counted} {who}: {'reached' if p['reached'] else 'not reached'}"


BASE_NAMES = {
    "cast": "the votes cast for and against (yes + no)",
    "cast_and_abstain": "every ballot returned, abstentions included",
    "present": "every entitled member present",
    "entitled": "the whole entitled electorate",
}
CHOICE_BASE_NAMES = {**BASE_NAMES, "cast": "the ballots naming an option (abstentions left out)"}
THRESHOLD_NAMES = {
    "absolute": ("Absolute majority", "more than half", ">"),
    "two_thirds": ("Two-thirds majority", "at least two-thirds", "≥"),
    "three_quarters": ("Three-quarters majority", "at least three-quarters", "≥"),
}


def _base(p: Params) -> str:
    table = CHOICE_BASE_NAMES if p.get("options") else BASE_NAMES
    return f"Base: {table[_str(p, 'base')]}: {_num(p, 'weight')}."


def _share(p: Params) -> str:
    title, need, sign = THRESHOLD_NAMES[_str(p, "threshold")]
    subject = subject_name(_str(p, "subject"))
    value, needed = _num(p, "value"), _num(p, "needed")
    return (
        f"{title}: {subject} needs {need} of {_num(p, 'base')} ({needed}): "
        f"{value} {sign} {needed}: {_met(p)}."
    )


def _unanimity(p: Params) -> str:
    blocking = {
        "cast": "abstentions do not count",
        "cast_and_abstain": "an abstention blocks it",
        "present": "an abstention or an absent vote of one present blocks it",
        "entitled": "every entitled member must vote yes",
    }[_str(p, "base")]
    subject = subject_name(_str(p, "subject"))
    return (
        f"Unanimity ({blocking}): {subject} needs all of {_num(p, 'base')}, and at least one "
        f"vote: {_num(p, 'value')} of {_num(p, 'base')}: {_met(p)}."
    )


def _consensus(p: Params) -> str:
    objections = _int(p, "objections")
    what = "objection" if p["choice"] == "object" else "'no'"
    count = f"{objections} {what if objections == 1 else what + 's'}" if objections else "none"
    return f"Consensus: no objection may be raised; objections: {count}: {_met(p)}."


def _tie(p: Params) -> str:
    tied = _tuple(p, "options")
    return f"Tie: {names(tied)} have {_num(p, 'weight')} each."


def _tie_for_seats(p: Params) -> str:
    tied = _tuple(p, "options")
    seats = _plural(_int(p, "seats"), "seat", "seats")
    return f"Tie for the last {seats}: {names(tied)} have {_num(p, 'weight')} each."


TIE_RULE_NAMES = {"casting_vote": "the chair's casting vote", "lot": "the lot"}


def _tie_broken(p: Params) -> str:
    return f"Decided by {TIE_RULE_NAMES[_str(p, 'tie_rule')]}: {names(_tuple(p, 'chosen'))}."


def _outcome(p: Params) -> str:
    outcome, kind, winners = _str(p, "outcome"), _str(p, "kind"), _tuple(p, "winners")
    if outcome == "no_quorum":
        return "Result: no quorum; nothing is decided."
    if outcome == "tie":
        return "Result: tied; nothing is decided yet."
    if kind == "consent":
        return f"Result: {'adopted' if outcome == 'passed' else 'not adopted'}."
    if kind == "yes_no":
        return f"Result: the motion {'passes' if outcome == 'passed' else 'fails'}."
    if outcome == "no_majority":
        return "Result: no majority; a second round is needed."
    if not winners:
        return "Result: nothing is decided."
    if kind == "election":
        return f"Result: elected: {names(winners)}."
    return f"Result: {names(winners)} is chosen."


ENGLISH: dict[str, Callable[[Params], str]] = {
    "entitled": lambda p: (
        f"Entitled: {_headcount(p)}."
        if p.get("weighted")
        else f"Entitled: {_plural(_int(p, 'members'), 'member', 'members')}."
    ),
    "present": lambda p: f"Present: {_headcount(p)}.",
    "no_attendance": lambda p: "Attendance: not recorded (a vote without a meeting).",
    "returned": lambda p: f"Ballots returned: {_headcount(p)}.",
    "quorum_none": lambda p: "Quorum: none required.",
    "quorum_share": _quorum_share,
    "quorum_count": lambda p: (
        f"Quorum: at least {_plural(_int(p, 'required'), 'member', 'members')}; {_counted(p)}."
    ),
    "count": lambda p: (
        f"{choice_name(_str(p, 'option'))}: "
        + (
            f"{_plural(_int(p, 'weight'), 'vote', 'votes')} "
            f"({_plural(_int(p, 'members'), 'ballot', 'ballots')})."
            if p.get("weighted")
            else f"{_int(p, 'members')}."
        )
    ),
    "base": _base,
    "simple": lambda p: (
        f"Simple majority: more yes than no: {_num(p, 'yes')} > {_num(p, 'no')}: {_met(p)}."
    ),
    "plurality": lambda p: f"Most votes: {names(_tuple(p, 'options'))} with {_num(p, 'weight')}.",
    "share": _share,
    "unanimity": _unanimity,
    "consensus": _consensus,
    "no_votes": lambda p: "No votes for or against.",
    "no_option_votes": lambda p: "No votes for any option.",
    "tie": _tie,
    "tie_for_seats": _tie_for_seats,
    "tie_fails": lambda p: "Under the rule a tie fails.",
    "tie_undecided": lambda p: "Under the rule a tie decides nothing.",
    "tie_awaits": lambda p: f"The tie awaits {TIE_RULE_NAMES[_str(p, 'tie_rule')]}.",
    "tie_broken": _tie_broken,
    "runoff": lambda p: f"A second round would be between {names(_tuple(p, 'options'))}.",
    "unfilled": lambda p: (
        f"{_plural(_int(p, 'seats'), 'seat remains', 'seats remain')} unfilled: "
        "too few candidates received votes."
    ),
    "outcome": _outcome,
}

PROBLEMS: dict[str, Callable[[Mapping[str, str | int]], str]] = {
    "attendance_needed": lambda d: "The rule counts those present, but no attendance was recorded.",
    "bad_receipt": lambda d: "the receipt is not text.",
    "no_receipt": lambda d: "a secret ballot needs a receipt code.",
    "bad_weight": lambda d: "the weight is not a whole number.",
    "no_voter": lambda d: "a ballot in a named poll needs its voter.",
    "voter_on_secret_ballot": lambda d: "a secret ballot must not name its voter.",
    "not_in_electorate": lambda d: "the voter is not in the frozen electorate.",
    "not_present": lambda d: "the voter was not recorded as present.",
    "wrong_weight": lambda d: f"weight {d['weight']}, but the electorate froze {d['frozen']}.",
    "unknown_choice": lambda d: f"“{d['choice']!s}” is not a choice of this poll.",
    "several_marks": lambda d: f"{d['marks']} marks where one is allowed.",
    "no_marks": lambda d: "no candidate is marked (mark abstain instead).",
    "repeated_mark": lambda d: "a candidate is marked more than once.",
    "abstain_with_marks": lambda d: "abstain is marked together with candidates.",
    "too_many_marks": lambda d: f"{d['marks']} candidates marked, more than the seats.",
    "same_voter": lambda d: f"one of {d['copies']} ballots from the same voter.",
    "same_receipt": lambda d: f"one of {d['copies']} ballots with the same receipt.",
    "weight_not_in_electorate": lambda d: (
        f"{d['ballots']} secret ballots carry weight {d['weight']}, but only {d['members']} "
        "of the members who may vote hold that weight."
    ),
    "tie_break_not_allowed": lambda d: "A tie-break was given, but under the rule a tie fails.",
    "tie_break_unknown": lambda d: (
        f"The tie-break names “{d['choice']}”, not a choice of this poll."
    ),
    "tie_break_repeated": lambda d: "The tie-break names a choice more than once.",
}


def render_problem(
    code: str,
    index: int | None,
    receipt: str | None,
    voter: str | None,
    detail: Mapping[str, str | int],
) -> str:
    text = PROBLEMS[code](detail)
    if index is None:
        return text
    who = f"voter {voter}" if voter else f"receipt {receipt}" if receipt else "no voter"
    return f"Ballot {index + 1} ({who}): {text}"
