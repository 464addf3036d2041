import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.core.models import AccessToken
from alliance.core.services.tokens import revoke_access_token
from alliance.members.enums import MembershipStatus
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event
from tests.conftest import make_member
from tests.test_api import bearer

TSINGHUA = {
    "slug": "tsinghua-university",
    "name": "Tsinghua University",
    "acronym": "",
    "kind": "university",
    "relation": "member",
    "is_founding_member": False,
    "country": "CN",
    "country_name": "China",
    "subregion": "eastern-asia",
    "city": "",
    "time_zone": "",
    "website": "",
    "ror_id": "03cve4549",
    "wikidata_id": "",
    "names": [{"language": "zh", "name": "清华大学", "preferred": True}],
    "url": "http://testserver/members/tsinghua-university/",
}


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


def test_anyone_reads_the_directory_without_a_token(cast):
    response = Client().get("/api/v1/institutions")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert slugs(response) == [
        "boao-forum-for-asia",
        "national-university-of-singapore",
        "tsinghua-university",
    ]


def test_it_gives_one_institution_in_the_list_exactly(tsinghua):
    response = Client().get("/api/v1/institutions")
    assert response.json() == {"items": [TSINGHUA], "count": 1}


def test_it_gives_one_institution_with_its_history_exactly(tsinghua):
    response = Client().get("/api/v1/institutions/tsinghua-university")
    assert response.status_code == 200
    assert response.json() == {
        **TSINGHUA,
        "established": None,
        "grid_id": "",
        "summary": "",
        "memberships": [
            {
                "institution": "tsinghua-university",
                "status": "admitted_member",
                "date": "2017-04-29",
                "note": "",
            }
        ],
    }


def test_an_unknown_institution_answers_404_in_json(db):
    response = Client().get("/api/v1/institutions/atlantis")
    assert response.status_code == 404
    assert response.json() == {"detail": "No institution has this address."}
    response = Client().get("/api/v1/institutions/atlantis/memberships")
    assert response.status_code == 404
    assert response.json() == {"detail": "No institution has this address."}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=清华", ["tsinghua-university"]),
        ("q=新加坡国立", ["national-university-of-singapore"]),
        ("q=ＮＡＴＩＯＮＡＬ singapore", ["national-university-of-singapore"]),
        ("q=tsinghua", ["tsinghua-university"]),
        ("q=university", ["national-university-of-singapore", "tsinghua-university"]),
        ("q=oxford", []),
        ("country=cn", ["boao-forum-for-asia", "tsinghua-university"]),
        ("subregion=south-eastern-asia", ["national-university-of-singapore"]),
        ("relation=partner", ["boao-forum-for-asia"]),
        ("kind=forum", ["boao-forum-for-asia"]),
        ("country=CN&kind=university", ["tsinghua-university"]),
        ("relation=member&q=清华", ["tsinghua-university"]),
    ],
)
def test_it_filters_like_the_directory_page(cast, query, expected):
    response = Client().get(f"/api/v1/institutions?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


def test_relation_all_adds_institutions_outside_the_community(cast):
    create_institution(actor=None, name="Asia Ministry of Learning", country="SG", names=[])
    community = Client().get("/api/v1/institutions")
    everyone = Client().get("/api/v1/institutions?relation=all")
    assert "asia-ministry-of-learning" not in slugs(community)
    assert slugs(everyone) == [
        "asia-ministry-of-learning",
        "boao-forum-for-asia",
        "national-university-of-singapore",
        "tsinghua-university",
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("country=XX", "country", "Value error, Unknown country or region code: XX"),
        (
            "relation=friend",
            "relation",
            "Value error, Relation must be one of: community, all, member, observer, partner, "
            "invited, applicant, suspended, former, none",
        ),
        ("limit=0", "limit", "Input should be greater than or equal to 1"),
    ],
)
def test_a_bad_filter_answers_422_naming_it(db, query, field, message):
    response = Client().get(f"/api/v1/institutions?{query}")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["msg"] == message


