"""Importing the public statistics the report sets members against: countries (World Bank
metadata), UNESCO UIS gross enrolment ratios and mobile students, OWID mobility rates and World
Bank government expenditure on education.

The files ship in alliance/reports/data/ (see its README for provenance and licences). Every file
is read and checked before anything is written; a file whose columns are not the expected ones is
refused with both lists named, and nothing is imported. Importing again updates values in place
(one value per indicator, country, year and breakdown), so the import is idempotent.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.reports.models import Country, PublicValue

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

UIS = "UNESCO Institute for Statistics (UIS)"
UIS_LICENCE = "UNESCO UIS data; credit UIS (open-access licence CC BY-SA 3.0 IGO)"
WB = "World Bank, World Development Indicators"
WB_LICENCE = "CC BY 4.0"
OWID = "Our World in Data, from UNESCO UIS data"
OWID_LICENCE = "CC BY 4.0 (OWID); UIS terms apply to the underlying data"


@dataclass(frozen=True)
class Row:
    """One value to store: handbook code, ISO3, year, breakdown, value, flags."""

    code: str
    iso3: str
    year: int
    breakdown: str
    value: float
    flags: str


@dataclass(frozen=True)
class PublicFile:
    name: str
    columns: tuple[str, ...]
    source: str
    licence: str
    rows: Callable[[dict[str, str]], Iterator[Row]]


def _ger_rows(record: dict[str, str]) -> Iterator[Row]:
    for breakdown in ("total", "female", "male"):
        raw = record[f"ger_{breakdown}"].strip()
        if raw:
            flags = "estimate" if record[f"nature_{breakdown}"].strip() == "E" else ""
            yield Row(
                "GER_TERTIARY", record["iso3"], int(record["year"]), breakdown, float(raw), flags
            )


_UIS_CODES = {"26637": "MOBILE_IN", "MENF.5T8": "MOBILE_NET_FLOW"}


def _mobile_rows(record: dict[str, str]) -> Iterator[Row]:
    code = _UIS_CODES.get(record["uis_indicator"].strip())
    raw = record["value"].strip()
    if code is None or not raw:
        return
    flags = []
    if record["qualifier"].strip() == "UIS_EST":
        flags.append("estimate")
    if record["magnitude"].strip() == "NIL":
        flags.append("nil")
    yield Row(code, record["iso3"], int(record["year"]), "", float(raw), ",".join(flags))


def _owid_rows(record: dict[str, str]) -> Iterator[Row]:
    for column, code in (
        ("inbound_mobility_rate_pct", "MOBILITY_IN_RATE"),
        ("outbound_mobility_ratio_pct", "MOBILITY_OUT_RATIO"),
    ):
        raw = record[column].strip()
        if raw:
            yield Row(code, record["iso3"], int(record["year"]), "", float(raw), "")


def _wdi_rows(record: dict[str, str]) -> Iterator[Row]:
    raw = record["value"].strip()
    if record["indicator"].strip() == "SE.XPD.TOTL.GD.ZS" and raw:
        yield Row("GOV_EXP_EDU_GDP", record["iso3"], int(record["year"]), "", float(raw), "")


COUNTRIES_FILE = "asia_countries.csv"
COUNTRY_COLUMNS = (
    "iso2",
    "iso3",
    "un_m49_subregion",
    "wb_name",
    "wb_region",
    "wb_income_group",
)
VALUE_FILES = (
    PublicFile(
        "uis_tertiary_ger_by_sex_asia.csv",
        (
            "iso3",
            "country",
            "year",
            "ger_total",
            "ger_female",
            "ger_male",
            "nature_total",
            "nature_female",
            "nature_male",
            "SOURCE_YEAR",
        ),
        UIS,
        UIS_LICENCE,
        _ger_rows,
    ),
    PublicFile(
        "uis_mobile_students_asia.csv",
        ("iso3", "year", "uis_indicator", "indicator_label", "value", "qualifier", "magnitude"),
        UIS,
        UIS_LICENCE,
        _mobile_rows,
    ),
    PublicFile(
        "owid_student_mobility_rates_asia.csv",
        ("entity", "iso3", "year", "inbound_mobility_rate_pct", "outbound_mobility_ratio_pct"),
        OWID,
        OWID_LICENCE,
        _owid_rows,
    ),
    PublicFile(
        "wdi_gov_expenditure_education_pct_gdp_asia.csv",
        ("iso3", "country", "indicator", "year", "value"),
        WB,
        WB_LICENCE,
        _wdi_rows,
    ),
)


@dataclass
class ImportResult:
    countries: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


def _read(path: Path, expected: tuple[str, ...]) -> list[dict[str, str]]:
    """The file's records, or a ValidationError naming the expected and the found columns."""
    if not path.is_file():
        raise ValidationError(_("The file %(file)s is missing.") % {"file": str(path)})
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        found = tuple(reader.fieldnames or ())
        if found != expected:
            raise ValidationError(
                _(
                    "%(file)s does not have the expected columns. Expected: %(expected)s. "
                    "Found: %(found)s. Nothing was imported."
                )
                % {
                    "file": path.name,
                    "expected": ", ".join(expected),
                    "found": ", ".join(found) or _("(none)"),
                }
            )
        return list(reader)


