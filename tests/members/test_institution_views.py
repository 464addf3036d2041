"""The public directory, institution pages, editing, membership steps and the import page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.core.models import AuditEntry
from alliance.members.enums import Relation
from alliance.members.models import Institution
from tests.conftest import client_for, make_member

from .test_ror_csv import HEADER, NUS, TSINGHUA

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("members:directory")


def names_on(response) -> list[str]:
    return [i.name for i in response.context["page"].object_list]


def test_the_directory_is_public_and_lists_members_and_partners(cast):
    response = client_for(None).get(DIRECTORY)
    assert response.status_code == 200
    assert names_on(response) == [
        "Boao Forum for Asia",
        "National University of Singapore",
        "Tsinghua University",
    ]
    assert "清华大学" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("清华", ["Tsinghua University"]),
        ("ＮＡＴＩＯＮＡＬ university", ["National University of Singapore"]),
        ("新加坡", ["National University of Singapore"]),
        ("boao forum", ["Boao Forum for Asia"]),
        ("sorbonne", []),
    ],
)
def test_the_directory_finds_any_name_in_any_script(cast, query, expected):
    response = client_for(None).get(DIRECTORY, {"q": query})
    assert names_on(response) == expected


def test_the_directory_filters_by_country_subregion_and_relation(cast):
    get = client_for(None).get
    assert names_on(get(DIRECTORY, {"country": "SG"})) == ["National University of Singapore"]
    assert names_on(get(DIRECTORY, {"subregion": "eastern-asia"})) == [
        "Boao Forum for Asia",
        "Tsinghua University",
    ]
    assert names_on(get(DIRECTORY, {"relation": "partner"})) == ["Boao Forum for Asia"]


def test_an_htmx_request_gets_only_the_results(cast):
    response = client_for(None).get(DIRECTORY, {"q": "清华"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "Tsinghua University" in body
    assert "1 institution" in body


def test_a_bad_filter_value_is_ignored_not_an_error(cast):
    response = client_for(None).get(DIRECTORY, {"country": "ZZ", "relation": "nonsense"})
    assert response.status_code == 200
    assert len(names_on(response)) == 3


def test_the_directory_runs_the_same_number_of_queries_for_one_or_many_rows(cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client_for(None).get(DIRECTORY)
        return len(ctx.captured_queries)

    one_page = count()
    for n in range(12):
        make_member(f"University {n}", "JP", None, [("ja", f"大学{n}")])
    assert count() == one_page


def test_the_institution_page_shows_names_and_history(cast, tsinghua):
    response = client_for(None).get(tsinghua.get_absolute_url())
    body = response.content.decode()
    assert '<p class="native" lang="zh">清华大学</p>' in body
    assert '<time datetime="2017-04-29">' in body
    assert "Admitted as member" in body
    assert "Edit details" not in body


def test_an_unknown_institution_is_404():
    assert client_for(None).get("/members/nowhere/").status_code == 404


def _edit_data(inst: Institution, **changes) -> dict:
    data = {
        "name": inst.name,
        "acronym": inst.acronym,
        "kind": inst.kind,
        "country": str(inst.country),
        "city": inst.city,
        "time_zone": inst.time_zone,
        "website": inst.website,
        "established": inst.established or "",
        "ror_id": inst.ror_id or "",
        "wikidata_id": inst.wikidata_id,
        "grid_id": inst.grid_id,
        "summary": inst.summary,
        "names-TOTAL_FORMS": "2",
        "names-INITIAL_FORMS": str(inst.names.count()),
        "names-0-language": "zh",
        "names-0-name": "清华大学",
        "names-1-language": "",
        "names-1-name": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_edits_their_institution_and_the_audit_trail_records_it(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    url = reverse("members:institution_edit", args=[tsinghua.slug])
    response = client.post(
        url,
        _edit_data(
            tsinghua, city="Haidian", **{"names-1-language": "ko", "names-1-name": "칭화대학교"}
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == tsinghua.get_absolute_url()
    tsinghua.refresh_from_db()
    assert tsinghua.city == "Haidian"
    assert sorted(tsinghua.names.values_list("language", "name")) == [
        ("ko", "칭화대학교"),
        ("zh", "清华大学"),
    ]
    entry = AuditEntry.objects.filter(action="members.institution.update").get()
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.institution_id == tsinghua.pk
    assert (entry.before["city"], entry.after["city"]) == ("", "Haidian")
    assert client_for(None).get(DIRECTORY, {"q": "칭화"}).context["page"].object_list[0] == tsinghua


def test_a_bad_ror_id_is_refused_and_nothing_is_saved(cast, tsinghua, nus):
    client = client_for(cast.coordinator_tsinghua)
    url = reverse("members:institution_edit", args=[tsinghua.slug])
    response = client.post(url, _edit_data(tsinghua, city="Haidian", ror_id="03cve4548"))
    assert response.status_code == 200
    assert response.context["form"].errors["ror_id"] == [
        "03cve4548 is not a ROR id: expected nine characters such as 03cve4549, with valid check digits."
    ]
    response = client.post(url, _edit_data(tsinghua, ror_id=f"https://ror.org/{nus.ror_id}"))
    assert response.context["form"].errors["ror_id"] == [
        "National University of Singapore already has this ROR id."
    ]
    tsinghua.refresh_from_db()
    assert (tsinghua.city, tsinghua.ror_id) == ("", "03cve4549")
    assert not AuditEntry.objects.filter(action="members.institution.update").exists()


def test_who_may_open_the_edit_page(cast, tsinghua):
    url = reverse("members:institution_edit", args=[tsinghua.slug])
    assert client_for(cast.coordinator_tsinghua).get(url).status_code == 200
    assert client_for(cast.secretariat).get(url).status_code == 200
    assert client_for(cast.coordinator_nus).get(url).status_code == 404
    assert client_for(cast.student).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_the_secretariat_records_a_membership_step(cast, boao):
    url = reverse("members:membership_record", args=[boao.slug])
    client = client_for(cast.secretariat)
    response = client.post(url, {"status": "applied", "date": "2027-01-10", "note": "Letter"})
    assert response.status_code == 302
    boao.refresh_from_db()
    assert boao.relation == Relation.APPLICANT
    assert list(boao.membership_events.values_list("status", "date")) == [
        ("partnered", datetime.date(2019, 3, 26)),
        ("applied", datetime.date(2027, 1, 10)),
    ]
    entry = AuditEntry.objects.get(action="members.membership.record", actor=cast.secretariat)
    assert entry.after["step"] == "applied"
    assert entry.before == {"relation": "partner"}


def test_a_step_the_history_does_not_allow_is_refused_with_the_reason(cast, tsinghua):
    url = reverse("members:membership_record", args=[tsinghua.slug])
    client = client_for(cast.secretariat)
    response = client.post(url, {"status": "reinstated", "date": "2027-01-10"})
    assert response.context["form"].errors["status"] == ["“Reinstated” cannot follow “Member”."]
    response = client.post(url, {"status": "suspended", "date": "2016-01-01"})
    assert response.context["form"].errors["date"] == [
        "The history already has a step on 2017-04-29; a new step cannot be dated before it."
    ]
    assert tsinghua.membership_events.count() == 1
    assert client_for(cast.coordinator_tsinghua).get(url).status_code == 403


def _upload(text: bytes | str, name: str = "ror.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


def test_the_import_page_imports_a_good_file(cast):
    response = client_for(cast.secretariat).post(
        reverse("members:import"), {"file": _upload(HEADER + TSINGHUA + NUS)}
    )
    assert response.context["errors"] == []
    result = response.context["result"]
    assert (result.created, result.updated, result.unchanged) == ([], ["01tgyzw49", "03cve4549"], 0)
    assert "Imported: 0 new, 2 updated, 0 unchanged." in response.content.decode()


def test_the_import_page_lists_every_problem_and_imports_nothing(cast):
    bad = (
        HEADER
        + "https://ror.org/0abcdefgh,X,CN,,,,,,,,,,\n"
        + "https://ror.org/04h9pn542,Y,QQ,,,,,,,,,,\n"
    )
    response = client_for(cast.secretariat).post(reverse("members:import"), {"file": _upload(bad)})
    assert response.context["errors"] == [
        "line 2: “https://ror.org/0abcdefgh” is not a valid ROR id (expected https://ror.org/ and nine characters with valid check digits, such as https://ror.org/03cve4549)",
        "line 3: “QQ” is not an ISO 3166 country or region code (such as CN, HK, JP)",
    ]
    assert "Nothing was imported: 2 problems were found." in response.content.decode()
    assert Institution.objects.count() == 3


def test_the_import_page_refuses_a_file_over_the_limit_before_reading_it(cast, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = client_for(cast.secretariat).post(
        reverse("members:import"), {"file": _upload(HEADER + NUS * 20)}
    )
    assert response.context["form"].errors["file"] == [
        "The file is 0.0 MB; the largest accepted is 0.0 MB. Split it into smaller files."
    ]
    assert client_for(cast.coordinator_tsinghua).get(reverse("members:import")).status_code == 403


def test_an_unknown_language_falls_back_to_english(cast):
    response = client_for(None).get(DIRECTORY, headers={"Accept-Language": "xx-YY"})
    assert '<html lang="en" dir="ltr">' in response.content.decode()
    response = client_for(None).get(DIRECTORY, headers={"Accept-Language": "ar"})
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
