"""The data side of the report API: the handbook and public statistics (no token), and the
submissions (reports:read; the Secretariat reads all, a coordinator their own)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.reports.services import collection as service
from alliance.reports.services.public_import import import_public_statistics
from tests.reports.collection_helpers import answers, open_year, submission_of
from tests.test_api import bearer

pytestmark = pytest.mark.django_db


def test_the_handbook_is_public(db):
    response = Client().get("/api/v1/report/indicators")
    assert response.status_code == 200
    share = next(i for i in response.json() if i["code"] == "STU_INTL_SHARE")
    assert share == {
        "code": "STU_INTL_SHARE",
        "name": "Share of international students",
        "definition": "International students (inbound) as a percentage of all students.",
        "unit": "percent",
        "source": "member",
        "formula": "STU_INTL_IN / STU_TOTAL * 100",
        "breakdowns": [],
        "may_exceed_100": False,
        "chapter": "members",
    }


def test_public_values_filter_by_indicator_country_breakdown_and_years(db):
    import_public_statistics()
    response = Client().get(
        "/api/v1/report/public-values",
        {
            "code": "GER_TERTIARY",
            "country": "mmr",
            "breakdown": "female",
            "year_from": 1992,
            "year_to": 1993,
        },
    )
    body = response.json()
    assert body["count"] == 2
    assert body["items"][0] == {
        "code": "GER_TERTIARY",
        "country": "MMR",
        "country_name": "Myanmar",
        "year": 1992,
        "breakdown": "female",
        "value": 4.78373,
        "flags": [],
        "source": "UNESCO Institute for Statistics (UIS)",
        "licence": "UNESCO UIS data; credit UIS (open-access licence CC BY-SA 3.0 IGO)",
    }


def test_public_values_take_a_fixed_number_of_queries(db):
    import_public_statistics()
    with CaptureQueriesContext(connection) as one:
        Client().get("/api/v1/report/public-values", {"limit": 1})
    with CaptureQueriesContext(connection) as many:
        Client().get("/api/v1/report/public-values", {"limit": 200})
    assert len(one) == len(many) == 2


def test_submissions_need_a_token(db):
    assert Client().get("/api/v1/report/submissions").status_code == 401


def test_the_secretariat_reads_every_submission_and_a_coordinator_their_own(cast, tsinghua, nus):
    collection = open_year(2026, cast.secretariat)
    service.save_answers(
        submission_of(collection, tsinghua),
        actor=cast.coordinator_tsinghua,
        answers=answers(PUBLICATIONS="withheld"),
    )
    client = Client()
    everyone = client.get(
        "/api/v1/report/submissions", headers=bearer(cast.secretariat, TokenScope.REPORTS_READ)
    ).json()
    assert [s["institution"] for s in everyone["items"]] == [
        "national-university-of-singapore",
        "tsinghua-university",
    ]
    own = client.get(
        "/api/v1/report/submissions",
        {"year": 2026},
        headers=bearer(cast.coordinator_tsinghua, TokenScope.REPORTS_READ),
    ).json()
    assert [s["institution_name"] for s in own["items"]] == ["Tsinghua University"]
    values = {v["code"]: v for v in own["items"][0]["values"]}
    assert values["PUBLICATIONS"] == {
        "code": "PUBLICATIONS",
        "state": "withheld",
        "value": None,
        "comment": "",
    }
    assert values["STU_TOTAL"]["value"] == "36000.00"
    assert (
        client.get(
            "/api/v1/report/submissions",
            {"year": 2025},
            headers=bearer(cast.coordinator_tsinghua, TokenScope.REPORTS_READ),
        ).json()["count"]
        == 0
    )


def test_others_and_tokens_without_the_scope_are_refused(cast, tsinghua):
    client = Client()
    student = client.get(
        "/api/v1/report/submissions", headers=bearer(cast.student, TokenScope.REPORTS_READ)
    )
    assert (student.status_code, student.json()) == (
        403,
        {"detail": "Only the Secretariat, coordinators and heads of members read submissions."},
    )
    wrong_scope = client.get(
        "/api/v1/report/submissions", headers=bearer(cast.secretariat, TokenScope.MEMBERS_READ)
    )
    assert wrong_scope.status_code == 403


def test_submissions_take_a_fixed_number_of_queries(cast, tsinghua, nus):
    open_year(2026, cast.secretariat)
    headers = bearer(cast.secretariat, TokenScope.REPORTS_READ)
    Client().get("/api/v1/report/submissions", headers=headers)  # the token's first use is noted
    with CaptureQueriesContext(connection) as one:
        Client().get("/api/v1/report/submissions", {"limit": 1}, headers=headers)
    with CaptureQueriesContext(connection) as two:
        Client().get("/api/v1/report/submissions", {"limit": 2}, headers=headers)
    assert len(one) == len(two) == 5
