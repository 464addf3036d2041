"""Review: panels, assignment by load that never gives an application to someone from its home
or host or with a declared conflict, scores that only their reviewer changes, nominations."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance.members.enums import Role
from alliance.programmes.enums import QuotaSide
from alliance.programmes.models import Assignment, Score
from alliance.programmes.services.calls import set_quota
from alliance.programmes.services.nominations import drop_nomination, move_nomination, nominate
from alliance.programmes.services.reviews import (
    add_panel_member,
    assign_reviewers,
    declare_conflict,
    save_review,
)
from tests.conftest import make_user
from tests.programmes.conftest import faculty, submitted


@pytest.fixture
def reviewers(db, tsinghua, nus):
    return {
        "tsinghua": make_user("r.tsinghua@example.org", Role.REVIEWER),
        "nus": make_user("r.nus@example.org", Role.REVIEWER),
        "free": make_user("r.free@example.org", Role.REVIEWER),
        "other": make_user("r.other@example.org", Role.REVIEWER),
    }


@pytest.fixture
def panel(call, cast, reviewers, tsinghua, nus):
    add_panel_member(
        call.panel, actor=cast.secretariat, reviewer=reviewers["tsinghua"], institution=tsinghua
    )
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=reviewers["nus"], institution=nus)
    add_panel_member(
        call.panel, actor=cast.secretariat, reviewer=reviewers["free"], institution=None
    )
    add_panel_member(
        call.panel, actor=cast.secretariat, reviewer=reviewers["other"], institution=None
    )
    return call.panel


def reviewers_of(application):
    return sorted(
        Assignment.objects.filter(application=application).values_list("reviewer__email", flat=True)
    )


def test_only_reviewers_sit_on_a_panel(call, cast):
    with pytest.raises(ValidationError) as info:
        add_panel_member(
            call.panel, actor=cast.secretariat, reviewer=cast.student, institution=None
        )
    assert info.value.message_dict == {
        "reviewer": ["Only a person with the reviewer role can review."]
    }


def test_assignment_skips_the_home_and_the_host_and_spreads_the_load(
    call, cast, panel, scholar, nus, tsinghua
):
    applications = [
        submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus),
        submitted(call, faculty("b@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus),
    ]
    result = assign_reviewers(call, actor=cast.secretariat)
    assert result.created == 4
    assert result.short == {}
    for application in applications:
        assert reviewers_of(application) == ["r.free@example.org", "r.other@example.org"]


def test_a_declared_conflict_is_honoured_and_the_gap_reported(
    call, cast, panel, reviewers, scholar, nus, tsinghua
):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    declare_conflict(
        call,
        actor=reviewers["free"],
        reviewer=reviewers["free"],
        application=application,
        reason="Co-author",
    )
    result = assign_reviewers(call, actor=cast.secretariat)
    assert reviewers_of(application) == ["r.other@example.org"]
    assert result.short == {application.pk: 1}


def test_a_conflict_declared_later_takes_the_unsubmitted_review_back(
    call, cast, panel, reviewers, scholar, nus, tsinghua
):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    assign_reviewers(call, actor=cast.secretariat)
    declare_conflict(call, actor=cast.secretariat, reviewer=reviewers["free"], institution=nus)
    assert reviewers_of(application) == ["r.other@example.org"]


def test_only_nominated_applications_are_assigned(call, cast, panel, scholar, nus, tsinghua):
    application = submitted(call, scholar, nus, tsinghua, nominated=False)
    assert assign_reviewers(call, actor=cast.secretariat).created == 0
    assert reviewers_of(application) == []


def test_a_reviewer_cannot_change_another_reviewers_score(
    call, cast, panel, reviewers, scholar, nus, tsinghua
):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    mine = Assignment.objects.get(application=application, reviewer=reviewers["free"])
    save_review(mine, actor=reviewers["free"], scores={merit.pk: 4, fit.pk: 3}, comment="Good.")
    with pytest.raises(PermissionDenied):
        save_review(mine, actor=reviewers["other"], scores={merit.pk: 0, fit.pk: 0}, comment="")
    assert sorted(Score.objects.filter(assignment=mine).values_list("value", flat=True)) == [3, 4]


def test_scores_outside_the_range_or_missing_are_all_named(
    call, cast, panel, reviewers, scholar, nus, tsinghua
):
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    mine = Assignment.objects.get(application=application, reviewer=reviewers["free"])
    with pytest.raises(ValidationError) as info:
        save_review(mine, actor=reviewers["free"], scores={merit.pk: 9}, comment="")
    assert info.value.message_dict == {
        f"c{merit.pk}": ["Give a score from 0 to 5."],
        f"c{fit.pk}": ["Give a score."],
    }
    assert not Score.objects.filter(assignment=mine).exists()


def test_a_home_nominates_within_its_quota_and_orders_its_candidates(
    call, cast, scholar, nus, tsinghua
):
    set_quota(call, actor=cast.secretariat, institution=nus, side=QuotaSide.HOME, places=2)
    a = submitted(call, scholar, nus, tsinghua, nominated=False)
    b = submitted(call, faculty("b@nus.example.org"), nus, tsinghua, nominated=False)
    c = submitted(call, faculty("c@nus.example.org"), nus, tsinghua, nominated=False)
    nominate(a, actor=cast.coordinator_nus)
    nominate(b, actor=cast.coordinator_nus)
    with pytest.raises(ValidationError) as info:
        nominate(c, actor=cast.coordinator_nus)
    assert info.value.messages == [
        "Your institution's quota is 2; take a candidate off the list first."
    ]
    move_nomination(b, actor=cast.coordinator_nus, offset=-1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.nomination_rank, b.nomination_rank) == (2, 1)
    drop_nomination(b, actor=cast.coordinator_nus)
    a.refresh_from_db()
    assert a.nomination_rank == 1
    assert nominate(c, actor=cast.coordinator_nus).nomination_rank == 2
