"""The edition's content composed from its sources: the public statistics, the members' signed-off
figures, the platform's own activity, the handbook and the corrections log.

``compose(year, sources)`` reads only the ``Sources`` protocol, so that the benchmark and the
tests can feed it generated data without a database. It builds plain records (``content.py``);
rendering happens elsewhere. Uses Django only for translations.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from alliance.reports.handbook import Indicator
from alliance.reports.publication.chapter_alliance import alliance_chapter
from alliance.reports.publication.chapter_country import country_chapter
from alliance.reports.publication.chapter_members import TOP as TOP
from alliance.reports.publication.chapter_members import member_chapter
from alliance.reports.publication.chapter_members import member_figures as member_figures
from alliance.reports.publication.content import (
    OWN_LICENCE,
    Chapter,
    Column,
    EditionContent,
    Section,
    SourceNote,
    Table,
    as_cell,
)
from alliance.reports.publication.inputs import Sources as Sources
from alliance.reports.publication.inputs import member_note, public_note


def compose(
    year: int, sources: Sources, *, summary: str = "", alliance_name: str = ""
) -> EditionContent:
    """The whole edition of ``year``."""
    indicators = list(sources.indicators())
    members = member_chapter(year, sources, indicators)
    chapters = [
        country_chapter(year, sources, indicators),
        members,
        alliance_chapter(year, sources),
        method_chapter(indicators),
        corrections_chapter(year, sources),
    ]
    numbered = tuple(
        Chapter(c.ident, number, c.title, c.intro, c.sections)
        for number, c in enumerate(chapters, start=1)
    )
    return EditionContent(
        year=year,
        title=_("Asian Higher Education Outlook %(year)s") % {"year": year},
        subtitle=alliance_name,
        summary=summary,
        chapters=numbered,
        open_tables=tuple(_open_data_tables(year, sources, indicators)),
    )


# --- chapter 4: method; chapter 5: corrections -----------------------------------------------


def method_chapter(indicators: list[Indicator]) -> Chapter:
    table = Table(
        ident="handbook",
        title=_("The indicators"),
        columns=(
            Column("code", _("Code")),
            Column("name", _("Indicator")),
            Column("definition", _("Definition")),
            Column("unit", _("Unit")),
            Column("formula", _("Formula")),
            Column("source", _("Source")),
        ),
        rows=tuple(
            (i.code, str(i.name), str(i.definition), i.unit, i.formula, _source_label(i.source))
            for i in indicators
        ),
        note=SourceNote(_("The alliance's indicator handbook"), OWN_LICENCE),
    )
    return Chapter(
        "method",
        0,
        _("Method"),
        _(
            "Every figure in this report comes from one of three sources: the members' own "
            "yearly submissions (checked, queried and signed off by each member), public "
            "statistics (each value keeps its publisher and licence, estimates are marked), and "
            "the alliance platform's own records. Derived indicators are computed by their formula."
        ),
        (Section("method-indicators", _("The indicators"), tables=(table,)),),
    )


def _source_label(source: str) -> str:
    return {
        "member": _("Member submission"),
        "public": _("Public statistic"),
        "platform": _("Platform activity"),
    }.get(source, source)


def corrections_chapter(year: int, sources: Sources) -> Chapter:
    rows = sources.corrections(year)
    table = Table(
        ident="corrections",
        title=_("Corrections after publication"),
        columns=(
            Column("date", _("Date")),
            Column("institution", _("Institution")),
            Column("code", _("Indicator")),
            Column("old", _("Was"), meaning=_("Value before the correction")),
            Column("new", _("Now"), meaning=_("Value after the correction")),
            Column("reason", _("Reason")),
        ),
        rows=tuple(
            (
                as_cell(r.date),
                r.institution_name,
                r.code,
                _correction_value(r.old, r.old_state),
                _correction_value(r.new, r.new_state),
                r.reason,
            )
            for r in rows
        ),
        note=member_note(year),
    )
    intro = (
        _("No figure has been corrected since publication.")
        if not rows
        else _("%(count)s figures were corrected after publication.") % {"count": len(rows)}
    )
    return Chapter(
        "corrections",
        0,
        _("Corrections"),
        intro,
        (Section("corrections-log", _("Corrections log"), tables=(table,)),),
    )


def _correction_value(value: Decimal | None, state: str) -> str:
    if value is not None:
        return f"{value:,}"
    return {"withheld": _("withheld"), "not_available": _("not available")}.get(state, "–")


# --- open data only ---------------------------------------------------------------------------


def _open_data_tables(year: int, sources: Sources, indicators: list[Indicator]) -> list[Table]:
    """The full per-institution table and every public series in full."""
    values = sources.member_values(year)
    tables = [
        Table(
            ident="member-values",
            title=_("Every member figure of %(year)s") % {"year": year},
            columns=(
                Column("institution", _("Institution"), meaning=_("Name in English")),
                Column(
                    "native_name", _("Name"), meaning=_("Name in the institution's own language")
                ),
                Column("country", _("Country"), meaning=_("ISO 3166 alpha-3 code")),
                Column("code", _("Indicator"), meaning=_("Handbook code")),
                Column(
                    "value", _("Value"), "count", _("In the indicator's unit (see the handbook)")
                ),
                Column("state", _("State"), meaning=_("value, withheld or not_available")),
            ),
            rows=tuple(
                (
                    v.institution_name,
                    v.native_name,
                    v.country_iso3,
                    v.code,
                    as_cell(v.value),
                    v.state,
                )
                for v in sorted(values, key=lambda v: (v.institution_name, v.code))
            ),
            note=member_note(year),
            open_data_only=True,
        )
    ]
    for indicator in indicators:
        if indicator.source != "public":
            continue
        points = [p for p in sources.public_series(indicator.code) if p.year <= year]
        tables.append(
            Table(
                ident=f"public-{indicator.code.lower()}",
                title=str(indicator.name),
                columns=(
                    Column("country_iso3", _("Country code"), meaning=_("ISO 3166 alpha-3 code")),
                    Column("country", _("Country")),
                    Column("year", _("Year")),
                    Column(
                        "breakdown",
                        _("Breakdown"),
                        meaning=_("total, female or male; empty for total"),
                    ),
                    Column("value", str(indicator.name), indicator.unit, str(indicator.definition)),
                    Column("flags", _("Flags"), meaning=_("Marks such as estimate")),
                    Column("source", _("Source"), meaning=_("Publisher of the value")),
                    Column("licence", _("Licence"), meaning=_("Licence of the value")),
                ),
                rows=tuple(
                    (
                        p.country_iso3,
                        p.country_name,
                        p.year,
                        p.breakdown,
                        p.value,
                        p.flags,
                        p.source,
                        p.licence,
                    )
                    for p in sorted(points, key=lambda p: (p.country_iso3, p.year, p.breakdown))
                ),
                note=public_note(points),
                open_data_only=True,
            )
        )
    return tables
