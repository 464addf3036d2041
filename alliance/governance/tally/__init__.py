"""The vote tally: pure Python, no Django.

A poll freezes a ``DecisionRule`` and an ``Electorate`` when it opens; ``tally`` counts its
``Ballot``s into a ``Result`` whose ``explanation`` shows the arithmetic; ``fingerprint`` is the
published sha256 of the whole. The governance services feed it plain data and store what it
returns. Definitions and examples: docs/dev/tally.md.
"""

from alliance.governance.tally.ballots import Ballot, Electorate, Problem, TallyInputError
from alliance.governance.tally.decision import (
    ABSTAIN,
    CONSENT,
    NO,
    OBJECT,
    YES,
    Base,
    DecisionRule,
    PollKind,
    Quorum,
    QuorumBasis,
    RuleError,
    Threshold,
    TieRule,
)
from alliance.governance.tally.engine import Poll, draw_lot, tally, tally_many
from alliance.governance.tally.explanation import Line, format_number, render_english
from alliance.governance.tally.fingerprint import canonical_json, fingerprint
from alliance.governance.tally.result import Count, Headcount, Outcome, Result

__all__ = [
    "ABSTAIN",
    "CONSENT",
    "NO",
    "OBJECT",
    "YES",
    "Ballot",
    "Base",
    "Count",
    "DecisionRule",
    "Electorate",
    "Headcount",
    "Line",
    "Outcome",
    "Poll",
    "PollKind",
    "Problem",
    "Quorum",
    "QuorumBasis",
    "Result",
    "RuleError",
    "TallyInputError",
    "Threshold",
    "TieRule",
    "canonical_json",
    "draw_lot",
    "fingerprint",
    "format_number",
    "render_english",
    "tally",
    "tally_many",
]
