"""The mobility API: agreements, rounds and allocation runs, read with a mobility:read token,
each caller seeing only what their pages show them."""

from __future__ import annotations

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.members.enums import Role
from alliance.mobility.enums import Mechanism, RoundStatus
from alliance.mobility.services.agreements import approve_agreement
from alliance.mobility.services.rounds import set_round_status, submit_application
from alliance.mobility.services.runs import publish_run, run_allocation
from tests.conftest import make_user
from tests.mobility.conftest import build_agreement, build_round
from tests.test_api import bearer

READ = TokenScope.MOBILITY_READ


def as_json(moment) -> str:
    """A time as the API writes it."""
    return DjangoJSONEncoder().default(moment)


def get(user, path: str, *scopes: TokenScope):
    headers = bearer(user, *(scopes or (READ,))) if user is not None else {}
    return Client(headers=headers).get(path)


def count_queries(client: Client, path: str, count: int) -> int:
    # A token's first use of the minute also notes when it was used: not a query per row.
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert (response.status_code, response.json()["count"]) == (200, count)
    return len(ctx.captured_queries)


@pytest.fixture
def coordinator_boao(boao):
    return make_user("coord@boao.example.org", Role.COORDINATOR, boao)


def _closed_round_with_applicants(cast, tsinghua, nus):
    round_ = build_round(cast.secretariat, [tsinghua, nus], places=1)
    apps = {}
    for name, home, host in (
        ("li", tsinghua, nus),
        ("wang", tsinghua, nus),
        ("tan", nus, tsinghua),
    ):
        user = make_user(f"{name}@students.example.org", Role.APPLICANT)
        apps[name] = submit_application(
            round_, actor=user, home=home, study_level="6", hosts=[host]
        )
    set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    return round_, apps


# --- authentication ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/mobility/agreements",
        "/api/v1/mobility/agreements/1",
        "/api/v1/mobility/rounds",
        "/api/v1/mobility/rounds/1/runs",
        "/api/v1/mobility/runs/1",
    ],
)
def test_every_endpoint_needs_a_token_with_the_mobility_scope(cast, path):
    response = get(None, path)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication required: send a personal access token as "
        "'Authorization: Bearer <token>'."
    }
    response = get(cast.secretariat, path, TokenScope.EVENTS_READ)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token lacks the scope mobility:read, which this request needs."
    }


# --- agreements --------------------------------------------------------------------------------


def test_an_agreement_reads_with_its_fingerprint_and_each_partys_approval(cast, tsinghua, nus):
    agreement = build_agreement(cast.coordinator_tsinghua, tsinghua, nus)
    party = approve_agreement(
        agreement,
        actor=cast.coordinator_nus,
        institution=nus,
        fingerprint=agreement.fingerprint,
    )
    agreement.refresh_from_db()
    response = get(cast.coordinator_nus, f"/api/v1/mobility/agreements/{agreement.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": agreement.pk,
        "title": "Tsinghua–NUS exchange",
        "scope": "bilateral",
        "first_year": 2027,
        "last_year": 2029,
        "fingerprint": agreement.fingerprint,
        "in_effect": False,
        "parties": [
            {
                "institution": nus.slug,
                "approved": True,
                "approved_fingerprint": agreement.fingerprint,
                "approved_at": as_json(party.approved_at),
            },
            {
                "institution": tsinghua.slug,
                "approved": False,
                "approved_fingerprint": "",
                "approved_at": None,
            },
        ],
        "updated_at": as_json(agreement.updated_at),
    }
    assert len(agreement.fingerprint) == 64


def test_a_coordinator_sees_only_their_institutions_agreements(
    cast, tsinghua, nus, coordinator_boao
):
    agreement = build_agreement(cast.coordinator_tsinghua, tsinghua, nus)
    for user in (cast.secretariat, cast.coordinator_tsinghua, cast.coordinator_nus):
        listed = get(user, "/api/v1/mobility/agreements").json()
        assert (listed["count"], [a["id"] for a in listed["items"]]) == (1, [agreement.pk])
        assert get(user, f"/api/v1/mobility/agreements/{agreement.pk}").status_code == 200
    for user in (coordinator_boao, cast.student, cast.outsider):
        assert get(user, "/api/v1/mobility/agreements").json() == {"items": [], "count": 0}
        response = get(user, f"/api/v1/mobility/agreements/{agreement.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No agreement you may see has this number."}


def test_the_agreement_list_takes_the_same_queries_for_one_or_several(cast, tsinghua, nus):
    build_agreement(cast.coordinator_tsinghua, tsinghua, nus)
    client = Client(headers=bearer(cast.secretariat, READ))
    one = count_queries(client, "/api/v1/mobility/agreements", 1)
    build_agreement(cast.coordinator_tsinghua, tsinghua, nus)
    build_agreement(cast.coordinator_nus, nus, tsinghua)
    assert count_queries(client, "/api/v1/mobility/agreements", 3) == one


# --- rounds ------------------------------------------------------------------------------------


