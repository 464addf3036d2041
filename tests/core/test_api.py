import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.core.models import AccessToken
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import RoleAssignment
from alliance.members.services.roles import revoke_role
from tests.conftest import client_for
from tests.test_api import bearer

NOON = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def entries(cast, tsinghua, nus):
    with time_machine.travel(NOON, tick=False):
        first = record_audit(
            "test.institution.update",
            actor=cast.coordinator_tsinghua,
            obj=tsinghua,
            institution_id=tsinghua.pk,
            before={"city": ""},
            after={"city": "Beijing"},
        )
    with time_machine.travel(NOON + datetime.timedelta(days=1), tick=False):
        second = record_audit(
            "test.institution.update",
            actor=cast.coordinator_nus,
            obj=nus,
            institution_id=nus.pk,
            after={"city": "Singapore"},
        )
    return first, second


def test_the_secretariat_reads_the_audit_log_exactly(cast, entries, tsinghua, nus):
    first, second = entries
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    response = Client().get("/api/v1/audit?action=test.", headers=headers)
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": second.pk,
                "created_at": "2025-03-02T12:00:00Z",
                "actor": "coord@nus.example.org",
                "action": "test.institution.update",
                "object_type": "members.institution",
                "object_id": str(nus.pk),
                "object_repr": "National University of Singapore",
                "before": None,
                "after": {"city": "Singapore"},
                "institution_id": nus.pk,
                "request_id": "",
            },
            {
                "id": first.pk,
                "created_at": "2025-03-01T12:00:00Z",
                "actor": "coord@tsinghua.example.org",
                "action": "test.institution.update",
                "object_type": "members.institution",
                "object_id": str(tsinghua.pk),
                "object_repr": "Tsinghua University",
                "before": {"city": ""},
                "after": {"city": "Beijing"},
                "institution_id": tsinghua.pk,
                "request_id": "",
            },
        ],
        "count": 2,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=coord@tsinghua", ["coord@tsinghua.example.org"]),
        ("since=2025-03-02", ["coord@nus.example.org"]),
        ("until=2025-03-01", ["coord@tsinghua.example.org"]),
        (
            "object_type=members.institution",
            ["coord@nus.example.org", "coord@tsinghua.example.org"],
        ),
        ("actor=nobody", []),
    ],
)
def test_it_filters_like_the_audit_page(cast, entries, query, expected):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    response = Client().get(f"/api/v1/audit?action=test.&{query}", headers=headers)
    assert [e["actor"] for e in response.json()["items"]] == expected


def test_it_filters_by_institution(cast, entries, nus):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    response = Client().get(f"/api/v1/audit?institution_id={nus.pk}", headers=headers)
    assert {e["institution_id"] for e in response.json()["items"]} == {nus.pk}
    assert "test.institution.update" in [e["action"] for e in response.json()["items"]]


def test_it_pages_the_log(cast, entries):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    response = Client().get("/api/v1/audit?action=test.&limit=1&offset=1", headers=headers)
    assert response.json()["count"] == 2
    assert [e["id"] for e in response.json()["items"]] == [entries[0].pk]


def test_no_token_answers_401_with_a_bearer_challenge(cast):
    response = Client().get("/api/v1/audit")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required: send a personal access token as "
        "'Authorization: Bearer <token>'."
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_logged_in_session_is_no_token(cast):
    response = client_for(cast.secretariat).get("/api/v1/audit")
    assert response.status_code == 401


def test_a_token_without_audit_read_is_refused_naming_the_scope(cast):
    headers = bearer(cast.secretariat, TokenScope.MEMBERS_READ)
    response = Client().get("/api/v1/audit", headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token lacks the scope audit:read, which this request needs."
    }
    assert response["WWW-Authenticate"] == (
        'Bearer realm="api", error="insufficient_scope", scope="audit:read"'
    )


@pytest.mark.parametrize("who", ["coordinator_tsinghua", "reviewer", "student", "outsider"])
def test_audit_read_is_not_enough_without_the_secretariat_role(cast, who):
    headers = bearer(getattr(cast, who), TokenScope.AUDIT_READ, TokenScope.MEMBERS_READ)
    response = Client().get("/api/v1/audit", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Reading the audit log is for the Secretariat."}


def test_a_revoked_role_takes_effect_on_the_next_request(cast):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    client = Client()
    assert client.get("/api/v1/audit", headers=headers).status_code == 200
    revoke_role(
        RoleAssignment.objects.get(user=cast.secretariat, role=Role.SECRETARIAT), actor=None
    )
    response = client.get("/api/v1/audit", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Reading the audit log is for the Secretariat."}


def test_an_expired_token_answers_401(cast):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ, expires_at=NOON)
    response = Client().get("/api/v1/audit", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown, expired or revoked."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_using_a_token_marks_when_it_was_last_used(cast):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    with time_machine.travel(NOON, tick=False):
        Client().get("/api/v1/audit", headers=headers)
    assert AccessToken.objects.get(user=cast.secretariat).last_used_at == NOON


def test_the_audit_list_costs_as_many_queries_for_one_row_as_for_many(cast):
    record_audit("test.one", actor=cast.secretariat)
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    with CaptureQueriesContext(connection) as one:
        response = Client().get("/api/v1/audit?action=test.", headers=headers)
    assert response.json()["count"] == 1
    for n in range(6):
        record_audit(f"test.many.{n}", actor=cast.coordinator_nus)
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)  # a new token, not yet used
    with CaptureQueriesContext(connection) as many:
        response = Client().get("/api/v1/audit?action=test.", headers=headers)
    assert response.json()["count"] == 7
    # the token with its user, marking it used, the user's roles, count, the page
    assert len(one) == len(many) == 5