def test_it_pages_with_limit_and_offset(cast):
    first = Client().get("/api/v1/institutions?limit=2").json()
    second = Client().get("/api/v1/institutions?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 3
    assert [i["slug"] for i in first["items"]] == [
        "boao-forum-for-asia",
        "national-university-of-singapore",
    ]
    assert [i["slug"] for i in second["items"]] == ["tsinghua-university"]


def test_it_caps_a_page_at_200(db):
    for n in range(201):
        create_institution(actor=None, name=f"Partner {n:03}", country="JP", relation="partner")
    response = Client().get("/api/v1/institutions?limit=500").json()
    assert response["count"] == 201
    assert len(response["items"]) == 200


def test_a_token_with_members_read_reads_as_well(cast):
    headers = bearer(cast.student, TokenScope.MEMBERS_READ)
    response = Client().get("/api/v1/institutions?q=清华", headers=headers)
    assert response.status_code == 200
    assert slugs(response) == ["tsinghua-university"]


def test_a_token_without_members_read_is_refused_naming_the_scope(cast):
    headers = bearer(cast.secretariat, TokenScope.AUDIT_READ)
    response = Client().get("/api/v1/institutions", headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token lacks the scope members:read, which this request needs."
    }
    assert response["WWW-Authenticate"] == (
        'Bearer realm="api", error="insufficient_scope", scope="members:read"'
    )


def test_an_expired_token_is_refused_although_the_data_is_public(cast):
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), tick=False):
        headers = bearer(
            cast.student,
            TokenScope.MEMBERS_READ,
            expires_at=datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC),
        )
        assert Client().get("/api/v1/institutions", headers=headers).status_code == 200
    with time_machine.travel(datetime.datetime(2025, 1, 3, tzinfo=datetime.UTC), tick=False):
        response = Client().get("/api/v1/institutions", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown, expired or revoked."}


def test_a_revoked_token_is_refused_at_once(cast):
    headers = bearer(cast.student, TokenScope.MEMBERS_READ)
    assert Client().get("/api/v1/memberships", headers=headers).status_code == 200
    revoke_access_token(AccessToken.objects.get(user=cast.student), actor=cast.student)
    response = Client().get("/api/v1/memberships", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown, expired or revoked."}


def test_the_token_of_a_deactivated_account_is_refused(cast):
    headers = bearer(cast.student, TokenScope.MEMBERS_READ)
    cast.student.is_active = False
    cast.student.save(update_fields=["is_active"])
    response = Client().get("/api/v1/institutions/tsinghua-university", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown, expired or revoked."}


def test_it_lists_one_institutions_history_oldest_first(cast, nus):
    record_membership_event(
        nus,
        actor=cast.secretariat,
        status=MembershipStatus.SUSPENDED,
        date=datetime.date(2020, 1, 15),
        note="Dues unpaid.",
    )
    response = Client().get("/api/v1/institutions/national-university-of-singapore/memberships")
    assert response.status_code == 200
    assert response.json() == [
        {
            "institution": "national-university-of-singapore",
            "status": "admitted_member",
            "date": "2017-04-29",
            "note": "",
        },
        {
            "institution": "national-university-of-singapore",
            "status": "suspended",
            "date": "2020-01-15",
            "note": "Dues unpaid.",
        },
    ]
    detail = Client().get("/api/v1/institutions/national-university-of-singapore").json()
    assert detail["relation"] == "suspended"
    assert detail["memberships"] == response.json()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                ("tsinghua-university", "admitted_member", "2017-04-29"),
                ("national-university-of-singapore", "admitted_member", "2017-04-29"),
                ("boao-forum-for-asia", "partnered", "2019-03-26"),
            ],
        ),
        ("status=partnered", [("boao-forum-for-asia", "partnered", "2019-03-26")]),
        ("since=2018-01-01", [("boao-forum-for-asia", "partnered", "2019-03-26")]),
        (
            "until=2019-03-25",
            [
                ("tsinghua-university", "admitted_member", "2017-04-29"),
                ("national-university-of-singapore", "admitted_member", "2017-04-29"),
            ],
        ),
        ("since=2019-03-26&until=2019-03-26", [("boao-forum-for-asia", "partnered", "2019-03-26")]),
        (
            "institution=national-university-of-singapore",
            [("national-university-of-singapore", "admitted_member", "2017-04-29")],
        ),
        ("status=withdrawn", []),
    ],
)
def test_it_lists_and_filters_all_membership_steps(cast, query, expected):
    response = Client().get(f"/api/v1/memberships?{query}")
    assert response.status_code == 200
    body = response.json()
    assert [(e["institution"], e["status"], e["date"]) for e in body["items"]] == expected
    assert body["count"] == len(expected)


def test_an_unknown_membership_status_answers_422(db):
    response = Client().get("/api/v1/memberships?status=crowned")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


def _more_members(n: int) -> None:
    for i in range(n):
        make_member(f"Test University {i}", "JP", None, [("ja", f"試験大学{i}")])


def test_the_institution_list_costs_as_many_queries_for_one_row_as_for_many(tsinghua):
    with CaptureQueriesContext(connection) as one:
        response = Client().get("/api/v1/institutions")
    assert response.json()["count"] == 1
    _more_members(6)
    with CaptureQueriesContext(connection) as many:
        response = Client().get("/api/v1/institutions")
    assert response.json()["count"] == 7
    # count, the page, the names of its institutions
    assert len(one) == len(many) == 3


def test_the_membership_list_costs_as_many_queries_for_one_row_as_for_many(tsinghua):
    with CaptureQueriesContext(connection) as one:
        response = Client().get("/api/v1/memberships")
    assert response.json()["count"] == 1
    _more_members(6)
    with CaptureQueriesContext(connection) as many:
        response = Client().get("/api/v1/memberships")
    assert response.json()["count"] == 7
    # count, the page with its institutions joined
    assert len(one) == len(many) == 2


def test_one_institutions_history_costs_the_same_queries_however_long(cast, nus):
    with CaptureQueriesContext(connection) as one:
        response = Client().get("/api/v1/institutions/national-university-of-singapore/memberships")
    assert len(response.json()) == 1
    for status, day in [
        (MembershipStatus.SUSPENDED, 1),
        (MembershipStatus.REINSTATED, 2),
        (MembershipStatus.SUSPENDED, 3),
    ]:
        record_membership_event(
            nus, actor=None, status=status, date=datetime.date(2022, 1, day), note=""
        )
    with CaptureQueriesContext(connection) as many:
        response = Client().get("/api/v1/institutions/national-university-of-singapore/memberships")
    assert len(response.json()) == 4
    # the institution, its names, its history
    assert len(one) == len(many) == 3
