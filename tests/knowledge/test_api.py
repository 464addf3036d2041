"""The knowledge API: scopes, what each caller sees, search, matching and asking."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.knowledge.models import Inquiry
from tests.knowledge.conftest import build_achievement, build_challenge, build_expert
from tests.test_api import bearer

pytestmark = pytest.mark.django_db
READ = TokenScope.KNOWLEDGE_READ


@pytest.fixture
def world(cast, tsinghua, boao, without_model):
    coordinator = cast.coordinator_tsinghua
    return {
        "published": build_achievement(coordinator, tsinghua, secretariat=cast.secretariat),
        "draft": build_achievement(coordinator, tsinghua, publish=False, title="Draft"),
        "expert": build_expert(coordinator, tsinghua, bio="Private bio.", private_parts=["bio"]),
        "challenge": build_challenge(cast.partner, boao, secretariat=cast.secretariat),
    }


def get(user, url, *scopes):
    return Client().get(url, headers=bearer(user, *(scopes or (READ,))))


def test_it_needs_a_token_with_the_scope(cast, world):
    assert Client().get("/api/v1/knowledge/achievements").status_code == 401
    refused = get(cast.partner, "/api/v1/knowledge/achievements", TokenScope.EVENTS_READ)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "This token lacks the scope knowledge:read, which this request needs."
    }


def test_each_caller_sees_what_their_pages_show(cast, world):
    def titles(user):
        body = get(user, "/api/v1/knowledge/achievements").json()
        return sorted(a["title"] for a in body["items"])

    published = world["published"].title
    assert titles(cast.partner) == [published]
    assert titles(cast.coordinator_nus) == [published]
    assert titles(cast.coordinator_tsinghua) == [published, "Draft"]
    draft = world["draft"].pk
    assert get(cast.partner, f"/api/v1/knowledge/achievements/{draft}").status_code == 404
    one = get(cast.partner, f"/api/v1/knowledge/achievements/{world['published'].pk}").json()
    assert (one["institution"], one["trl"], one["patent_numbers"]) == (
        "tsinghua-university",
        5,
        ["CN 112345678 B"],
    )


def test_private_parts_of_an_expert_are_null_for_others(cast, world):
    url = f"/api/v1/knowledge/experts/{world['expert'].pk}"
    assert get(cast.partner, url).json()["bio"] is None
    assert get(cast.coordinator_tsinghua, url).json()["bio"] == "Private bio."


def test_search_and_matching_with_explanations(cast, world):
    hits = get(cast.partner, "/api/v1/knowledge/search?q=wastewater&kind=achievement").json()
    assert hits == [
        {
            "kind": "achievement",
            "id": world["published"].pk,
            "title": "Ceramic membrane for industrial wastewater",
            "institution": "tsinghua-university",
            "score": 0.0,  # alone in its ranking, so at its mean
            "matched_terms": ["wastewater"],
            "same_field": False,
            "similar_meaning": False,
        }
    ]
    matches = get(
        cast.partner, f"/api/v1/knowledge/challenges/{world['challenge'].pk}/matches"
    ).json()
    assert [(m["kind"], m["id"], m["same_field"]) for m in matches] == [
        ("achievement", world["published"].pk, True)
    ]
    assert "wastewater" in matches[0]["matched_terms"]
    assert get(cast.partner, "/api/v1/knowledge/search?institution=nowhere").status_code == 422


def test_the_lists_query_counts_are_flat(cast, world, tsinghua):
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert get(cast.partner, url).status_code == 200
        return len(captured)

    urls = ["/api/v1/knowledge/achievements", "/api/v1/knowledge/challenges"]
    before = [count(u) for u in urls]
    for n in range(3):
        build_achievement(
            cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat, title=f"A{n}"
        )
        build_challenge(cast.partner, world["challenge"].institution, secretariat=cast.secretariat)
    assert [count(u) for u in urls] == before


def test_asking_through_the_api(cast, world):
    headers = bearer(cast.partner, READ, TokenScope.KNOWLEDGE_INQUIRE)
    body = {"achievement": world["published"].pk, "subject": "Licence", "message": "Hello"}
    response = Client().post(
        "/api/v1/knowledge/inquiries",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert response.json()["id"] == inquiry.pk
    assert response.json()["status"] == "new"
    read_only = Client().post(
        "/api/v1/knowledge/inquiries",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(cast.partner, READ),
    )
    assert read_only.status_code == 403
    own = Client().post(
        "/api/v1/knowledge/inquiries",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(cast.coordinator_tsinghua, TokenScope.KNOWLEDGE_INQUIRE),
    )
    assert own.status_code == 403
    empty = Client().post(
        "/api/v1/knowledge/inquiries",
        json.dumps({**body, "subject": " "}),
        content_type="application/json",
        headers=headers,
    )
    assert empty.status_code == 422
    assert Inquiry.objects.count() == 1
    listed = get(cast.coordinator_tsinghua, "/api/v1/knowledge/inquiries").json()
    assert [i["subject"] for i in listed["items"]] == ["Licence"]
