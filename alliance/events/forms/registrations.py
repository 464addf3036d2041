"""Forms of registration: the registration form built from the event's questions, and the forms
of the organiser's list, the delegation page and the quota page.

The registration form asks every question in the reader's language. A question that depends on
an earlier answer carries ``data-show-if`` and ``data-show-if-values`` on its wrapper; the small
script ``js/events-conditional.js`` shows and hides it. Without the script every question shows,
and the server ignores the answers to those the earlier answers leave out (they are never
required then).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.core.multilingual import pick
from alliance.events.enums import QuestionKind
from alliance.events.models import Event, Question
from alliance.events.services.answers import (
    CleanAnswers,
    clean_answers,
    field_name,
    shown_questions,
)
from alliance.events.services.questions import CONSENT_GIVEN
from alliance.members.models import Institution

K = QuestionKind
ACCEPTED_FILES = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
REQUIRED: dict[str | None, Any] = {
    K.CONSENT: _("Give your consent to register."),
    K.FILE: _("Attach the file asked for."),
    None: _("Answer this question."),
}


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.display_name()


@dataclass(frozen=True)
class QuestionRow:
    """A question's field as the template draws it, with its condition for the script."""

    field: BoundField
    show_if: str = ""  # the field name of the question it depends on
    show_if_values: str = ""  # JSON list of the answers that show it
    condition: str = ""  # the same, said in words for readers without the script


def _question_field(question: Question, language: str) -> forms.Field:
    label = pick(question.label, language)
    help_text = pick(question.help, language)
    required = question.required and question.show_if_id is None
    common: dict[str, Any] = {
        "label": label,
        "help_text": help_text,
        "required": required,
        "error_messages": {"required": REQUIRED.get(question.kind, REQUIRED[None])},
    }
    choices = [(c["value"], pick(c["label"], language)) for c in question.choices or []]
    kind = question.kind
    if kind == K.TEXT:
        return forms.CharField(max_length=500, **common)
    if kind == K.LONG_TEXT:
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == K.CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == K.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == K.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == K.COUNTRY:
        return forms.ChoiceField(choices=[("", "—"), *list(countries)], **common)
    if kind == K.FILE:
        if not help_text:
            common["help_text"] = _("A PDF document, or a JPEG or PNG image.")
        return forms.FileField(widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}), **common)
    return forms.BooleanField(**common)  # consent


def _condition(question: Question, language: str) -> str:
    earlier = question.show_if
    if earlier is None:
        return ""
    if earlier.kind == K.CONSENT:
        return gettext("Answer only if you ticked “%(question)s”.") % {
            "question": pick(earlier.label, language)
        }
    labels = {c["value"]: pick(c["label"], language) for c in earlier.choices or []}
    return gettext("Answer only if your answer to “%(question)s” is: %(answers)s.") % {
        "question": pick(earlier.label, language),
        "answers": gettext(" or ").join(labels.get(v, v) for v in question.show_if_values),
    }