def test_drafts_are_listed_for_the_secretariat_only(cast, tsinghua, nus):
    draft = build_round(cast.secretariat, [tsinghua, nus], status=RoundStatus.DRAFT)
    open_ = build_round(cast.secretariat, [tsinghua, nus])
    everything = get(cast.secretariat, "/api/v1/mobility/rounds").json()
    assert {r["id"] for r in everything["items"]} == {draft.pk, open_.pk}
    listed = get(cast.student, "/api/v1/mobility/rounds").json()
    assert listed == {
        "items": [
            {
                "id": open_.pk,
                "name": "Fall 2027",
                "academic_year": 2027,
                "status": "open",
                "published_run": None,
                "hosts": 2,
                "applications": 0,
            }
        ],
        "count": 1,
    }


def test_the_round_list_takes_the_same_queries_for_one_or_several(cast, tsinghua, nus):
    build_round(cast.secretariat, [tsinghua, nus])
    client = Client(headers=bearer(cast.secretariat, READ))
    one = count_queries(client, "/api/v1/mobility/rounds", 1)
    build_round(cast.secretariat, [tsinghua])
    build_round(cast.secretariat, [nus], status=RoundStatus.DRAFT)
    assert count_queries(client, "/api/v1/mobility/rounds", 3) == one


# --- runs --------------------------------------------------------------------------------------


def test_a_rounds_runs_carry_their_numbers_and_the_published_flag(cast, tsinghua, nus):
    round_, _apps = _closed_round_with_applicants(cast, tsinghua, nus)
    first = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    second = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.DA)
    publish_run(first, actor=cast.secretariat)
    response = get(cast.coordinator_nus, f"/api/v1/mobility/rounds/{round_.pk}/runs")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(r["id"], r["mechanism"], r["published"]) for r in items] == [
        (first.pk, Mechanism.TS_TTC.value, True),
        (second.pk, Mechanism.DA.value, False),
    ]
    assert {
        k: items[0][k] for k in ("round", "students", "placed", "unplaced", "first_choice")
    } == {
        "round": round_.pk,
        "students": 3,
        "placed": 2,
        "unplaced": 1,
        "first_choice": 2,
    }


def test_runs_are_hidden_from_those_who_take_no_part(cast, tsinghua, nus, coordinator_boao):
    round_, _apps = _closed_round_with_applicants(cast, tsinghua, nus)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    for user in (coordinator_boao, cast.student, cast.outsider):
        response = get(user, f"/api/v1/mobility/rounds/{round_.pk}/runs")
        assert response.status_code == 404
        assert response.json() == {"detail": "No round whose runs you may see has this number."}
        response = get(user, f"/api/v1/mobility/runs/{run.pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "No allocation run you may see has this number."}


def test_only_the_secretariat_reads_a_runs_full_assignment(cast, tsinghua, nus):
    round_, apps = _closed_round_with_applicants(cast, tsinghua, nus)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    flows = {
        nus.slug: {"sent": 1, "hosted": 1},
        tsinghua.slug: {"sent": 1, "hosted": 1},
    }
    full = get(cast.secretariat, f"/api/v1/mobility/runs/{run.pk}").json()
    assert full["per_university"] == flows
    assert full["assignment"] == {
        str(apps["li"].pk): nus.slug,
        str(apps["wang"].pk): None,
        str(apps["tan"].pk): tsinghua.slug,
    }
    coordinator = get(cast.coordinator_tsinghua, f"/api/v1/mobility/runs/{run.pk}").json()
    assert coordinator["per_university"] == flows
    assert coordinator["assignment"] is None
    assert coordinator["placed"] == 2


def test_the_run_list_takes_the_same_queries_for_one_or_several(cast, tsinghua, nus):
    round_, _apps = _closed_round_with_applicants(cast, tsinghua, nus)
    run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    client = Client(headers=bearer(cast.coordinator_nus, READ))
    path = f"/api/v1/mobility/rounds/{round_.pk}/runs"
    one = count_queries(client, path, 1)
    run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.DA)
    run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    assert count_queries(client, path, 3) == one


# --- mobility records, balances, nominations ----------------------------------------------------


def test_mobility_records_balances_and_nominations(cast, tsinghua, nus):
    from tests.mobility.test_mobilities import accepted

    mobility = accepted(cast, tsinghua, nus)
    records = get(mobility.student, "/api/v1/mobility/mobilities").json()
    assert records["count"] == 1
    (record,) = records["items"]
    assert (record["home"], record["host"], record["status"], record["academic_year"]) == (
        tsinghua.slug,
        nus.slug,
        "nominated",
        2027,
    )
    assert record["learning_agreement_signed"] is False
    assert get(cast.student, "/api/v1/mobility/mobilities").json()["count"] == 0
    assert (
        get(cast.coordinator_nus, "/api/v1/mobility/mobilities?status=cancelled").json()["count"]
        == 0
    )

    assert get(mobility.student, "/api/v1/mobility/balances").status_code == 403
    ledger = {
        r["institution"]: r for r in get(cast.secretariat, "/api/v1/mobility/balances").json()
    }
    assert ledger[nus.slug] == {
        "institution": nus.slug,
        "sent": 0,
        "hosted": 1,
        "balance": 1,
        "years": [{"academic_year": 2027, "sent": 0, "hosted": 1, "running": 1}],
    }

    path = f"/api/v1/mobility/rounds/{mobility.round_id}/nominations"
    assert get(cast.student, path).status_code == 404
    data = get(cast.coordinator_tsinghua, path).json()
    assert data["omobility-id-list"] == [str(mobility.pk)]
    assert get(cast.coordinator_tsinghua, path, TokenScope.EVENTS_READ).status_code == 403
