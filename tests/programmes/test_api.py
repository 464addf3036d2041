"""The programmes API, read with a programmes:read token, each caller seeing what their pages
show them."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.programmes.enums import CallStatus
from alliance.programmes.models import Assignment
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers, save_review
from tests.programmes.conftest import build_call, faculty, submitted
from tests.test_api import bearer

READ = TokenScope.PROGRAMMES_READ


def get(user, path: str, *scopes: TokenScope):
    headers = bearer(user, *(scopes or (READ,))) if user is not None else {}
    return Client(headers=headers).get(path)


def test_it_needs_a_token_with_the_scope(call, cast):
    assert get(None, "/api/v1/programmes/calls").status_code == 401
    response = get(cast.student, "/api/v1/programmes/calls", TokenScope.MEMBERS_READ)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token lacks the scope programmes:read, which this request needs."
    }


def test_calls_are_listed_with_their_limits_and_drafts_only_for_the_secretariat(call, cast):
    draft = build_call(cast.secretariat, name="Summer School", status=CallStatus.DRAFT)
    body = get(cast.student, "/api/v1/programmes/calls").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == call.pk
    assert (item["programme"], item["kind"], item["cycle"], item["status"]) == (
        "Scholars Award",
        "scholars_award",
        "2027-2028",
        "open",
    )
    assert (item["awards"], item["grant"], item["currency"]) == (60, "2500.00", "USD")
    assert item["time_zone"] == "Asia/Shanghai"
    assert get(cast.secretariat, "/api/v1/programmes/calls").json()["count"] == 2
    assert get(cast.student, f"/api/v1/programmes/calls/{draft.pk}").status_code == 404
    assert get(cast.secretariat, f"/api/v1/programmes/calls/{draft.pk}").json()["id"] == draft.pk


def test_my_applications_are_mine_only(call, cast, scholar, nus, tsinghua):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    body = get(scholar, "/api/v1/programmes/me/applications").json()
    assert [(a["id"], a["status"], a["home"], a["host"]) for a in body["items"]] == [
        (application.pk, "submitted", nus.slug, tsinghua.slug)
    ]
    assert get(cast.student, "/api/v1/programmes/me/applications").json()["count"] == 0


def test_a_calls_applications_are_the_secretariats_or_a_coordinators_own(
    call, cast, scholar, nus, tsinghua
):
    submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    path = f"/api/v1/programmes/calls/{call.pk}/applications"
    assert get(cast.secretariat, path).json()["count"] == 1
    assert get(cast.coordinator_nus, path).json()["count"] == 1
    assert get(cast.coordinator_tsinghua, path).json()["count"] == 0
    response = get(cast.student, path)
    assert response.status_code == 403


def test_the_ranking_is_the_secretariats_and_says_why(cast, nus, tsinghua):
    call = build_call(cast.secretariat, reviewers_per_application=1)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=cast.reviewer, institution=None)
    application = submitted(
        call, faculty("a@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus
    )
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    save_review(
        Assignment.objects.get(application=application),
        actor=cast.reviewer,
        scores={merit.pk: 5, fit.pk: 1},
        comment="",
    )
    path = f"/api/v1/programmes/calls/{call.pk}/ranking"
    assert get(cast.coordinator_nus, path).status_code == 403
    assert get(cast.secretariat, path).json() == [
        {
            "rank": 1,
            "application": application.pk,
            "normalised": 0.0,
            "raw": 80.0,
            "reviews": 1,
            "criteria": {
                "Merit": {"raw": 5.0, "normalised": 0.0},
                "Fit": {"raw": 1.0, "normalised": 0.0},
            },
        }
    ]


def test_the_application_list_makes_as_many_queries_for_one_as_for_several(
    call, cast, nus, tsinghua
):
    client = Client(headers=bearer(cast.secretariat, READ))
    path = f"/api/v1/programmes/calls/{call.pk}/applications"

    def count() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    submitted(call, faculty("a@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    one = count()
    for n in range(3):
        submitted(call, faculty(f"b{n}@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    assert count() == one
