"""Partners to approach about an achievement: ranked by their matching challenges and their
inquiries about it or similar ones, with why; members' challenges and other people's private
inquiries never named. The page section and the API endpoint, for the achievement's side only.
Also the courses endpoint."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.core.enums import TokenScope
from alliance.knowledge.partners import Evidence, partners_for, rank_partners
from alliance.knowledge.services.courses import set_course_status
from alliance.knowledge.services.inquiries import open_inquiry
from alliance.members.enums import InstitutionKind, MembershipStatus, Role
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event
from tests.conftest import client_for, make_user
from tests.knowledge.conftest import build_achievement, build_challenge, build_course
from tests.test_api import bearer


def test_rank_partners_adds_up_the_evidence_and_explains_it():
    ranked = rank_partners(
        [
            Evidence(7, 0.02, challenge_id=1, challenge_title="A", terms=("oil",)),
            Evidence(7, 0.03, challenge_id=2, challenge_title="B", terms=("oil", "water")),
            Evidence(9, 0.04),
            Evidence(8, 0.01, challenge_id=3, challenge_title="C", same_field=True),
        ]
    )
    assert [(p.institution_id, round(p.score, 3)) for p in ranked] == [
        (7, 0.05),
        (9, 0.04),
        (8, 0.01),
    ]
    assert [c.challenge_id for c in ranked[0].challenges] == [2, 1]
    assert ranked[0].terms == ["oil", "water"]
    assert (ranked[1].inquiries, ranked[1].challenges) == (1, [])
    assert ranked[2].same_field is True


def test_rank_partners_keeps_the_best_few():
    evidence = [Evidence(n, float(n)) for n in range(10)]
    assert [p.institution_id for p in rank_partners(evidence, limit=3)] == [9, 8, 7]


def _company(name: str):
    inst = create_institution(actor=None, name=name, country="CN", kind=InstitutionKind.COMPANY)
    record_membership_event(
        inst, actor=None, status=MembershipStatus.PARTNERED, date=datetime.date(2020, 1, 1)
    )
    inst.refresh_from_db()
    return inst


@pytest.fixture
def scene(cast, tsinghua, nus, boao, without_model):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    # Boao posts a matching challenge; NUS (a member, not a partner) too; a company only asks.
    challenge = build_challenge(cast.partner, boao, secretariat=cast.secretariat)
    build_challenge(
        cast.coordinator_nus, nus, secretariat=cast.secretariat, title="Wastewater at NUS"
    )
    build_challenge(
        cast.partner,
        boao,
        secretariat=cast.secretariat,
        title="Festival logistics",
        problem="Buses for delegates.",
        field="social",
        keywords=["transport"],
        wanted_outcome="A timetable.",
    )
    company = _company("Lotus Water Ltd")
    asker = make_user("bd@lotus.example.org", Role.PARTNER_CONTACT, company)
    open_inquiry(achievement, actor=asker, subject="Licence", message="Can we license it?")
    return {"achievement": achievement, "challenge": challenge, "company": company}


@pytest.mark.django_db
def test_partners_are_ranked_with_their_challenges_and_inquiries(scene, boao):
    ranked = partners_for(scene["achievement"])
    # An inquiry about this very achievement weighs twice its best match: the company leads.
    assert [p.institution for p in ranked] == [scene["company"], boao]
    by_name = {p.institution.name: p for p in ranked}
    boao_match = by_name["Boao Forum for Asia"]
    assert [c.challenge_id for c in boao_match.challenges] == [scene["challenge"].pk]
    assert set(boao_match.terms) >= {"wastewater", "oil"}
    assert boao_match.same_field is True
    assert boao_match.inquiries == 0
    company_match = by_name["Lotus Water Ltd"]
    assert (company_match.challenges, company_match.inquiries) == ([], 1)


@pytest.mark.django_db
def test_members_are_not_offered_as_partners(scene, nus):
    assert nus not in [p.institution for p in partners_for(scene["achievement"])]


@pytest.mark.django_db
def test_the_page_shows_partners_to_the_achievements_side_only(cast, scene):
    url = reverse("knowledge:achievement", args=[scene["achievement"].pk])
    mine = client_for(cast.coordinator_tsinghua).get(url)
    assert [p.institution.name for p in mine.context["partners"]] == [
        "Lotus Water Ltd",
        "Boao Forum for Asia",
    ]
    assert "Partners to approach" in mine.content.decode()
    assert "asked 1 time about this or a similar technology" in mine.content.decode()
    theirs = client_for(cast.partner).get(url)
    assert theirs.context["partners"] is None
    assert "Partners to approach" not in theirs.content.decode()


@pytest.mark.django_db
def test_the_partners_endpoint_answers_the_achievements_side_only(cast, scene):
    url = f"/api/v1/knowledge/achievements/{scene['achievement'].pk}/partners"
    read = TokenScope.KNOWLEDGE_READ
    body = Client().get(url, headers=bearer(cast.coordinator_tsinghua, read)).json()
    assert sorted(p["name"] for p in body) == ["Boao Forum for Asia", "Lotus Water Ltd"]
    boao_row = next(p for p in body if p["name"] == "Boao Forum for Asia")
    assert [c["id"] for c in boao_row["challenges"]] == [scene["challenge"].pk]
    assert Client().get(url, headers=bearer(cast.partner, read)).status_code == 404


@pytest.mark.django_db
def test_the_courses_endpoint_lists_open_courses_with_places_taken(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    closed = build_course(cast.coordinator_tsinghua, tsinghua, title="Closed one")
    set_course_status(closed, actor=cast.coordinator_tsinghua, status="closed")
    read = TokenScope.KNOWLEDGE_READ
    body = Client().get("/api/v1/knowledge/courses", headers=bearer(cast.coordinator_nus, read))
    items = body.json()["items"]
    assert [(c["id"], c["seats"], c["seats_taken"], c["credits"]) for c in items] == [
        (course.pk, 2, 0, 3.0)
    ]
    assert items[0]["credit_system"] == "Tsinghua credits (学分)"
    own = (
        Client()
        .get("/api/v1/knowledge/courses", headers=bearer(cast.coordinator_tsinghua, read))
        .json()
    )
    assert sorted(c["title"] for c in own["items"]) == [
        "Closed one",
        "Introduction to Artificial Intelligence",
    ]
    one = Client().get(
        f"/api/v1/knowledge/courses/{closed.pk}", headers=bearer(cast.coordinator_nus, read)
    )
    assert one.status_code == 404


@pytest.mark.django_db
def test_the_courses_endpoint_query_count_is_flat(cast, tsinghua, nus):
    def count():
        headers = bearer(cast.coordinator_nus, TokenScope.KNOWLEDGE_READ)
        with CaptureQueriesContext(connection) as captured:
            assert Client().get("/api/v1/knowledge/courses", headers=headers).status_code == 200
        return len(captured)

    build_course(cast.coordinator_tsinghua, tsinghua)
    one = count()
    for n in range(4):
        build_course(cast.coordinator_tsinghua, tsinghua, title=f"Course {n}")
    assert count() == one
