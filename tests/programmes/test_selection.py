"""Ranking, the suggested selection with its reasons, decisions, acceptance, the reserve list
moving up when an awardee declines, and the award letter."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from alliance.members.enums import Role
from alliance.programmes.enums import ApplicationStatus, CallStatus, QuotaSide
from alliance.programmes.models import Assignment, Call
from alliance.programmes.pdf import award_letter_pdf
from alliance.programmes.queries import ranking, suggestion
from alliance.programmes.services.calls import set_call_status, set_quota
from alliance.programmes.services.reviews import add_panel_member, assign_reviewers, save_review
from alliance.programmes.services.selection import (
    apply_suggestion,
    decide_application,
    respond_to_award,
)
from tests.conftest import make_user
from tests.programmes.conftest import faculty, submitted


def reviewed_call(cast, tsinghua, nus, scores):
    """A closed call with one application per entry of ``scores`` (NUS → Tsinghua), each scored
    (merit, fit) by one reviewer."""
    from tests.programmes.conftest import build_call

    call = build_call(cast.secretariat, reviewers_per_application=1)
    reviewer = make_user("panel@example.org", Role.REVIEWER)
    add_panel_member(call.panel, actor=cast.secretariat, reviewer=reviewer, institution=None)
    applications = [
        submitted(call, faculty(f"a{n}@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus)
        for n in range(len(scores))
    ]
    set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    assign_reviewers(call, actor=cast.secretariat)
    merit, fit = call.criteria.all()
    for application, (m, f) in zip(applications, scores, strict=True):
        assignment = Assignment.objects.get(application=application)
        save_review(assignment, actor=reviewer, scores={merit.pk: m, fit.pk: f}, comment="")
    return Call.objects.get(pk=call.pk), applications


def test_the_ranking_shows_raw_and_normalised_scores_by_criterion(cast, tsinghua, nus):
    call, (low, high, mid) = reviewed_call(cast, tsinghua, nus, [(1, 1), (5, 5), (3, 1)])
    rows = ranking(call)
    assert [r.application_id for r in rows] == [high.pk, mid.pk, low.pk]
    assert [round(r.raw, 1) for r in rows] == [100.0, 50.0, 20.0]
    top = rows[0]
    assert top.reviews == 1
    assert [(c.name, raw) for c, raw, _z in top.criteria] == [("Merit", 5.0), ("Fit", 5.0)]
    assert top.normalised > 0 > rows[2].normalised


def test_the_suggestion_explains_each_skip_and_applying_it_decides(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    call, (a, b, c) = reviewed_call(cast, tsinghua, nus, [(5, 5), (4, 4), (3, 3)])
    set_quota(call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=1)
    suggested = suggestion(call)
    assert suggested.selected == {a.pk}
    assert suggested.reasons == {b.pk: "host_quota", c.pk: "host_quota"}
    with django_capture_on_commit_callbacks(execute=True):
        counts = apply_suggestion(call, actor=cast.secretariat)
    assert counts == {"awarded": 1, "reserve": 2}
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert a.status == ApplicationStatus.AWARDED
    assert (b.status, b.reserve_rank, b.decision_note) == (
        "reserve",
        1,
        "quota for the host reached",
    )
    assert (c.status, c.reserve_rank) == ("reserve", 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [a.applicant.email, b.applicant.email, c.applicant.email]
    )


def test_an_award_beyond_the_budget_is_refused_with_the_reason(cast, tsinghua, nus):
    call, (a, b) = reviewed_call(cast, tsinghua, nus, [(5, 5), (4, 4)])
    Call.objects.filter(pk=call.pk).update(budget=Decimal("2500"))
    decide_application(a, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    with pytest.raises(ValidationError) as info:
        decide_application(b, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    assert info.value.messages == ["It cannot be awarded: budget exhausted."]


def test_selection_waits_for_the_call_to_close(cast, tsinghua, nus, scholar):
    from tests.programmes.conftest import build_call

    call = build_call(cast.secretariat)
    application = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    with pytest.raises(ValidationError) as info:
        decide_application(application, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    assert info.value.messages == ["Close the call before selecting."]


def test_a_decline_moves_the_first_fitting_reserve_up(cast, tsinghua, nus):
    call, (a, b, c) = reviewed_call(cast, tsinghua, nus, [(5, 5), (4, 4), (3, 3)])
    Call.objects.filter(pk=call.pk).update(awards=1)
    apply_suggestion(call, actor=cast.secretariat)
    respond_to_award(a, actor=a.applicant, accept=False)
    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert a.status == ApplicationStatus.DECLINED
    assert (b.status, b.reserve_rank, b.decision_note) == (
        "awarded",
        None,
        "Moved up from the reserve list.",
    )
    assert (c.status, c.reserve_rank) == ("reserve", 2)
    respond_to_award(b, actor=b.applicant, accept=True)
    b.refresh_from_db()
    assert b.status == ApplicationStatus.ACCEPTED
    with pytest.raises(ValidationError) as info:
        respond_to_award(b, actor=b.applicant, accept=False)
    assert info.value.messages == ["There is no award to answer."]


def test_the_award_letter_is_a_pdf(cast, tsinghua, nus):
    call, (a,) = reviewed_call(cast, tsinghua, nus, [(5, 5)])
    apply_suggestion(call, actor=cast.secretariat)
    a.refresh_from_db()
    pdf = award_letter_pdf(a)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 2000
