"""Agreements (fingerprints and approvals), applications (bad input refused, nothing stored),
nominations, and an allocation run end to end."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.members.enums import Role
from alliance.mobility.enums import Mechanism, PlacementResponse, RoundStatus
from alliance.mobility.models import AllocationRun, Application, Choice, Placement
from alliance.mobility.queries import engine_input
from alliance.mobility.services.agreements import (
    approve_agreement,
    fingerprint_of,
    update_agreement,
)
from alliance.mobility.services.rounds import (
    move_nomination,
    set_round_status,
    submit_application,
    update_round_host,
)
from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation
from tests.conftest import make_member, make_user
from tests.mobility.conftest import build_round

pytestmark = pytest.mark.django_db


def _terms(agreement):
    return [
        {
            "sending": t.sending,
            "receiving": t.receiving,
            "places_per_year": t.places_per_year,
            "months_per_year": t.months_per_year,
            "study_levels": t.study_levels,
            "subject_areas": t.subject_areas,
            "language": t.language,
            "language_level": t.language_level,
        }
        for t in agreement.terms.all()
    ]


def _update(agreement, actor, **changes):
    values = {
        "title": agreement.title,
        "first_year": agreement.first_year,
        "last_year": agreement.last_year,
        "recognition_notes": agreement.recognition_notes,
        "terms": _terms(agreement),
        **changes,
    }
    return update_agreement(agreement, actor=actor, **values)


# --- agreements ---


def test_it_fingerprints_the_canonical_content(agreement):
    assert len(agreement.fingerprint) == 64
    assert agreement.fingerprint == fingerprint_of(agreement)
    assert AuditEntry.objects.filter(action="mobility.agreement.create").count() == 1


def test_it_is_in_effect_once_both_sides_approve_the_same_fingerprint(
    cast, agreement, tsinghua, nus
):
    approve_agreement(
        agreement,
        actor=cast.coordinator_tsinghua,
        institution=tsinghua,
        fingerprint=agreement.fingerprint,
    )
    approve_agreement(
        agreement, actor=cast.coordinator_nus, institution=nus, fingerprint=agreement.fingerprint
    )
    assert [p.has_approved for p in agreement.parties.all()] == [True, True]
    assert AuditEntry.objects.filter(action="mobility.agreement.approve").count() == 2


def test_a_change_of_content_resets_every_approval(cast, agreement, tsinghua, nus):
    for user, inst in ((cast.coordinator_tsinghua, tsinghua), (cast.coordinator_nus, nus)):
        approve_agreement(
            agreement, actor=user, institution=inst, fingerprint=agreement.fingerprint
        )
    old = agreement.fingerprint
    terms = _terms(agreement)
    terms[0]["places_per_year"] = 5
    updated = _update(agreement, cast.coordinator_nus, terms=terms)
    assert updated.fingerprint != old
    assert [p.approved_fingerprint for p in updated.parties.all()] == ["", ""]
    assert [p.has_approved for p in updated.parties.all()] == [False, False]
    audit = AuditEntry.objects.get(action="mobility.agreement.update")
    assert audit.after["approvals_reset"] is True
    assert audit.before["fingerprint"] == old


def test_saving_the_same_content_keeps_the_approvals(cast, agreement, tsinghua):
    approve_agreement(
        agreement,
        actor=cast.coordinator_tsinghua,
        institution=tsinghua,
        fingerprint=agreement.fingerprint,
    )
    updated = _update(agreement, cast.coordinator_tsinghua)
    party = updated.parties.get(institution=tsinghua)
    assert party.has_approved


def test_approving_for_another_institution_is_refused(cast, agreement, nus):
    with pytest.raises(ValidationError, match="Only a coordinator of National University"):
        approve_agreement(
            agreement,
            actor=cast.coordinator_tsinghua,
            institution=nus,
            fingerprint=agreement.fingerprint,
        )
    assert not agreement.parties.get(institution=nus).approved_fingerprint


def test_approving_for_a_non_party_is_refused(cast, agreement):
    other = make_member("Seoul National University", "KR", None)
    coordinator = make_user("coord@snu.example.org", Role.COORDINATOR, other)
    with pytest.raises(ValidationError, match="not a party"):
        approve_agreement(
            agreement, actor=coordinator, institution=other, fingerprint=agreement.fingerprint
        )


def test_approving_a_stale_fingerprint_is_refused(cast, agreement, tsinghua):
    with pytest.raises(ValidationError, match="changed since you opened it"):
        approve_agreement(
            agreement, actor=cast.coordinator_tsinghua, institution=tsinghua, fingerprint="0" * 64
        )
    assert not agreement.parties.get(institution=tsinghua).approved_fingerprint


def test_a_coordinator_may_not_make_an_agreement_between_others(cast, tsinghua, nus):
    from tests.mobility.conftest import build_agreement

    other = make_member("Seoul National University", "KR", None)
    with pytest.raises(ValidationError, match="your own institution"):
        build_agreement(cast.coordinator_tsinghua, nus, other)


# --- applications ---


def test_a_student_applies_with_ranked_hosts(cast, round_, tsinghua, nus):
    application = submit_application(
        round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua]
    )
    assert application.home == nus
    assert application.nomination_rank == 1
    assert [c.host for c in application.choices.all()] == [tsinghua]
    assert AuditEntry.objects.filter(action="mobility.application.submit").count() == 1


@pytest.mark.parametrize(
    ("hosts", "message"),
    [
        ("unknown", "Choice 2: unknown university."),
        ("outsider", "is not a partner in this round"),
        ("twice", "Choice 2: Tsinghua University is listed twice."),
        ("home", "Choice 1: National University of Singapore is your home university."),
        ("eleven", "Rank at most 10 hosts; you ranked 11."),
        ("none", "Rank at least one host."),
    ],
)
def test_bad_rankings_are_refused_and_nothing_is_stored(
    cast, round_, tsinghua, nus, hosts, message
):
    outsider = make_member("Seoul National University", "KR", None)
    lists = {
        "unknown": [tsinghua, None],
        "outsider": [outsider],
        "twice": [tsinghua, tsinghua],
        "home": [nus],
        "eleven": [tsinghua] * 11,
        "none": [],
    }
    with pytest.raises(ValidationError) as info:
        submit_application(
            round_, actor=cast.student, home=nus, study_level="6", hosts=lists[hosts]
        )
    assert any(message in m for m in info.value.messages)
    assert Application.objects.count() == 0
    assert Choice.objects.count() == 0


def test_every_problem_is_listed_at_once(cast, round_, tsinghua, nus):
    with pytest.raises(ValidationError) as info:
        submit_application(
            round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua, tsinghua, None]
        )
    assert info.value.message_dict["hosts"] == [
        "Choice 2: Tsinghua University is listed twice.",
        "Choice 3: unknown university.",
    ]


def test_a_closed_round_takes_no_applications(cast, round_, tsinghua, nus):
    set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    with pytest.raises(ValidationError, match="not open"):
        submit_application(round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua])


def test_only_students_apply(cast, round_, tsinghua, nus):
    with pytest.raises(ValidationError, match="Only students"):
        submit_application(round_, actor=cast.outsider, home=nus, study_level="6", hosts=[tsinghua])


# --- nominations ---


def test_the_home_coordinator_reorders_its_applicants(cast, round_, tsinghua, nus):
    first = submit_application(
        round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua]
    )
    other = make_user("tan@students.nus.example.org", Role.APPLICANT)
    second = submit_application(round_, actor=other, home=nus, study_level="7", hosts=[tsinghua])
    move_nomination(second, actor=cast.coordinator_nus, offset=-1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.nomination_rank, first.nomination_rank) == (1, 2)
    assert AuditEntry.objects.get(action="mobility.nomination.order").after == {
        "order": [second.pk, first.pk]
    }


def test_another_home_may_not_reorder(cast, round_, tsinghua, nus):
    application = submit_application(
        round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua]
    )
    with pytest.raises(ValidationError, match="Only a coordinator of National University"):
        move_nomination(application, actor=cast.coordinator_tsinghua, offset=1)


# --- running the engine ---


def _small_round(cast, tsinghua, nus):
    """Two universities, two places each; two students each way, one Tsinghua student
    ranked first at home."""
    round_ = build_round(cast.secretariat, [tsinghua, nus], places=1)
    students = {}
    for name, home, host in (
        ("li", tsinghua, nus),
        ("wang", tsinghua, nus),
        ("tan", nus, tsinghua),
    ):
        user = make_user(f"{name}@students.example.org", Role.APPLICANT)
        students[name] = submit_application(
            round_, actor=user, home=home, study_level="6", hosts=[host]
        )
    set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    return round_, students


def test_the_engine_input_follows_the_round(cast, tsinghua, nus):
    round_, s = _small_round(cast, tsinghua, nus)
    update_round_host(
        round_.hosts.get(institution=nus),
        actor=cast.secretariat,
        places=1,
        tolerance=1,
        study_levels=["7"],
    )
    data = engine_input(round_)
    assert data["universities"] == [
        {"id": nus.slug, "capacity": 1, "tolerance": 1},
        {"id": tsinghua.slug, "capacity": 1, "tolerance": 0},
    ]
    assert data["home_priority"] == {
        nus.slug: [str(s["tan"].pk)],
        tsinghua.slug: [str(s["li"].pk), str(s["wang"].pk)],
    }
    assert data["acceptable"] == {nus.slug: []}


def test_the_engine_input_takes_a_fixed_number_of_queries(
    cast, tsinghua, nus, django_assert_num_queries
):
    round_, _s = _small_round(cast, tsinghua, nus)
    # hosts, applications, choices, and the balances carried from earlier rounds
    with django_assert_num_queries(4):
        engine_input(round_)


def test_ts_ttc_balances_and_respects_home_priority(cast, tsinghua, nus):
    round_, s = _small_round(cast, tsinghua, nus)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    assert run.result["assignment"] == {
        str(s["li"].pk): nus.slug,
        str(s["wang"].pk): None,
        str(s["tan"].pk): tsinghua.slug,
    }
    assert (run.students, run.placed, run.first_choice, run.unplaced) == (3, 2, 2, 1)
    assert run.result["per_university"] == {
        nus.slug: {"sent": 1, "hosted": 1},
        tsinghua.slug: {"sent": 1, "hosted": 1},
    }
    assert run.input == engine_input(round_)
    assert AuditEntry.objects.filter(action="mobility.run.create", object_id=str(run.pk)).exists()


def test_max_volume_needs_confirmation(cast, tsinghua, nus):
    round_, _s = _small_round(cast, tsinghua, nus)
    with pytest.raises(ValidationError, match="ignores home priority"):
        run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.MAX_VOLUME)
    assert AllocationRun.objects.count() == 0
    run = run_allocation(
        round_, actor=cast.secretariat, mechanism=Mechanism.MAX_VOLUME, confirmed=True
    )
    assert run.parameters == {"confirmed_max_volume": True}
    assert run.placed == 2


def test_an_open_round_is_not_allocated(cast, round_):
    with pytest.raises(ValidationError, match="Close the round"):
        run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)


def test_publication_gives_places_to_accept_or_decline(cast, tsinghua, nus):
    round_, s = _small_round(cast, tsinghua, nus)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    publish_run(run, actor=cast.secretariat)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert round_.published_run == run
    placements = {p.application_id: p for p in Placement.objects.all()}
    assert set(placements) == {s["li"].pk, s["tan"].pk}
    li = placements[s["li"].pk]
    with pytest.raises(ValidationError, match="Only the student"):
        respond_to_placement(li, actor=s["tan"].student, accept=True)
    respond_to_placement(li, actor=s["li"].student, accept=False)
    li.refresh_from_db()
    assert li.response == PlacementResponse.DECLINED
    with pytest.raises(ValidationError, match="already answered"):
        respond_to_placement(li, actor=s["li"].student, accept=True)
    with pytest.raises(ValidationError, match="published, once"):
        publish_run(run, actor=cast.secretariat)
