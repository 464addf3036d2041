"""Chapter 1 of the edition: the country context, from the public statistics (enrolment,
mobility, spending), each figure with its publishers, licences and flags."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from alliance.reports.handbook import Indicator
from alliance.reports.publication.charts import Chart, Series
from alliance.reports.publication.content import (
    Chapter,
    Column,
    Figure,
    Section,
    Table,
)
from alliance.reports.publication.inputs import Sources, public_note, value_flags
from alliance.reports.sources import Country, PublicPoint

# --- chapter 1: country context ---------------------------------------------------------------


def country_chapter(year: int, sources: Sources, indicators: list[Indicator]) -> Chapter:
    countries = {c.iso3: c for c in sources.countries()}
    sections = []
    for indicator in indicators:
        if indicator.source != "public":
            continue
        points = [
            p
            for p in sources.public_series(indicator.code)
            if p.breakdown in ("", "total") and p.year <= year
        ]
        sections.append(_country_section(indicator, points, countries))
    return Chapter(
        "country",
        0,
        _("Country context"),
        _(
            "Enrolment, student mobility and spending on education in the countries of Asia, "
            "from public statistics. Each figure keeps the source and licence of its data."
        ),
        tuple(sections),
    )


def _country_section(
    indicator: Indicator, points: list[PublicPoint], countries: dict[str, Country]
) -> Section:
    ident = f"country-{indicator.code.lower()}"
    if not points:
        return Section(ident, str(indicator.name), _("No public data has been imported yet."))
    latest: dict[str, PublicPoint] = {}
    for point in sorted(points, key=lambda p: p.year):
        latest[point.country_iso3] = point
    ranked = sorted(latest.values(), key=lambda p: (-p.value, p.country_name))
    bar = Chart(
        kind="bar",
        title=_("%(indicator)s, latest year per country") % {"indicator": indicator.name},
        categories=tuple(_marked(p) for p in ranked),
        series=(Series(str(indicator.name), tuple(p.value for p in ranked)),),
        unit=indicator.unit,
        ident=f"{ident}-latest",
    )
    years = sorted({p.year for p in points})
    by_region: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for point in points:
        region = countries[point.country_iso3].subregion if point.country_iso3 in countries else ""
        by_region[region or _("Other")][point.year].append(point.value)
    trend = Chart(
        kind="line",
        title=_("%(indicator)s: average of the countries of each subregion")
        % {"indicator": indicator.name},
        categories=tuple(str(y) for y in years),
        series=tuple(
            Series(region, tuple(_mean(values.get(y)) for y in years))
            for region, values in sorted(by_region.items())
        ),
        unit=indicator.unit,
        ident=f"{ident}-trend",
    )
    table = Table(
        ident=ident,
        title=_("%(indicator)s, latest year per country") % {"indicator": indicator.name},
        columns=(
            Column("country", _("Country"), meaning=_("Country or territory")),
            Column("year", _("Year"), meaning=_("Reference year of the value")),
            Column("value", str(indicator.name), indicator.unit, str(indicator.definition)),
            Column("flags", _("Flags"), meaning=_("Marks such as estimate")),
            Column("source", _("Source"), meaning=_("Publisher of the value")),
            Column("licence", _("Licence"), meaning=_("Licence of the value")),
        ),
        rows=tuple((p.country_name, p.year, p.value, p.flags, p.source, p.licence) for p in ranked),
        note=public_note(ranked),
    )
    note = public_note(points)
    return Section(
        ident,
        str(indicator.name),
        str(indicator.definition),
        figures=(Figure(bar, public_note(ranked)), Figure(trend, note)),
        tables=(table,),
    )


def _marked(point: PublicPoint) -> str:
    """The country's name, with its flags (such as "estimate") when its value carries any."""
    flags = value_flags(point)
    if not flags:
        return f"{point.country_name} ({point.year})"
    return f"{point.country_name} ({point.year}, {', '.join(flags)})"


def _mean(values: list[float] | None) -> float | None:
    return sum(values) / len(values) if values else None