def _parsed_rows(directory: Path) -> list[tuple[PublicFile, Row]]:
    result: list[tuple[PublicFile, Row]] = []
    for spec in VALUE_FILES:
        records = _read(directory / spec.name, spec.columns)
        for number, record in enumerate(records, start=2):
            try:
                result.extend((spec, row) for row in spec.rows(record))
            except ValueError:
                raise ValidationError(
                    _(
                        "%(file)s, line %(line)s: a year or value is not a number. Nothing was imported."
                    )
                    % {"file": spec.name, "line": number}
                ) from None
    return result


def _country_name(record: dict[str, str]) -> str:
    return record["wb_name"].strip() or str(country_names.name(record["iso2"])) or record["iso3"]


def import_public_statistics(
    directory: Path | None = None, *, actor: User | None = None
) -> ImportResult:
    """Import (or refresh) every public file of `directory` (default: the shipped data)."""
    directory = directory or DATA_DIR
    country_records = _read(directory / COUNTRIES_FILE, COUNTRY_COLUMNS)
    rows = _parsed_rows(directory)
    result = ImportResult()
    with transaction.atomic():
        for record in country_records:
            Country.objects.update_or_create(
                iso3=record["iso3"].strip(),
                defaults={
                    "iso2": record["iso2"].strip(),
                    "name": _country_name(record),
                    "subregion": record["un_m49_subregion"].strip(),
                    "region": record["wb_region"].strip(),
                    "income_group": record["wb_income_group"].strip(),
                },
            )
            result.countries += 1
        _store_values(rows, result)
        record_audit(
            "reports.import_public_statistics",
            actor=actor,
            after={
                "countries": result.countries,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
            },
        )
    return result


def _store_values(rows: list[tuple[PublicFile, Row]], result: ImportResult) -> None:
    country_ids = dict(Country.objects.values_list("iso3", "pk"))
    existing = {
        (v.code, v.country_id, v.year, v.breakdown): v
        for v in PublicValue.objects.select_for_update()
    }
    to_create: list[PublicValue] = []
    to_update: list[PublicValue] = []
    for spec, row in rows:
        country_id = country_ids.get(row.iso3)
        if country_id is None:
            result.skipped += 1
            continue
        wanted = {
            "value": row.value,
            "flags": row.flags,
            "source": spec.source,
            "licence": spec.licence,
            "source_file": spec.name,
        }
        current = existing.get((row.code, country_id, row.year, row.breakdown))
        if current is None:
            to_create.append(
                PublicValue(
                    code=row.code,
                    country_id=country_id,
                    year=row.year,
                    breakdown=row.breakdown,
                    **wanted,
                )
            )
        elif any(getattr(current, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(current, key, value)
            to_update.append(current)
        else:
            result.unchanged += 1
    PublicValue.objects.bulk_create(to_create, batch_size=500)
    PublicValue.objects.bulk_update(
        to_update, ["value", "flags", "source", "licence", "source_file"], batch_size=500
    )
    result.created, result.updated = len(to_create), len(to_update)
