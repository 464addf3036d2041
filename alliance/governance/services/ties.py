"""The chair's casting vote: a poll whose rule says the chair decides a tie closes as "tied";
``break_tie`` records the chair's choice once, counts the poll again with it, and carries the
outcome to the motion and the decision register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance import tally
from alliance.governance.enums import MotionStatus, Outcome, PollStatus, TieRule
from alliance.governance.models import CastingVote, Motion, Poll
from alliance.governance.services.decisions import record_decision
from alliance.governance.services.motions import set_motion_status
from alliance.governance.services.polls import (
    MOTION_AFTER,
    ballots_of,
    electorate_from_document,
    lock_poll,
    rule_from_document,
)
from alliance.governance.tally.fingerprint import canonical_json, result_document


def tie_awaits_chair(poll: Poll) -> bool:
    """Whether the poll is closed on a tie that the chair's casting vote must break."""
    return (
        poll.status == PollStatus.CLOSED
        and poll.outcome == Outcome.TIE
        and poll.tie_rule == TieRule.CASTING_VOTE
    )


def tied_choices(poll: Poll) -> list[str]:
    return [str(c) for c in (poll.result or {}).get("tied", [])]


def break_tie(poll: Poll, *, actor: User, choice: str) -> Poll:
    """Record the chair's casting vote for ``choice`` (one of the tied choices) and count the
    poll again with it. Refuses a poll not awaiting a casting vote and a choice not in the
    tie; nothing is saved on a refusal."""
    with transaction.atomic():
        poll = lock_poll(poll)
        if not tie_awaits_chair(poll):
            raise ValidationError(
                _("This poll is not waiting for the chair's casting vote."), code="no_tie"
            )
        if choice not in tied_choices(poll):
            raise ValidationError(
                _("The casting vote must go to one of the tied choices."), code="not_tied"
            )
        rule = rule_from_document(poll.frozen_rule or {})
        electorate = electorate_from_document(poll.frozen_electorate or {})
        ballots = ballots_of(poll)
        result = tally.tally(rule, electorate, ballots, tie_break=(choice,))
        CastingVote.objects.create(poll=poll, choice=choice, recorded_by=actor)
        before = {"outcome": poll.outcome}
        poll.outcome = result.outcome.value
        poll.result = result_document(result)
        poll.explanation = result.english()
        poll.document = canonical_json(rule, electorate, ballots, result)
        poll.fingerprint = tally.fingerprint(rule, electorate, ballots, result)
        poll.save()
        record_audit(
            "governance.poll.casting_vote",
            actor=actor,
            obj=poll,
            before=before,
            after={"choice": choice, "outcome": poll.outcome, "fingerprint": poll.fingerprint},
        )
        if poll.motion_id:
            motion = Motion.objects.get(pk=poll.motion_id)
            if motion.status == MotionStatus.ON_AGENDA:
                set_motion_status(
                    motion,
                    actor=actor,
                    status=MOTION_AFTER.get(result.outcome, MotionStatus.VOTED),
                    by_poll=True,
                )
        record_decision(poll, actor=actor)
    return poll
