"""Every write of the yearly data collection: opening a year, saving and submitting a member's
figures, the review round's queries, acceptance, the head's sign-off and corrections of
signed-off values. Each is one transaction with an audit row; submissions are locked with
select_for_update so that two people saving at once never lose a write."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.enums import Relation
from alliance.members.models import Institution
from alliance.reports import checks
from alliance.reports.enums import QueryStatus, SubmissionStatus, ValueState
from alliance.reports.findings import finding_message
from alliance.reports.handbook import PERCENT, by_code, submitted_indicators
from alliance.reports.models import (
    Collection,
    Correction,
    Entry,
    Query,
    QueryMessage,
    Submission,
)
from alliance.reports.rules import head_person


@dataclass(frozen=True)
class AnswerInput:
    """One answer as a form read it: the state, the parsed value, what was typed, a comment."""

    state: str
    value: Decimal | None = None
    typed: str = ""
    comment: str = ""


def submitted_codes() -> tuple[str, ...]:
    return tuple(indicator.code for indicator in submitted_indicators())


def _percent_codes() -> frozenset[str]:
    return frozenset(
        i.code for i in submitted_indicators() if i.unit == PERCENT and not i.may_exceed_100
    )


def _previous_entries(institution_id: int, year: int) -> dict[str, Entry]:
    return {
        e.code: e
        for e in Entry.objects.filter(
            submission__institution_id=institution_id, submission__collection__year=year - 1
        )
    }


def _create_submission(collection: Collection, institution_id: int) -> Submission:
    """A draft with one entry per indicator, prefilled with last year's answers."""
    submission = Submission.objects.create(collection=collection, institution_id=institution_id)
    previous = _previous_entries(institution_id, collection.year)
    Entry.objects.bulk_create(
        Entry(
            submission=submission,
            code=code,
            state=previous[code].state if code in previous else ValueState.EMPTY,
            value=previous[code].value if code in previous else None,
        )
        for code in submitted_codes()
    )
    return submission


@transaction.atomic
def open_collection(*, actor: User | None, year: int, deadline: datetime.date) -> Collection:
    """Open the collection of `year`: a draft submission for every current member, each value
    prefilled with the member's answer of the year before."""
    if Collection.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("The collection of %(year)s is already open.") % {"year": year}}
        )
    collection = Collection.objects.create(
        year=year, deadline=deadline, opened_by=actor if actor and actor.is_authenticated else None
    )
    for institution_id in Institution.objects.filter(relation=Relation.MEMBER).values_list(
        "pk", flat=True
    ):
        _create_submission(collection, institution_id)
    record_audit("reports.open_collection", actor=actor, obj=collection, after=snapshot(collection))
    return collection


@transaction.atomic
def ensure_submission(
    collection: Collection, institution: Institution, *, actor: User | None
) -> Submission:
    """The institution's submission of this collection, created if the member joined later."""
    existing = Submission.objects.filter(collection=collection, institution=institution).first()
    if existing is not None:
        return existing
    submission = _create_submission(collection, institution.pk)
    record_audit(
        "reports.create_submission",
        actor=actor,
        obj=submission,
        after=snapshot(submission),
        institution_id=institution.pk,
    )
    return submission


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _validate_answer(code: str, answer: AnswerInput) -> None:
    if answer.state not in ValueState.values:
        raise ValidationError({code: _("Choose one of the answers offered.")})
    if answer.state == ValueState.VALUE and answer.value is None:
        raise ValidationError({code: _("Type the value, or choose “withheld” or “not available”.")})
    if answer.state == ValueState.VALUE and answer.value is not None and answer.value < 0:
        raise ValidationError(
            {code: _("A count cannot be negative. Type the number without a minus sign.")}
        )


def _apply(
    entry: Entry, answer: AnswerInput, *, actor: User | None, now: datetime.datetime
) -> bool:
    """Write the answer into the entry; True if anything changed."""
    value = answer.value if answer.state == ValueState.VALUE else None
    if value is not None:
        value = value.quantize(Decimal("0.01"))
    new = (answer.state, value, answer.comment.strip())
    if (entry.state, entry.value, entry.comment) == new:
        return False
    entry.state, entry.value, entry.comment = new
    entry.typed = answer.typed[:60] if answer.state == ValueState.VALUE else ""
    entry.updated_at = now
    entry.updated_by = actor if actor and actor.is_authenticated else None
    entry.save()
    return True