class RegistrationForm(forms.Form):
    """The event's registration form. ``cleaned_answers`` (after ``is_valid()``) holds the answers
    checked by ``services.answers.clean_answers``; ``answers()`` and ``uploads()`` give what to
    pass to ``register_with_answers``."""

    name = forms.CharField(label=_("Name on the badge"), max_length=200)
    institution = InstitutionChoiceField(
        queryset=Institution.objects.none(),
        required=False,
        label=_("Delegation of"),
        empty_label=_("Choose the member institution you come for"),
    )
    code = forms.CharField(
        label=_("Delegate code"),
        max_length=24,
        required=False,
        help_text=_("If your coordinator gave you a code, type it here: it holds your seat."),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        event: Event,
        questions: Iterable[Question],
        institutions: QuerySet[Institution] | None = None,
        initial: dict[str, Any] | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(
            data, files, initial={"submission_key": uuid.uuid4().hex, **(initial or {})}
        )
        self.event = event
        self.questions = list(questions)
        self.language = language or get_language() or "en"
        self.cleaned_answers: CleanAnswers | None = None
        if event.quota_applies:
            self.fields["institution"].queryset = (
                institutions if institutions is not None else Institution.objects.none()
            )
        else:
            del self.fields["institution"]
            del self.fields["code"]
        for question in self.questions:
            self.fields[field_name(question)] = _question_field(question, self.language)

    def clean_submission_key(self) -> str:
        try:
            return uuid.UUID(self.cleaned_data["submission_key"]).hex
        except ValueError:
            raise ValidationError(
                _("This form is out of date. Reload the page and fill it in again.")
            ) from None

    def clean_code(self) -> str:
        return self.cleaned_data.get("code", "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = {q.key: cleaned.get(field_name(q)) for q in self.questions}
        shown = {q.key for q in shown_questions(self.questions, values)}
        for question in self.questions:
            if question.key not in shown:
                # Left out by the earlier answers: neither required nor checked, never saved.
                self._errors.pop(field_name(question), None)
                cleaned.pop(field_name(question), None)
        try:
            self.cleaned_answers = clean_answers(self.questions, self.answers(), self.uploads())
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                name = f"q_{key}"
                if name in self.fields and name not in self._errors:
                    self.add_error(name, messages)
        return cleaned

    def _given(self, *, files: bool) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            q.key: data[field_name(q)]
            for q in self.questions
            if field_name(q) in data and (q.kind == K.FILE) == files
        }

    def answers(self) -> dict[str, Any]:
        return self._given(files=False)

    def uploads(self) -> dict[str, Any]:
        return {k: v for k, v in self._given(files=True).items() if v}

    def details(self) -> dict[str, Any]:
        """The registration's own fields, as ``register`` takes them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "institution": data.get("institution"),
            "code": data.get("code", ""),
            "submission_key": data["submission_key"],
        }

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show an error of the service next to the field it names (answers by question key)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            name = key if key in self.fields else f"q_{key}"
            self.add_error(name if name in self.fields else None, messages)

    def question_rows(self) -> list[QuestionRow]:
        rows = []
        for question in self.questions:
            bound = self[field_name(question)]
            earlier = question.show_if
            if earlier is None:
                rows.append(QuestionRow(bound))
                continue
            values = [CONSENT_GIVEN] if earlier.kind == K.CONSENT else question.show_if_values
            rows.append(
                QuestionRow(
                    bound,
                    show_if=field_name(earlier),
                    show_if_values=json.dumps(values),
                    condition=_condition(question, self.language),
                )
            )
        return rows


class DelegateForm(forms.Form):
    """A coordinator names a delegate of their institution by the delegate's e-mail."""

    email = forms.EmailField(label=_("Delegate's e-mail"))
    name = forms.CharField(
        label=_("Name on the badge"),
        max_length=200,
        required=False,
        help_text=_("Empty: the name of their account."),
    )


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=200, initial=1)
    note = forms.CharField(
        label=_("For"),
        max_length=200,
        required=False,
        help_text=_("A note for yourself, such as the names of the students."),
    )


class BeyondQuotaForm(forms.Form):
    """The Secretariat registers someone beyond their institution's quota, saying why."""

    email = forms.EmailField(label=_("E-mail of the person"))
    institution = InstitutionChoiceField(
        queryset=Institution.objects.none(), label=_("Delegation of")
    )
    name = forms.CharField(
        label=_("Name on the badge"),
        max_length=200,
        required=False,
        help_text=_("Empty: the name of their account."),
    )
    reason = forms.CharField(
        label=_("Reason for exceeding the quota"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log."),
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise ValidationError(_("Say why this registration goes beyond the quota."))
        return reason


class QuotasForm(forms.Form):
    """Seats per institution: one number field for each row of the quota page."""

    def __init__(self, *args: Any, rows: list[tuple[Institution, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for institution, seats in rows:
            self.fields[f"seats_{institution.pk}"] = forms.IntegerField(
                label=institution.display_name(),
                min_value=0,
                max_value=10000,
                initial=seats,
                required=False,
            )

    def seats(self) -> list[tuple[Institution, int]]:
        return [
            (institution, self.cleaned_data.get(f"seats_{institution.pk}") or 0)
            for institution, _seats in self.rows
        ]

    def lines(self) -> list[tuple[Institution, BoundField]]:
        return [(institution, self[f"seats_{institution.pk}"]) for institution, _s in self.rows]
