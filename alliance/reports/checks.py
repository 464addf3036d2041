"""The automatic checks of a member's submission, on plain data.

Like the first round of U-Multirank's checks: every indicator answered, values in range,
ratios that must hold (international students within all students, FTE within head count),
parts that add up to their total, and changes of more than 30 % on last year flagged. A flagged
change is a warning: it needs a comment, not a different number. Errors block submission.

Pure Python (no Django): `alliance/reports/findings.py` words each finding for the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ERROR = "error"
WARNING = "warning"

VALUE = "value"
# Indicators counted in whole units; FTE may carry decimals.
WHOLE_NUMBERS = frozenset(
    {
        "STU_BACHELOR",
        "STU_MASTER",
        "STU_DOCTORAL",
        "STU_TOTAL",
        "STU_INTL_IN",
        "STU_INTL_OUT",
        "STAFF_HEADCOUNT",
        "PUBLICATIONS",
        "AGREEMENTS_MEMBERS",
    }
)
# Upper bounds no member could plausibly pass: a typo guard (an extra digit or three).
UPPER_BOUNDS: Mapping[str, Decimal] = {
    "STU_BACHELOR": Decimal(1_000_000),
    "STU_MASTER": Decimal(1_000_000),
    "STU_DOCTORAL": Decimal(500_000),
    "STU_TOTAL": Decimal(2_000_000),
    "STU_INTL_IN": Decimal(500_000),
    "STU_INTL_OUT": Decimal(500_000),
    "STAFF_HEADCOUNT": Decimal(200_000),
    "STAFF_FTE": Decimal(200_000),
    "RESEARCH_INCOME_USD": Decimal(100_000_000_000),
    "PUBLICATIONS": Decimal(500_000),
    "AGREEMENTS_MEMBERS": Decimal(1_000),
}
# (part, whole): part may never exceed whole.
AT_MOST = (
    ("STU_INTL_IN", "STU_TOTAL"),
    ("STAFF_FTE", "STAFF_HEADCOUNT"),
)
PARTS_OF_TOTAL = (("STU_BACHELOR", "STU_MASTER", "STU_DOCTORAL"), "STU_TOTAL")
SUM_TOLERANCE = Decimal(1)  # counts reported from different systems may differ by one
CHANGE_LIMIT = Decimal("0.30")


@dataclass(frozen=True)
class Answer:
    """One answer of a submission: state "value", "withheld", "not_available" or "" (none yet)."""

    state: str
    value: Decimal | None = None
    comment: str = ""


@dataclass(frozen=True)
class Finding:
    """One result of a check, shown next to the field `code`.

    rule: "required", "negative", "whole", "range", "percent", "at_most", "sum" or "change".
    A warning with `explained` set has been given the comment it asks for."""

    code: str
    rule: str
    severity: str
    params: Mapping[str, object] = field(default_factory=dict)
    explained: bool = False

    @property
    def blocks(self) -> bool:
        """True if the submission cannot be submitted while this finding stands."""
        return self.severity == ERROR or not self.explained


def _number(answers: Mapping[str, Answer], code: str) -> Decimal | None:
    answer = answers.get(code)
    if answer is None or answer.state != VALUE:
        return None
    return answer.value


def check_submission(
    answers: Mapping[str, Answer],
    *,
    required: tuple[str, ...],
    previous: Mapping[str, Decimal | None] | None = None,
    percent_codes: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every finding for these answers, in the order of `required`, then the cross-checks."""
    findings: list[Finding] = []
    for code in required:
        findings.extend(_check_one(code, answers.get(code), percent_codes))
    findings.extend(_cross_checks(answers))
    findings.extend(_changes(answers, previous or {}, required))
    return findings


def _check_one(code: str, answer: Answer | None, percent_codes: frozenset[str]) -> list[Finding]:
    if answer is None or answer.state == "" or (answer.state == VALUE and answer.value is None):
        return [Finding(code, "required", ERROR)]
    if answer.state != VALUE or answer.value is None:
        return []
    value = answer.value
    if value < 0:
        return [Finding(code, "negative", ERROR, {"value": value})]
    if code in WHOLE_NUMBERS and value != value.to_integral_value():
        return [Finding(code, "whole", ERROR, {"value": value})]
    if code in percent_codes and value > 100:
        return [Finding(code, "percent", ERROR, {"value": value})]
    bound = UPPER_BOUNDS.get(code)
    if bound is not None and value > bound:
        return [Finding(code, "range", ERROR, {"value": value, "maximum": bound})]
    return []


def _cross_checks(answers: Mapping[str, Answer]) -> list[Finding]:
    findings: list[Finding] = []
    for part, whole in AT_MOST:
        part_value, whole_value = _number(answers, part), _number(answers, whole)
        if part_value is not None and whole_value is not None and part_value > whole_value:
            findings.append(
                Finding(part, "at_most", ERROR, {"value": part_value, "whole": whole_value})
            )
    parts, total_code = PARTS_OF_TOTAL
    values = [_number(answers, code) for code in parts]
    total = _number(answers, total_code)
    if total is not None and all(v is not None for v in values):
        parts_sum = sum((v for v in values if v is not None), Decimal(0))
        if abs(parts_sum - total) > SUM_TOLERANCE:
            findings.append(Finding(total_code, "sum", ERROR, {"value": total, "sum": parts_sum}))
    return findings


def relative_change(old: Decimal, new: Decimal) -> Decimal | None:
    """(new - old) / old, or None when last year's value was zero."""
    if old == 0:
        return None
    return (new - old) / old


def _changes(
    answers: Mapping[str, Answer], previous: Mapping[str, Decimal | None], codes: tuple[str, ...]
) -> list[Finding]:
    findings: list[Finding] = []
    for code in codes:
        new, old = _number(answers, code), previous.get(code)
        if new is None or old is None:
            continue
        change = relative_change(old, new)
        if change is None and new == 0:
            continue
        if change is None or abs(change) > CHANGE_LIMIT:
            answer = answers[code]
            percent = None if change is None else (change * 100).quantize(Decimal(1))
            findings.append(
                Finding(
                    code,
                    "change",
                    WARNING,
                    {"old": old, "new": new, "percent": percent},
                    explained=bool(answer.comment.strip()),
                )
            )
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a submission."""
    return [f for f in findings if f.blocks]


def derived_values(answers: Mapping[str, Answer]) -> dict[str, Decimal | None]:
    """The handbook's derived member indicators from the answers (None where an input is
    missing, withheld or zero)."""
    total = _number(answers, "STU_TOTAL")
    intl = _number(answers, "STU_INTL_IN")
    fte = _number(answers, "STAFF_FTE")
    share = intl / total * 100 if intl is not None and total else None
    per_staff = total / fte if total is not None and fte else None
    return {"STU_INTL_SHARE": share, "STU_PER_STAFF_FTE": per_staff}
