"""Deliberately broken tallies and fingerprints, each with a bug a real implementation could have.

The property tests run against these as well as the real ones and must catch every one: a property
that a broken tally also satisfies tests nothing. Each mutant counts with the real tally and then
redoes one step the wrong way, so that it differs from the real one only in its bug.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

from alliance.governance.tally import (
    ABSTAIN,
    NO,
    OBJECT,
    YES,
    Ballot,
    Base,
    DecisionRule,
    Electorate,
    Outcome,
    PollKind,
    Quorum,
    QuorumBasis,
    Result,
    TallyInputError,
    Threshold,
    TieRule,
    fingerprint,
    tally,
)
from alliance.governance.tally.fingerprint import ballot_document, canonical_json

SHARE = {
    Threshold.ABSOLUTE: Fraction(1, 2),
    Threshold.TWO_THIRDS: Fraction(2, 3),
    Threshold.THREE_QUARTERS: Fraction(3, 4),
}


def _decided_motion(rule: DecisionRule, result: Result) -> bool:
    return rule.kind is PollKind.YES_NO and result.outcome in (Outcome.PASSED, Outcome.FAILED)


def _verdict(passed: bool) -> Outcome:
    return Outcome.PASSED if passed else Outcome.FAILED


def heads_against_weight(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Counts the yes side in ballots (heads) but the base in weights (votes)."""
    result = tally(rule, electorate, ballots, **kw)
    if _decided_motion(rule, result) and rule.threshold in SHARE and result.base is not None:
        yes_heads = result.count(YES).ballots
        needed = SHARE[rule.threshold] * result.base
        passed = yes_heads > needed if rule.threshold is Threshold.ABSOLUTE else yes_heads >= needed
        return replace(result, outcome=_verdict(passed and result.base > 0))
    return result


