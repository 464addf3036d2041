"""Dashboards: a call's funnel, homes and hosts and reviews for the Secretariat; an
institution's candidates and quotas for its coordinators; the award figures of a year for the
annual report. Every page costs the same number of queries for a small call and a bigger one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from alliance.core.enums import TokenScope
from alliance.members.enums import Role
from alliance.programmes import queries
from alliance.programmes.enums import ApplicationStatus, CallStatus, QuotaSide
from alliance.programmes.models import Application, Assignment, Call
from alliance.programmes.services.calls import set_call_status, set_quota
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers, save_review
from alliance.programmes.services.selection import decide_application, respond_to_award
from tests.conftest import client_for, make_user
from tests.programmes.conftest import build_call, faculty, fill_draft, submitted
from tests.test_api import bearer


@dataclass
class World:
    call: Call
    awarded: Application
    rejected: Application
    declined: Application
    unnominated: Application


def decided_call(cast, tsinghua, nus) -> World:
    """A closed call: three nominated NUS → Tsinghua applications (two reviewed; one awarded,
    one rejected, one awarded and declined), one Tsinghua → NUS application not nominated, and
    a draft. NUS holds a home quota of 5."""
    call = build_call(cast.secretariat, reviewers_per_application=1)
    set_quota(call, actor=cast.secretariat, institution=nus, side=QuotaSide.HOME, places=5)
    fill_draft(call, faculty("draft@tsinghua.example.org"), tsinghua, nus)
    people = [faculty(f"a{n}@nus.example.org") for n in range(3)]
    a1, a2, a3 = (submitted(call, p, nus, tsinghua, actor=cast.coordinator_nus) for p in people)
    b = submitted(call, faculty("b@tsinghua.example.org"), tsinghua, nus, nominated=False)
    set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    reviewer = make_user("panel@example.org", Role.REVIEWER)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=reviewer, institution=None)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    for application in (a1, a2):
        assignment = Assignment.objects.get(application=application)
        save_review(assignment, actor=reviewer, scores={merit.pk: 4, fit.pk: 3}, comment="")
    decide_application(a1, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    decide_application(a2, actor=cast.secretariat, decision=ApplicationStatus.REJECTED)
    a3 = decide_application(a3, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    respond_to_award(a3, actor=people[2], accept=False)
    return World(Call.objects.get(pk=call.pk), a1, a2, a3, b)


def test_the_call_dashboard_counts_the_funnel_homes_hosts_and_reviews(
    cast, tsinghua, nus, django_assert_num_queries
):
    world = decided_call(cast, tsinghua, nus)
    with django_assert_num_queries(3):
        d = queries.call_dashboard(world.call)
    assert [(s.key, s.count, s.percent) for s in d.funnel] == [
        ("started", 5, 100),
        ("submitted", 4, 80),
        ("nominated", 3, 60),
        ("reviewed", 2, 40),
        ("awarded", 2, 40),
        ("accepted", 0, 0),
    ]
    assert {k: v for k, v in d.by_status.items() if v} == {
        "draft": 1,
        "submitted": 1,
        "awarded": 1,
        "rejected": 1,
        "declined": 1,
    }
    assert [
        (r.name, r.applications, r.nominated, r.awards, r.granted, r.quota) for r in d.by_home
    ] == [
        ("National University of Singapore", 3, 3, 1, Decimal("2500.00"), 5),
        ("Tsinghua University", 1, 0, 0, Decimal(0), None),
    ]
    assert [(r.name, r.applications, r.awards) for r in d.by_host] == [
        ("National University of Singapore", 1, 0),
        ("Tsinghua University", 3, 1),
    ]
    assert (d.reviews_assigned, d.reviews_done, d.reviews_percent) == (3, 2, 67)
    assert d.granted == Decimal("2500.00")


def test_the_dashboard_page_and_application_list_cost_the_same_queries_small_or_big(
    cast, tsinghua, nus, django_assert_num_queries
):
    call = build_call(cast.secretariat)
    submitted(call, faculty("first@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    client = client_for(cast.secretariat)
    pages = [
        f"/programmes/calls/{call.pk}/dashboard/",
        f"/programmes/calls/{call.pk}/applications/",
    ]
    client.get(pages[0])  # the session is read once
    counts = {}
    for page in pages:
        with django_assert_num_queries(7) as captured:
            assert client.get(page).status_code == 200
        counts[page] = len(captured.captured_queries)
    for n in range(4):
        submitted(call, faculty(f"more{n}@tsinghua.example.org"), tsinghua, nus, nominated=False)
    for page in pages:
        with django_assert_num_queries(counts[page]):
            body = client.get(page).content.decode()
        assert "Tsinghua University" in body
    listing = client.get(pages[1] + f"?home={tsinghua.pk}").content.decode()
    assert "4 applications" in listing


def test_a_coordinator_sees_only_their_institution_in_the_list_and_no_dashboard(
    cast, tsinghua, nus
):
    call = build_call(cast.secretariat)
    submitted(call, faculty("mine@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
    submitted(call, faculty("theirs@tsinghua.example.org"), tsinghua, nus, nominated=False)
    client = client_for(cast.coordinator_nus)
    listing = client.get(f"/programmes/calls/{call.pk}/applications/").content.decode()
    assert "1 application" in listing
    assert ">mine</a>" in listing
    assert ">theirs</a>" not in listing
    assert client.get(f"/programmes/calls/{call.pk}/dashboard/").status_code == 403


def test_the_institution_dashboard_shows_candidates_and_quotas_used(
    cast, tsinghua, nus, django_assert_num_queries
):
    world = decided_call(cast, tsinghua, nus)
    set_quota(
        world.call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=2
    )
    with django_assert_num_queries(3):
        d = queries.institution_dashboard(nus)
    [row] = d.calls
    assert (row.call_id, row.applications, row.nominated, row.awards) == (world.call.pk, 3, 3, 1)
    assert (row.home_quota, row.hosted_awards, row.host_quota) == (5, 0, None)
    [row] = queries.institution_dashboard(tsinghua).calls
    assert (row.applications, row.nominated, row.hosted_awards, row.host_quota) == (1, 0, 1, 2)
    page = client_for(cast.coordinator_nus).get(f"/programmes/institutions/{nus.pk}/dashboard/")
    body = page.content.decode()
    assert "3 of 5" in body  # nominated of the home quota
    assert body.count("/programmes/applications/") == 3
    other = client_for(cast.coordinator_nus).get(
        f"/programmes/institutions/{tsinghua.pk}/dashboard/"
    )
    assert other.status_code == 404
    mine = client_for(cast.coordinator_nus).get("/programmes/institutions/mine/")
    assert mine["Location"] == f"/programmes/institutions/{nus.pk}/dashboard/"


def test_award_figures_count_awards_held_by_programme_home_and_host(cast, tsinghua, nus):
    world = decided_call(cast, tsinghua, nus)
    respond_to_award(world.awarded, actor=world.awarded.applicant, accept=True)
    assert queries.award_figures(2027) == [
        {
            "programme": "Scholars Award",
            "home": "National University of Singapore",
            "home_slug": nus.slug,
            "host": "Tsinghua University",
            "host_slug": tsinghua.slug,
            "awards": 1,
            "grants": {"USD": Decimal("2500.00")},
        }
    ]
    assert queries.award_figures(2028) == []


def test_the_api_serves_the_dashboard_to_the_secretariat_only(cast, tsinghua, nus):
    world = decided_call(cast, tsinghua, nus)
    path = f"/api/v1/programmes/calls/{world.call.pk}/dashboard"
    body = Client(headers=bearer(cast.secretariat, TokenScope.PROGRAMMES_READ)).get(path).json()
    assert [(s["key"], s["count"]) for s in body["funnel"]] == [
        ("started", 5),
        ("submitted", 4),
        ("nominated", 3),
        ("reviewed", 2),
        ("awarded", 2),
        ("accepted", 0),
    ]
    assert (body["reviews_assigned"], body["reviews_done"], body["currency"]) == (3, 2, "USD")
    assert body["by_home"][0]["institution"] == nus.pk
    assert body["by_home"][0]["quota"] == 5
    denied = Client(headers=bearer(cast.coordinator_nus, TokenScope.PROGRAMMES_READ)).get(path)
    assert denied.status_code == 403


@pytest.mark.parametrize("year", [2026])
def test_award_figures_of_a_year_without_calls_are_empty(db, year):
    assert queries.award_figures(year) == []
