"""Programmes and their calls: the Secretariat creates a programme, prepares a call (its
questions, required documents, quotas and rubric), opens it and closes it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alliance.core.middleware import valid_time_zone
from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.enums import Relation
from alliance.members.models import Institution
from alliance.programmes.enums import (
    ApplicantCategory,
    CallStatus,
    ProgrammeKind,
    QuestionKind,
    QuotaSide,
)
from alliance.programmes.models import (
    Call,
    CallQuestion,
    CallQuota,
    Criterion,
    Panel,
    Programme,
    RequiredDocument,
)

NEXT_STATUS = {
    CallStatus.DRAFT: (CallStatus.OPEN,),
    CallStatus.OPEN: (CallStatus.CLOSED,),
    CallStatus.CLOSED: (CallStatus.OPEN,),
}

CALL_FIELDS = (
    "cycle",
    "time_zone",
    "opens_at",
    "closes_at",
    "activity_from",
    "activity_until",
    "eligible_categories",
    "min_working_days",
    "needs_home_approval",
    "needs_host_acceptance",
    "awards",
    "grant",
    "budget",
    "currency",
    "languages",
    "anonymised_review",
    "reviewers_per_application",
)


def create_programme(*, actor: User, kind: str, name: str, description: str = "") -> Programme:
    if kind not in ProgrammeKind.values:
        raise ValidationError({"kind": [_("Unknown kind of programme.")]})
    name = name.strip()
    if Programme.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": [_("A programme of this name exists already.")]})
    with transaction.atomic():
        programme = Programme.objects.create(kind=kind, name=name, description=description.strip())
        record_audit(
            "programmes.programme.create", actor=actor, obj=programme, after=snapshot(programme)
        )
    return programme


def call_problems(data: dict[str, Any]) -> dict[str, list[str]]:
    """Every problem with a call's settings at once, by field."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if valid_time_zone(data["time_zone"]) is None:
        add("time_zone", _("Unknown time zone. Use a name such as Asia/Shanghai."))
    if data["closes_at"] <= data["opens_at"]:
        add("closes_at", _("The call must close after it opens."))
    if data["activity_until"] < data["activity_from"]:
        add("activity_until", _("The cycle must end after it starts."))
    if not data["eligible_categories"] or set(data["eligible_categories"]) - set(
        ApplicantCategory.values
    ):
        add("eligible_categories", _("Say who may apply."))
    if data["awards"] < 1:
        add("awards", _("A call makes at least one award."))
    if data["grant"] < 0 or data["budget"] < 0:
        add("budget", _("Amounts cannot be negative."))
    elif data["budget"] < data["grant"]:
        add("budget", _("The budget does not cover even one grant."))
    if len(data["currency"]) != 3 or not data["currency"].isalpha():
        add("currency", _("Use a three-letter currency code such as USD."))
    if data["reviewers_per_application"] < 1:
        add("reviewers_per_application", _("Each application needs at least one reviewer."))
    return problems


def _local_to_utc(value: datetime.datetime, zone_name: str) -> datetime.datetime:
    zone = valid_time_zone(zone_name)
    if zone is None:
        return value
    naive = value.replace(tzinfo=None)
    return naive.replace(tzinfo=zone).astimezone(datetime.UTC)


def normalise_call_data(data: dict[str, Any]) -> dict[str, Any]:
    """The call's settings as stored: opening and closing read in the call's time zone (the
    wall-clock time typed) and kept in UTC, codes cleaned."""
    clean = {field: data[field] for field in CALL_FIELDS}
    clean["opens_at"] = _local_to_utc(data["opens_at"], data["time_zone"])
    clean["closes_at"] = _local_to_utc(data["closes_at"], data["time_zone"])
    clean["currency"] = data["currency"].strip().upper()
    clean["languages"] = sorted(
        {code.strip().lower() for code in data["languages"] if code.strip()}
    )
    clean["eligible_categories"] = sorted(set(data["eligible_categories"]))
    clean["grant"] = Decimal(data["grant"])
    clean["budget"] = Decimal(data["budget"])
    # After the activity: optional for callers that predate it (30 days by default).
    clean["report_due_days"] = int(data.get("report_due_days") or 30)
    return clean


