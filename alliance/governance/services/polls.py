"""Polls: prepared as drafts, opened (which freezes the rule and the electorate), voted by the
member institutions, closed and counted by the tally.

One ballot per institution per poll holds twice over:

- a unique constraint on ``VoterRecord(poll, institution)``, the record THAT an institution
  voted (for a secret poll its choice goes to ``SecretBallot``, keyed by a random id and a
  receipt code, with no link back);
- ``cast_ballot`` takes the poll's lock first (``lock_poll``): a row lock on PostgreSQL
  (``SELECT … FOR UPDATE``); on SQLite every transaction already takes the write lock at
  ``BEGIN IMMEDIATE`` (see settings). Under the lock it checks whether the institution has
  voted, so the second of two simultaneous ballots gets a clear refusal, not a database error.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance import tally
from alliance.governance.enums import (
    PRESENT_STATUSES,
    CastAs,
    MotionStatus,
    PollKind,
    PollStatus,
    Secrecy,
)
from alliance.governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Motion,
    NamedBallot,
    Poll,
    SecretBallot,
    VoterRecord,
    WrittenResolution,
)
from alliance.governance.queries import person_of, seats_on
from alliance.governance.services.decisions import record_decision
from alliance.governance.services.motions import set_motion_status
from alliance.governance.tally.fingerprint import (
    canonical_json,
    electorate_document,
    result_document,
    rule_document,
)
from alliance.members.models import Institution, Person

# The race test switches this off to show the race it prevents; nothing else may.
BALLOT_GUARD = True

RULE_FIELDS = (
    "kind",
    "secrecy",
    "threshold",
    "base",
    "quorum_basis",
    "quorum_share",
    "quorum_strict",
    "tie_rule",
    "options",
    "seats",
    "objection_days",
)


def lock_poll(poll: Poll) -> Poll:
    """The poll, locked for this transaction (PostgreSQL row lock; SQLite holds the write lock
    from BEGIN IMMEDIATE already)."""
    if not BALLOT_GUARD:
        return Poll.objects.get(pk=poll.pk)
    return Poll.objects.select_for_update().get(pk=poll.pk)


# --- the rule --------------------------------------------------------------------------------


def parse_share(text: str) -> Fraction | None:
    """'1/2' → Fraction(1, 2); '' → None. Raises ValueError on anything else."""
    text = text.strip()
    if not text:
        return None
    share = Fraction(text)
    if not 0 < share <= 1:
        raise ValueError(text)
    return share


def rule_of(poll: Poll) -> tally.DecisionRule:
    """The poll's decision rule as the tally takes it; raises ValidationError naming what
    cannot be applied."""
    try:
        share = parse_share(poll.quorum_share)
    except (ValueError, ZeroDivisionError):
        raise ValidationError(
            {"quorum_share": _("Write the quorum as a fraction such as 1/2 or 2/3.")}
        ) from None
    try:
        quorum = (
            tally.Quorum.none()
            if share is None
            else tally.Quorum(share=share, strict=poll.quorum_strict)
        )
        return tally.DecisionRule(
            kind=tally.PollKind(poll.kind),
            threshold=tally.Threshold(poll.threshold),
            base=tally.Base(poll.base),
            quorum=quorum,
            quorum_basis=tally.QuorumBasis(poll.quorum_basis),
            tie_rule=tally.TieRule(poll.tie_rule),
            options=tuple(poll.options),
            seats=poll.seats,
            secret=poll.secrecy == Secrecy.SECRET,
        )
    except tally.RuleError as exc:
        raise ValidationError(
            {"__all__": [_("This rule cannot be applied: %(why)s") % {"why": exc}]}
        ) from None


def rule_from_document(doc: dict[str, Any]) -> tally.DecisionRule:
    """The frozen rule back from its JSON (``tally.fingerprint.rule_document``)."""
    q = doc["quorum"]
    quorum = tally.Quorum(
        share=Fraction(q["share"]) if q["share"] else None, count=q["count"], strict=q["strict"]
    )
    return tally.DecisionRule(
        kind=doc["kind"],
        threshold=doc["threshold"],
        base=doc["base"],
        quorum=quorum,
        quorum_basis=doc["quorum_basis"],
        tie_rule=doc["tie_rule"],
        options=tuple(doc["options"]),
        seats=doc["seats"],
        secret=doc["secret"],
    )


def electorate_from_document(doc: dict[str, Any]) -> tally.Electorate:
    present = doc["present"]
    return tally.Electorate(
        weights={k: int(v) for k, v in doc["weights"].items()},
        present=None if present is None else frozenset(present),
    )


def _clean_options(options: Sequence[str]) -> list[str]:
    return [" ".join(o.split()) for o in options if o.strip()]


def create_poll(
    body: Body,
    *,
    actor: User | None,
    title: str,
    kind: str,
    secrecy: str,
    threshold: str,
    base: str,
    quorum_basis: str,
    quorum_share: str = "",
    quorum_strict: bool = False,
    tie_rule: str,
    options: Sequence[str] = (),
    seats: int = 1,
    objection_days: int | None = None,
    motion: Motion | None = None,
    agenda_item: AgendaItem | None = None,
) -> Poll:
    """Prepare a poll of ``body``'s members (a draft: nothing is frozen yet). A poll on a motion
    asks yes/no or consent; a consent poll needs its objection period. Every problem of the
    rule is reported; nothing is saved on a refusal."""
    if motion is not None:
        motion = Motion.objects.select_related("agenda_item__meeting").get(pk=motion.pk)
        agenda_item = agenda_item or motion.agenda_item
    poll = Poll(
        body=body,
        agenda_item=agenda_item,
        motion=motion,
        title=" ".join(title.split()),
        kind=kind,
        secrecy=secrecy,
        threshold=threshold,
        base=base,
        quorum_basis=quorum_basis,
        quorum_share=quorum_share.strip(),
        quorum_strict=quorum_strict,
        tie_rule=tie_rule,
        options=_clean_options(options),
        seats=seats,
        objection_days=objection_days,
    )
    problems: dict[str, list[str]] = {}
    if not poll.title:
        problems.setdefault("title", []).append(_("Write the question put to the vote."))
    if motion is not None and kind not in (PollKind.YES_NO, PollKind.CONSENT):
        problems.setdefault("kind", []).append(_("A motion is put to a yes/no or a consent vote."))
    if kind == PollKind.CONSENT and not objection_days:
        problems.setdefault("objection_days", []).append(
            _("Give the objection period of a consent poll, in days.")
        )
    if agenda_item is not None and agenda_item.meeting.body_id != body.pk:
        problems.setdefault("agenda_item", []).append(
            _("That agenda item belongs to a meeting of another body.")
        )
    try:
        rule_of(poll)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            problems.setdefault(field, []).extend(errors)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        poll.save()
        record_audit(
            "governance.poll.create",
            actor=actor,
            obj=poll,
            after=snapshot(poll, ("body", "motion", "agenda_item", "title", *RULE_FIELDS)),
        )
    return poll


# --- opening: the frozen electorate ----------------------------------------------------------


def _electorate_document(poll: Poll, on: datetime.date) -> dict[str, Any]:
    """Who may vote (weights), who is present, and who may cast each institution's ballot."""
    seats = list(seats_on(poll.body, on))
    weights = {str(s.institution_id): s.weight for s in seats}
    casters: dict[str, dict[str, int | None]] = {
        str(s.institution_id): {
            "holder": s.holder_id,
            "alternate": s.alternate_id,
            "proxy": None,
        }
        for s in seats
    }
    present: list[str] | None = None
    meeting = poll.agenda_item.meeting if poll.agenda_item_id and poll.agenda_item else None
    if meeting is not None:
        rows = list(Attendance.objects.filter(meeting=meeting))
        if rows:
            present = sorted(
                str(a.institution_id)
                for a in rows
                if a.status in PRESENT_STATUSES and str(a.institution_id) in weights
            )
            for a in rows:
                if a.proxy_id and str(a.institution_id) in casters:
                    casters[str(a.institution_id)]["proxy"] = a.proxy_id
    return {
        "weights": weights,
        "present": present,
        "casters": casters,
        "names": {str(s.institution_id): str(s.institution) for s in seats},
        "on": on.isoformat(),
    }


