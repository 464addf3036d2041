"""The decision register: every closed poll becomes an entry, numbered per body and year
("Board 2027/3") in the order the polls closed. ``close_poll`` calls ``record_decision`` in its
own transaction; a casting vote that breaks a tie later updates the same entry, which keeps its
number."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance.enums import DecisionResult, Outcome
from alliance.governance.models import Body, Decision, Poll, WrittenResolution

RESULT_OF_OUTCOME = {
    Outcome.PASSED: DecisionResult.ADOPTED,
    Outcome.FAILED: DecisionResult.REJECTED,
    Outcome.DECIDED: DecisionResult.DECIDED,
}


def _entry(poll: Poll) -> dict[str, Any]:
    """The register's fields, read from the closed poll (and its motion and meeting)."""
    poll = Poll.objects.select_related("motion", "agenda_item__meeting").get(pk=poll.pk)
    assert poll.closed_at is not None
    motion = poll.motion
    return {
        "meeting": poll.agenda_item.meeting if poll.agenda_item else None,
        "motion": motion,
        "written": WrittenResolution.objects.filter(poll=poll).exists(),
        "decided_on": timezone.localdate(poll.closed_at),
        "title": motion.title if motion else poll.title,
        "text": motion.text if motion else "",
        "result": RESULT_OF_OUTCOME.get(Outcome(poll.outcome), DecisionResult.UNDECIDED),
        "outcome": poll.outcome,
        "counts": list((poll.result or {}).get("counts", [])),
        "explanation": list(poll.explanation),
    }


def record_decision(poll: Poll, *, actor: User | None) -> Decision:
    """Enter the closed ``poll`` in the register, or bring its entry up to date. The body's row
    is locked while the next number is taken, so two polls closing at once get two numbers."""
    fields = _entry(poll)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(poll=poll).first()
        if decision is not None:
            before = {"result": decision.result, "outcome": decision.outcome}
            for name, value in fields.items():
                setattr(decision, name, value)
            decision.save()
            record_audit(
                "governance.decision.update",
                actor=actor,
                obj=decision,
                before=before,
                after={"result": decision.result, "outcome": decision.outcome},
            )
            return decision
        Body.objects.select_for_update().get(pk=poll.body_id)
        year = fields["decided_on"].year
        last = Decision.objects.filter(body_id=poll.body_id, year=year).aggregate(
            last=Max("number")
        )["last"]
        decision = Decision.objects.create(
            body_id=poll.body_id, poll=poll, year=year, number=(last or 0) + 1, **fields
        )
        record_audit(
            "governance.decision.record",
            actor=actor,
            obj=decision,
            after={
                "reference": f"{year}/{decision.number}",
                "poll": poll.pk,
                "result": decision.result,
            },
        )
    return decision