def create_call(programme: Programme, *, actor: User, data: dict[str, Any]) -> Call:
    """A draft call of ``programme``; ``data`` holds CALL_FIELDS, times as typed in the call's
    zone."""
    problems = call_problems(data)
    if Call.objects.filter(programme=programme, cycle=data["cycle"]).exists():
        problems.setdefault("cycle", []).append(
            _("This programme already has a call for this cycle.")
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        call = Call.objects.create(
            programme=programme, created_by=actor, **normalise_call_data(data)
        )
        Panel.objects.create(call=call, name=_("Review panel of %(call)s") % {"call": call})
        record_audit("programmes.call.create", actor=actor, obj=call, after=snapshot(call))
    return call


def update_call(call: Call, *, actor: User, data: dict[str, Any]) -> Call:
    problems = call_problems(data)
    clash = Call.objects.filter(programme=call.programme, cycle=data["cycle"]).exclude(pk=call.pk)
    if clash.exists():
        problems.setdefault("cycle", []).append(
            _("This programme already has a call for this cycle.")
        )
    if problems:
        raise ValidationError(problems)
    clean = normalise_call_data(data)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        before = snapshot(call, clean)
        for field, value in clean.items():
            setattr(call, field, value)
        call.save()
        after = snapshot(call, clean)
        changed = [k for k in clean if before[k] != after[k]]
        if changed:
            record_audit(
                "programmes.call.update",
                actor=actor,
                obj=call,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return call


def set_call_status(call: Call, *, actor: User, status: str) -> Call:
    if status not in CallStatus.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if status not in NEXT_STATUS[CallStatus(call.status)]:
            raise ValidationError(
                _("A call that is “%(now)s” cannot become “%(then)s”.")
                % {"now": call.get_status_display(), "then": CallStatus(status).label}
            )
        opening = status == CallStatus.OPEN and call.status == CallStatus.DRAFT
        if opening and not call.criteria.exists():
            raise ValidationError(
                _("Give the call at least one review criterion before opening it.")
            )
        before = snapshot(call, ["status"])
        call.status = status
        call.save(update_fields=["status"])
        record_audit(
            "programmes.call.status", actor=actor, obj=call, before=before, after={"status": status}
        )
    return call


def _next_position(items: Any) -> int:
    return int(items.aggregate(m=Max("position"))["m"] or 0) + 1


def _check_draft(call: Call) -> None:
    if call.status != CallStatus.DRAFT:
        raise ValidationError(
            _("The call is open or closed: its questions, documents and rubric are fixed.")
        )


def add_question(
    call: Call, *, actor: User, label: str, kind: str, required: bool, choices: Sequence[str] = ()
) -> CallQuestion:
    _check_draft(call)
    choices = [c.strip() for c in choices if c.strip()]
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Unknown kind of question.")]})
    if kind == QuestionKind.CHOICE and len(choices) < 2:
        raise ValidationError({"choices": [_("A choice question needs at least two choices.")]})
    with transaction.atomic():
        question = CallQuestion.objects.create(
            call=call,
            position=_next_position(call.questions),
            label=label.strip(),
            kind=kind,
            required=required,
            choices=choices if kind == QuestionKind.CHOICE else [],
        )
        record_audit(
            "programmes.call.question", actor=actor, obj=question, after=snapshot(question)
        )
    return question


def add_document(call: Call, *, actor: User, label: str) -> RequiredDocument:
    _check_draft(call)
    with transaction.atomic():
        document = RequiredDocument.objects.create(
            call=call, position=_next_position(call.documents), label=label.strip()
        )
        record_audit(
            "programmes.call.document", actor=actor, obj=document, after=snapshot(document)
        )
    return document


def add_criterion(call: Call, *, actor: User, name: str, weight: int, maximum: int) -> Criterion:
    _check_draft(call)
    if weight < 1 or maximum < 1:
        raise ValidationError(_("Weight and highest score are at least 1."))
    with transaction.atomic():
        criterion = Criterion.objects.create(
            call=call,
            position=_next_position(call.criteria),
            name=name.strip(),
            weight=weight,
            maximum=maximum,
        )
        record_audit(
            "programmes.call.criterion", actor=actor, obj=criterion, after=snapshot(criterion)
        )
    return criterion


def set_quota(
    call: Call, *, actor: User, institution: Institution, side: str, places: int | None
) -> CallQuota | None:
    """At most ``places`` awards from (home) or to (host) ``institution``; None removes it."""
    if side not in QuotaSide.values:
        raise ValidationError({"side": [_("Unknown side.")]})
    if institution.relation != Relation.MEMBER:
        raise ValidationError({"institution": [_("Quotas are for members.")]})
    with transaction.atomic():
        quota = CallQuota.objects.filter(call=call, institution=institution, side=side).first()
        before = {"places": quota.places} if quota else {"places": None}
        if places is None:
            if quota is not None:
                quota.delete()
            quota = None
        elif quota is None:
            quota = CallQuota.objects.create(
                call=call, institution=institution, side=side, places=places
            )
        else:
            quota.places = places
            quota.save(update_fields=["places"])
        if before["places"] != places:
            record_audit(
                "programmes.call.quota",
                actor=actor,
                obj=call,
                before={**before, "institution": institution.pk, "side": side},
                after={"places": places, "institution": institution.pk, "side": side},
                institution_id=institution.pk,
            )
    return quota


REMOVABLE: dict[str, type[CallQuestion] | type[RequiredDocument] | type[Criterion]] = {
    "question": CallQuestion,
    "document": RequiredDocument,
    "criterion": Criterion,
}


def remove_call_item(call: Call, *, actor: User, kind: str, pk: int) -> None:
    """Remove a question, required document or criterion of a draft call."""
    _check_draft(call)
    model = REMOVABLE.get(kind)
    if model is None:
        raise ValidationError(_("Unknown item."))
    with transaction.atomic():
        item = model.objects.filter(call=call, pk=pk).first()
        if item is None:
            raise ValidationError(_("This item is gone already."))
        before = snapshot(item)
        item.delete()
        record_audit(f"programmes.call.remove_{kind}", actor=actor, obj=call, before=before)