def open_poll(poll: Poll, *, actor: User | None, now: datetime.datetime | None = None) -> Poll:
    """Open the poll for ballots. Freezes the rule and the electorate (the seats held on the day
    of the meeting, or today without one, with their weights; who is present or represented by
    proxy, from the meeting's attendance; who may cast each ballot). Later changes of seats or
    attendance do not reach an open poll. Refuses a poll that is not a draft, a motion that is
    not on the agenda, a body with no seats, and a rule that counts those present when no
    attendance is recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        poll = lock_poll(poll)
        if poll.status != PollStatus.DRAFT:
            raise ValidationError(_("This poll was opened already."), code="not_draft")
        if poll.motion_id:
            motion = Motion.objects.get(pk=poll.motion_id)
            if motion.status != MotionStatus.ON_AGENDA:
                raise ValidationError(
                    _("Put the motion on the agenda before opening its poll."), code="motion"
                )
        rule = rule_of(poll)
        agenda_item = (
            AgendaItem.objects.select_related("meeting").get(pk=poll.agenda_item_id)
            if poll.agenda_item_id
            else None
        )
        poll.agenda_item = agenda_item
        on = (
            timezone.localdate(agenda_item.meeting.starts_at)
            if agenda_item
            else timezone.localdate(now)
        )
        electorate = _electorate_document(poll, on)
        if not electorate["weights"]:
            raise ValidationError(
                _("Nobody holds a seat on %(body)s on %(day)s: there is no one to vote.")
                % {"body": poll.body, "day": on.isoformat()},
                code="no_electorate",
            )
        if rule.uses_presence and electorate["present"] is None:
            raise ValidationError(
                _("The rule counts the members present: record the meeting's attendance first."),
                code="attendance_needed",
            )
        poll.frozen_rule = rule_document(rule)
        poll.frozen_electorate = electorate
        poll.status = PollStatus.OPEN
        poll.opened_at, poll.opened_by = now, actor
        if poll.kind == PollKind.CONSENT and poll.objection_days:
            poll.objections_until = now + datetime.timedelta(days=poll.objection_days)
        poll.save()
        record_audit(
            "governance.poll.open",
            actor=actor,
            obj=poll,
            before={"status": PollStatus.DRAFT},
            after={
                "status": PollStatus.OPEN,
                "rule": poll.frozen_rule,
                "electorate": electorate_document(electorate_from_document(electorate)),
                "objections_until": poll.objections_until,
            },
        )
    return poll


# --- casting ---------------------------------------------------------------------------------


def _clean_choice(rule: tally.DecisionRule, choice: Any) -> str | tuple[str, ...]:
    """The choice as the tally takes it, or a clear refusal."""
    several = rule.kind is tally.PollKind.ELECTION and rule.seats > 1
    if several and isinstance(choice, list | tuple):
        marks = tuple(str(c) for c in choice)
        if marks == (tally.ABSTAIN,):
            return tally.ABSTAIN
        unknown = [m for m in marks if m not in rule.options]
        if unknown:
            raise ValidationError(
                _("%(choice)s is not a candidate in this poll.") % {"choice": unknown[0]},
                code="unknown_choice",
            )
        if not marks:
            raise ValidationError(_("Mark at least one candidate, or abstain."), code="no_marks")
        if len(set(marks)) != len(marks):
            raise ValidationError(_("Mark each candidate only once."), code="repeated_mark")
        if len(marks) > rule.seats:
            raise ValidationError(
                _("Mark at most %(seats)d candidates.") % {"seats": rule.seats},
                code="too_many_marks",
            )
        return tuple(sorted(marks))
    if not isinstance(choice, str) or choice not in rule.choices:
        raise ValidationError(
            _("“%(choice)s” is not a choice of this poll.") % {"choice": choice},
            code="unknown_choice",
        )
    return choice


def new_receipt() -> str:
    code = secrets.token_hex(6)
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def cast_ballot(
    poll: Poll,
    *,
    actor: User | None,
    institution: Institution,
    choice: Any,
    now: datetime.datetime | None = None,
    person: Person | None = None,
) -> str:
    """Cast ``institution``'s ballot. Returns the receipt code of a secret ballot (the voter
    finds it with its choice once the poll is closed), "" for a named one.

    Refuses, with nothing saved: a poll that is not open (or a consent poll past its objection
    period), an institution outside the frozen electorate or not present, an actor who is not
    its seat holder, alternate or registered proxy, a second ballot of the institution, and a
    choice the poll does not offer; for a written resolution, a ballot at or after its deadline.
    ``person``: who casts when it is not the actor's person (a written resolution's personal
    link, used without logging in)."""
    now = now or timezone.now()
    person = person if person is not None else person_of(actor)
    with transaction.atomic():
        poll = lock_poll(poll)
        if poll.status != PollStatus.OPEN:
            raise ValidationError(_("This poll is not open for ballots."), code="not_open")
        if poll.objections_until is not None and now > poll.objections_until:
            raise ValidationError(_("The objection period has ended."), code="not_open")
        written = WrittenResolution.objects.filter(poll=poll).first()
        if written is not None and written.past(now):
            raise ValidationError(
                _("The deadline for this written resolution has passed."), code="deadline"
            )
        frozen = poll.frozen_electorate or {}
        key = str(institution.pk)
        if key not in frozen.get("weights", {}):
            raise ValidationError(
                _("%(inst)s is not in this poll's electorate.") % {"inst": institution},
                code="not_in_electorate",
            )
        present = frozen.get("present")
        if present is not None and key not in present:
            raise ValidationError(
                _("%(inst)s was not recorded as present or represented; it cannot vote here.")
                % {"inst": institution},
                code="not_present",
            )
        casters = frozen["casters"][key]
        cast_as = next(
            (c for c in CastAs.values if person is not None and casters.get(c) == person.pk),
            None,
        )
        if cast_as is None:
            raise ValidationError(
                _(
                    "Only the seat holder of %(inst)s, its alternate or its registered proxy "
                    "may cast its ballot."
                )
                % {"inst": institution},
                code="not_a_caster",
            )
        rule = rule_from_document(poll.frozen_rule or {})
        clean = _clean_choice(rule, choice)
        if VoterRecord.objects.filter(poll=poll, institution=institution).exists():
            raise ValidationError(
                _("%(inst)s has already voted in this poll; a ballot cannot be cast twice.")
                % {"inst": institution},
                code="already_voted",
            )
        weight = int(frozen["weights"][key])
        VoterRecord.objects.create(
            poll=poll, institution=institution, cast_by=actor, cast_as=cast_as, cast_at=now
        )
        stored = list(clean) if isinstance(clean, tuple) else clean
        receipt = ""
        if rule.secret:
            receipt = new_receipt()
            SecretBallot.objects.create(poll=poll, receipt=receipt, choice=stored, weight=weight)
            # The audit says THAT the institution voted, never how.
            after: dict[str, Any] = {"cast_as": cast_as}
        else:
            NamedBallot.objects.create(
                poll=poll, institution=institution, choice=stored, weight=weight
            )
            after = {"cast_as": cast_as, "choice": stored}
        record_audit(
            "governance.ballot.cast",
            actor=actor,
            obj=poll,
            after=after,
            institution_id=institution.pk,
        )
    return receipt


# --- closing ---------------------------------------------------------------------------------


def ballots_of(poll: Poll) -> list[tally.Ballot]:
    def choice(stored: Any) -> str | tuple[str, ...]:
        return tuple(stored) if isinstance(stored, list) else str(stored)

    if poll.secrecy == Secrecy.SECRET:
        return [
            tally.Ballot(None, b.receipt, choice(b.choice), b.weight)
            for b in SecretBallot.objects.filter(poll=poll)
        ]
    return [
        tally.Ballot(str(b.institution_id), "", choice(b.choice), b.weight)
        for b in NamedBallot.objects.filter(poll=poll)
    ]


MOTION_AFTER = {
    tally.Outcome.PASSED: MotionStatus.ADOPTED,
    tally.Outcome.FAILED: MotionStatus.REJECTED,
}


def close_poll(poll: Poll, *, actor: User | None, now: datetime.datetime | None = None) -> Poll:
    """Close the poll and count it: the tally's result, its explanation (the arithmetic), the
    canonical document and its fingerprint are stored, and a motion put to the vote becomes
    adopted, rejected, or "voted" when nothing was decided (no quorum, a tie). Refuses a poll
    that is not open, and a consent poll whose objection period is still running."""
    now = now or timezone.now()
    with transaction.atomic():
        poll = lock_poll(poll)
        if poll.status != PollStatus.OPEN:
            raise ValidationError(_("Only an open poll can be closed."), code="not_open")
        if poll.objections_until is not None and now < poll.objections_until:
            raise ValidationError(
                _("The objection period runs until %(when)s; close the poll after it.")
                % {"when": poll.objections_until.isoformat(timespec="minutes")},
                code="objection_period",
            )
        rule = rule_from_document(poll.frozen_rule or {})
        result, counted = count_ballots(poll)
        poll.status = PollStatus.CLOSED
        poll.closed_at = now
        poll.save()
        record_audit(
            "governance.poll.close",
            actor=actor,
            obj=poll,
            before={"status": PollStatus.OPEN},
            after={
                "status": PollStatus.CLOSED,
                "outcome": poll.outcome,
                "fingerprint": poll.fingerprint,
                "ballots": counted,
            },
        )
        # A tie the chair's casting vote must break leaves the motion on the agenda until
        # ``services.ties.break_tie`` records it.
        awaits_chair = (
            result.outcome is tally.Outcome.TIE and rule.tie_rule is tally.TieRule.CASTING_VOTE
        )
        if not awaits_chair:
            settle_motion(poll, result, actor=actor)
        record_decision(poll, actor=actor)
    return poll


def count_ballots(poll: Poll, *, tie_break: tuple[str, ...] = ()) -> tuple[tally.Result, int]:
    """Tally the poll's ballots under its frozen rule and electorate and set its outcome,
    result, arithmetic, canonical document and fingerprint (not saved); the result and how many
    ballots were counted. ``tie_break``: the chair's casting vote."""
    rule = rule_from_document(poll.frozen_rule or {})
    electorate = electorate_from_document(poll.frozen_electorate or {})
    ballots = ballots_of(poll)
    result = tally.tally(rule, electorate, ballots, tie_break=tie_break)
    poll.outcome = result.outcome.value
    poll.result = result_document(result)
    poll.explanation = result.english()
    poll.document = canonical_json(rule, electorate, ballots, result)
    poll.fingerprint = tally.fingerprint(rule, electorate, ballots, result)
    return result, len(ballots)


def settle_motion(poll: Poll, result: tally.Result, *, actor: User | None) -> None:
    """The motion put to the vote, if still on the agenda, becomes adopted, rejected, or
    "voted" when nothing was decided."""
    if poll.motion_id:
        motion = Motion.objects.get(pk=poll.motion_id)
        if motion.status == MotionStatus.ON_AGENDA:
            set_motion_status(
                motion,
                actor=actor,
                status=MOTION_AFTER.get(result.outcome, MotionStatus.VOTED),
                by_poll=True,
            )
