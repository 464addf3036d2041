"""The indicator handbook: complete, consistent, and in the shape the edition reads."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from alliance.reports import handbook
from alliance.reports.handbook import INDICATORS, by_code

WDI = Path("/work/shared/data/public/wdi_tertiary_indicator_definitions.csv")


def test_codes_are_unique_and_found_by_code():
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    assert by_code("STU_TOTAL").name == "Students, total"
    with pytest.raises(KeyError, match="NOPE"):
        by_code("NOPE")


def test_every_indicator_has_a_known_unit_source_and_chapter():
    for i in INDICATORS:
        assert i.unit in handbook.UNITS, i.code
        assert i.source in handbook.SOURCES, i.code
        assert i.chapter in ("country", "members", "alliance"), i.code
        assert str(i.name), i.code
        assert str(i.definition), i.code


def test_the_issue_lists_every_indicator_asked_for():
    codes = {i.code for i in INDICATORS}
    assert {
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
        "STU_INTL_SHARE",
        "STU_PER_STAFF_FTE",
        "GER_TERTIARY",
        "MOBILE_IN",
        "MOBILE_NET_FLOW",
        "MOBILITY_IN_RATE",
        "MOBILITY_OUT_RATIO",
        "GOV_EXP_EDU_GDP",
        "PLAT_MOBILITY_FLOWS",
        "PLAT_PROGRAMME_AWARDS",
        "PLAT_EVENT_PARTICIPATION",
        "PLAT_KNOWLEDGE_INQUIRIES",
    } == codes


def test_derived_formulas_name_only_member_indicators_that_are_submitted():
    submitted = {i.code for i in handbook.submitted_indicators()}
    for i in INDICATORS:
        if i.formula:
            names = set(re.findall(r"[A-Z][A-Z_]+", i.formula))
            assert names, i.code
            assert names <= submitted, i.code
    assert by_code("STU_INTL_SHARE").formula == "STU_INTL_IN / STU_TOTAL * 100"
    assert by_code("STU_PER_STAFF_FTE").formula == "STU_TOTAL / STAFF_FTE"


def test_only_the_enrolment_ratio_may_exceed_100_and_it_has_sex_breakdowns():
    assert [i.code for i in INDICATORS if i.may_exceed_100] == ["GER_TERTIARY"]
    assert by_code("GER_TERTIARY").breakdowns == ("total", "female", "male")


def test_the_form_topics_cover_every_submitted_indicator_once():
    in_topics = [code for _key, _label, codes in handbook.TOPICS for code in codes]
    assert sorted(in_topics) == sorted(i.code for i in handbook.submitted_indicators())


def test_fte_states_the_definition_of_full_time():
    assert "35 hours a week" in str(by_code("STAFF_FTE").definition)


@pytest.mark.skipif(not WDI.is_file(), reason="the shared WDI definitions are not on this machine")
def test_public_definitions_are_the_world_banks_where_they_apply():
    notes = {r["INDICATOR_CODE"]: r["SOURCE_NOTE"] for r in csv.DictReader(WDI.open())}
    assert str(by_code("GOV_EXP_EDU_GDP").definition) == notes["SE.XPD.TOTL.GD.ZS"]
    assert str(by_code("GER_TERTIARY").definition).startswith(notes["SE.TER.ENRR"])
