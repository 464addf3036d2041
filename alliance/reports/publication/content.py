"""What an edition of the annual report holds, as plain records: chapters of sections, each with
figures (a chart and its source note) and tables (columns, rows and a source note). The web
page, the PDF and the open data are all drawn from one ``EditionContent``.

Pure: no Django. Also the platform activity records (mobility flows, programme awards, event
participation, knowledge inquiries) that ``activity.py`` reads from the other domains."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from alliance.reports.publication.charts import Chart, data_table, format_value, render_svg

OWN_LICENCE = "CC BY 4.0"
OWN_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

Cell = str | int | float | None


@dataclass(frozen=True)
class SourceNote:
    """The line under every figure and table: where the numbers come from, under which
    licence, and which flags (such as "estimate") some of them carry."""

    source: str
    licence: str
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Column:
    """A table column and its entry in the data dictionary."""

    key: str
    label: str
    unit: str = ""  # a handbook unit for numbers; "" for text
    meaning: str = ""
    source: str = ""


@dataclass(frozen=True)
class Table:
    """A table of the report. ``shown`` limits the rows printed (the open data has them all)."""

    ident: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: SourceNote
    shown: int | None = None
    open_data_only: bool = False

    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """The printed rows: each cell as its text and whether it is a number."""
        rows = self.rows if self.shown is None else self.rows[: self.shown]
        return [
            [_display(cell, column.unit) for cell, column in zip(row, self.columns, strict=True)]
            for row in rows
        ]

    @property
    def hidden_rows(self) -> int:
        return 0 if self.shown is None else max(len(self.rows) - self.shown, 0)


@dataclass(frozen=True)
class Figure:
    chart: Chart
    note: SourceNote

    def svg(self) -> str:
        return render_svg(self.chart)

    def data(self) -> tuple[list[str], list[list[str]]]:
        return data_table(self.chart)


@dataclass(frozen=True)
class Section:
    ident: str
    title: str
    intro: str = ""
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Chapter:
    ident: str
    number: int
    title: str
    intro: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class EditionContent:
    year: int
    title: str
    subtitle: str
    summary: str
    chapters: tuple[Chapter, ...]
    open_tables: tuple[Table, ...] = field(default=())

    def tables(self) -> list[Table]:
        """Every table of the edition, printed or for the open data only, once each."""
        seen: dict[str, Table] = {}
        for chapter in self.chapters:
            for section in chapter.sections:
                for table in section.tables:
                    seen.setdefault(table.ident, table)
        for table in self.open_tables:
            seen.setdefault(table.ident, table)
        return list(seen.values())


def _display(cell: Cell, unit: str) -> tuple[str, bool]:
    if cell is None or cell == "":
        return "–", bool(unit)
    if unit and isinstance(cell, int | float):
        return format_value(cell, unit), True
    return str(cell), False


# --- platform activity (read by activity.py from the other domains) --------------------------


@dataclass(frozen=True)
class FlowRow:
    """Students a member sent to another member in the year (mobility records that count)."""

    home: str
    host: str
    students: int


@dataclass(frozen=True)
class AwardRow:
    """Awards of a programme in the year, by the awardee's home and host institution."""

    programme: str
    home: str
    host: str
    awards: int


@dataclass(frozen=True)
class EventRow:
    name: str
    starts_on: datetime.date
    registered: int
    checked_in: int
    institutions: int


@dataclass(frozen=True)
class InquiryRow:
    status: str
    inquiries: int


def as_cell(value: Any) -> Cell:
    """A value as a table cell: Decimal and other numbers as float, dates as ISO text."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return float(value)