@transaction.atomic
def save_answers(
    submission: Submission, *, actor: User | None, answers: Mapping[str, AnswerInput]
) -> Submission:
    """Save a draft's answers (any subset: autosave sends what it could read). Checks do not
    stop a draft from being saved; only a submission still in draft can change this way."""
    submission = _locked(submission)
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(
            _("This submission was sent for review; values now change only by answering a query.")
        )
    for code, answer in answers.items():
        by_code(code)
        _validate_answer(code, answer)
    entries = {e.code: e for e in submission.entries.select_for_update()}
    now = timezone.now()
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for code, answer in answers.items():
        entry = entries.get(code) or Entry(submission=submission, code=code)
        old = {"state": entry.state, "value": entry.value, "comment": entry.comment}
        if _apply(entry, answer, actor=actor, now=now):
            before[code], after[code] = (
                old,
                {
                    "state": entry.state,
                    "value": entry.value,
                    "comment": entry.comment,
                },
            )
    submission.saved_at = now
    submission.save(update_fields=["saved_at"])
    if after:
        record_audit(
            "reports.save_answers",
            actor=actor,
            obj=submission,
            before=before,
            after=after,
            institution_id=submission.institution_id,
        )
    return submission


def answers_of(submission: Submission) -> dict[str, checks.Answer]:
    return {e.code: checks.Answer(e.state, e.value, e.comment) for e in submission.entries.all()}


def previous_values(submission: Submission) -> dict[str, Decimal | None]:
    return {
        code: e.value if e.state == ValueState.VALUE else None
        for code, e in _previous_entries(
            submission.institution_id, submission.collection.year
        ).items()
    }


def findings_for(submission: Submission) -> list[checks.Finding]:
    """The automatic checks of the submission's saved answers."""
    return checks.check_submission(
        answers_of(submission),
        required=submitted_codes(),
        previous=previous_values(submission),
        percent_codes=_percent_codes(),
    )


def _raise_blocking(findings: list[checks.Finding]) -> None:
    errors: dict[str, list[str]] = {}
    for finding in checks.blocking(findings):
        errors.setdefault(finding.code, []).append(finding_message(finding))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_submission(submission: Submission, *, actor: User | None) -> Submission:
    """Send the saved answers for review, if every check passes (a flagged change passes once it
    has a comment). Otherwise a ValidationError names each field's problem; nothing is lost."""
    submission = _locked(submission)
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("This submission has already been sent for review."))
    _raise_blocking(findings_for(submission))
    before = snapshot(submission, ["status"])
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = actor if actor and actor.is_authenticated else None
    submission.save()
    record_audit(
        "reports.submit_submission",
        actor=actor,
        obj=submission,
        before=before,
        after=snapshot(submission, ["status", "submitted_at"]),
        institution_id=submission.institution_id,
    )
    return submission


@transaction.atomic
def raise_query(submission: Submission, *, actor: User | None, code: str, question: str) -> Query:
    """The Secretariat asks the institution about one value of a submission in review."""
    submission = _locked(submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Queries can be raised only on a submission in review."))
    if code not in submitted_codes():
        raise ValidationError({"code": _("Choose one of the submission's indicators.")})
    if not question.strip():
        raise ValidationError({"question": _("Write the question.")})
    query = Query.objects.create(submission=submission, code=code, raised_by=actor)
    QueryMessage.objects.create(
        query=query, author=actor, from_secretariat=True, body=question.strip()
    )
    record_audit(
        "reports.raise_query",
        actor=actor,
        obj=query,
        after={"code": code, "question": question.strip()},
        institution_id=submission.institution_id,
    )
    return query


def _describe(state: str, value: Decimal | None) -> str:
    if state == ValueState.VALUE and value is not None:
        return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value)
    return str(ValueState(state).label) if state else ""


@transaction.atomic
def answer_query(
    query: Query, *, actor: User | None, body: str, change: AnswerInput | None = None
) -> Query:
    """The institution answers a query, and may change the queried value with it (the change is
    checked like a submission: an error stops it)."""
    query = Query.objects.select_for_update().select_related("submission").get(pk=query.pk)
    submission = _locked(query.submission)
    if query.status == QueryStatus.RESOLVED or submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("This query is closed."))
    if not body.strip():
        raise ValidationError({"body": _("Write your answer.")})
    value_change = ""
    if change is not None:
        _validate_answer("value", change)
        entry = submission.entries.select_for_update().get(code=query.code)
        old = _describe(entry.state, entry.value)
        if _apply(
            entry,
            AnswerInput(change.state, change.value, change.typed, entry.comment),
            actor=actor,
            now=timezone.now(),
        ):
            findings = [f for f in findings_for(submission) if f.rule != "change" and f.blocks]
            if findings:
                raise ValidationError({"value": [finding_message(f) for f in findings]})
            value_change = f"{old} → {_describe(entry.state, entry.value)}"
    QueryMessage.objects.create(
        query=query, author=actor, body=body.strip(), value_change=value_change
    )
    query.status = QueryStatus.ANSWERED
    query.save(update_fields=["status"])
    record_audit(
        "reports.answer_query",
        actor=actor,
        obj=query,
        after={"answer": body.strip(), "value_change": value_change},
        institution_id=submission.institution_id,
    )
    return query


