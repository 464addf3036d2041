"""The API as a whole: its OpenAPI document, its docs page and how a token is read."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from alliance.core.enums import TokenScope
from alliance.core.models import User
from alliance.core.services.tokens import create_access_token

ALL_PATHS = {
    "/api/v1/institutions",
    "/api/v1/institutions/{slug}",
    "/api/v1/institutions/{slug}/memberships",
    "/api/v1/memberships",
    "/api/v1/audit",
    "/api/v1/events",
    "/api/v1/events/{slug}",
    "/api/v1/events/{slug}/sessions",
    "/api/v1/me/registrations",
    "/api/v1/mobility/agreements",
    "/api/v1/mobility/agreements/{pk}",
    "/api/v1/mobility/rounds",
    "/api/v1/mobility/rounds/{pk}/runs",
    "/api/v1/mobility/runs/{pk}",
    "/api/v1/mobility/mobilities",
    "/api/v1/mobility/balances",
    "/api/v1/mobility/rounds/{pk}/nominations",
    "/api/v1/governance/bodies",
    "/api/v1/governance/polls",
    "/api/v1/governance/polls/{pk}",
    "/api/v1/governance/polls/{pk}/ballot",
    "/api/v1/governance/constitution",
    "/api/v1/governance/constitution/versions",
    "/api/v1/governance/decisions",
    "/api/v1/governance/admissions",
    "/api/v1/governance/invoices",
    "/api/v1/programmes/calls",
    "/api/v1/programmes/calls/{pk}",
    "/api/v1/programmes/me/applications",
    "/api/v1/programmes/calls/{pk}/applications",
    "/api/v1/programmes/calls/{pk}/ranking",
    "/api/v1/programmes/awards",
    "/api/v1/programmes/calls/{pk}/dashboard",
    "/api/v1/programmes/proposals",
    "/api/v1/report/editions",  # reports: editions
    "/api/v1/report/indicators",  # reports: handbook and data collection
    "/api/v1/report/public-values",
    "/api/v1/report/submissions",
    "/api/v1/knowledge/search",
    "/api/v1/knowledge/achievements",
    "/api/v1/knowledge/achievements/{pk}",
    "/api/v1/knowledge/achievements/{pk}/matches",
    "/api/v1/knowledge/experts",
    "/api/v1/knowledge/experts/{pk}",
    "/api/v1/knowledge/challenges",
    "/api/v1/knowledge/challenges/{pk}",
    "/api/v1/knowledge/challenges/{pk}/matches",
    "/api/v1/knowledge/inquiries",
    "/api/v1/knowledge/courses",
    "/api/v1/knowledge/courses/{pk}",
    "/api/v1/knowledge/achievements/{pk}/partners",
}


def bearer(
    user: User, *scopes: TokenScope, expires_at: datetime.datetime | None = None
) -> dict[str, str]:
    """Headers carrying a new token of ``user`` with these scopes."""
    _token, secret = create_access_token(
        user, actor=user, name="test", scopes=list(scopes), expires_at=expires_at
    )
    return {"Authorization": f"Bearer {secret}"}


def test_it_serves_an_openapi_document_listing_every_path(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Alliance API"
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == ALL_PATHS
    assert document["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_the_document_says_which_endpoints_need_no_token(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    security = {path: paths[path]["get"]["security"] for path in ALL_PATHS}
    assert security == {
        "/api/v1/institutions": [{"TokenAuth": []}, {}],
        "/api/v1/institutions/{slug}": [{"TokenAuth": []}, {}],
        "/api/v1/institutions/{slug}/memberships": [{"TokenAuth": []}, {}],
        "/api/v1/memberships": [{"TokenAuth": []}, {}],
        "/api/v1/audit": [{"TokenAuth": []}],
        "/api/v1/events": [{"TokenAuth": []}, {}],
        "/api/v1/events/{slug}": [{"TokenAuth": []}, {}],
        "/api/v1/events/{slug}/sessions": [{"TokenAuth": []}, {}],
        "/api/v1/me/registrations": [{"TokenAuth": []}],
        "/api/v1/mobility/agreements": [{"TokenAuth": []}],
        "/api/v1/mobility/agreements/{pk}": [{"TokenAuth": []}],
        "/api/v1/mobility/rounds": [{"TokenAuth": []}],
        "/api/v1/mobility/rounds/{pk}/runs": [{"TokenAuth": []}],
        "/api/v1/mobility/runs/{pk}": [{"TokenAuth": []}],
        "/api/v1/mobility/mobilities": [{"TokenAuth": []}],
        "/api/v1/mobility/balances": [{"TokenAuth": []}],
        "/api/v1/mobility/rounds/{pk}/nominations": [{"TokenAuth": []}],
        "/api/v1/governance/bodies": [{"TokenAuth": []}],
        "/api/v1/governance/polls": [{"TokenAuth": []}],
        "/api/v1/governance/polls/{pk}": [{"TokenAuth": []}],
        "/api/v1/governance/polls/{pk}/ballot": [{"TokenAuth": []}],
        "/api/v1/governance/constitution": [{"TokenAuth": []}, {}],
        "/api/v1/governance/constitution/versions": [{"TokenAuth": []}, {}],
        "/api/v1/governance/decisions": [{"TokenAuth": []}],
        "/api/v1/governance/admissions": [{"TokenAuth": []}],
        "/api/v1/governance/invoices": [{"TokenAuth": []}],
        "/api/v1/programmes/calls": [{"TokenAuth": []}],
        "/api/v1/programmes/calls/{pk}": [{"TokenAuth": []}],
        "/api/v1/programmes/me/applications": [{"TokenAuth": []}],
        "/api/v1/programmes/calls/{pk}/applications": [{"TokenAuth": []}],
        "/api/v1/programmes/calls/{pk}/ranking": [{"TokenAuth": []}],
        "/api/v1/programmes/awards": [{"TokenAuth": []}],
        "/api/v1/programmes/calls/{pk}/dashboard": [{"TokenAuth": []}],
        "/api/v1/programmes/proposals": [{"TokenAuth": []}],
        "/api/v1/report/editions": [{"TokenAuth": []}, {}],  # reports: editions
        "/api/v1/report/indicators": [{"TokenAuth": []}, {}],  # reports: data collection
        "/api/v1/report/public-values": [{"TokenAuth": []}, {}],
        "/api/v1/report/submissions": [{"TokenAuth": []}],
        "/api/v1/knowledge/search": [{"TokenAuth": []}],
        "/api/v1/knowledge/achievements": [{"TokenAuth": []}],
        "/api/v1/knowledge/achievements/{pk}": [{"TokenAuth": []}],
        "/api/v1/knowledge/achievements/{pk}/matches": [{"TokenAuth": []}],
        "/api/v1/knowledge/experts": [{"TokenAuth": []}],
        "/api/v1/knowledge/experts/{pk}": [{"TokenAuth": []}],
        "/api/v1/knowledge/challenges": [{"TokenAuth": []}],
        "/api/v1/knowledge/challenges/{pk}": [{"TokenAuth": []}],
        "/api/v1/knowledge/challenges/{pk}/matches": [{"TokenAuth": []}],
        "/api/v1/knowledge/inquiries": [{"TokenAuth": []}],
        "/api/v1/knowledge/courses": [{"TokenAuth": []}],
        "/api/v1/knowledge/courses/{pk}": [{"TokenAuth": []}],
        "/api/v1/knowledge/achievements/{pk}/partners": [{"TokenAuth": []}],
    }


def test_the_docs_page_loads_swagger_from_our_own_static_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert '<script src="/static/ninja/swagger-ui-init.js"></script>' in html
    assert '<link type="text/css" rel="stylesheet" href="/static/ninja/swagger-ui.css">' in html
    assert "cdn" not in html.lower()
    # The only script element without a src is the settings, a JSON data block (not run).
    assert html.count("<script") == 3
    assert '<script type="application/json" id="swagger-settings">' in html
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


@pytest.mark.parametrize(
    ("header", "detail", "challenge"),
    [
        (
            "Token abc",
            "The Authorization header must read 'Bearer <token>'.",
            'Bearer realm="api", error="invalid_request"',
        ),
        (
            "Bearer",
            "The Authorization header must read 'Bearer <token>'.",
            'Bearer realm="api", error="invalid_request"',
        ),
        (
            "Bearer all_not-a-real-token",
            "The token is unknown, expired or revoked.",
            'Bearer realm="api", error="invalid_token"',
        ),
        (
            "Bearer something-else",
            "The token is unknown, expired or revoked.",
            'Bearer realm="api", error="invalid_token"',
        ),
    ],
)
def test_a_malformed_or_unknown_token_is_refused_even_where_none_is_needed(
    db, header, detail, challenge
):
    response = Client().get("/api/v1/institutions", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response["WWW-Authenticate"] == challenge
