"""The chair's casting vote: a poll whose rule says the chair decides a tie closes as "tied";
``break_tie`` records the chair's choice once, counts the poll again with it, and carries the
outcome to the motion and the decision register."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance.enums import Outcome, PollStatus, TieRule
from alliance.governance.models import CastingVote, Poll
from alliance.governance.services.decisions import record_decision
from alliance.governance.services.polls import count_ballots, lock_poll, settle_motion


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
        CastingVote.objects.create(poll=poll, choice=choice, recorded_by=actor)
        before = {"outcome": poll.outcome}
        result, _counted = count_ballots(poll, tie_break=(choice,))
        poll.save()
        record_audit(
            "governance.poll.casting_vote",
            actor=actor,
            obj=poll,
            before=before,
            after={"choice": choice, "outcome": poll.outcome, "fingerprint": poll.fingerprint},
        )
        settle_motion(poll, result, actor=actor)
        record_decision(poll, actor=actor)
    return poll
