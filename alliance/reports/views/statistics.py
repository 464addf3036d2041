"""Public pages of the annual report's data side: the indicator handbook and the public
statistics browser (indicator, country, series with flags and source)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alliance.reports import queries
from alliance.reports.forms import StatisticsFilterForm
from alliance.reports.handbook import (
    FULL_TIME_DEFINITION,
    INDICATORS,
    PUBLIC_INDICATORS,
    REFERENCE_NOTE,
    SOURCE_LABELS,
    SOURCES,
    UNIT_LABELS,
    by_code,
)

MAX_ROWS = 500


def handbook(request: HttpRequest) -> HttpResponse:
    sections = [
        (
            SOURCE_LABELS[source],
            [(i, UNIT_LABELS[i.unit]) for i in INDICATORS if i.source == source],
        )
        for source in SOURCES
    ]
    return render(
        request,
        "reports/statistics/handbook.html",
        {"sections": sections, "full_time": FULL_TIME_DEFINITION, "reference": REFERENCE_NOTE},
    )


def statistics(request: HttpRequest) -> HttpResponse:
    """One public indicator's series, all countries or one, with flags and provenance."""
    countries = queries.countries()
    form = StatisticsFilterForm(
        request.GET or None, countries=[(c.iso3, c.name) for c in countries]
    )
    data = form.cleaned_data if form.is_valid() else {}
    indicator = by_code(data.get("indicator") or PUBLIC_INDICATORS[0].code)
    breakdown = data.get("breakdown") or None
    if breakdown and breakdown not in indicator.breakdowns:
        breakdown = None
    if breakdown is None:
        breakdown = indicator.breakdowns[0] if indicator.breakdowns else ""
    values = queries.public_values(
        code=indicator.code, country=data.get("country") or "", breakdown=breakdown
    )
    return render(
        request,
        "reports/statistics/browser.html",
        {
            "form": form,
            "indicator": indicator,
            "breakdown": breakdown,
            "unit": UNIT_LABELS[indicator.unit],
            "values": values[:MAX_ROWS],
            "count": values.count(),
            "max_rows": MAX_ROWS,
        },
    )
