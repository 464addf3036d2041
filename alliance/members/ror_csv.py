"""Reading a ROR-shaped CSV file into checked rows. Pure: no database.

Every row is checked; every problem is reported with its line number and what to do about it.
The caller imports nothing unless the whole file is clean.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from alliance.members.identifiers import is_valid_ror_id, normalise_ror_id

REQUIRED_COLUMNS = ("ror_id", "name", "iso2")
KNOWN_COLUMNS = (
    *REQUIRED_COLUMNS,
    "city",
    "types",
    "established",
    "website",
    "acronyms",
    "labels_json",
    "wikidata",
    "grid",
    "isni",
    "ror_release",
)
KIND_OF_ROR_TYPE = {
    "education": "university",
    "government": "government",
    "company": "company",
    "nonprofit": "ngo",
}
MAX_ERRORS_REPORTED = 200


@dataclass(frozen=True)
class RorRow:
    line: int
    ror_id: str
    name: str
    country: str
    city: str = ""
    kind: str = "university"
    established: int | None = None
    website: str = ""
    acronym: str = ""
    wikidata_id: str = ""
    grid_id: str = ""
    isni: str = ""
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ParsedFile:
    rows: list[RorRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes) -> tuple[str | None, RowError | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RowError(
            line,
            _(
                "the file is not UTF-8 text (byte %(byte)d cannot be read). "
                "Save it as 'CSV UTF-8' and upload it again."
            )
            % {"byte": exc.start + 1},
        )


def _year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    number = float(text)  # ROR exports write years as 1911.0
    if not number.is_integer() or not 800 <= number <= 2100:
        raise ValueError(text)
    return int(number)


def parse_ror_csv(data: bytes, *, max_bytes: int) -> ParsedFile:
    result = ParsedFile()
    if len(data) > max_bytes:
        result.errors.append(
            RowError(
                0,
                _(
                    "the file is %(size).1f MB; the largest accepted is %(limit).1f MB. "
                    "Split it into smaller files."
                )
                % {"size": len(data) / 1_048_576, "limit": max_bytes / 1_048_576},
            )
        )
        return result
    text, problem = _decode(data)
    if problem or text is None:
        result.errors.append(problem or RowError(0, _("the file is empty.")))
        return result
    if b"\x00" in data:
        result.errors.append(RowError(0, _("the file holds binary data, not CSV text.")))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.errors.append(
            RowError(
                1,
                _(
                    "the header lacks the column(s) %(missing)s; found: %(found)s. "
                    "The first line must name the columns, such as ror_id,name,iso2,city."
                )
                % {"missing": ", ".join(missing), "found": ", ".join(columns) or _("nothing")},
            )
        )
        return result
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if len(result.errors) >= MAX_ERRORS_REPORTED:
                result.errors.append(RowError(line, _("too many errors; stopped checking here.")))
                break
            row_or_errors = _check(
                line, {k.strip(): (v or "") for k, v in record.items() if k}, seen
            )
            if isinstance(row_or_errors, RorRow):
                result.rows.append(row_or_errors)
            else:
                result.errors.extend(row_or_errors)
    except csv.Error as exc:
        result.errors.append(
            RowError(reader.line_num, _("the CSV cannot be read here: %(error)s.") % {"error": exc})
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(0, _("the file has a header but no rows.")))
    return result


def _check(line: int, record: dict[str, str], seen: dict[str, int]) -> RorRow | list[RowError]:
    errors: list[str] = []
    ror_id = normalise_ror_id(record.get("ror_id", ""))
    if not ror_id:
        errors.append(_("the ROR id is empty"))
    elif not is_valid_ror_id(ror_id):
        errors.append(
            _(
                "“%(value)s” is not a valid ROR id (expected https://ror.org/ and nine "
                "characters with valid check digits, such as https://ror.org/03cve4549)"
            )
            % {"value": record.get("ror_id", "").strip()}
        )
    elif ror_id in seen:
        errors.append(
            _("the ROR id %(ror_id)s appears already on line %(line)d")
            % {"ror_id": ror_id, "line": seen[ror_id]}
        )
    else:
        seen[ror_id] = line
    name = record.get("name", "").strip()
    if not name:
        errors.append(_("the name is empty"))
    elif len(name) > 300:
        errors.append(_("the name is longer than 300 characters"))
    country = record.get("iso2", "").strip().upper()
    if not country:
        errors.append(_("the country code (iso2) is empty"))
    elif country not in countries:
        errors.append(
            _("“%(value)s” is not an ISO 3166 country or region code (such as CN, HK, JP)")
            % {"value": country}
        )
    try:
        established = _year(record.get("established", ""))
    except ValueError:
        errors.append(_("“%(value)s” is not a year") % {"value": record.get("established")})
        established = None
    names: list[tuple[str, str]] = []
    labels = record.get("labels_json", "").strip()
    if labels:
        try:
            parsed = json.loads(labels)
            if not isinstance(parsed, dict):
                raise ValueError
            for lang, label in parsed.items():
                if isinstance(lang, str) and isinstance(label, str) and label.strip():
                    names.append((lang.strip().lower()[:16], label.strip()[:300]))
        except ValueError:
            errors.append(_('labels_json is not a JSON object such as {"zh": "清华大学"}'))
    wikidata = record.get("wikidata", "").strip()
    if wikidata and not (wikidata.startswith("Q") and wikidata[1:].isdigit()):
        errors.append(
            _("“%(value)s” is not a Wikidata id (Q followed by digits)") % {"value": wikidata}
        )
    website = record.get("website", "").strip()
    if website and not website.startswith(("http://", "https://")):
        errors.append(
            _("the website “%(value)s” must start with http:// or https://") % {"value": website}
        )
    if errors:
        return [RowError(line, e) for e in errors]
    types = [t.strip() for t in record.get("types", "").replace(";", ",").split(",") if t.strip()]
    kind = next((KIND_OF_ROR_TYPE[t] for t in types if t in KIND_OF_ROR_TYPE), "university")
    acronyms = [
        a.strip() for a in record.get("acronyms", "").replace(";", ",").split(",") if a.strip()
    ]
    return RorRow(
        line=line,
        ror_id=ror_id,
        name=name,
        country=country,
        city=record.get("city", "").strip()[:120],
        kind=kind,
        established=established,
        website=website[:300],
        acronym=(acronyms[0] if acronyms else "")[:40],
        wikidata_id=wikidata,
        grid_id=record.get("grid", "").strip()[:32],
        isni=record.get("isni", "").strip()[:32],
        names=tuple(n for n in names if not (n[0] == "en" and n[1] == name)),
    )
