"""Generated ``Sources`` of any size, for the benchmark and the tests: countries with public
series over many years, institutions with yearly figures, and platform activity. Deterministic
for a given seed. Institution names and their native names come from the ROR sample of Asian
universities (alliance/members/data/ror_asia_education.csv), so that every script appears."""

from __future__ import annotations

import csv
import datetime
import json
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from alliance.reports.handbook import INDICATORS, Indicator
from alliance.reports.publication.content import AwardRow, EventRow, FlowRow, InquiryRow
from alliance.reports.sources import CorrectionRow, Country, MemberValue, PublicPoint

ROR_SAMPLE = Path(__file__).resolve().parents[2] / "members" / "data" / "ror_asia_education.csv"
SUBREGIONS = ("Eastern Asia", "South-eastern Asia", "Southern Asia", "Central Asia", "Western Asia")
PUBLIC_SOURCES = (
    ("UNESCO Institute for Statistics", "CC BY-SA 3.0 IGO"),
    ("World Bank, World Development Indicators", "CC BY 4.0"),
)


@dataclass(frozen=True)
class Institution:
    id: int
    name: str
    native_name: str
    country_iso3: str


def _in_script(text: str, script: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and script in unicodedata.name(letters[0], "")


def ror_institutions(count: int, *, scripts: Sequence[tuple[str, str]] = ()) -> list[Institution]:
    """``count`` institutions of the ROR sample with a name in another language; with
    ``scripts`` ((language, Unicode script) pairs such as ("hi", "DEVANAGARI")), one
    institution named in each first, in that order."""
    with ROR_SAMPLE.open(encoding="utf-8") as handle:
        rows = [(row, json.loads(row["labels_json"] or "{}")) for row in csv.DictReader(handle)]
    chosen: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for language, script in scripts:
        for row, labels in rows:
            label = labels.get(language, "")
            if row["name"] not in used and _in_script(label, script):
                chosen.append((row["name"], label, row["iso2"]))
                used.add(row["name"])
                break
    for row, labels in rows:
        if len(chosen) >= count:
            break
        others = [v for k, v in labels.items() if k != "en"]
        if others and row["name"] not in used:
            chosen.append((row["name"], others[0], row["iso2"]))
            used.add(row["name"])
    return [
        Institution(id=i, name=name, native_name=native, country_iso3=iso2)
        for i, (name, native, iso2) in enumerate(chosen[:count], start=1)
    ]


@dataclass
class GeneratedSources:
    """A ``Sources`` answering from memory."""

    year: int
    countries_: list[Country]
    series: dict[str, list[PublicPoint]]
    values: dict[int, list[MemberValue]]
    flows: list[FlowRow] = field(default_factory=list)
    awards: list[AwardRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    inquiries: list[InquiryRow] = field(default_factory=list)
    corrections_: list[CorrectionRow] = field(default_factory=list)
    codes: tuple[str, ...] = ()  # when given, the handbook's indicators are limited to these

    def indicators(self) -> Sequence[Indicator]:
        return [i for i in INDICATORS if i.code in self.codes] if self.codes else INDICATORS

    def countries(self) -> list[Country]:
        return self.countries_

    def public_series(self, code: str) -> list[PublicPoint]:
        return self.series.get(code, [])

    def member_values(self, year: int) -> list[MemberValue]:
        return self.values.get(year, [])

    def corrections(self, year: int) -> list[CorrectionRow]:
        return self.corrections_ if year == self.year else []

    def mobility_flows(self, year: int) -> list[FlowRow]:
        return self.flows if year == self.year else []

    def programme_awards(self, year: int) -> list[AwardRow]:
        return self.awards if year == self.year else []

    def event_participation(self, year: int) -> list[EventRow]:
        return self.events if year == self.year else []

    def inquiry_counts(self, year: int) -> list[InquiryRow]:
        return self.inquiries if year == self.year else []


def generate(
    year: int,
    *,
    countries: int = 51,
    public_years: int = 35,
    institutions: list[Institution] | int = 15,
    member_years: int = 10,
    seed: int = 2026,
) -> GeneratedSources:
    rng = random.Random(seed)
    country_list = [
        Country(
            f"C{i:02d}", f"Country {i:02d}", SUBREGIONS[i % len(SUBREGIONS)], "upper middle income"
        )
        for i in range(1, countries + 1)
    ]
    series: dict[str, list[PublicPoint]] = {}
    for indicator in INDICATORS:
        if indicator.source != "public":
            continue
        points = []
        for c, country in enumerate(country_list):
            source, licence = PUBLIC_SOURCES[c % 2]
            level = rng.uniform(5, 60)
            for y in range(year - public_years + 1, year + 1):
                level = max(0.0, level + rng.uniform(-1.5, 2.5))
                flags = "estimate" if rng.random() < 0.1 else ""
                for breakdown in indicator.breakdowns or ("",):
                    shift = {"female": 1.05, "male": 0.95}.get(breakdown, 1.0)
                    points.append(
                        PublicPoint(
                            country.iso3,
                            country.name,
                            y,
                            round(level * shift, 2),
                            flags,
                            source,
                            licence,
                            breakdown,
                        )
                    )
        series[indicator.code] = points
    people = institutions if isinstance(institutions, list) else ror_institutions(institutions)
    submitted = [i for i in INDICATORS if i.source == "member" and not i.formula]
    values: dict[int, list[MemberValue]] = {}
    for y in range(year - member_years + 1, year + 1):
        rows = []
        for inst in people:
            for indicator in submitted:
                state = (
                    "value" if rng.random() > 0.03 else rng.choice(("withheld", "not_available"))
                )
                value = Decimal(rng.randint(50, 40000)) if state == "value" else None
                rows.append(
                    MemberValue(
                        inst.id,
                        inst.name,
                        inst.native_name,
                        inst.country_iso3,
                        indicator.code,
                        value,
                        state,
                        True,
                        "",
                    )
                )
        values[y] = rows
    names = [inst.name for inst in people[:15]]
    flows = [
        FlowRow(home, host, rng.randint(1, 12))
        for home in names
        for host in names
        if home != host and rng.random() < 0.3
    ]
    awards = [
        AwardRow(programme, rng.choice(names), rng.choice(names), rng.randint(1, 4))
        for programme in ("Scholars Award", "Staff Exchange")
        for _n in range(10)
    ]
    events = [
        EventRow(f"Event {n}", datetime.date(year, 1 + n % 12, 10), 80 + n, 60 + n, 12)
        for n in range(12)
    ]
    inquiries = [InquiryRow(s, rng.randint(0, 30)) for s in ("Open", "Answered", "Closed")]
    corrections = (
        [
            CorrectionRow(
                datetime.date(year + 1, 3, 1),
                names[0],
                "STU_TOTAL",
                Decimal(100),
                Decimal(120),
                "Typing error",
            )
        ]
        if names
        else []
    )
    return GeneratedSources(
        year, country_list, series, values, flows, awards, events, inquiries, corrections
    )
