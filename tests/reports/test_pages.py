"""The collection and statistics pages: what each shows, and that nothing typed is lost."""

from __future__ import annotations

import pytest

from alliance.reports.enums import QueryStatus, SubmissionStatus, ValueState
from alliance.reports.models import Collection, Entry, Query
from alliance.reports.services import collection as service
from alliance.reports.services.public_import import import_public_statistics
from tests.conftest import client_for
from tests.reports.collection_helpers import (
    FIGURES,
    answers,
    make_head,
    open_year,
    signed_off_year,
    submission_of,
)

pytestmark = pytest.mark.django_db


def _post_data(**overrides: str) -> dict[str, str]:
    data = {}
    for code, value in FIGURES.items():
        data[f"{code}__state"] = "value"
        data[f"{code}__value"] = str(value)
        data[f"{code}__comment"] = ""
    for key, value in overrides.items():
        data[key if "__" in key or key in ("submit", "save") else f"{key}__value"] = value
    return data


def test_the_form_shows_last_years_value_beside_each_field(cast, tsinghua):
    signed_off_year(2025, tsinghua, cast.secretariat, cast.coordinator_tsinghua)
    collection = open_year(2026, cast.secretariat)
    response = client_for(cast.coordinator_tsinghua).get(
        f"/report/collections/2026/{tsinghua.slug}/"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2025: 36000" in html
    assert 'value="36000"' in html  # prefilled with last year's value
    assert submission_of(collection, tsinghua).status == SubmissionStatus.DRAFT


def test_submitting_with_errors_shows_each_next_to_its_field_and_keeps_what_was_typed(
    cast, tsinghua
):
    collection = open_year(2026, cast.secretariat)
    data = _post_data(
        STU_TOTAL="40,000",
        STU_INTL_IN="1.2.3",
        STAFF_FTE="9000",
        PUBLICATIONS__state="withheld",
        submit="1",
    )
    response = client_for(cast.coordinator_tsinghua).post(
        f"/report/collections/2026/{tsinghua.slug}/", data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Bachelor, master and doctoral students add up to 36,000, but the total is 40,000." in html
    )
    assert "9,000 is more than Academic staff, head count (3,600), which includes it." in html
    assert "“1.2.3” has thousands separators in unexpected places." in html
    assert 'value="1.2.3"' in html
    entries = {
        e.code: e
        for e in Entry.objects.filter(
            submission__collection=collection, submission__institution=tsinghua
        )
    }
    assert entries["STU_TOTAL"].value == 40000
    assert entries["PUBLICATIONS"].state == ValueState.WITHHELD
    assert entries["STU_INTL_IN"].state == ValueState.EMPTY  # unreadable: not saved, not guessed
    assert submission_of(collection, tsinghua).status == SubmissionStatus.DRAFT


def test_a_clean_submission_is_sent_for_review(cast, tsinghua):
    collection = open_year(2026, cast.secretariat)
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        f"/report/collections/2026/{tsinghua.slug}/", _post_data(STU_BACHELOR="16 000", submit="1")
    )
    assert response.status_code == 302
    submission = submission_of(collection, tsinghua)
    assert submission.status == SubmissionStatus.SUBMITTED
    page = client.get(f"/report/collections/2026/{tsinghua.slug}/").content.decode()
    assert "Your figures are with the Secretariat." in page


