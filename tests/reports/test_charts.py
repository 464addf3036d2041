"""The chart renderer: one specification, drawn as SVG with its numbers as a table."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.reports.publication.charts import (
    FONT_FAMILIES,
    Chart,
    Series,
    axis_ticks,
    data_table,
    format_value,
    nice_step,
    render_svg,
)


def bar_chart(**overrides) -> Chart:
    spec = {
        "kind": "bar",
        "title": "Students",
        "categories": ("清华大学", "NUS", "Chulalongkorn"),
        "series": (Series("Students", (50000.0, 40000.0, None)),),
        "unit": "count",
        "ident": "students",
    }
    return Chart(**{**spec, **overrides})


def test_it_formats_numbers_by_unit():
    assert format_value(12345, "count") == "12,345"
    assert format_value(12.345, "percent") == "12.3%"
    assert format_value(1.5, "ratio") == "1.50"
    assert format_value(2500000, "usd") == "$2,500,000"
    assert format_value(12.25, "fte") == "12.2"
    assert format_value(None, "count") == "–"


def test_a_bar_chart_draws_one_bar_per_value_and_labels_each_category():
    svg = render_svg(bar_chart())
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count("<rect") == 2  # the missing value draws no bar, one series: no legend
    assert "清华大学" in svg
    assert "Chulalongkorn" in svg
    assert "50,000" in svg
    assert "40,000" in svg
    assert '<title id="students-title">Students</title>' in svg


def test_the_svg_names_every_noto_family():
    svg = render_svg(bar_chart())
    for family in FONT_FAMILIES:
        assert f"'{family}'" in svg


def test_names_are_escaped():
    svg = render_svg(bar_chart(categories=("A & B <x>", "C", "D")))
    assert "A &amp; B &lt;x&gt;" in svg
    assert "<x>" not in svg


def test_a_grouped_bar_chart_has_a_legend_and_a_bar_per_series_and_value():
    chart = bar_chart(series=(Series("Sent", (1.0, 2.0, 3.0)), Series("Hosted", (3.0, 2.0, 1.0))))
    svg = render_svg(chart)
    assert svg.count("<rect") == 2 + 6  # two legend keys, six bars
    assert ">Sent</text>" in svg
    assert ">Hosted</text>" in svg


def test_a_stacked_bar_prints_the_total_of_each_category():
    chart = Chart(
        "stacked",
        "Participants",
        ("Summit", "Forum"),
        (Series("Checked in", (60.0, 10.0)), Series("Not checked in", (20.0, 5.0))),
    )
    svg = render_svg(chart)
    assert ">80</text>" in svg
    assert ">15</text>" in svg
    assert svg.count("<rect") == 2 + 4


def test_a_line_chart_draws_a_line_per_series_and_breaks_it_at_gaps():
    chart = Chart(
        "line",
        "GER",
        ("2020", "2021", "2022", "2023", "2024"),
        (Series("East", (1.0, 2.0, None, 4.0, 5.0)), Series("South", (2.0, 2.5, 3.0, 3.5, 4.0))),
        unit="percent",
    )
    svg = render_svg(chart)
    assert svg.count("<polyline") == 3  # East in two pieces, South in one
    assert ">2020</text>" in svg
    assert ">2024</text>" in svg


def test_a_single_point_between_gaps_is_a_dot():
    chart = Chart("line", "GER", ("2020", "2021", "2022"), (Series("A", (None, 3.0, None)),))
    svg = render_svg(chart)
    assert svg.count("<circle") == 1
    assert "<polyline" not in svg


def test_a_bad_specification_is_refused():
    with pytest.raises(ValueError, match="Unknown chart kind 'pie'"):
        bar_chart(kind="pie")
    with pytest.raises(ValueError, match="has 2 values for 3 categories"):
        bar_chart(series=(Series("S", (1.0, 2.0)),))


def test_the_data_table_holds_the_charts_numbers():
    header, rows = data_table(bar_chart(x_label="Institution"))
    assert header == ["Institution", "Students"]
    assert rows == [["清华大学", "50,000"], ["NUS", "40,000"], ["Chulalongkorn", "–"]]


def test_an_empty_chart_still_draws():
    svg = render_svg(Chart("bar", "Nothing", (), ()))
    assert svg.startswith("<svg")
    assert "Nothing" in svg


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
def test_axis_ticks_cover_the_values_and_zero_with_a_round_step(a, b):
    low, high = min(a, b), max(a, b)
    ticks = axis_ticks(low, high)
    assert ticks[0] <= min(low, 0) + 1e-6 * max(1.0, abs(low))
    assert ticks[-1] >= max(high, 0) - 1e-6 * max(1.0, abs(high))
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    mantissa = f"{nice_step(max(high, 0) - min(low, 0)):e}".split("e")[0]
    assert float(mantissa) in (1.0, 2.0, 5.0)
    assert len(steps) <= 2  # equal steps (up to rounding)
    assert len(ticks) <= 13


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=40))
def test_every_bar_lies_inside_the_picture(values):
    chart = Chart(
        "bar", "T", tuple(f"c{i}" for i in range(len(values))), (Series("S", tuple(values)),)
    )
    svg = render_svg(chart)
    width = float(re.search(r'width="(\d+)"', svg).group(1))
    for x, w in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg):
        assert float(x) >= 0
        assert float(x) + float(w) <= width
