"""Motions: made as drafts, then moved along their workflow by the Secretariat. Only the steps
in ``enums.MOTION_TRANSITIONS`` are allowed; "voted", "adopted" and "rejected" are set only by
closing the motion's poll (``services.polls.close_poll``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import DECIDED_BY_POLL, MOTION_TRANSITIONS, MotionStatus
from alliance.governance.models import AgendaItem, Body, Motion
from alliance.members.enums import Relation
from alliance.members.models import Institution

FIELDS = ("title", "text", "by_institution", "by_body", "status", "agenda_item")


def create_motion(
    *,
    actor: User | None,
    title: str,
    text: str,
    by_institution: Institution | None = None,
    by_body: Body | None = None,
) -> Motion:
    """A draft motion submitted by a member institution or by a body (exactly one)."""
    problems: dict[str, list[str]] = {}
    if not title.strip():
        problems.setdefault("title", []).append(_("Give the motion a title."))
    if not text.strip():
        problems.setdefault("text", []).append(_("Write the text of the motion."))
    if (by_institution is None) == (by_body is None):
        problems.setdefault("by_institution", []).append(
            _("Name who submits the motion: a member or a body, not both.")
        )
    elif by_institution is not None and by_institution.relation != Relation.MEMBER:
        problems.setdefault("by_institution", []).append(
            _("%(inst)s is not a member; only members submit motions.") % {"inst": by_institution}
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        motion = Motion.objects.create(
            title=title.strip(),
            text=text.strip(),
            by_institution=by_institution,
            by_body=by_body,
            created_by=actor,
        )
        record_audit(
            "governance.motion.create",
            actor=actor,
            obj=motion,
            after=snapshot(motion, FIELDS),
            institution_id=by_institution.pk if by_institution else None,
        )
    return motion


def _move(motion: Motion, status: str) -> None:
    allowed = MOTION_TRANSITIONS[motion.status]
    if status not in allowed:
        raise ValidationError(
            _("A motion that is %(now)s cannot become %(then)s.")
            % {
                "now": MotionStatus(motion.status).label,
                "then": MotionStatus(status).label if status in MotionStatus.values else status,
            },
            code="transition",
        )


def set_motion_status(
    motion: Motion,
    *,
    actor: User | None,
    status: str,
    agenda_item: AgendaItem | None = None,
    by_poll: bool = False,
    between_meetings: bool = False,
) -> Motion:
    """Move a motion to ``status``. Putting it on the agenda needs an agenda item of a meeting;
    "voted", "adopted" and "rejected" only come from a closed poll (``by_poll``)."""
    if status in DECIDED_BY_POLL and not by_poll:
        raise ValidationError(
            _("A motion is adopted or rejected by closing its poll, not by hand."),
            code="by_poll_only",
        )
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        _move(motion, status)
        before = snapshot(motion, ["status", "agenda_item"])
        if status == MotionStatus.ON_AGENDA:
            # A written resolution (``between_meetings``) puts it on no meeting's agenda.
            if agenda_item is None and not between_meetings:
                raise ValidationError(
                    {"agenda_item": _("Choose the agenda item the motion goes under.")}
                )
            motion.agenda_item = agenda_item
        motion.status = status
        motion.save(update_fields=["status", "agenda_item"])
        record_audit(
            "governance.motion.status",
            actor=actor,
            obj=motion,
            before=before,
            after=snapshot(motion, ["status", "agenda_item"]),
            institution_id=motion.by_institution_id,
        )
    return motion
