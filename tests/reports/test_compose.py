"""The edition's content composed from its sources (no database: the sources are given)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from alliance.reports.handbook import INDICATORS
from alliance.reports.publication.compose import TOP, compose, member_figures
from alliance.reports.publication.content import AwardRow, EventRow, FlowRow, InquiryRow
from alliance.reports.publication.generated import GeneratedSources
from alliance.reports.sources import CorrectionRow, Country, MemberValue, PublicPoint

YEAR = 2026
UIS = ("UNESCO Institute for Statistics", "CC BY-SA 3.0 IGO")


def point(iso3, name, year, value, flags=""):
    return PublicPoint(iso3, name, year, value, flags, *UIS)


def value(inst_id, name, code, number, state="value", native=""):
    return MemberValue(
        inst_id,
        name,
        native,
        "CHN",
        code,
        Decimal(number) if number is not None else None,
        state,
        True,
        "",
    )


def sources(**overrides) -> GeneratedSources:
    spec = {
        "year": YEAR,
        "countries_": [
            Country("CHN", "China", "Eastern Asia", "upper middle income"),
            Country("THA", "Thailand", "South-eastern Asia", "upper middle income"),
        ],
        "series": {
            "GER_TERTIARY": [
                point("CHN", "China", 2024, 60.0),
                point("CHN", "China", 2025, 62.0),
                point("THA", "Thailand", 2025, 48.0, "estimate"),
                point("THA", "Thailand", 2027, 99.0),  # after the edition's year: left out
            ]
        },
        "values": {
            YEAR: [
                value(1, "Tsinghua University", "STU_TOTAL", 60000, native="清华大学"),
                value(1, "Tsinghua University", "STU_INTL_IN", 6000, native="清华大学"),
                value(2, "Mahidol University", "STU_TOTAL", 30000, native="มหาวิทยาลัยมหิดล"),
                value(2, "Mahidol University", "STU_INTL_IN", None, "withheld", "มหาวิทยาลัยมหิดล"),
            ],
            YEAR - 1: [value(1, "Tsinghua University", "STU_TOTAL", 59000)],
        },
        "flows": [
            FlowRow("Tsinghua University", "Mahidol University", 3),
            FlowRow("Mahidol University", "Tsinghua University", 5),
        ],
        "awards": [AwardRow("Scholars Award", "Tsinghua University", "Mahidol University", 2)],
        "events": [EventRow("Summit", datetime.date(YEAR, 4, 1), 100, 80, 12)],
        "inquiries": [InquiryRow("Open", 4), InquiryRow("Answered", 1)],
        "corrections_": [
            CorrectionRow(
                datetime.date(YEAR + 1, 2, 1),
                "Tsinghua University",
                "STU_TOTAL",
                Decimal(59000),
                None,
                "Census date wrong",
                new_state="withheld",
            )
        ],
    }
    return GeneratedSources(**{**spec, **overrides})


def section(content, ident):
    return next(s for c in content.chapters for s in c.sections if s.ident == ident)


def test_it_has_the_chapters_in_order_numbered_with_title_and_summary():
    content = compose(YEAR, sources(), summary="Growth everywhere.", alliance_name="AUA")
    assert [(c.number, c.ident) for c in content.chapters] == [
        (1, "country"),
        (2, "members"),
        (3, "alliance"),
        (4, "method"),
        (5, "corrections"),
    ]
    assert content.title == "Asian Higher Education Outlook 2026"
    assert content.subtitle == "AUA"
    assert content.summary == "Growth everywhere."


def test_the_country_table_shows_each_countrys_latest_value_up_to_the_year_with_its_flags():
    table = section(compose(YEAR, sources()), "country-ger_tertiary").tables[0]
    assert table.rows == (
        ("China", 2025, 62.0, "", *UIS),
        ("Thailand", 2025, 48.0, "estimate", *UIS),
    )
    assert table.note.source == UIS[0]
    assert table.note.licence == UIS[1]
    assert table.note.flags == ("estimate",)


def test_the_country_charts_mark_estimates_and_average_per_subregion():
    bar, trend = section(compose(YEAR, sources()), "country-ger_tertiary").figures
    assert bar.chart.categories == ("China (2025)", "Thailand (2025, estimate)")
    assert trend.chart.categories == ("2024", "2025")
    assert {s.name: s.values for s in trend.chart.series} == {
        "Eastern Asia": (60.0, 62.0),
        "South-eastern Asia": (None, 48.0),
    }


def test_a_public_indicator_without_data_says_so():
    empty = section(compose(YEAR, sources()), "country-gov_exp_edu_gdp")
    assert empty.intro == "No public data has been imported yet."
    assert empty.tables == ()


def test_member_tables_rank_by_value_with_native_names_and_count_withheld_values():
    content = compose(YEAR, sources())
    table = section(content, "members-stu_total").tables[0]
    assert table.rows == (
        (1, "Tsinghua University", "清华大学", "CHN", 60000.0),
        (2, "Mahidol University", "มหาวิทยาลัยมหิดล", "CHN", 30000.0),
    )
    intl = section(content, "members-stu_intl_in").tables[0]
    assert intl.note.note == "Withheld by 1 members; not available at 0."


def test_a_derived_indicator_is_computed_from_its_formula_when_not_given():
    share = section(compose(YEAR, sources()), "members-stu_intl_share").tables[0]
    assert share.rows == ((1, "Tsinghua University", "清华大学", "CHN", 10.0),)
    assert "STU_INTL_IN / STU_TOTAL * 100" in share.note.note


def test_derived_values_divide_by_zero_into_nothing():
    values = [value(1, "A", "STU_TOTAL", 0), value(1, "A", "STU_INTL_IN", 5)]
    assert member_figures(values, list(INDICATORS)).get("STU_INTL_SHARE", {}) == {}


def test_member_tables_print_the_top_and_keep_every_row():
    many = [value(i, f"University {i:03d}", "STU_TOTAL", 1000 + i) for i in range(1, 41)]
    content = compose(YEAR, sources(values={YEAR: many}))
    table = section(content, "members-stu_total").tables[0]
    assert len(table.rows) == 40
    assert table.shown == TOP
    assert len(table.display_rows()) == TOP
    assert table.hidden_rows == 40 - TOP
    assert table.display_rows()[0][1] == ("University 040", False)
    assert len(section(content, "members-stu_total").figures[0].chart.categories) == TOP


def test_the_ten_year_trend_sums_the_members_reporting_each_year():
    totals = section(compose(YEAR, sources()), "members-trend").tables[0]
    row = next(r for r in totals.rows if r[0] == "Students, total")
    assert row[-2:] == (59000.0, 90000.0)
    assert row[1:-2] == (None,) * 8


def test_the_alliance_chapter_counts_flows_awards_events_and_inquiries():
    content = compose(YEAR, sources())
    flows = section(content, "alliance-flows")
    assert flows.intro == "8 students moved between members."
    assert flows.tables[0].rows[0] == ("Mahidol University", "Tsinghua University", 5)
    chart = flows.figures[0].chart
    assert {s.name: s.values for s in chart.series} == {"Sent": (5.0, 3.0), "Hosted": (3.0, 5.0)}
    assert section(content, "alliance-programmes").tables[0].rows == (
        ("Scholars Award", "Tsinghua University", "Mahidol University", 2),
    )
    assert section(content, "alliance-events").tables[0].rows == (
        ("Summit", "2026-04-01", 100, 80, 12),
    )
    assert section(content, "alliance-knowledge").intro == "5 inquiries were opened."


def test_the_method_chapter_lists_every_indicator_of_the_handbook():
    table = section(compose(YEAR, sources()), "method-indicators").tables[0]
    assert [r[0] for r in table.rows] == [i.code for i in INDICATORS]
    share = next(r for r in table.rows if r[0] == "STU_INTL_SHARE")
    assert share[3:] == ("percent", "STU_INTL_IN / STU_TOTAL * 100", "Member submission")


def test_the_corrections_log_lists_each_correction_with_its_states():
    chapter = compose(YEAR, sources()).chapters[-1]
    assert chapter.intro == "1 figures were corrected after publication."
    assert chapter.sections[0].tables[0].rows == (
        (
            "2027-02-01",
            "Tsinghua University",
            "STU_TOTAL",
            "59,000",
            "withheld",
            "Census date wrong",
        ),
    )
    assert compose(YEAR, sources(corrections_=[])).chapters[-1].intro == (
        "No figure has been corrected since publication."
    )


def test_every_figure_and_table_has_a_source_note_with_a_licence():
    content = compose(YEAR, sources())
    for chapter in content.chapters:
        for s in chapter.sections:
            for item in (*s.figures, *s.tables):
                assert item.note.source, s.ident
                assert item.note.licence, s.ident


def test_the_open_data_has_every_member_value_and_every_public_point():
    content = compose(YEAR, sources())
    tables = {t.ident: t for t in content.tables()}
    assert len(tables["member-values"].rows) == 4
    assert len(tables["public-ger_tertiary"].rows) == 3  # 2027 is after the edition
    assert tables["member-values"].open_data_only
