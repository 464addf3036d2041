"""After allocation (alliance/mobility/services/mobilities.py and views/mobilities.py): a
declined place offered again, the mobility record made by an acceptance, its dates, the learning
agreement and its three signatures, cancellation, the balance ledger carried into the next round,
and the EWP-shaped nominations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.members.enums import Role
from alliance.mobility.enums import Mechanism, MobilityStatus, PlacementResponse, RoundStatus
from alliance.mobility.models import Mobility, Placement
from alliance.mobility.queries import (
    balance_ledger,
    carried_balances,
    engine_input,
    signatures_status,
)
from alliance.mobility.services.mobilities import (
    cancel_mobility,
    set_learning_agreement,
    set_mobility_dates,
    sign_learning_agreement,
)
from alliance.mobility.services.rounds import set_round_status, submit_application
from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation
from tests.conftest import client_for, make_user
from tests.mobility.conftest import build_round

COURSES = [
    {"code": "CS101", "title": "Algorithms", "credits": Decimal("6"), "term": "Fall"},
    {"code": "", "title": "中文入门", "credits": Decimal("4.5"), "term": ""},
]


def published(cast, tsinghua, nus, *, year: int = 2027, name: str = "Fall 2027"):
    """One place each way; Li and Wang of Tsinghua want NUS (Li ranked first at home), Tan of
    NUS wants Tsinghua. TS-TTC swaps Li and Tan; Wang waits. Published."""
    round_ = build_round(cast.secretariat, [tsinghua, nus], places=1)
    round_.name, round_.academic_year = name, year
    round_.save()
    apps = {}
    for who, home, host in (("li", tsinghua, nus), ("wang", tsinghua, nus), ("tan", nus, tsinghua)):
        user = make_user(f"{who}{year}@students.example.org", Role.APPLICANT)
        apps[who] = submit_application(round_, actor=user, home=home, study_level="6", hosts=[host])
    round_ = set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    publish_run(run, actor=cast.secretariat)
    places = {p.application_id: p for p in Placement.objects.filter(run=run)}
    return round_, apps, {who: places.get(a.pk) for who, a in apps.items()}


def accepted(cast, tsinghua, nus, **kwargs) -> Mobility:
    _round, apps, places = published(cast, tsinghua, nus, **kwargs)
    respond_to_placement(places["li"], actor=apps["li"].student, accept=True)
    return Mobility.objects.get(placement=places["li"])


# --- a declined place is offered again ------------------------------------------------------


def test_a_declined_place_goes_to_the_next_student_of_the_same_home(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    _round, apps, places = published(cast, tsinghua, nus)
    assert places["wang"] is None
    with django_capture_on_commit_callbacks(execute=True):
        respond_to_placement(places["li"], actor=apps["li"].student, accept=False)
    offer = Placement.objects.get(application=apps["wang"])
    assert (offer.host, offer.offered_after, offer.response) == (
        nus,
        places["li"],
        PlacementResponse.PENDING,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["wang2027@students.example.org"], f"An exchange place is offered to you: {nus.name}")
    ]
    assert AuditEntry.objects.filter(action="mobility.placement.reoffer").count() == 1
    # Wang declines too: nobody else of Tsinghua ranked NUS, and the round balances exactly.
    respond_to_placement(offer, actor=apps["wang"].student, accept=False)
    assert Placement.objects.filter(run=offer.run).count() == 3
    assert AuditEntry.objects.filter(action="mobility.placement.not_reoffered").count() == 1


def test_the_reoffered_student_sees_the_place_on_the_round_page(cast, tsinghua, nus):
    round_, apps, places = published(cast, tsinghua, nus)
    respond_to_placement(places["li"], actor=apps["li"].student, accept=False)
    page = client_for(apps["wang"].student).get(f"/mobility/rounds/{round_.pk}/")
    assert f"You have a place at {nus.name}." in page.content.decode()
    assert b"Accept the place" in page.content


def test_publication_tells_every_applicant_their_result(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        published(cast, tsinghua, nus)
    results = sorted((m.to[0], m.subject, "You have a place at" in m.body) for m in mail.outbox)
    assert results == [
        ("li2027@students.example.org", "Your exchange result: Fall 2027", True),
        ("tan2027@students.example.org", "Your exchange result: Fall 2027", True),
        ("wang2027@students.example.org", "Your exchange result: Fall 2027", False),
    ]


# --- the mobility record ---------------------------------------------------------------------


def test_accepting_nominates_the_student_to_the_host(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    assert (mobility.home, mobility.host, mobility.academic_year, mobility.status) == (
        tsinghua,
        nus,
        2027,
        MobilityStatus.NOMINATED,
    )
    assert AuditEntry.objects.filter(action="mobility.mobility.nominate").count() == 1


@time_machine.travel("2027-09-20 10:00 +00:00", tick=False)
def test_the_host_records_arrival_and_departure_and_the_home_plans(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    home, host = cast.coordinator_tsinghua, cast.coordinator_nus
    set_mobility_dates(
        mobility,
        actor=home,
        dates={
            "planned_arrival": datetime.date(2027, 9, 1),
            "planned_departure": datetime.date(2028, 1, 20),
        },
    )
    with pytest.raises(ValidationError, match="Only the host records"):
        set_mobility_dates(mobility, actor=home, dates={"arrived_on": datetime.date(2027, 9, 2)})
    with pytest.raises(ValidationError) as caught:
        set_mobility_dates(mobility, actor=host, dates={"arrived_on": datetime.date(2027, 10, 2)})
    assert caught.value.message_dict == {
        "arrived_on": ["An arrival is recorded once it has happened."]
    }
    with pytest.raises(ValidationError) as caught:
        set_mobility_dates(mobility, actor=host, dates={"departed_on": datetime.date(2027, 9, 3)})
    assert caught.value.message_dict == {
        "departed_on": ["Record the arrival before the departure."]
    }
    set_mobility_dates(mobility, actor=host, dates={"arrived_on": datetime.date(2027, 9, 2)})
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.ARRIVED
    assert mobility.planned_arrival == datetime.date(2027, 9, 1)  # kept
    with pytest.raises(ValidationError, match="Only the home coordinator or the Secretariat"):
        cancel_mobility(mobility, actor=host, reason="no")
    with pytest.raises(ValidationError, match="has not started"):
        cancel_mobility(mobility, actor=home, reason="Changed plans")
    with time_machine.travel("2028-01-21 10:00 +00:00", tick=False):
        set_mobility_dates(mobility, actor=host, dates={"departed_on": datetime.date(2028, 1, 20)})
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.COMPLETED


def test_outsiders_cannot_date_a_mobility(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    with pytest.raises(ValidationError, match="Only the home or host coordinators"):
        set_mobility_dates(
            mobility, actor=mobility.student, dates={"planned_arrival": datetime.date(2027, 9, 1)}
        )


# --- the learning agreement -------------------------------------------------------------------


def test_three_signatures_on_one_content_and_a_change_needs_all_three_again(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    student, home, host = mobility.student, cast.coordinator_tsinghua, cast.coordinator_nus
    with pytest.raises(ValidationError, match="nothing to sign"):
        sign_learning_agreement(mobility, actor=student, party="student", fingerprint="")
    set_learning_agreement(mobility, actor=student, courses=COURSES)
    mobility.refresh_from_db()
    first = mobility.learning_agreement_fingerprint
    assert len(first) == 64
    with pytest.raises(ValidationError, match="cannot sign for that side"):
        sign_learning_agreement(mobility, actor=home, party="host", fingerprint=first)
    for actor, party in ((student, "student"), (home, "home"), (host, "host")):
        sign_learning_agreement(mobility, actor=actor, party=party, fingerprint=first)
    assert signatures_status(mobility) == {"student": "signed", "home": "signed", "host": "signed"}

    set_learning_agreement(mobility, actor=host, courses=COURSES[:1])
    mobility.refresh_from_db()
    assert mobility.learning_agreement_fingerprint != first
    assert signatures_status(mobility) == {
        "student": "earlier",
        "home": "earlier",
        "host": "earlier",
    }
    with pytest.raises(ValidationError, match="changed since you opened the page"):
        sign_learning_agreement(mobility, actor=student, party="student", fingerprint=first)
    assert list(mobility.courses.values_list("title", "credits")) == [
        ("Algorithms", Decimal("6.0"))
    ]
    actions = list(
        AuditEntry.objects.filter(action__startswith="mobility.learning_agreement").values_list(
            "action", flat=True
        )
    )
    assert actions.count("mobility.learning_agreement.sign") == 3
    assert actions.count("mobility.learning_agreement.change") == 2


def test_the_course_list_refuses_bad_lines_and_keeps_what_was_saved(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    set_learning_agreement(mobility, actor=mobility.student, courses=COURSES)
    page = client_for(mobility.student).post(
        f"/mobility/mobilities/{mobility.pk}/learning-agreement/",
        {"courses": "CS101 | Algorithms | six | Fall\njust a title\n | Thai culture | 3"},
    )
    assert page.status_code == 200
    errors = page.context["form"].errors["courses"]
    assert errors == [
        "Line 1: “six” is not a number of credits such as 5 or 7.5.",
        "Line 2: write code | title | credits | term.",
    ]
    assert mobility.courses.count() == 2


def test_signing_through_the_page(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    client = client_for(mobility.student)
    response = client.post(
        f"/mobility/mobilities/{mobility.pk}/learning-agreement/",
        {"courses": "CS101 | Algorithms | 6 | Fall\n | Chinese for beginners | 4,5 | "},
    )
    assert response.status_code == 302
    page = client.get(f"/mobility/mobilities/{mobility.pk}/")
    assert b"Sign as Student" in page.content
    mobility.refresh_from_db()
    client.post(
        f"/mobility/mobilities/{mobility.pk}/learning-agreement/sign/",
        {"party": "student", "fingerprint": mobility.learning_agreement_fingerprint},
    )
    assert signatures_status(mobility)["student"] == "signed"
    page = client.get(f"/mobility/mobilities/{mobility.pk}/")
    assert b"Sign as Student" not in page.content
    host_page = client_for(cast.coordinator_nus).get(f"/mobility/mobilities/{mobility.pk}/")
    assert b"Sign as Host university" in host_page.content


# --- cancellation, the ledger, the carried balance -----------------------------------------


def test_the_ledger_counts_records_and_the_next_round_carries_the_balance(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)  # Tsinghua sends Li to NUS in 2027; Tan answers not
    ledger = balance_ledger()
    assert ledger.years == [2027]
    by_name = {r.institution.slug: r for r in ledger.rows}
    assert (by_name[tsinghua.slug].sent, by_name[tsinghua.slug].hosted) == (1, 0)
    assert (by_name[nus.slug].sent, by_name[nus.slug].hosted) == (0, 1)
    assert by_name[nus.slug].years == [{"sent": 0, "hosted": 1, "balance": 1, "running": 1}]
    assert ledger.flows == {(tsinghua.pk, nus.pk): 1}

    spring = build_round(cast.secretariat, [tsinghua, nus], places=1)
    assert carried_balances(spring) == {tsinghua.pk: -1, nus.pk: 1}
    make = make_user("kim@students.example.org", Role.APPLICANT)
    submit_application(spring, actor=make, home=nus, study_level="6", hosts=[tsinghua])
    data = engine_input(spring)
    assert {u["id"]: u.get("carried", 0) for u in data["universities"]} == {
        tsinghua.slug: -1,
        nus.slug: 1,
    }
    cancel_mobility(mobility, actor=cast.coordinator_tsinghua, reason="Visa refused")
    assert balance_ledger().rows == []
    assert carried_balances(spring) == {}


def test_max_volume_pays_back_the_carried_balance(cast, tsinghua, nus):
    accepted(cast, tsinghua, nus)  # NUS hosted one more than it sent
    later = build_round(cast.secretariat, [tsinghua, nus], places=1)
    later.academic_year = 2028
    later.save()
    kim = make_user("kim@students.example.org", Role.APPLICANT)
    app = submit_application(later, actor=kim, home=nus, study_level="6", hosts=[tsinghua])
    later = set_round_status(later, actor=cast.secretariat, status=RoundStatus.CLOSED)
    balanced = run_allocation(later, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    assert balanced.result["assignment"] == {str(app.pk): None}
    paid_back = run_allocation(
        later, actor=cast.secretariat, mechanism=Mechanism.MAX_VOLUME, confirmed=True
    )
    assert paid_back.result["assignment"] == {str(app.pk): tsinghua.slug}


def test_the_balances_page_shows_years_and_flows_in_few_queries(
    cast, tsinghua, nus, django_assert_max_num_queries
):
    accepted(cast, tsinghua, nus)
    client = client_for(cast.secretariat)
    with django_assert_max_num_queries(12):
        page = client.get("/mobility/balances/?year=2027")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Who sent to whom in 2027" in body
    # Rows and columns by name: NUS, then Tsinghua. Tsinghua sent one student to NUS.
    assert [(r["name"], r["cells"]) for r in page.context["matrix"]] == [
        (nus.name, [0, 0]),
        (tsinghua.name, [1, 0]),
    ]


def test_the_mobility_list_is_scoped_and_filtered(
    cast, tsinghua, nus, django_assert_max_num_queries
):
    mobility = accepted(cast, tsinghua, nus)
    client = client_for(cast.coordinator_tsinghua)
    with django_assert_max_num_queries(10):
        outgoing = client.get("/mobility/mobilities/?direction=outgoing")
    assert list(outgoing.context["page"].object_list) == [mobility]
    incoming = client.get("/mobility/mobilities/?direction=incoming")
    assert list(incoming.context["page"].object_list) == []
    assert list(client_for(cast.student).get("/mobility/mobilities/").context["page"]) == []
    mine = client_for(mobility.student).get("/mobility/mobilities/?status=nominated")
    assert list(mine.context["page"].object_list) == [mobility]


def test_the_nominations_export_is_shaped_like_ewp(cast, tsinghua, nus):
    mobility = accepted(cast, tsinghua, nus)
    response = client_for(cast.coordinator_nus).get(
        f"/mobility/rounds/{mobility.round_id}/nominations.json"
    )
    data = response.json()
    assert data["omobility-id-list"] == [str(mobility.pk)]
    (single,) = data["single-mobility-object"]
    assert single["sending-hei"]["hei-id"] == tsinghua.slug
    assert single["receiving-hei"]["hei-id"] == nus.slug
    assert single["status-outgoing"] == "nomination"
    assert single["receiving-academic-year-id"] == "2027/2028"
    assert single["student"]["email"] == mobility.student.email


def test_the_dashboard_asks_for_answers_signatures_and_rankings(cast, tsinghua, nus):
    from alliance.mobility.queries import next_tasks

    _round, apps, places = published(cast, tsinghua, nus)
    li = apps["li"].student
    assert [t.label for t in next_tasks(li)] == [
        f"Accept or decline your exchange place at {nus.name}"
    ]
    respond_to_placement(places["li"], actor=li, accept=True)
    assert next_tasks(li) == []  # nothing to sign before the courses are listed
    mobility = Mobility.objects.get(student=li)
    set_learning_agreement(mobility, actor=li, courses=COURSES)
    mobility.refresh_from_db()
    sign = f"Sign the learning agreement: {li.full_name}, {tsinghua.name} → {nus.name}"
    assert [t.label for t in next_tasks(li)] == [sign]
    sign_learning_agreement(
        mobility, actor=li, party="student", fingerprint=mobility.learning_agreement_fingerprint
    )
    assert next_tasks(li) == []
    assert [t.label for t in next_tasks(cast.coordinator_nus)] == [sign]
    open_round = build_round(cast.secretariat, [tsinghua, nus])
    assert [t.url for t in next_tasks(cast.coordinator_tsinghua)] == [
        f"/mobility/mobilities/{mobility.pk}/",
        f"/mobility/rounds/{open_round.pk}/nominations/",
    ]