def half_plus_one(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Absolute majority as "half plus one vote" (wrong whenever the base is odd)."""
    result = tally(rule, electorate, ballots, **kw)
    if _decided_motion(rule, result) and rule.threshold is Threshold.ABSOLUTE:
        assert result.base is not None
        passed = result.count(YES).weight >= Fraction(result.base, 2) + 1
        return replace(result, outcome=_verdict(passed))
    return result


def _qualified_by(
    rule: DecisionRule, result: Result, test: Any, thresholds: Iterable[Threshold]
) -> Result:
    if _decided_motion(rule, result) and rule.threshold in thresholds:
        assert result.base is not None
        passed = result.base > 0 and test(result.count(YES).weight, result.base)
        return replace(result, outcome=_verdict(passed))
    return result


def two_thirds_exceeded(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """ "More than two-thirds" where the rule says "at least two-thirds"."""
    result = tally(rule, electorate, ballots, **kw)
    return _qualified_by(
        rule, result, lambda yes, base: yes > Fraction(2, 3) * base, [Threshold.TWO_THIRDS]
    )


def float_two_thirds(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Two-thirds in floating point, as one minus one-third (0.6666666666666667)."""
    result = tally(rule, electorate, ballots, **kw)
    return _qualified_by(
        rule, result, lambda yes, base: yes >= (1 - 1 / 3) * base, [Threshold.TWO_THIRDS]
    )


def three_quarters_rounded_down(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Three-quarters of the base rounded down to whole votes before comparing."""
    result = tally(rule, electorate, ballots, **kw)
    return _qualified_by(
        rule,
        result,
        lambda yes, base: yes >= math.floor(0.75 * base),
        [Threshold.THREE_QUARTERS],
    )


def abstentions_ignored(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Leaves abstentions out of a base that should count them (counts cast votes only)."""
    if rule.base is Base.CAST_AND_ABSTAIN:
        rule = replace(rule, base=Base.CAST)
    return tally(rule, electorate, ballots, **kw)


def float_percent_quorum(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """A quorum share stored as a percentage with two decimals (2/3 as 66.67 %), in floats."""
    result = tally(rule, electorate, ballots, **kw)
    share = rule.quorum.share
    if share is None or not result.quorum_reached:
        return result
    percent = round(float(share) * 100, 2)
    exact = percent / 100 * result.entitled.members
    required = math.floor(exact) + 1 if rule.quorum.strict else math.ceil(exact)
    if result.quorum_counted < required:
        return replace(result, outcome=Outcome.NO_QUORUM, quorum_reached=False)
    return result


def quorum_for_qualified_only(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Checks the quorum only for qualified majorities, not for a simple majority."""
    if rule.threshold is Threshold.SIMPLE:
        rule = replace(rule, quorum=Quorum.none(), quorum_basis=QuorumBasis.ENTITLED)
    return tally(rule, electorate, ballots, **kw)


def unanimity_forgets_no(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Unanimity checked on abstentions only: the no votes are forgotten."""
    result = tally(rule, electorate, ballots, **kw)
    if _decided_motion(rule, result) and rule.threshold is Threshold.UNANIMITY:
        yes, abstain = result.count(YES).weight, result.count(ABSTAIN).weight
        blocking = abstain if rule.base is not Base.CAST else 0
        return replace(result, outcome=_verdict(yes > 0 and blocking == 0))
    return result


def first_ballot_breaks_ties(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """A tie among options goes to the one whose ballot was counted first (what
    ``Counter.most_common`` does)."""
    result = tally(rule, electorate, ballots, **kw)
    if result.outcome is Outcome.TIE and rule.kind is not PollKind.YES_NO:
        places = rule.seats - len(result.winners)
        first_seen = [m for b in ballots for m in b.marks if m in result.tied]
        chosen = tuple(dict.fromkeys(first_seen))[:places]
        return replace(result, outcome=Outcome.DECIDED, winners=result.winners + chosen)
    return result


def tie_carries(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """A tied motion carries (yes >= no) where the rule says a tie fails."""
    result = tally(rule, electorate, ballots, **kw)
    if result.tied == (YES, NO) and rule.tie_rule is TieRule.FAILS:
        return replace(result, outcome=Outcome.PASSED)
    return result


def casting_vote_ignored(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Forgets the chair's casting vote and the lot: every tie stays a tie."""
    kw.pop("tie_break", None)
    return tally(rule, electorate, ballots, **kw)


def objection_needs_majority(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """A consent poll blocked only by more objections than consents."""
    result = tally(rule, electorate, ballots, **kw)
    if rule.kind is PollKind.CONSENT and result.quorum_reached:
        blocked = result.count(OBJECT).weight > result.count("consent").weight
        return replace(result, outcome=_verdict(not blocked))
    return result


def seats_by_name(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """A tie for the last seats broken silently in alphabetical order, and not reported."""
    result = tally(rule, electorate, ballots, **kw)
    if result.outcome is Outcome.TIE and rule.kind is PollKind.ELECTION:
        places = rule.seats - len(result.winners)
        chosen = tuple(sorted(result.tied))[:places]
        return replace(result, outcome=Outcome.DECIDED, winners=result.winners + chosen, tied=())
    return result


def first_problem_only(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Stops at the first offending ballot."""
    try:
        return tally(rule, electorate, ballots, **kw)
    except TallyInputError as error:
        raise TallyInputError(error.problems[:1]) from None


def keeps_first_of_duplicates(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], **kw: Any
) -> Result:
    """Silently counts the first ballot of an institution and drops its later ones."""
    seen: set[str] = set()
    kept = []
    for ballot in ballots:
        if ballot.voter is not None and ballot.voter in seen:
            continue
        seen.add(ballot.voter or "")
        kept.append(ballot)
    return tally(rule, electorate, kept, **kw)


# Broken fingerprints: (rule, electorate, ballots, result) -> hex digest.


def fingerprint_in_given_order(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], result: Result
) -> str:
    """Hashes the ballots in the order they arrived."""
    document = canonical_json(rule, electorate, [], result)
    given = json.dumps([ballot_document(b) for b in ballots], sort_keys=True)
    return hashlib.sha256((document + given).encode()).hexdigest()


def fingerprint_of_result_only(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], result: Result
) -> str:
    """Hashes the rule, the electorate and the result, not the ballots."""
    return hashlib.sha256(canonical_json(rule, electorate, [], result).encode()).hexdigest()


def fingerprint_without_receipts(
    rule: DecisionRule, electorate: Electorate, ballots: Sequence[Ballot], result: Result
) -> str:
    """Leaves the receipt codes out, so a voter's receipt proves nothing."""
    return fingerprint(rule, electorate, [replace(b, receipt="") for b in ballots], result)
