"""The published fingerprint of a tally: sha256 over one canonical JSON document.

The document holds the rule, the frozen electorate, the ballots (sorted, so their order does not
matter), the tie-break and the result (without its explanation, which is derived from the rest).
Publishing the document lets anyone count again and check the fingerprint; publishing the
fingerprint alone commits the secretariat to that document. A secret poll's ballots carry their
receipt codes and no voter, so its document names no one's vote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from alliance.governance.tally.ballots import Ballot, Electorate
from alliance.governance.tally.decision import DecisionRule
from alliance.governance.tally.result import Headcount, Result

FORMAT = "alliance-tally/1"


def _fraction(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _headcount(headcount: Headcount | None) -> dict[str, int] | None:
    if headcount is None:
        return None
    return {"members": headcount.members, "weight": headcount.weight}


def rule_document(rule: DecisionRule) -> dict[str, Any]:
    return {
        "kind": rule.kind.value,
        "threshold": rule.threshold.value,
        "base": rule.base.value,
        "quorum": {
            "share": _fraction(rule.quorum.share),
            "count": rule.quorum.count,
            "strict": rule.quorum.strict,
        },
        "quorum_basis": rule.quorum_basis.value,
        "tie_rule": rule.tie_rule.value,
        "options": list(rule.options),
        "seats": rule.seats,
        "secret": rule.secret,
    }


def electorate_document(electorate: Electorate) -> dict[str, Any]:
    present = None if electorate.present is None else sorted(electorate.present)
    return {"weights": dict(electorate.weights), "present": present}


def ballot_document(ballot: Ballot) -> dict[str, Any]:
    # The marks of an election ballot form a set: their order on the ballot means nothing.
    choice = sorted(ballot.choice) if isinstance(ballot.choice, tuple) else ballot.choice
    return {
        "voter": ballot.voter,
        "receipt": ballot.receipt,
        "choice": choice,
        "weight": ballot.weight,
    }


def result_document(result: Result) -> dict[str, Any]:
    return {
        "kind": result.kind.value,
        "outcome": result.outcome.value,
        "counts": [
            {"choice": c.choice, "ballots": c.ballots, "weight": c.weight} for c in result.counts
        ],
        "entitled": _headcount(result.entitled),
        "present": _headcount(result.present),
        "returned": _headcount(result.returned),
        "quorum": {
            "required": result.quorum_required,
            "counted": result.quorum_counted,
            "reached": result.quorum_reached,
        },
        "base": result.base,
        "needed": _fraction(result.needed),
        "needed_strict": result.needed_strict,
        "winners": list(result.winners),
        "tied": list(result.tied),
        "runoff": list(result.runoff),
        "unfilled_seats": result.unfilled_seats,
        "tie_break": list(result.tie_break),
        "tie_broken_by": None if result.tie_broken_by is None else result.tie_broken_by.value,
    }


def _dumps(document: Any) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(
    rule: DecisionRule, electorate: Electorate, ballots: Iterable[Ballot], result: Result
) -> str:
    """The document to publish beside the fingerprint: compact, keys sorted, UTF-8 text."""
    return _dumps(
        {
            "format": FORMAT,
            "rule": rule_document(rule),
            "electorate": electorate_document(electorate),
            "ballots": sorted((ballot_document(b) for b in ballots), key=_dumps),
            "result": result_document(result),
        }
    )


def fingerprint(
    rule: DecisionRule, electorate: Electorate, ballots: Iterable[Ballot], result: Result
) -> str:
    """sha256 (hex) of ``canonical_json``: pass the ballots counted and the result ``tally``
    returned for them."""
    document = canonical_json(rule, electorate, ballots, result)
    return hashlib.sha256(document.encode("utf-8")).hexdigest()
