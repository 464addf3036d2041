"""The questions of an event's registration form: added, changed, moved and removed by its
organisers.

Labels, help texts and choice labels are multilingual ({"en": …, "zh-hans": …}). A question may
depend on an earlier one (``show_if``): it is asked only when that question, a choice, several
choices or a consent, was answered with one of ``show_if_values``. A consent counts as the
answer "yes" when given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.multilingual import pick
from alliance.core.services.audit import record_audit, snapshot
from alliance.events.enums import QuestionKind
from alliance.events.models import Event, Question

K = QuestionKind
WITH_CHOICES = (K.CHOICE, K.MULTIPLE)
CONTROLLING = (K.CHOICE, K.MULTIPLE, K.CONSENT)
CONSENT_GIVEN = "yes"  # the value a given consent counts as, for the questions depending on it
MAX_CHOICES = 100


def add_question(
    event: Event,
    *,
    actor: User,
    kind: str,
    key: str,
    label: Mapping[str, str],
    help_text: Mapping[str, str] | None = None,
    required: bool = False,
    choices: Sequence[Mapping[str, Any]] = (),
    show_if: Question | None = None,
    show_if_values: Iterable[str] = (),
    for_host: bool = False,
) -> Question:
    """Add a question at the end of the event's form."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        last = Question.objects.filter(event=event).aggregate(m=Max("position"))["m"]
        question = Question(event=event, position=(last or 0) + 1)
        _fill(
            question,
            kind=kind,
            key=key,
            label=label,
            help_text=help_text,
            required=required,
            choices=choices,
            show_if=show_if,
            show_if_values=show_if_values,
            for_host=for_host,
        )
        question.save()
        record_audit("events.question.add", actor=actor, obj=question, after=snapshot(question))
    return question


def update_question(
    question: Question,
    *,
    actor: User,
    kind: str,
    key: str,
    label: Mapping[str, str],
    help_text: Mapping[str, str] | None = None,
    required: bool = False,
    choices: Sequence[Mapping[str, Any]] = (),
    show_if: Question | None = None,
    show_if_values: Iterable[str] = (),
    for_host: bool = False,
) -> Question:
    """Change a question. Questions depending on it must still make sense: it stays a choice,
    several choices or a consent, and keeps the choices they wait for."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=question.event_id)
        question = Question.objects.select_related("event").get(pk=question.pk)
        before = snapshot(question)
        _fill(
            question,
            kind=kind,
            key=key,
            label=label,
            help_text=help_text,
            required=required,
            choices=choices,
            show_if=show_if,
            show_if_values=show_if_values,
            for_host=for_host,
        )
        _check_dependents(question)
        question.save()
        record_audit(
            "events.question.update",
            actor=actor,
            obj=question,
            before=before,
            after=snapshot(question),
        )
    return question


def move_question(question: Question, *, actor: User, offset: int) -> list[Question]:
    """Move a question ``offset`` places (-1: up, 1: down) in its form; returns the new order.
    A question never moves above the question it depends on."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=question.event_id)
        order = list(Question.objects.filter(event_id=question.event_id).order_by("position", "pk"))
        index = next(i for i, q in enumerate(order) if q.pk == question.pk)
        target = max(0, min(len(order) - 1, index + offset))
        moving = order.pop(index)
        order.insert(target, moving)
        _check_order(order)
        before = {}
        for position, item in enumerate(order, start=1):
            if item.position != position:
                before[item.key] = item.position
                item.position = position
                item.save(update_fields=["position"])
        record_audit(
            "events.question.move",
            actor=actor,
            obj=moving,
            before={"positions": before},
            after={"order": [q.key for q in order]},
        )
    return order


