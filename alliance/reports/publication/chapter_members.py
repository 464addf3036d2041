"""Chapter 2 of the edition: the members, from the figures each signed off. Tables print the
first ``TOP``; the open data holds every member."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from alliance.reports.handbook import Indicator
from alliance.reports.publication.charts import Chart, Series
from alliance.reports.publication.content import (
    Chapter,
    Column,
    Figure,
    Section,
    SourceNote,
    Table,
)
from alliance.reports.publication.formulas import evaluate, names_in
from alliance.reports.publication.inputs import Sources, member_note
from alliance.reports.sources import MemberValue

TOP = 15  # institutions printed per members' table; the open data has every one
TREND_YEARS = 10
MEMBER_LIST_LIMIT = 60  # above this, the members are counted per country instead of listed

# --- chapter 2: members -----------------------------------------------------------------------


def member_figures(
    values: list[MemberValue], indicators: list[Indicator]
) -> dict[str, dict[int, Decimal]]:
    """Reported values per code and institution, derived indicators filled in from their
    formula where the sources did not give them."""
    figures: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for v in values:
        if v.state == "value" and v.value is not None:
            figures[v.code][v.institution_id] = Decimal(v.value)
    for indicator in indicators:
        if not indicator.formula or figures.get(indicator.code):
            continue
        inputs = names_in(indicator.formula)
        institutions = set.intersection(*(set(figures.get(name, {})) for name in inputs))
        for inst in institutions:
            result = evaluate(indicator.formula, {n: figures[n][inst] for n in inputs})
            if result is not None:
                figures[indicator.code][inst] = result
    return figures


def member_chapter(year: int, sources: Sources, indicators: list[Indicator]) -> Chapter:
    values = sources.member_values(year)
    institutions = {v.institution_id: v for v in values}
    figures = member_figures(values, indicators)
    states: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for v in values:
        states[v.code][v.state] += 1
    sections = [_members_reporting(year, institutions), _members_trend(year, sources, indicators)]
    for indicator in indicators:
        if indicator.source == "member" and indicator.chapter == "members":
            sections.append(
                _member_section(
                    year,
                    indicator,
                    figures.get(indicator.code, {}),
                    institutions,
                    states[indicator.code],
                )
            )
    return Chapter(
        "members",
        0,
        _("The members"),
        _(
            "Size, internationalisation and staff of the member universities, from the figures "
            "each member signed off for %(year)s. Tables show the first %(top)s; the open data "
            "holds every member."
        )
        % {"year": year, "top": TOP},
        tuple(sections),
    )


def _members_reporting(year: int, institutions: dict[int, MemberValue]) -> Section:
    ordered = sorted(institutions.values(), key=lambda v: v.institution_name)
    if len(ordered) <= MEMBER_LIST_LIMIT:
        table = Table(
            ident="members",
            title=_("Members that reported for %(year)s") % {"year": year},
            columns=(
                Column("institution", _("Institution"), meaning=_("Name in English")),
                Column(
                    "native_name", _("Name"), meaning=_("Name in the institution's own language")
                ),
                Column("country", _("Country"), meaning=_("ISO 3166 alpha-3 code")),
            ),
            rows=tuple((v.institution_name, v.native_name, v.country_iso3) for v in ordered),
            note=member_note(year),
        )
    else:
        per_country: dict[str, int] = defaultdict(int)
        for v in ordered:
            per_country[v.country_iso3] += 1
        table = Table(
            ident="members-per-country",
            title=_("Members that reported for %(year)s, per country") % {"year": year},
            columns=(
                Column("country", _("Country"), meaning=_("ISO 3166 alpha-3 code")),
                Column("members", _("Members"), "count", _("Members that reported")),
            ),
            rows=tuple(
                (country, count)
                for country, count in sorted(per_country.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            note=member_note(year),
        )
    return Section(
        "members-reporting",
        _("Members reporting"),
        _("%(count)s members signed off their figures for %(year)s.")
        % {"count": len(ordered), "year": year},
        tables=(table,),
    )


def _members_trend(year: int, sources: Sources, indicators: list[Indicator]) -> Section:
    """Totals of the counted indicators over the members reporting each year."""
    years = list(range(year - TREND_YEARS + 1, year + 1))
    counted = [
        i for i in indicators if i.source == "member" and i.unit == "count" and not i.formula
    ]
    totals: dict[str, list[float | None]] = {i.code: [] for i in counted}
    for y in years:
        sums: dict[str, float] = defaultdict(float)
        seen: set[str] = set()
        for v in sources.member_values(y):
            if v.state == "value" and v.value is not None and v.code in totals:
                sums[v.code] += float(v.value)
                seen.add(v.code)
        for code in totals:
            totals[code].append(sums[code] if code in seen else None)
    students = [i for i in counted if i.code.startswith("STU_") and i.code != "STU_TOTAL"]
    chart = Chart(
        kind="line",
        title=_("Students at the members, %(first)s to %(last)s")
        % {"first": years[0], "last": year},
        categories=tuple(str(y) for y in years),
        series=tuple(Series(str(i.name), tuple(totals[i.code])) for i in students),
        unit="count",
        ident="members-trend-chart",
    )
    table = Table(
        ident="members-totals",
        title=_("Totals over the members reporting, per year"),
        columns=(
            Column("indicator", _("Indicator")),
            *(Column(str(y), str(y), "count", _("Total of the members reporting")) for y in years),
        ),
        rows=tuple((str(i.name), *totals[i.code]) for i in counted),
        note=member_note(year),
    )
    return Section(
        "members-trend",
        _("Ten years of the members"),
        _("Totals over the members that reported each year; members joining add to them."),
        figures=(Figure(chart, member_note(year)),),
        tables=(table,),
    )


def _member_section(
    year: int,
    indicator: Indicator,
    figures: dict[int, Decimal],
    institutions: dict[int, MemberValue],
    states: dict[str, int],
) -> Section:
    ident = f"members-{indicator.code.lower()}"
    ranked = sorted(figures.items(), key=lambda kv: (-kv[1], institutions[kv[0]].institution_name))
    top = ranked[:TOP]
    chart = Chart(
        kind="bar",
        title=_("%(indicator)s: the %(count)s highest")
        % {"indicator": indicator.name, "count": len(top)},
        categories=tuple(institutions[i].institution_name for i, _v in top),
        series=(Series(str(indicator.name), tuple(float(v) for _i, v in top)),),
        unit=indicator.unit,
        ident=f"{ident}-chart",
    )
    rows = tuple(
        (
            rank,
            institutions[inst].institution_name,
            institutions[inst].native_name,
            institutions[inst].country_iso3,
            float(value),
        )
        for rank, (inst, value) in enumerate(ranked, start=1)
    )
    withheld, missing = states.get("withheld", 0), states.get("not_available", 0)
    note = member_note(year)
    if withheld or missing:
        note = SourceNote(
            note.source,
            note.licence,
            note=_("Withheld by %(withheld)s members; not available at %(missing)s.")
            % {"withheld": withheld, "missing": missing},
        )
    if indicator.formula:
        note = SourceNote(
            note.source,
            note.licence,
            note.flags,
            " ".join(
                filter(
                    None, [note.note, _("Derived: %(formula)s.") % {"formula": indicator.formula}]
                )
            ),
        )
    table = Table(
        ident=ident,
        title=str(indicator.name),
        columns=(
            Column("rank", _("Rank"), "count", _("Position by value, highest first")),
            Column("institution", _("Institution"), meaning=_("Name in English")),
            Column("native_name", _("Name"), meaning=_("Name in the institution's own language")),
            Column("country", _("Country"), meaning=_("ISO 3166 alpha-3 code")),
            Column("value", str(indicator.name), indicator.unit, str(indicator.definition)),
        ),
        rows=rows,
        note=note,
        shown=TOP,
    )
    return Section(
        ident,
        str(indicator.name),
        str(indicator.definition),
        figures=(Figure(chart, note),) if top else (),
        tables=(table,),
    )
