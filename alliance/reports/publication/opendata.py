"""The open data of an edition: every table (printed or not) as CSV and JSON, a data dictionary
(table, column, meaning, unit, source), the licence, and an index. Our own tables are under
CC BY 4.0; the public statistics keep their own source and licence on every row.

Pure: content in, ``{file name: bytes}`` out. Served at /report/<year>/data/<name> and written
by the build."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from alliance.reports.publication.content import OWN_LICENCE, OWN_LICENCE_URL, EditionContent, Table

PER_ROW = "per row: see the licence column"
LICENCE_TEXT = f"""Open data of the annual report

The tables of this edition are published under the Creative Commons Attribution 4.0
International licence ({OWN_LICENCE}): {OWN_LICENCE_URL}
You may share and adapt them for any purpose if you credit the alliance and name the edition.

Exception: the public statistics (files named public-*, and the country tables country-*) keep
the source and licence of their publisher, given on every row in the columns "source" and
"licence". Follow those licences when you reuse them.

Corrections made after publication are listed in corrections.csv.
"""


def table_licence(table: Table) -> str:
    keys = {column.key for column in table.columns}
    return PER_ROW if "licence" in keys else OWN_LICENCE


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column.key for column in table.columns])
    for row in table.rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    # A byte-order mark so that spreadsheets open names in every script correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_json(table: Table, year: int) -> bytes:
    keys = [column.key for column in table.columns]
    document: dict[str, Any] = {
        "edition": year,
        "table": table.ident,
        "title": table.title,
        "source": table.note.source,
        "licence": table_licence(table),
        "flags": list(table.note.flags),
        "columns": [
            {"key": c.key, "label": c.label, "unit": c.unit, "meaning": c.meaning}
            for c in table.columns
        ],
        "rows": [dict(zip(keys, row, strict=True)) for row in table.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def dictionary_rows(content: EditionContent) -> list[dict[str, str]]:
    return [
        {
            "table": table.ident,
            "column": column.key,
            "label": column.label,
            "meaning": column.meaning or column.label,
            "unit": column.unit,
            "source": column.source or table.note.source,
            "licence": table_licence(table),
        }
        for table in content.tables()
        for column in table.columns
    ]


def open_data_files(content: EditionContent) -> dict[str, bytes]:
    """Every file of the open data, by name (flat: no folders)."""
    files: dict[str, bytes] = {}
    index = []
    for table in content.tables():
        files[f"{table.ident}.csv"] = table_csv(table)
        files[f"{table.ident}.json"] = table_json(table, content.year)
        index.append(
            {
                "table": table.ident,
                "title": table.title,
                "rows": len(table.rows),
                "csv": f"{table.ident}.csv",
                "json": f"{table.ident}.json",
                "licence": table_licence(table),
                "source": table.note.source,
            }
        )
    dictionary = dictionary_rows(content)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(dictionary[0]) if dictionary else ["table"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(dictionary)
    files["dictionary.csv"] = ("\ufeff" + out.getvalue()).encode("utf-8")
    files["dictionary.json"] = json.dumps(dictionary, ensure_ascii=False, indent=1).encode("utf-8")
    files["LICENCE.txt"] = LICENCE_TEXT.encode("utf-8")
    files["index.json"] = json.dumps(
        {"edition": content.year, "title": content.title, "licence": OWN_LICENCE, "tables": index},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    return files
