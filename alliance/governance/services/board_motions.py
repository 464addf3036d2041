"""Putting a matter to the Board: a motion on the agenda of a Board meeting with a yes/no poll,
made through the motion and poll services. Used by admissions and by membership cases; the
poll is then opened, voted and closed on its own page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.governance.enums import BodyKind, MotionStatus, PollKind
from alliance.governance.models import AgendaItem, Body, Motion, Poll
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import create_poll


@dataclass(frozen=True)
class BoardRule:
    """The rule of the Board's poll; the defaults are those of an admission."""

    threshold: str = "two_thirds"
    secrecy: str = "named"
    quorum_share: str = "1/2"


def board_motion(
    *,
    actor: User | None,
    title: str,
    text: str,
    question: str,
    by_body: Body,
    agenda_item: AgendaItem,
    rule: BoardRule,
) -> tuple[Motion, Poll]:
    """A motion of ``by_body`` on ``agenda_item`` (of a Board meeting), with its draft poll.
    Call inside the caller's transaction."""
    if agenda_item.meeting.body.kind != BodyKind.BOARD:
        raise ValidationError(
            {"agenda_item": _("Choose an agenda item of a Board meeting.")}, code="not_board"
        )
    motion = create_motion(actor=actor, title=title, text=text, by_body=by_body)
    motion = set_motion_status(motion, actor=actor, status=MotionStatus.SUBMITTED)
    motion = set_motion_status(
        motion, actor=actor, status=MotionStatus.ON_AGENDA, agenda_item=agenda_item
    )
    poll = create_poll(
        agenda_item.meeting.body,
        actor=actor,
        motion=motion,
        agenda_item=agenda_item,
        title=question,
        kind=PollKind.YES_NO,
        secrecy=rule.secrecy,
        threshold=rule.threshold,
        base="cast",
        quorum_basis="present",
        quorum_share=rule.quorum_share,
        tie_rule="fails",
    )
    return motion, poll


def decision_of(motion: Motion) -> tuple[str, Poll | None]:
    """The motion's status and the closed poll that decided it (None while undecided)."""
    poll = motion.polls.filter(closed_at__isnull=False).order_by("-closed_at", "-pk").first()
    return motion.status, poll
