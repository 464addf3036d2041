import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from alliance.members.identifiers import (
    is_valid_ror_id,
    normalise_ror_id,
    ror_checksum,
    validate_ror_id,
    validate_wikidata_id,
)

ROR_FILE = (
    Path(__file__).resolve().parents[2] / "alliance" / "members" / "data" / "ror_asia_education.csv"
)


def test_it_normalises_the_forms_a_ror_id_is_written_in():
    assert normalise_ror_id(" https://ror.org/03CVE4549 ") == "03cve4549"
    assert normalise_ror_id("ror.org/03cve4549") == "03cve4549"
    assert normalise_ror_id("03cve4549") == "03cve4549"


def test_it_accepts_tsinghua_and_refuses_a_wrong_check_digit():
    assert ror_checksum("03cve45") == 49
    assert is_valid_ror_id("03cve4549")
    assert not is_valid_ror_id("03cve4548")


@pytest.mark.parametrize(
    "bad", ["", "3cve4549", "03cve454", "03cvei549", "13cve4549", "03cve4549x"]
)
def test_it_refuses_malformed_ror_ids(bad):
    assert not is_valid_ror_id(bad)
    with pytest.raises(ValidationError) as info:
        validate_ror_id(bad)
    assert info.value.code == "invalid_ror"


def test_every_ror_id_in_the_real_file_validates():
    with ROR_FILE.open(encoding="utf-8") as f:
        ids = [normalise_ror_id(row["ror_id"]) for row in csv.DictReader(f)]
    assert len(ids) == 5392
    assert [i for i in ids if not is_valid_ror_id(i)] == []


def test_it_checks_wikidata_ids():
    validate_wikidata_id("Q16955")
    validate_wikidata_id("")
    for bad in ("16955", "Q", "Q0123", "q16955"):
        with pytest.raises(ValidationError):
            validate_wikidata_id(bad)
