"""The edition's pages: the list, the web edition at /report/<year>/ with its PDF and open data,
the Secretariat's desk (summary, build with progress, publish), and the editions API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from alliance.core.enums import TokenScope
from alliance.core.models import AuditEntry
from alliance.reports.enums import EditionStatus
from alliance.reports.models import Edition, Entry
from alliance.reports.services.collection import AnswerInput, correct_entry
from alliance.reports.services.editions import open_edition, run_build, start_build
from tests.conftest import client_for
from tests.reports.collection_helpers import signed_off_year
from tests.reports.edition_helpers import built_edition
from tests.reports.test_edition_build import BrokenSources
from tests.test_api import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    return built_edition(cast.secretariat, 2026, publish=True)


def test_the_secretariat_compiles_builds_publishes_and_corrections_show(
    cast, tsinghua, django_capture_on_commit_callbacks
):
    """The whole way, on the platform's own data: Tsinghua's signed-off figures of 2026."""
    submission = signed_off_year(2026, tsinghua, cast.secretariat, cast.coordinator_tsinghua)
    secretariat = client_for(cast.secretariat)
    response = secretariat.post("/report/", {"year": "2026"})
    assert response.status_code == 302
    assert response["Location"] == "/report/2026/manage/"
    response = secretariat.post("/report/2026/manage/", {"summary_0": "Enrolment grew."})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post("/report/2026/build/")
    assert response.status_code == 302
    edition = Edition.objects.get(year=2026)
    assert edition.status == EditionStatus.BUILT
    assert client_for(None).get("/report/2026/").status_code == 404
    page = secretariat.get("/report/2026/").content.decode()
    assert "Not public yet" in page
    assert "Enrolment grew." in page
    assert "清华大学" in page
    assert "36,000" in page
    assert secretariat.post("/report/2026/publish/")["Location"] == "/report/2026/"
    entry = Entry.objects.get(submission=submission, code="STU_TOTAL")
    correct_entry(
        entry,
        actor=cast.secretariat,
        answer=AnswerInput("value", value=Decimal(36500), typed="36500"),
        reason="Census date was wrong",
    )
    public = client_for(None).get("/report/2026/").content.decode()
    assert 'id="country"' in public
    assert 'id="members"' in public
    assert 'id="method"' in public
    assert "Corrections since publication" in public
    assert "Census date was wrong" in public


def test_the_list_shows_published_editions_to_everyone_and_every_edition_to_the_secretariat(
    cast, published
):
    open_edition(actor=cast.secretariat, year=2027)
    anonymous = client_for(None).get("/report/").content.decode()
    assert 'href="/report/2026/"' in anonymous
    assert "2027" not in anonymous
    assert "Start an edition" not in anonymous
    desk = client_for(cast.secretariat).get("/report/").content.decode()
    assert 'href="/report/2027/manage/"' in desk
    assert "Start an edition" in desk


def test_the_list_reads_the_same_number_of_queries_for_one_or_several_editions(
    cast, django_assert_num_queries
):
    open_edition(actor=cast.secretariat, year=2026)
    client = client_for(cast.secretariat)
    client.get("/report/")  # warm the session and the user's roles
    with django_assert_num_queries(4) as one:
        client.get("/report/")
    for year in (2023, 2024, 2025):
        open_edition(actor=cast.secretariat, year=year)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/report/")


def test_opening_a_year_twice_says_so(cast):
    open_edition(actor=cast.secretariat, year=2026)
    response = client_for(cast.secretariat).post("/report/", {"year": "2026"})
    assert response.status_code == 200
    assert "The edition of 2026 exists already." in response.content.decode()
    assert Edition.objects.count() == 1


def test_the_pdf_and_open_data_are_served_at_the_permanent_address(published):
    client = client_for(None)
    pdf = client.get("/report/2026/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = client.get("/report/2026/data/members-stu_total.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == 'attachment; filename="members-stu_total.csv"'
    assert csv.content.decode("utf-8").startswith(
        "\ufeffrank,institution,native_name,country,value"
    )
    listing = client.get("/report/2026/data/").content.decode()
    assert 'href="/report/2026/data/dictionary.csv"' in listing
    assert client.get("/report/2026/data/../body.html").status_code == 404


def test_the_desk_shows_the_progress_while_building_and_reloads_when_done(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    start_build(edition, actor=cast.secretariat)
    client = client_for(cast.secretariat)
    polling = client.get("/report/2026/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in polling.content.decode()
    assert "Waiting for a worker (0%)" in polling.content.decode()
    assert "HX-Refresh" not in polling
    again = client.post("/report/2026/build/", follow=True).content.decode()
    assert "A build of this edition is running; wait for it to finish." in again
    run_build(edition.pk, 1, sources=BrokenSources())
    done = client.get("/report/2026/progress/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in done.content.decode()
    desk = client.get("/report/2026/manage/").content.decode()
    assert "The build stopped: RuntimeError: member data unreadable" in desk
    assert "Correct the cause and build again." in desk


def test_publishing_an_edition_not_built_is_refused_with_a_reason(cast):
    open_edition(actor=cast.secretariat, year=2026)
    response = client_for(cast.secretariat).post("/report/2026/publish/", follow=True)
    assert "Build the edition first" in response.content.decode()
    assert Edition.objects.get(year=2026).published_at is None


def test_the_summary_is_saved_in_every_language_given(cast):
    open_edition(actor=cast.secretariat, year=2026)
    client_for(cast.secretariat).post(
        "/report/2026/manage/", {"summary_0": "Growth.", "summary_1": "增长。"}
    )
    edition = Edition.objects.get(year=2026)
    assert edition.summary == {"en": "Growth.", "zh-hans": "增长。"}
    assert AuditEntry.objects.filter(action="reports.edition_summary_edited").count() == 1


def test_the_api_lists_published_editions_and_the_secretariat_sees_all(cast, published):
    open_edition(actor=cast.secretariat, year=2027)
    anonymous = client_for(None).get("/api/v1/report/editions").json()
    assert [(e["year"], e["status"]) for e in anonymous] == [(2026, "published")]
    assert anonymous[0]["url"] == "http://testserver/report/2026/"
    assert anonymous[0]["pdf_url"] == "http://testserver/report/2026/pdf/"
    headers = bearer(cast.secretariat, TokenScope.REPORTS_READ)
    every = client_for(None).get("/api/v1/report/editions", headers=headers).json()
    assert [(e["year"], e["status"], e["pdf_url"]) for e in every] == [
        (2027, "draft", None),
        (2026, "published", "http://testserver/report/2026/pdf/"),
    ]
    coordinator = bearer(cast.coordinator_nus, TokenScope.REPORTS_READ)
    assert [
        e["year"]
        for e in client_for(None).get("/api/v1/report/editions", headers=coordinator).json()
    ] == [2026]
    assert reverse("reports:edition", args=[2026]) == "/report/2026/"
