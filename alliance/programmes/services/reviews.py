"""Review: the Secretariat puts reviewers on a call's panel and assigns the nominated
applications to them by load (``engine.assignment``); reviewers declare conflicts and score
each criterion of the rubric with a comment. A reviewer changes only their own scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import Institution
from alliance.members.rules import roles_of
from alliance.programmes.engine import assignment as engine
from alliance.programmes.enums import ApplicationStatus
from alliance.programmes.models import (
    Application,
    Assignment,
    Call,
    Conflict,
    Panel,
    PanelMember,
    Score,
)


def add_panel_member(
    panel: Panel, *, actor: User, reviewer: User, institution: Institution | None
) -> PanelMember:
    if not any(role == Role.REVIEWER for role, _inst in roles_of(reviewer)):
        raise ValidationError({"reviewer": [_("Only a person with the reviewer role can review.")]})
    if PanelMember.objects.filter(panel=panel, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": [_("This reviewer is on the panel already.")]})
    with transaction.atomic():
        member = PanelMember.objects.create(panel=panel, reviewer=reviewer, institution=institution)
        record_audit(
            "programmes.panel.add",
            actor=actor,
            obj=panel,
            after={
                "reviewer": reviewer.email,
                "institution": institution.pk if institution else None,
            },
        )
    return member


def declare_conflict(
    call: Call,
    *,
    actor: User,
    reviewer: User,
    application: Application | None = None,
    institution: Institution | None = None,
    reason: str = "",
) -> Conflict:
    """Record a conflict of ``reviewer`` with an application or an institution; the reviews it
    touches that are not submitted yet are taken back (the next assignment fills the gap)."""
    if application is None and institution is None:
        raise ValidationError(_("Name the application or the institution."))
    if application is not None and application.call_id != call.pk:
        raise ValidationError(_("This application is not in this call."))
    with transaction.atomic():
        conflict = Conflict.objects.create(
            call=call,
            reviewer=reviewer,
            application=application,
            institution=institution,
            reason=reason.strip(),
        )
        touched = Assignment.objects.filter(
            reviewer=reviewer, application__call=call, submitted_at__isnull=True
        )
        if application is not None:
            touched = touched.filter(application=application)
        else:
            touched = touched.filter(application__home=institution) | touched.filter(
                application__host=institution
            )
        released = sorted(touched.values_list("application_id", flat=True))
        Assignment.objects.filter(
            reviewer=reviewer, application_id__in=released, submitted_at__isnull=True
        ).delete()
        record_audit(
            "programmes.conflict.declare",
            actor=actor,
            obj=call,
            after={
                "reviewer": reviewer.email,
                "application": application.pk if application else None,
                "institution": institution.pk if institution else None,
                "released": released,
            },
        )
    return conflict


@dataclass
class AssignmentResult:
    created: int
    short: dict[int, int]  # application id -> reviewers missing


def candidates_of(call: Call) -> list[Application]:
    """The applications under review: submitted and nominated."""
    return list(
        Application.objects.filter(
            call=call, status=ApplicationStatus.SUBMITTED, nomination_rank__isnull=False
        )
        .only("pk", "home_id", "host_id")  # all the assignment needs, for thousands of them
        .order_by("pk")
    )


def assign_reviewers(call: Call, *, actor: User) -> AssignmentResult:
    """Give each nominated application the call's number of reviewers, by load."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        members = list(PanelMember.objects.filter(panel__call=call))
        if not members:
            raise ValidationError(_("Put reviewers on the panel first."))
        applications = candidates_of(call)
        existing: dict[int, set[int]] = defaultdict(set)
        loads: Counter[int] = Counter()
        for app_id, reviewer_id in Assignment.objects.filter(application__call=call).values_list(
            "application_id", "reviewer_id"
        ):
            existing[app_id].add(reviewer_id)
            loads[reviewer_id] += 1
        by_app: dict[int, set[int]] = defaultdict(set)
        by_inst: dict[int, set[int]] = defaultdict(set)
        for reviewer_id, app_id, inst_id in Conflict.objects.filter(call=call).values_list(
            "reviewer_id", "application_id", "institution_id"
        ):
            if app_id is not None:
                by_app[app_id].add(reviewer_id)
            if inst_id is not None:
                by_inst[reviewer_id].add(inst_id)
        result = engine.assign(
            [
                engine.Candidate(
                    id=a.pk,
                    home=a.home_id or 0,
                    host=a.host_id or 0,
                    assigned=frozenset(existing[a.pk]),
                    conflicted_reviewers=frozenset(by_app[a.pk]),
                )
                for a in applications
            ],
            [
                engine.Reviewer(
                    id=m.reviewer_id,
                    institution=m.institution_id,
                    load=loads[m.reviewer_id],
                    conflicted_institutions=frozenset(by_inst[m.reviewer_id]),
                )
                for m in members
            ],
            per_application=call.reviewers_per_application,
        )
        now = timezone.now()
        Assignment.objects.bulk_create(
            Assignment(application_id=app, reviewer_id=rev, assigned_at=now)
            for app, rev in result.pairs
        )
        record_audit(
            "programmes.review.assign",
            actor=actor,
            obj=call,
            after={"created": len(result.pairs), "short": sorted(result.short)},
        )
    return AssignmentResult(created=len(result.pairs), short=result.short)


def save_review(
    assignment: Assignment,
    *,
    actor: User,
    scores: Mapping[int, int],
    comment: str,
    submit: bool = True,
) -> Assignment:
    """Store the reviewer's scores (criterion id → score) and comment. Only the assigned
    reviewer may; every criterion is scored within its range, or nothing is stored."""
    if assignment.reviewer_id != actor.pk:
        raise PermissionDenied(_("Only the assigned reviewer may score this application."))
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update()
            .select_related("application")
            .get(pk=assignment.pk)
        )
        if assignment.application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError(_("The application is decided; its reviews are closed."))
        criteria = list(assignment.application.call.criteria.all())
        problems: dict[str, list[str]] = {}
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                if submit:
                    problems.setdefault(f"c{criterion.pk}", []).append(_("Give a score."))
            elif not 0 <= value <= criterion.maximum:
                problems.setdefault(f"c{criterion.pk}", []).append(
                    _("Give a score from 0 to %(max)d.") % {"max": criterion.maximum}
                )
        if problems:
            raise ValidationError(problems)
        before = {str(s.criterion_id): s.value for s in assignment.scores.all()}
        for criterion in criteria:
            value = scores.get(criterion.pk)
            if value is None:
                continue
            Score.objects.update_or_create(
                assignment=assignment, criterion=criterion, defaults={"value": value}
            )
        assignment.comment = comment.strip()
        if submit and assignment.submitted_at is None:
            assignment.submitted_at = timezone.now()
        assignment.save()
        record_audit(
            "programmes.review.save",
            actor=actor,
            obj=assignment,
            before={"scores": before},
            after={
                "scores": {str(k): v for k, v in scores.items()},
                "submitted": assignment.submitted_at is not None,
            },
        )
    return assignment
