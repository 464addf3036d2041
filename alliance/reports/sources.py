"""The plain records the data side of the annual report hands to the publication side.

`alliance/reports/queries.py` returns these; the edition (alliance/reports/publication/) reads
only them, never the models, so that it can be fed generated data without a database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Country:
    """A country or territory of the report's Asia (UN M49 Asia plus Taiwan)."""

    iso3: str
    name: str
    subregion: str
    income_group: str


@dataclass(frozen=True)
class PublicPoint:
    """One value of a public statistic: country, year, value, with its flags and provenance.

    `flags` is a comma-separated list such as "estimate"; empty for plain country data."""

    country_iso3: str
    country_name: str
    year: int
    value: float
    flags: str
    source: str
    licence: str
    breakdown: str = ""


@dataclass(frozen=True)
class MemberValue:
    """One member indicator of one institution for one year, from a signed-off submission.

    `state` is "value", "withheld" or "not_available"; `value` is None unless state is "value"."""

    institution_id: int
    institution_name: str
    native_name: str
    country_iso3: str
    code: str
    value: Decimal | None
    state: str
    locked: bool
    comment: str


@dataclass(frozen=True)
class CorrectionRow:
    """A change to a signed-off value made after publication, as the corrections list shows it.

    `old` and `new` are None when the value was (or became) withheld or not available; the
    states say which."""

    date: datetime.date
    institution_name: str
    code: str
    old: Decimal | None
    new: Decimal | None
    reason: str
    old_state: str = "value"
    new_state: str = "value"
