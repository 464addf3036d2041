"""Importing institutions: all rows or none; a re-import updates by ROR id, never duplicates."""

from pathlib import Path

import pytest

from alliance.core.models import AuditEntry
from alliance.members.enums import InstitutionKind
from alliance.members.models import Institution, InstitutionName
from alliance.members.services.imports import ImportRejected, import_ror_file
from alliance.members.services.institutions import update_institution

from .test_ror_csv import HEADER, NUS, TSINGHUA

MB = 1_048_576
ROR_FILE = (
    Path(__file__).resolve().parents[2] / "alliance" / "members" / "data" / "ror_asia_education.csv"
)


def run(text: str, actor=None):
    return import_ror_file(text.encode(), actor=actor, max_bytes=20 * MB, source="test.csv")


@pytest.mark.django_db
def test_it_creates_institutions_with_names_slugs_and_search_text():
    result = run(HEADER + TSINGHUA + NUS)
    assert (result.created, result.updated, result.unchanged) == (["01tgyzw49", "03cve4549"], [], 0)
    thu = Institution.objects.get(ror_id="03cve4549")
    assert (thu.slug, thu.name, str(thu.country), thu.subregion, thu.kind) == (
        "thu",
        "Tsinghua University",
        "CN",
        "eastern-asia",
        InstitutionKind.UNIVERSITY,
    )
    assert list(thu.names.values_list("language", "name", "is_preferred")) == [
        ("zh", "清华大学", True)
    ]
    assert thu.search_text.split("\n") == ["tsinghua university", "thu", "清华大学"]
    entry = AuditEntry.objects.get(action="members.institution.import")
    assert entry.after["created"] == 2
    assert entry.after["source"] == "test.csv"


@pytest.mark.django_db
def test_a_file_with_one_bad_row_imports_nothing():
    with pytest.raises(ImportRejected) as info:
        run(HEADER + TSINGHUA + "https://ror.org/01tgyzw49,Somewhere,XX,,,,,,,,,,\n")
    assert [str(e) for e in info.value.errors] == [
        "line 3: “XX” is not an ISO 3166 country or region code (such as CN, HK, JP)"
    ]
    assert Institution.objects.count() == 0
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_reimport_updates_by_ror_id_and_keeps_names_people_typed():
    run(HEADER + TSINGHUA + NUS)
    thu = Institution.objects.get(ror_id="03cve4549")
    update_institution(thu, actor=None, data={}, names=[("zh", "清华大学"), ("ja", "清華大学")])
    changed = TSINGHUA.replace(",Beijing,", ",Haidian, Beijing,".replace(", ", " "))
    result = run(HEADER + changed + NUS)
    assert (result.created, result.updated, result.unchanged) == ([], ["03cve4549"], 1)
    assert Institution.objects.count() == 2
    thu.refresh_from_db()
    assert thu.city == "Haidian Beijing"
    assert sorted(thu.names.values_list("language", "name")) == [
        ("ja", "清華大学"),
        ("zh", "清华大学"),
    ]
    again = run(HEADER + changed + NUS)
    assert (again.created, again.updated, again.unchanged) == ([], [], 2)


@pytest.mark.django_db
def test_slugs_stay_unique_when_acronyms_clash():
    a = "https://ror.org/03cve4549,Tsinghua University,CN,Beijing,,,,TU,,,,,\n"
    b = "https://ror.org/01tgyzw49,Tokyo University,JP,Tokyo,,,,TU,,,,,\n"
    run(HEADER + a + b)
    assert sorted(Institution.objects.values_list("slug", flat=True)) == ["tu", "tu-tokyo"]


@pytest.mark.django_db
def test_the_real_file_of_5392_institutions_imports_and_reimports_without_duplicates():
    data = ROR_FILE.read_bytes()
    first = import_ror_file(data, actor=None, max_bytes=20 * MB)
    assert (len(first.created), len(first.updated), first.unchanged) == (5392, 0, 0)
    second = import_ror_file(data, actor=None, max_bytes=20 * MB)
    assert (len(second.created), len(second.updated), second.unchanged) == (0, 0, 5392)
    assert Institution.objects.count() == 5392
    assert Institution.objects.values("slug").distinct().count() == 5392
    assert InstitutionName.objects.filter(language="zh", name="清华大学").count() == 1