def delete_question(question: Question, *, actor: User) -> int:
    """Remove a question with the answers given to it; returns how many answers went. A
    question others depend on stays until they no longer do."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=question.event_id)
        question = Question.objects.get(pk=question.pk)
        dependents = list(question.dependents.order_by("position", "pk"))
        if dependents:
            raise ValidationError(
                _("“%(question)s” is asked depending on this question; change or remove it first.")
                % {"question": pick(dependents[0].label)},
                code="has_dependents",
            )
        answers = question.answers.count()
        before = snapshot(question)
        record_audit(
            "events.question.delete",
            actor=actor,
            obj=question,
            before=before,
            after={"answers_removed": answers},
        )
        question.delete()
    return answers


def _fill(
    question: Question,
    *,
    kind: str,
    key: str,
    label: Mapping[str, str],
    help_text: Mapping[str, str] | None,
    required: bool,
    choices: Sequence[Mapping[str, Any]],
    show_if: Question | None,
    show_if_values: Iterable[str],
    for_host: bool,
) -> None:
    """Check every field and set it on ``question`` (unsaved); errors name the field."""
    errors: dict[str, list[str]] = {}
    if kind not in K.values:
        errors.setdefault("kind", []).append(_("Choose a kind of question."))
    key = slugify(key or "").replace("-", "_")[:40]
    if not key:
        errors.setdefault("key", []).append(
            _("Give the question a short key of letters, digits and _ (used in exports).")
        )
    elif (
        Question.objects.filter(event_id=question.event_id, key=key)
        .exclude(pk=question.pk)
        .exists()
    ):
        errors.setdefault("key", []).append(
            _("Another question of this event has the key “%(key)s”.") % {"key": key}
        )
    label = _texts(label)
    if not label:
        errors.setdefault("label", []).append(_("Write the question, in at least one language."))
    clean_choices: list[dict[str, Any]] = []
    if kind in WITH_CHOICES:
        try:
            clean_choices = _clean_choices(choices)
        except ValidationError as exc:
            errors.setdefault("choices", []).extend(exc.messages)
    values: list[str] = []
    if show_if is not None:
        try:
            values = _clean_condition(question, show_if, show_if_values)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    question.kind = kind
    question.key = key
    question.label = label
    question.help = _texts(help_text or {})
    question.required = bool(required)
    question.choices = clean_choices
    question.show_if = show_if
    question.show_if_values = values
    question.for_host = bool(for_host)


def _texts(texts: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v).strip() for k, v in (texts or {}).items() if v and str(v).strip()}


def _clean_choices(choices: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if not choices:
        raise ValidationError(_("Give at least one choice."))
    if len(choices) > MAX_CHOICES:
        raise ValidationError(_("Give at most %(n)d choices.") % {"n": MAX_CHOICES})
    seen: set[str] = set()
    result = []
    for choice in choices:
        value = str(choice.get("value", "")).strip()
        label = _texts(choice.get("label") or {})
        if not value:
            raise ValidationError(_("Every choice needs a value."))
        if len(value) > 60:
            raise ValidationError(
                _("The value “%(value)s” is longer than 60 characters.") % {"value": value[:60]}
            )
        if value in seen:
            raise ValidationError(
                _("Two choices have the value “%(value)s”; each value must be different.")
                % {"value": value}
            )
        seen.add(value)
        result.append({"value": value, "label": label or {"en": value}})
    return result


def _clean_condition(
    question: Question, show_if: Question, show_if_values: Iterable[str]
) -> list[str]:
    """The values of ``show_if`` that make ``question`` shown, checked."""
    if show_if.event_id != question.event_id or show_if.pk == question.pk:
        raise ValidationError({"show_if": _("Choose an earlier question of this event.")})
    if show_if.kind not in CONTROLLING:
        raise ValidationError(
            {"show_if": _("A question can depend only on a choice, several choices or a consent.")}
        )
    if question.pk is not None and (show_if.position, show_if.pk) >= (
        question.position,
        question.pk,
    ):
        raise ValidationError(
            {"show_if": _("A question can depend only on a question asked before it.")}
        )
    if show_if.kind == K.CONSENT:
        return [CONSENT_GIVEN]
    known = [c["value"] for c in show_if.choices or []]
    values = list(dict.fromkeys(str(v).strip() for v in show_if_values if str(v).strip()))
    if not values:
        raise ValidationError(
            {"show_if_values": _("Name the answers that make this question appear.")}
        )
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValidationError(
            {
                "show_if_values": _(
                    "“%(question)s” has no choice %(values)s. Its choices: %(known)s."
                )
                % {
                    "question": pick(show_if.label),
                    "values": ", ".join(unknown),
                    "known": ", ".join(known),
                }
            }
        )
    return values


def _check_dependents(question: Question) -> None:
    """The questions depending on ``question`` still can after its change."""
    for dependent in question.dependents.all():
        if question.kind not in CONTROLLING:
            raise ValidationError(
                {
                    "kind": _(
                        "“%(question)s” depends on this question, so it must stay a choice, "
                        "several choices or a consent."
                    )
                    % {"question": pick(dependent.label)}
                }
            )
        if question.kind == K.CONSENT:
            if dependent.show_if_values != [CONSENT_GIVEN]:
                dependent.show_if_values = [CONSENT_GIVEN]
                dependent.save(update_fields=["show_if_values"])
            continue
        values = {c["value"] for c in question.choices}
        missing = [v for v in dependent.show_if_values if v not in values]
        if missing:
            raise ValidationError(
                {
                    "choices": _(
                        "“%(question)s” depends on the choice %(values)s; keep it or change "
                        "that question first."
                    )
                    % {"question": pick(dependent.label), "values": ", ".join(missing)}
                }
            )


def _check_order(order: list[Question]) -> None:
    place = {q.pk: i for i, q in enumerate(order)}
    for question in order:
        if question.show_if_id is not None and place[question.show_if_id] > place[question.pk]:
            controller = next(q for q in order if q.pk == question.show_if_id)
            raise ValidationError(
                _("“%(question)s” depends on “%(earlier)s” and must come after it.")
                % {"question": pick(question.label), "earlier": pick(controller.label)},
                code="order",
            )
