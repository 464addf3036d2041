"""Suspension and withdrawal of members and observers.

A suspension is opened by the Secretariat, put to the Board (a motion with a yes/no poll) and,
once the poll adopts it, recorded in the member registry. A withdrawal is the member's own
notice (sent by its coordinator, or received by the Secretariat and entered here); the
Secretariat records it on the day it takes effect. The registry changes only through
``members.services.memberships.record_membership_event``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import CASE_CLOSED, BodyKind, CaseKind, CaseStatus, MotionStatus
from alliance.governance.models import AgendaItem, Body, MembershipCase, Motion
from alliance.governance.services.board_motions import BoardRule, board_motion, decision_of
from alliance.governance.services.motions import set_motion_status
from alliance.members.enums import MembershipStatus, Relation
from alliance.members.models import Institution
from alliance.members.services.memberships import record_membership_event

FIELDS = ("institution", "kind", "status", "reason", "effective_on", "motion")
MAY_BE_SUSPENDED = frozenset({Relation.MEMBER, Relation.OBSERVER})
MAY_WITHDRAW = frozenset({Relation.MEMBER, Relation.OBSERVER, Relation.SUSPENDED})


def _open_case(
    institution: Institution,
    *,
    actor: User | None,
    kind: CaseKind,
    reason: str,
    effective_on: datetime.date | None,
) -> MembershipCase:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write the reason; the Board and the member read it.")})
    allowed = MAY_BE_SUSPENDED if kind == CaseKind.SUSPENSION else MAY_WITHDRAW
    if institution.relation not in allowed:
        raise ValidationError(
            {
                "institution": _("%(inst)s is %(relation)s; a %(kind)s does not apply.")
                % {
                    "inst": institution,
                    "relation": Relation(institution.relation).label.lower(),
                    "kind": kind.label.lower(),
                }
            }
        )
    try:
        with transaction.atomic():
            case = MembershipCase.objects.create(
                institution=institution,
                kind=kind,
                reason=reason,
                effective_on=effective_on,
                opened_by=actor,
            )
            record_audit(
                f"governance.case.{kind}",
                actor=actor,
                obj=case,
                after=snapshot(case, FIELDS),
                institution_id=institution.pk,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "institution": _("An open %(kind)s case of %(inst)s exists already.")
                % {"kind": kind.label.lower(), "inst": institution}
            }
        ) from None
    return case


def open_suspension(institution: Institution, *, actor: User, reason: str) -> MembershipCase:
    """The Secretariat opens a suspension case; the Board decides it."""
    return _open_case(
        institution, actor=actor, kind=CaseKind.SUSPENSION, reason=reason, effective_on=None
    )


def give_withdrawal_notice(
    institution: Institution, *, actor: User, reason: str, effective_on: datetime.date
) -> MembershipCase:
    """The member's notice of withdrawal, from the day ``effective_on``."""
    return _open_case(
        institution,
        actor=actor,
        kind=CaseKind.WITHDRAWAL,
        reason=reason,
        effective_on=effective_on,
    )


def _locked(case: MembershipCase) -> MembershipCase:
    return MembershipCase.objects.select_for_update().select_related("institution").get(pk=case.pk)


def _set_status(
    case: MembershipCase, status: CaseStatus, *, actor: User | None, **extra: object
) -> None:
    before = case.status
    case.status = status
    if status in CASE_CLOSED:
        case.closed_at = timezone.now()
    case.save()
    record_audit(
        "governance.case.status",
        actor=actor,
        obj=case,
        before={"status": before},
        after={"status": status, **extra},
        institution_id=case.institution_id,
    )


def _secretariat_body() -> Body | None:
    return Body.objects.filter(kind=BodyKind.SECRETARIAT).order_by("pk").first()


def put_case_to_board(
    case: MembershipCase,
    *,
    actor: User,
    agenda_item: AgendaItem,
    rule: BoardRule | None = None,
) -> MembershipCase:
    """Put an open suspension to the Board: a motion of the Secretariat with a yes/no poll."""
    with transaction.atomic():
        case = _locked(case)
        if case.kind != CaseKind.SUSPENSION or case.status != CaseStatus.OPEN:
            raise ValidationError(
                _("Only an open suspension case goes to the Board."), code="not_open"
            )
        name = case.institution.name
        motion, _poll = board_motion(
            actor=actor,
            title=_("Suspension of %(name)s") % {"name": name},
            text=_("The Board suspends the membership of %(name)s.") % {"name": name}
            + "\n\n"
            + case.reason,
            question=_("Shall the Board suspend %(name)s?") % {"name": name},
            by_body=_secretariat_body() or agenda_item.meeting.body,
            agenda_item=agenda_item,
            rule=rule or BoardRule(),
        )
        case.motion = motion
        _set_status(case, CaseStatus.AT_BOARD, actor=actor, motion=motion.pk)
    return case


def record_case_decision(
    case: MembershipCase, *, actor: User, effective_on: datetime.date | None = None
) -> MembershipCase:
    """Record the outcome in the registry. A suspension: once the Board's poll adopted it
    (dated the day of the vote unless ``effective_on`` says otherwise); a rejected one is
    closed as declined. A withdrawal: on the day of the notice (or ``effective_on``)."""
    with transaction.atomic():
        case = _locked(case)
        if case.kind == CaseKind.SUSPENSION:
            if case.status != CaseStatus.AT_BOARD or case.motion is None:
                raise ValidationError(
                    _("Put the suspension to the Board first."), code="not_at_board"
                )
            status, poll = decision_of(case.motion)
            if status not in (MotionStatus.ADOPTED, MotionStatus.REJECTED) or poll is None:
                raise ValidationError(
                    _("The Board has not decided yet: close the motion's poll first."),
                    code="undecided",
                )
            if status == MotionStatus.REJECTED:
                _set_status(case, CaseStatus.DECLINED, actor=actor, poll=poll.pk)
                return case
            assert poll.closed_at is not None
            day = effective_on or timezone.localdate(poll.closed_at)
            note = _("Suspended by the Board: motion “%(motion)s” (no. %(number)d).") % {
                "motion": case.motion.title,
                "number": case.motion.pk,
            }
            step = MembershipStatus.SUSPENDED
        else:
            if case.status != CaseStatus.OPEN:
                raise ValidationError(_("This notice is closed already."), code="closed")
            day = effective_on or case.effective_on or timezone.localdate()
            note = _("Withdrew by notice: %(reason)s") % {"reason": case.reason}
            step = MembershipStatus.WITHDRAWN
        event = record_membership_event(
            case.institution, actor=actor, status=step, date=day, note=note
        )
        case.membership_event = event
        case.effective_on = day
        _set_status(case, CaseStatus.DONE, actor=actor, event=event.pk, effective_on=day)
    return case


def cancel_case(case: MembershipCase, *, actor: User) -> MembershipCase:
    """Close a case without a decision (a notice taken back, a suspension no longer needed);
    its motion, if any, is withdrawn from the agenda."""
    with transaction.atomic():
        case = _locked(case)
        if case.status in CASE_CLOSED:
            raise ValidationError(_("This case is closed already."), code="closed")
        if case.motion_id:
            motion = Motion.objects.get(pk=case.motion_id)
            if motion.status not in (
                MotionStatus.SUBMITTED,
                MotionStatus.ON_AGENDA,
                MotionStatus.VOTED,
            ):
                raise ValidationError(
                    _("The Board has voted on it already: record its decision instead."),
                    code="decided",
                )
            set_motion_status(motion, actor=actor, status=MotionStatus.WITHDRAWN)
        _set_status(case, CaseStatus.CANCELLED, actor=actor)
    return case