def test_autosave_saves_what_it_can_read(cast, tsinghua):
    collection = open_year(2026, cast.secretariat)
    response = client_for(cast.coordinator_tsinghua).post(
        f"/report/collections/2026/{tsinghua.slug}/autosave/",
        _post_data(STU_MASTER="12.000", STU_DOCTORAL="abc"),
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "Draft saved at" in text
    assert "1 field could not be read and is not saved yet." in text
    entry = Entry.objects.get(
        submission__collection=collection, submission__institution=tsinghua, code="STU_MASTER"
    )
    # "12.000" on an English page is twelve (point), not twelve thousand.
    assert entry.value == 12


def test_the_overview_lists_every_member_with_status_and_open_queries(cast, tsinghua, nus):
    collection = open_year(2026, cast.secretariat)
    submission = submission_of(collection, tsinghua)
    service.save_answers(submission, actor=cast.coordinator_tsinghua, answers=answers())
    service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    service.raise_query(submission, actor=cast.secretariat, code="STU_TOTAL", question="Why?")
    html = client_for(cast.secretariat).get("/report/collections/2026/").content.decode()
    assert html.count('<tr class="status-') == 2
    assert (
        '<tr class="status-submitted"><td><a href="/report/collections/2026/tsinghua-university/review/">Tsinghua University</a></td><td>Submitted, in review</td>'
        in html
    )
    assert "<td>1</td>" in html


def test_the_query_round_trip_changes_the_value(cast, tsinghua):
    collection = open_year(2026, cast.secretariat)
    submission = submission_of(collection, tsinghua)
    service.save_answers(submission, actor=cast.coordinator_tsinghua, answers=answers())
    service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    secretariat = client_for(cast.secretariat)
    response = secretariat.post(
        f"/report/collections/2026/{tsinghua.slug}/review/",
        {"code": "PUBLICATIONS", "question": "Does this include conference abstracts?"},
    )
    query = Query.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/report/queries/{query.pk}/")
    coordinator = client_for(cast.coordinator_tsinghua)
    response = coordinator.post(
        f"/report/queries/{query.pk}/",
        {"body": "Yes; without them it is 10,900.", "state": "value", "value": "10,900"},
    )
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.status == QueryStatus.ANSWERED
    assert Entry.objects.get(submission=submission, code="PUBLICATIONS").value == 10900
    thread = secretariat.get(f"/report/queries/{query.pk}/").content.decode()
    assert "Value changed: 11800 → 10900" in thread
    secretariat.post(f"/report/queries/{query.pk}/", {"body": "", "resolve": "1"})
    query.refresh_from_db()
    assert query.status == QueryStatus.RESOLVED


def test_the_head_signs_off_and_the_page_says_who(cast, tsinghua):
    head = make_head(tsinghua, "president@tsinghua.example.org", "Li Wei")
    collection = open_year(2026, cast.secretariat)
    submission = submission_of(collection, tsinghua)
    service.save_answers(submission, actor=cast.coordinator_tsinghua, answers=answers())
    service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    service.accept_submission(submission, actor=cast.secretariat)
    client = client_for(head)
    page = client.get(f"/report/collections/2026/{tsinghua.slug}/sign-off/").content.decode()
    assert "Name of the head of the institution" not in page
    response = client.post(f"/report/collections/2026/{tsinghua.slug}/sign-off/", {"confirm": "on"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.head_name, submission.signed_off_by) == (
        SubmissionStatus.SIGNED_OFF,
        "Li Wei",
        head,
    )


def test_the_handbook_is_public_and_defines_full_time(db):
    html = client_for(None).get("/report/handbook/").content.decode()
    assert "Academic staff, full-time equivalents" in html
    assert "at least 35 hours a week" in html
    assert "STU_INTL_IN / STU_TOTAL * 100" in html


def test_the_statistics_browser_shows_a_series_with_flags_and_source(db):
    import_public_statistics()
    html = (
        client_for(None)
        .get(
            "/report/statistics/",
            {"indicator": "GER_TERTIARY", "breakdown": "female", "country": "MMR"},
        )
        .content.decode()
    )
    # uis_tertiary_ger_by_sex_asia.csv: MMR,Myanmar,1992,4.36611,4.78373,3.93857,C,C,C
    assert "<td>Myanmar</td><td>1992</td><td>4.78</td><td></td>" in html
    assert "UNESCO Institute for Statistics (UIS)" in html


def test_the_overview_takes_a_fixed_number_of_queries(cast, tsinghua, nus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_member

    open_year(2026, cast.secretariat)
    client = client_for(cast.secretariat)
    client.get("/report/collections/2026/")
    with CaptureQueriesContext(connection) as two:
        client.get("/report/collections/2026/")
    collection = Collection.objects.get(year=2026)
    for name in ("Universiti Malaya", "Chulalongkorn University"):
        service.ensure_submission(collection, make_member(name, "MY", None), actor=cast.secretariat)
    with CaptureQueriesContext(connection) as four:
        html = client.get("/report/collections/2026/").content.decode()
    assert html.count('<tr class="status-draft">') == 4
    assert len(two) == len(four)


def test_the_collections_list_takes_a_fixed_number_of_queries(cast, tsinghua, nus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_year(2025, cast.secretariat)
    client = client_for(cast.secretariat)
    client.get("/report/collections/")
    with CaptureQueriesContext(connection) as one:
        client.get("/report/collections/")
    open_year(2026, cast.secretariat)
    with CaptureQueriesContext(connection) as two:
        html = client.get("/report/collections/").content.decode()
    assert 'href="/report/collections/2026/">2026</a>' in html
    assert len(one) == len(two)
