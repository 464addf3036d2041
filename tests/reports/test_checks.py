"""The automatic checks of a submission, on plain data (no database)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from alliance.reports.checks import (
    ERROR,
    WARNING,
    Answer,
    Finding,
    blocking,
    check_submission,
    derived_values,
)

REQUIRED = (
    "STU_BACHELOR",
    "STU_MASTER",
    "STU_DOCTORAL",
    "STU_TOTAL",
    "STU_INTL_IN",
    "STU_INTL_OUT",
    "STAFF_HEADCOUNT",
    "STAFF_FTE",
    "RESEARCH_INCOME_USD",
    "PUBLICATIONS",
    "AGREEMENTS_MEMBERS",
)
GOOD = {
    "STU_BACHELOR": 16000,
    "STU_MASTER": 12000,
    "STU_DOCTORAL": 8000,
    "STU_TOTAL": 36000,
    "STU_INTL_IN": 3500,
    "STU_INTL_OUT": 2400,
    "STAFF_HEADCOUNT": 3600,
    "STAFF_FTE": Decimal("3420.5"),
    "RESEARCH_INCOME_USD": 1250000000,
    "PUBLICATIONS": 11800,
    "AGREEMENTS_MEMBERS": 12,
}


def figures(**overrides) -> dict[str, Answer]:
    result = {}
    for code, value in {**GOOD, **overrides}.items():
        if isinstance(value, Answer):
            result[code] = value
        else:
            result[code] = Answer("value", Decimal(str(value)))
    return result


def check(answers, previous=None):
    return check_submission(answers, required=REQUIRED, previous=previous)


def test_good_figures_pass():
    assert check(figures()) == []


def test_every_unanswered_indicator_is_an_error():
    answers = figures()
    del answers["PUBLICATIONS"]
    answers["STU_INTL_OUT"] = Answer("")
    assert [(f.code, f.rule, f.severity) for f in check(answers)] == [
        ("STU_INTL_OUT", "required", ERROR),
        ("PUBLICATIONS", "required", ERROR),
    ]


def test_withheld_and_not_available_are_answers():
    answers = figures(PUBLICATIONS=Answer("withheld"), STU_INTL_OUT=Answer("not_available"))
    assert check(answers) == []


def test_negative_fractional_and_implausible_values_are_errors():
    found = check(figures(STU_INTL_OUT=-1, AGREEMENTS_MEMBERS="2.5", PUBLICATIONS=5_000_000))
    assert [(f.code, f.rule) for f in found] == [
        ("STU_INTL_OUT", "negative"),
        ("PUBLICATIONS", "range"),
        ("AGREEMENTS_MEMBERS", "whole"),
    ]


def test_fte_may_have_decimals_but_not_exceed_the_head_count():
    assert check(figures(STAFF_FTE="3600.0")) == []
    found = check(figures(STAFF_FTE="3600.5"))
    assert found == [
        Finding("STAFF_FTE", "at_most", ERROR, {"value": Decimal("3600.5"), "whole": Decimal(3600)})
    ]


def test_international_students_cannot_exceed_all_students():
    found = check(figures(STU_INTL_IN=36001))
    assert [(f.code, f.rule, f.params["whole"]) for f in found] == [
        ("STU_INTL_IN", "at_most", Decimal(36000))
    ]


def test_parts_must_add_up_to_the_total_within_one():
    assert check(figures(STU_TOTAL=36001)) == []
    assert check(figures(STU_TOTAL=35999)) == []
    found = check(figures(STU_TOTAL=36002))
    assert [(f.code, f.rule, f.params["sum"]) for f in found] == [
        ("STU_TOTAL", "sum", Decimal(36000))
    ]


def test_a_withheld_part_skips_the_sum():
    assert check(figures(STU_MASTER=Answer("withheld"), STU_TOTAL=50000)) == []


def test_a_percent_indicator_over_100_is_refused():
    found = check_submission(
        {"SHARE": Answer("value", Decimal("100.5"))},
        required=("SHARE",),
        percent_codes=frozenset({"SHARE"}),
    )
    assert [(f.code, f.rule) for f in found] == [("SHARE", "percent")]


def test_a_change_over_30_percent_is_a_warning_that_a_comment_explains():
    previous = {code: Decimal(str(v)) for code, v in GOOD.items()}
    answers = figures(PUBLICATIONS=15341)  # +30.0085 %
    found = check(answers, previous)
    assert [(f.code, f.rule, f.severity, f.params["percent"], f.blocks) for f in found] == [
        ("PUBLICATIONS", "change", WARNING, Decimal(30), True)
    ]
    answers["PUBLICATIONS"] = Answer("value", Decimal(15341), "New journals indexed.")
    found = check(answers, previous)
    assert [(f.rule, f.explained) for f in found] == [("change", True)]
    assert blocking(found) == []


def test_exactly_30_percent_is_not_flagged():
    previous = {"PUBLICATIONS": Decimal(10000)}
    assert check(figures(PUBLICATIONS=13000), previous) == []
    assert check(figures(PUBLICATIONS=7000), previous) == []


def test_a_change_from_zero_is_flagged_without_a_percentage():
    found = check(figures(AGREEMENTS_MEMBERS=3), {"AGREEMENTS_MEMBERS": Decimal(0)})
    assert [(f.rule, f.params["percent"]) for f in found] == [("change", None)]


def test_derived_values_follow_the_handbook_formulas():
    derived = derived_values(figures())
    assert derived["STU_INTL_SHARE"] == Decimal(3500) / Decimal(36000) * 100
    assert derived["STU_PER_STAFF_FTE"] == Decimal(36000) / Decimal("3420.5")
    assert derived_values(figures(STAFF_FTE=Answer("withheld")))["STU_PER_STAFF_FTE"] is None


@given(
    st.integers(min_value=0, max_value=400_000),
    st.integers(min_value=0, max_value=400_000),
    st.integers(min_value=0, max_value=400_000),
    st.integers(min_value=-3, max_value=3),
)
def test_the_sum_check_flags_exactly_the_totals_off_by_more_than_one(b, m, d, delta):
    total = b + m + d + delta
    if total < 0:
        return
    found = check(
        figures(STU_BACHELOR=b, STU_MASTER=m, STU_DOCTORAL=d, STU_TOTAL=total, STU_INTL_IN=0)
    )
    assert any(f.rule == "sum" for f in found) == (abs(delta) > 1)


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_the_change_warning_matches_its_definition(old, new):
    found = check(figures(PUBLICATIONS=min(new, 500_000)), {"PUBLICATIONS": Decimal(old)})
    new = min(new, 500_000)
    flagged = any(f.rule == "change" for f in found)
    assert flagged == (abs(Decimal(new - old) / Decimal(old)) > Decimal("0.3"))
