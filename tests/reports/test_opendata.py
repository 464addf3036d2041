"""The open data of an edition: every table as CSV and JSON, the data dictionary, the licence."""

from __future__ import annotations

import csv
import io
import json

from alliance.reports.handbook import by_code
from alliance.reports.publication.compose import compose
from alliance.reports.publication.opendata import PER_ROW, open_data_files
from tests.reports.test_compose import YEAR, sources


def files():
    return open_data_files(compose(YEAR, sources()))


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read every script right
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_every_table_is_there_as_csv_and_json():
    content = compose(YEAR, sources())
    produced = open_data_files(content)
    for table in content.tables():
        assert f"{table.ident}.csv" in produced
        assert f"{table.ident}.json" in produced
    assert {
        "dictionary.csv",
        "dictionary.json",
        "LICENCE.txt",
        "index.json",
        "corrections.csv",
    } <= set(produced)


def test_the_csv_holds_every_row_with_native_names():
    rows = read_csv(files()["members-stu_total.csv"])
    assert rows == [
        {
            "rank": "1",
            "institution": "Tsinghua University",
            "native_name": "清华大学",
            "country": "CHN",
            "value": "60000.0",
        },
        {
            "rank": "2",
            "institution": "Mahidol University",
            "native_name": "มหาวิทยาลัยมหิดล",
            "country": "CHN",
            "value": "30000.0",
        },
    ]


def test_our_tables_are_cc_by_and_public_statistics_keep_their_licence_per_row():
    produced = files()
    own = json.loads(produced["members-stu_total.json"])
    assert own["licence"] == "CC BY 4.0"
    assert own["source"] == "Member institutions, signed-off data collection 2026"
    public = json.loads(produced["public-ger_tertiary.json"])
    assert public["licence"] == PER_ROW
    assert {(r["source"], r["licence"]) for r in public["rows"]} == {
        ("UNESCO Institute for Statistics", "CC BY-SA 3.0 IGO")
    }
    assert public["flags"] == ["estimate"]
    assert [r["flags"] for r in public["rows"] if r["country_iso3"] == "THA"] == ["estimate"]


def test_the_dictionary_explains_every_column_of_every_table():
    content = compose(YEAR, sources())
    rows = read_csv(open_data_files(content)["dictionary.csv"])
    expected = {(t.ident, c.key) for t in content.tables() for c in t.columns}
    assert {(r["table"], r["column"]) for r in rows} == expected
    value = next(r for r in rows if r["table"] == "members-stu_total" and r["column"] == "value")
    assert value["unit"] == "count"
    assert value["meaning"] == str(by_code("STU_TOTAL").definition)
    assert value["source"] == "Member institutions, signed-off data collection 2026"


def test_the_corrections_log_and_licence_are_published():
    produced = files()
    assert read_csv(produced["corrections.csv"]) == [
        {
            "date": "2027-02-01",
            "institution": "Tsinghua University",
            "code": "STU_TOTAL",
            "old": "59,000",
            "new": "withheld",
            "reason": "Census date wrong",
        }
    ]
    assert "Creative Commons Attribution 4.0" in produced["LICENCE.txt"].decode()
    index = json.loads(produced["index.json"])
    assert index["edition"] == 2026
    assert {
        k: v
        for k, v in next(t for t in index["tables"] if t["table"] == "corrections").items()
        if k in ("table", "rows")
    } == {"table": "corrections", "rows": 1}
