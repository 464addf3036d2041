"""Reading typed numbers: separators of many locales, other digit scripts, and a question
instead of a guess when "1.234" could be either."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.reports.numbers import NumberError, language_family, parse_number

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("12,345", "en", Decimal(12345)),
        ("12.345", "de", Decimal(12345)),
        ("12 345", "fr", Decimal(12345)),
        ("12\u202f345", "fr", Decimal(12345)),
        ("12\u00a0345", None, Decimal(12345)),
        ("12'345", "de", Decimal(12345)),
        ("12’345", None, Decimal(12345)),
        ("١٢٣٤٥", "ar", Decimal(12345)),
        ("١٢٬٣٤٥", "ar", Decimal(12345)),
        ("١٢٫٥", "ar", Decimal("12.5")),
        ("1,23,456", "hi", Decimal(123456)),
        ("1,23,456", None, Decimal(123456)),
        ("12,34,56,789", "en", Decimal(123456789)),
        ("1.234.567", None, Decimal(1234567)),
        ("1,234,567", None, Decimal(1234567)),
        ("1.234,5", None, Decimal("1234.5")),
        ("1,234.5", None, Decimal("1234.5")),
        ("12 345,67", "fr", Decimal("12345.67")),
        ("1.234", "en", Decimal("1.234")),
        ("1.234", "de", Decimal(1234)),
        ("1,234", "de", Decimal("1.234")),
        ("1,234", "zh-hans", Decimal(1234)),
        ("0.500", None, Decimal("0.5")),
        ("3420.5", None, Decimal("3420.5")),
        ("1,5", "en", Decimal("1.5")),
        (".5", None, Decimal("0.5")),
        ("  42  ", None, Decimal(42)),
        ("-5", "en", Decimal(-5)),
        ("−1,000", "en", Decimal(-1000)),
        ("１２３", "ja", Decimal(123)),
    ],
)
def test_it_reads_numbers_as_typed(typed, language, expected):
    assert parse_number(typed, language) == expected


@pytest.mark.parametrize("language", [None, "ar", "xx", ""])
def test_an_unclear_separator_is_a_question_with_both_readings(language):
    with pytest.raises(NumberError) as caught:
        parse_number("1.234", language)
    error = caught.value
    assert (error.kind, error.as_thousands, error.as_decimal) == (
        "ambiguous",
        Decimal(1234),
        Decimal("1.234"),
    )


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("1e5", "invalid"),
        ("2²", "invalid"),
        ("$100", "invalid"),
        ("12.", "invalid"),
        (".", "invalid"),
        ("1..2", "invalid"),
        ("1,2,3", "grouping"),
        ("12 34", "grouping"),
        ("1.234,567.8", "grouping"),
        ("1'234.567.8", "grouping"),
        ("1,2345,678", "grouping"),
    ],
)
def test_it_refuses_what_is_not_a_number(typed, kind):
    with pytest.raises(NumberError) as caught:
        parse_number(typed, "en")
    assert caught.value.kind == kind


def test_language_families():
    assert [language_family(x) for x in ("en", "zh-hans", "de", "id", "ar", None)] == [
        "point",
        "point",
        "comma",
        "comma",
        "",
        "",
    ]


def _group(digits: str, separator: str, indian: bool = False) -> str:
    if len(digits) <= 3:
        return digits
    head, last = digits[:-3], digits[-3:]
    size = 2 if indian else 3
    groups = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    return separator.join([*groups, last])


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", ".", " ", "'", "\u202f"]))
def test_any_grouped_whole_number_reads_back_in_a_language_that_groups_that_way(n, separator):
    language = {".": "de", ",": "en"}.get(separator)
    assert parse_number(_group(str(n), separator), language) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_indian_grouping_reads_back(n):
    assert parse_number(_group(str(n), ",", indian=True), "hi") == n


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_indic_digits_read_back(n):
    typed = "".join(ARABIC_INDIC[int(d)] for d in str(n))
    assert parse_number(typed, "ar") == n


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([("en", ",", "."), ("de", ".", ","), ("fr", " ", ",")]),
)
def test_grouped_numbers_with_a_fraction_read_back(whole, cents, convention):
    language, group, mark = convention
    typed = f"{_group(str(whole), group)}{mark}{cents:02d}"
    assert parse_number(typed, language) == Decimal(f"{whole}.{cents:02d}")


@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["en", "de", "ar", None]))
def test_plain_digits_always_read_as_they_are(n, language):
    assert parse_number(str(n), language) == n


@given(st.text(max_size=12))
def test_any_text_either_reads_or_says_why_not(text):
    kind = ""
    try:
        parse_number(text, "en")
    except NumberError as error:
        kind = error.kind
    assert kind in {"", "empty", "invalid", "grouping", "ambiguous"}
