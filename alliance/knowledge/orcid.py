"""Reading a CSV of ORCID-style work records: identifiers checked (the ORCID iD's ISO 7064
11,2 check character, the DOI's shape), header variants understood, each bad row named with
its line number and what is wrong. Pure: no Django; messages come back as codes with their
values, for the caller to translate.

Columns (case, spaces, hyphens and underscores in headers do not matter; ``title`` is the only
required one): ``orcid`` (also ``orcid-id``, ``orcid-identifier``), ``put-code`` (``putcode``),
``title`` (``work-title``), ``journal`` (``journal-title``, ``container``, ``source``),
``year`` (``publication-year``, ``pub-year``, ``publication-date``: its first four digits),
``doi`` (``external-id-doi``; a ``https://doi.org/`` or ``doi:`` prefix is dropped), ``type``
(``work-type``), ``url`` (``link``, ``work-url``)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

MAX_ROWS = 2000
MIN_YEAR = 1800

HEADERS = {
    "orcid": "orcid",
    "orcid-id": "orcid",
    "orcid-identifier": "orcid",
    "orcid-ids": "orcid",
    "put-code": "put_code",
    "putcode": "put_code",
    "work-put-code": "put_code",
    "title": "title",
    "work-title": "title",
    "journal": "journal",
    "journal-title": "journal",
    "container": "journal",
    "container-title": "journal",
    "source": "journal",
    "year": "year",
    "publication-year": "year",
    "pub-year": "year",
    "publication-date": "year",
    "doi": "doi",
    "external-id-doi": "doi",
    "type": "work_type",
    "work-type": "work_type",
    "url": "url",
    "link": "url",
    "work-url": "url",
}
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
ORCID_PREFIX = re.compile(r"^https?://(www\.)?orcid\.org/", re.IGNORECASE)
ORCID_SHAPE = re.compile(r"^\d{4}-?\d{4}-?\d{4}-?\d{3}[\dX]$")


def orcid_check_character(base_digits: str) -> str:
    """The check character of the 15 base digits of an ORCID iD (ISO 7064 MOD 11-2)."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str | None:
    """``0000-0002-1825-0097`` from any usual writing of a valid iD (with the orcid.org
    address, without hyphens, lower-case x); None when the shape or the check character is
    wrong."""
    text = ORCID_PREFIX.sub("", value.strip()).upper()
    if not ORCID_SHAPE.match(text):
        return None
    digits = text.replace("-", "")
    if orcid_check_character(digits[:15]) != digits[15]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def normalise_doi(value: str) -> str | None:
    """The DOI in lower case without its resolver prefix (DOIs ignore case); None when it does
    not look like one (10.<registrant>/<suffix>)."""
    text = DOI_PREFIX.sub("", value.strip()).lower()
    return text if DOI.match(text) and len(text) <= 200 else None


def _header(name: str) -> str:
    return re.sub(r"[\s_-]+", "-", name.strip().lstrip("\ufeff").casefold()).strip("-")


@dataclass
class Work:
    line: int
    title: str
    journal: str = ""
    year: int | None = None
    doi: str = ""
    put_code: str = ""
    work_type: str = ""
    url: str = ""
    orcid: str = ""


@dataclass
class Problem:
    """What is wrong where: ``code`` is one of missing-title, bad-year, bad-doi, bad-orcid,
    other-orcid, bad-put-code, bad-url, too-long, no-title-column, too-many-rows, empty,
    not-csv; ``value`` the offending text."""

    line: int
    code: str
    value: str = ""


@dataclass
class Parsed:
    works: list[Work] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _row_work(line: int, row: dict[str, str], expert_orcid: str, this_year: int) -> Parsed:
    out = Parsed()
    bad = out.problems.append
    title = " ".join(row.get("title", "").split())
    if not title:
        bad(Problem(line, "missing-title"))
    elif len(title) > 500:
        bad(Problem(line, "too-long", "title"))
    work = Work(line=line, title=title)
    work.journal = " ".join(row.get("journal", "").split())[:300]
    work.work_type = row.get("work_type", "").strip().lower().replace("_", "-")[:60]
    year = row.get("year", "").strip()
    if year:
        match = re.match(r"^(\d{4})(\D.*)?$", year)
        if match is None or not MIN_YEAR <= int(match.group(1)) <= this_year + 1:
            bad(Problem(line, "bad-year", year))
        else:
            work.year = int(match.group(1))
    doi = row.get("doi", "").strip()
    if doi:
        clean = normalise_doi(doi)
        if clean is None:
            bad(Problem(line, "bad-doi", doi))
        else:
            work.doi = clean
    put_code = row.get("put_code", "").strip()
    if put_code:
        if not put_code.isdigit() or len(put_code) > 20:
            bad(Problem(line, "bad-put-code", put_code))
        else:
            work.put_code = put_code
    orcid = row.get("orcid", "").strip()
    if orcid:
        clean_orcid = normalise_orcid(orcid)
        if clean_orcid is None:
            bad(Problem(line, "bad-orcid", orcid))
        elif clean_orcid != expert_orcid:
            bad(Problem(line, "other-orcid", clean_orcid))
        else:
            work.orcid = clean_orcid
    url = row.get("url", "").strip()
    if url:
        if not re.match(r"^https?://\S+$", url) or len(url) > 500:
            bad(Problem(line, "bad-url", url))
        else:
            work.url = url
    if not out.problems:
        out.works.append(work)
    return out


def parse_works(data: bytes, *, expert_orcid: str, this_year: int) -> Parsed:
    """Every row of the CSV as a work, or the problems of every bad row (line numbers as a
    spreadsheet shows them: the header is line 1). Blank rows are skipped."""
    text = _decode(data)
    if text is None:
        return Parsed(problems=[Problem(0, "not-csv")])
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    rows: list[tuple[int, list[str]]] = []  # (the line the row starts on, its cells)
    try:
        start = 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return Parsed(problems=[Problem(reader.line_num, "not-csv", str(exc))])
    if not rows or not any(c.strip() for c in rows[0][1]):
        return Parsed(problems=[Problem(1, "empty")])
    columns = [HEADERS.get(_header(h), "") for h in rows[0][1]]
    if "title" not in columns:
        return Parsed(problems=[Problem(1, "no-title-column")])
    body = [(n, r) for n, r in rows[1:] if any(c.strip() for c in r)]
    if len(body) > MAX_ROWS:
        return Parsed(problems=[Problem(0, "too-many-rows", str(len(body)))])
    result = Parsed()
    for line, cells in body:
        row = {c: v for c, v in zip(columns, cells, strict=False) if c}
        one = _row_work(line, row, expert_orcid, this_year)
        result.works.extend(one.works)
        result.problems.extend(one.problems)
    if not body:
        result.problems.append(Problem(1, "empty"))
    return result


def dedupe(works: list[Work], *, known_dois: set[str], known_put_codes: set[str]) -> list[Work]:
    """The works whose DOI and put-code are new: not among the known ones nor earlier in the
    list."""
    dois, codes = set(known_dois), set(known_put_codes)
    fresh = []
    for work in works:
        if (work.doi and work.doi in dois) or (work.put_code and work.put_code in codes):
            continue
        if work.doi:
            dois.add(work.doi)
        if work.put_code:
            codes.add(work.put_code)
        fresh.append(work)
    return fresh
