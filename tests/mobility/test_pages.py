"""Mobility pages as each role: students apply, coordinators rank and approve, the Secretariat
opens, closes, allocates and publishes; list pages keep a fixed number of queries."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.members.enums import Role
from alliance.mobility.enums import RoundStatus
from alliance.mobility.models import AllocationRun, Application, Placement
from alliance.mobility.services.rounds import set_round_status, submit_application
from tests.conftest import client_for, make_user
from tests.mobility.conftest import build_agreement, build_round

pytestmark = pytest.mark.django_db


def test_a_student_applies_through_the_page(cast, round_, tsinghua, nus):
    response = client_for(cast.student).post(
        f"/mobility/rounds/{round_.pk}/apply/",
        {"home": nus.pk, "study_level": "6", "languages": "en C1\nzh b2", "choice_1": tsinghua.pk},
    )
    assert response.status_code == 302
    application = Application.objects.get(student=cast.student)
    assert application.languages == {"en": "C1", "zh": "B2"}
    assert [c.host for c in application.choices.all()] == [tsinghua]
    page = client_for(cast.student).get(f"/mobility/rounds/{round_.pk}/")
    assert "Your application" in page.content.decode()


def test_the_page_shows_every_problem_and_saves_nothing(cast, round_, tsinghua, nus):
    response = client_for(cast.student).post(
        f"/mobility/rounds/{round_.pk}/apply/",
        {"home": nus.pk, "study_level": "6", "choice_1": tsinghua.pk, "choice_2": tsinghua.pk},
    )
    assert response.status_code == 200
    assert "Tsinghua University is listed twice." in response.content.decode()
    assert Application.objects.count() == 0


def test_the_coordinator_ranks_own_applicants_only(cast, round_, tsinghua, nus):
    first = submit_application(
        round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua]
    )
    other = make_user("tan@students.example.org", Role.APPLICANT)
    second = submit_application(round_, actor=other, home=nus, study_level="6", hosts=[tsinghua])
    page = client_for(cast.coordinator_nus).get(f"/mobility/rounds/{round_.pk}/nominations/")
    body = page.content.decode()
    assert body.index("student") < body.index("tan")
    client_for(cast.coordinator_nus).post(
        f"/mobility/rounds/{round_.pk}/nominations/{second.pk}/move/", {"direction": "up"}
    )
    first.refresh_from_db()
    assert first.nomination_rank == 2
    tsinghua_page = client_for(cast.coordinator_tsinghua).get(
        f"/mobility/rounds/{round_.pk}/nominations/"
    )
    assert "None of your students has applied yet." in tsinghua_page.content.decode()


def test_the_secretariat_closes_allocates_and_publishes(cast, round_, tsinghua, nus):
    submit_application(round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua])
    other = make_user("li@students.example.org", Role.APPLICANT)
    submit_application(round_, actor=other, home=tsinghua, study_level="6", hosts=[nus])
    client = client_for(cast.secretariat)
    client.post(f"/mobility/rounds/{round_.pk}/status/", {"status": "closed"})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    refused = client.post(f"/mobility/rounds/{round_.pk}/runs/", {"mechanism": "max-volume"})
    assert "ignores home priority" in refused.content.decode()
    assert AllocationRun.objects.count() == 0
    client.post(f"/mobility/rounds/{round_.pk}/runs/", {"mechanism": "ts-ttc"})
    client.post(f"/mobility/rounds/{round_.pk}/runs/", {"mechanism": "da"})
    ts, da = AllocationRun.objects.order_by("pk")
    assert (ts.mechanism, ts.placed, da.mechanism, da.placed) == ("ts-ttc", 2, "da", 2)
    compare = client.get(f"/mobility/rounds/{round_.pk}/runs/").content.decode()
    assert f"#{ts.pk} ts-ttc" in compare
    assert f"#{da.pk} da" in compare
    flows = client.get(f"/mobility/runs/{ts.pk}/").content.decode()
    assert "2 of 2 applicants placed" in flows
    client.post(f"/mobility/runs/{ts.pk}/publish/")
    assert Placement.objects.count() == 2
    student_page = client_for(cast.student).get(f"/mobility/rounds/{round_.pk}/")
    assert "You have a place at Tsinghua University." in student_page.content.decode()
    client_for(cast.student).post(f"/mobility/rounds/{round_.pk}/answer/", {"answer": "accept"})
    assert Placement.objects.get(application__student=cast.student).response == "accepted"


def test_a_coordinator_cannot_run_an_allocation(cast, round_):
    set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    response = client_for(cast.coordinator_nus).post(
        f"/mobility/rounds/{round_.pk}/runs/", {"mechanism": "ts-ttc"}
    )
    assert response.status_code == 403
    assert AllocationRun.objects.count() == 0


def test_coordinators_approve_through_the_page(cast, agreement, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    page = client.get(f"/mobility/agreements/{agreement.pk}/").content.decode()
    assert "Approve for Tsinghua University" in page
    client.post(
        f"/mobility/agreements/{agreement.pk}/approve/",
        {"party": tsinghua.pk, "fingerprint": agreement.fingerprint},
    )
    assert agreement.parties.get(institution=tsinghua).has_approved
    page = client.get(f"/mobility/agreements/{agreement.pk}/").content.decode()
    assert "Approve for Tsinghua University" not in page


def test_a_coordinator_makes_an_agreement_through_the_page(cast, tsinghua, nus):
    response = client_for(cast.coordinator_nus).post(
        "/mobility/agreements/new/",
        {
            "title": "NUS–Tsinghua",
            "scope": "bilateral",
            "party_a": nus.pk,
            "party_b": tsinghua.pk,
            "first_year": 2027,
            "last_year": 2028,
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 0,
            "form-0-sending": nus.pk,
            "form-0-receiving": tsinghua.pk,
            "form-0-places_per_year": 3,
            "form-0-months_per_year": 15,
            "form-0-study_levels": ["6"],
            "form-0-subject_areas": "0611 Computer use\n",
            "form-0-language": "en",
            "form-0-language_level": "B2",
        },
    )
    assert response.status_code == 302
    from alliance.mobility.models import Agreement

    made = Agreement.objects.get()
    assert [(t.places_per_year, t.subject_areas) for t in made.terms.all()] == [
        (3, ["0611 Computer use"])
    ]


def test_the_ewp_export_is_shaped_like_an_iia(cast, agreement, tsinghua, nus):
    response = client_for(cast.coordinator_nus).get(f"/mobility/agreements/{agreement.pk}/ewp.json")
    data = json.loads(response.content)
    assert data["conditions-hash"] == agreement.fingerprint
    assert data["in-effect"] is False
    assert [p["hei-id"] for p in data["partner"]] == [nus.slug, tsinghua.slug]
    spec = data["cooperation-conditions"]["student-studies-mobility-spec"][0]
    assert spec["sending-hei-id"] == tsinghua.slug
    assert spec["eqf-level"] == [6, 7]
    assert spec["receiving-academic-year-id"] == ["2027/2028", "2028/2029", "2029/2030"]
    assert spec["recommended-language-skill"] == [{"language": "en", "cefr-level": "B2"}]


# --- query counts of list pages ---


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_agreement_list_keeps_its_query_count(cast, tsinghua, nus):
    client = client_for(cast.secretariat)
    build_agreement(cast.secretariat, tsinghua, nus)
    one = _count(client, "/mobility/agreements/")
    for _ in range(4):
        build_agreement(cast.secretariat, tsinghua, nus)
    assert _count(client, "/mobility/agreements/") == one


def test_the_round_list_keeps_its_query_count(cast, tsinghua, nus):
    client = client_for(cast.secretariat)
    build_round(cast.secretariat, [tsinghua, nus])
    one = _count(client, "/mobility/")
    for _ in range(4):
        build_round(cast.secretariat, [tsinghua, nus])
    assert _count(client, "/mobility/") == one


def test_the_nomination_list_keeps_its_query_count(cast, round_, tsinghua, nus):
    client = client_for(cast.coordinator_nus)
    url = f"/mobility/rounds/{round_.pk}/nominations/"
    submit_application(round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua])
    one = _count(client, url)
    for n in range(4):
        user = make_user(f"s{n}@students.example.org", Role.APPLICANT)
        submit_application(round_, actor=user, home=nus, study_level="6", hosts=[tsinghua])
    assert _count(client, url) == one


def test_the_run_comparison_keeps_its_query_count(cast, round_, tsinghua, nus):
    from alliance.mobility.services.runs import run_allocation

    submit_application(round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua])
    round_ = set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    client = client_for(cast.secretariat)
    url = f"/mobility/rounds/{round_.pk}/runs/"
    run_allocation(round_, actor=cast.secretariat, mechanism="ts-ttc")
    one = _count(client, url)
    for _ in range(3):
        run_allocation(round_, actor=cast.secretariat, mechanism="da")
    assert _count(client, url) == one