@transaction.atomic
def reply_to_query(query: Query, *, actor: User | None, body: str, resolve: bool) -> Query:
    """The Secretariat resolves an answered query, or asks again (the query reopens)."""
    query = Query.objects.select_for_update().select_related("submission").get(pk=query.pk)
    if query.status == QueryStatus.RESOLVED:
        raise ValidationError(_("This query is already resolved."))
    if not resolve and not body.strip():
        raise ValidationError({"body": _("Write what you still need to know.")})
    before = query.status
    if body.strip():
        QueryMessage.objects.create(
            query=query, author=actor, from_secretariat=True, body=body.strip()
        )
    query.status = QueryStatus.RESOLVED if resolve else QueryStatus.OPEN
    query.save(update_fields=["status"])
    record_audit(
        "reports.resolve_query" if resolve else "reports.reopen_query",
        actor=actor,
        obj=query,
        before={"status": before},
        after={"status": query.status, "message": body.strip()},
        institution_id=query.submission.institution_id,
    )
    return query


@transaction.atomic
def accept_submission(submission: Submission, *, actor: User | None) -> Submission:
    """The Secretariat accepts a submission in review: every query resolved, every check
    passed. The head of the institution is then asked to sign off."""
    submission = _locked(submission)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only a submission in review can be accepted."))
    unresolved = submission.queries.exclude(status=QueryStatus.RESOLVED).count()
    if unresolved:
        raise ValidationError(
            _("%(count)s queries are not resolved yet. Resolve them before accepting.")
            % {"count": unresolved}
        )
    _raise_blocking(findings_for(submission))
    before = snapshot(submission, ["status"])
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.accepted_by = actor if actor and actor.is_authenticated else None
    submission.save()
    record_audit(
        "reports.accept_submission",
        actor=actor,
        obj=submission,
        before=before,
        after=snapshot(submission, ["status", "accepted_at"]),
        institution_id=submission.institution_id,
    )
    return submission


@transaction.atomic
def sign_off_submission(
    submission: Submission, *, actor: User | None, head_name: str = ""
) -> Submission:
    """The head of the institution signs off the accepted figures, which then lock. A head with
    an account signs off in person; a coordinator may record the head's sign-off, naming the
    head."""
    submission = _locked(submission)
    if submission.status != SubmissionStatus.ACCEPTED:
        raise ValidationError(_("Only figures the Secretariat has accepted can be signed off."))
    head = head_person(actor, submission.institution_id)
    if head is not None:
        name = head.full_name
    elif head_name.strip():
        name = head_name.strip()
    else:
        raise ValidationError({"head_name": _("Name the head of the institution who signed off.")})
    submission.status = SubmissionStatus.SIGNED_OFF
    submission.signed_off_at = timezone.now()
    submission.signed_off_by = actor
    submission.head_name = name[:200]
    submission.save()
    record_audit(
        "reports.sign_off_submission",
        actor=actor,
        obj=submission,
        before={"status": SubmissionStatus.ACCEPTED},
        after=snapshot(submission, ["status", "signed_off_at", "head_name"]),
        institution_id=submission.institution_id,
    )
    return submission


@transaction.atomic
def correct_entry(
    entry: Entry, *, actor: User | None, answer: AnswerInput, reason: str
) -> Correction:
    """Change a signed-off value, keeping the old one, the reason, who and when. The corrections
    list of the report publishes it."""
    entry = Entry.objects.select_for_update().select_related("submission").get(pk=entry.pk)
    if entry.submission.status != SubmissionStatus.SIGNED_OFF:
        raise ValidationError(
            _("Only signed-off values are corrected this way; drafts are edited directly.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    _validate_answer("value", answer)
    if answer.state == ValueState.EMPTY:
        raise ValidationError({"state": _("Choose a value, “withheld” or “not available”.")})
    old_state, old_value = entry.state, entry.value
    if not _apply(
        entry,
        AnswerInput(answer.state, answer.value, answer.typed, entry.comment),
        actor=actor,
        now=timezone.now(),
    ):
        raise ValidationError(_("The new value is the same as the old one."))
    correction = Correction.objects.create(
        entry=entry,
        old_state=old_state,
        old_value=old_value,
        new_state=entry.state,
        new_value=entry.value,
        reason=reason.strip(),
        corrected_by=actor if actor and actor.is_authenticated else None,
    )
    record_audit(
        "reports.correct_value",
        actor=actor,
        obj=entry,
        before={"state": old_state, "value": old_value},
        after={"state": entry.state, "value": entry.value, "reason": correction.reason},
        institution_id=entry.submission.institution_id,
    )
    return correction
