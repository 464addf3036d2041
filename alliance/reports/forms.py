"""The doors for input to the annual report's data collection. Numbers are read with
alliance/reports/numbers.py in the language of the page, so "12.345" means twelve thousand on a
German page and an unclear "1.234" gets a question back instead of a guess."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.reports.enums import ValueState
from alliance.reports.findings import number_error_message
from alliance.reports.handbook import (
    BREAKDOWN_LABELS,
    PUBLIC_INDICATORS,
    TOPICS,
    UNIT_LABELS,
    Indicator,
    by_code,
    submitted_indicators,
)
from alliance.reports.numbers import NumberError, parse_number
from alliance.reports.services.collection import AnswerInput

STATE_CHOICES = [
    (ValueState.VALUE, _("Value")),
    (ValueState.WITHHELD, _("Withheld")),
    (ValueState.NOT_AVAILABLE, _("Not available")),
]


def read_number(text: str) -> Decimal:
    """The number typed, read in the page's language, or a form error that says what to do."""
    try:
        value = parse_number(text, get_language())
    except NumberError as error:
        raise forms.ValidationError(number_error_message(error)) from None
    if value < 0:
        raise forms.ValidationError(
            _("A count cannot be negative. Type the number without a minus sign.")
        )
    return value


def shown(value: Decimal | None) -> str:
    """A stored value as a form shows it: no trailing ".00" on whole numbers."""
    if value is None:
        return ""
    return str(
        value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    )


@dataclass
class FieldRow:
    """One indicator's line of the submission form."""

    indicator: Indicator
    unit: str
    state: forms.BoundField
    value: forms.BoundField
    comment: forms.BoundField
    entry: Any = None
    previous: str = ""
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class SubmissionForm(forms.Form):
    """One page with every member indicator: an explicit answer (value, withheld, not
    available), the value, a comment. `answers` holds what could be read, even when other
    fields have errors, so that saving never loses what was typed correctly."""

    def __init__(self, *args: Any, entries: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers: dict[str, AnswerInput] = {}
        self.entries = entries
        for indicator in submitted_indicators():
            code = indicator.code
            entry = entries.get(code)
            state = entry.state if entry is not None and entry.state else ValueState.VALUE
            self.fields[f"{code}__state"] = forms.ChoiceField(
                label=_("Answer"),
                choices=STATE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=state,
            )
            self.fields[f"{code}__value"] = forms.CharField(
                label=indicator.name,
                required=False,
                max_length=60,
                initial=(entry.typed or shown(entry.value)) if entry is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"{code}__comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=entry.comment if entry is not None else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for indicator in submitted_indicators():
            code = indicator.code
            if f"{code}__state" not in self.data and f"{code}__value" not in self.data:
                continue  # not sent: keep what is saved
            state = data.get(f"{code}__state") or ValueState.VALUE
            text = (data.get(f"{code}__value") or "").strip()
            comment = data.get(f"{code}__comment") or ""
            if state != ValueState.VALUE:
                self.answers[code] = AnswerInput(state, None, "", comment)
            elif not text:
                self.answers[code] = AnswerInput(ValueState.EMPTY, None, "", comment)
            else:
                try:
                    value = read_number(text)
                except forms.ValidationError as error:
                    self.add_error(f"{code}__value", error)
                    continue
                self.answers[code] = AnswerInput(ValueState.VALUE, value, text, comment)
        return data

    def rows_by_topic(
        self,
        previous: dict[str, Any],
        findings: dict[str, list[str]],
        warnings: dict[str, list[str]],
    ) -> list[tuple[Any, list[FieldRow]]]:
        """The fields grouped by topic, with last year's value and the checks' messages."""
        result = []
        for _key, label, codes in TOPICS:
            rows = []
            for code in codes:
                indicator = by_code(code)
                prev = previous.get(code)
                rows.append(
                    FieldRow(
                        indicator=indicator,
                        unit=str(UNIT_LABELS[indicator.unit]),
                        state=self[f"{code}__state"],
                        value=self[f"{code}__value"],
                        comment=self[f"{code}__comment"],
                        entry=self.entries.get(code),
                        previous=_previous_text(prev),
                        messages=findings.get(code, []),
                        warnings=warnings.get(code, []),
                    )
                )
            result.append((label, rows))
        return result


def _previous_text(entry: Any) -> str:
    if entry is None:
        return ""
    if entry.state == ValueState.VALUE:
        return shown(entry.value)
    return str(ValueState(entry.state).label) if entry.state else ""


def _default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=42)


class OpenCollectionForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Reporting year"),
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
    )
    deadline = forms.DateField(
        label=_("Deadline for members"),
        initial=_default_deadline,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RaiseQueryForm(ServiceErrorsMixin, forms.Form):
    code = forms.ChoiceField(label=_("Value asked about"))
    question = forms.CharField(
        label=_("Question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what looks wrong and what you need: a correction, or an explanation."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(i.code, i.name) for i in submitted_indicators()]


class AnswerQueryForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    state = forms.ChoiceField(
        label=_("Change the value"),
        required=False,
        choices=[("", _("Keep the value as it is")), *STATE_CHOICES],
    )
    value = forms.CharField(label=_("New value"), required=False, max_length=60)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        state, text = data.get("state") or "", (data.get("value") or "").strip()
        self.change: AnswerInput | None = None
        if not state and text:
            state = ValueState.VALUE
        if state == ValueState.VALUE:
            if not text:
                self.add_error("value", _("Type the new value, or keep the value as it is."))
                return data
            try:
                self.change = AnswerInput(ValueState.VALUE, read_number(text), text)
            except forms.ValidationError as error:
                self.add_error("value", error)
        elif state:
            self.change = AnswerInput(state)
        return data


class ReplyQueryForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignOffForm(ServiceErrorsMixin, forms.Form):
    head_name = forms.CharField(
        label=_("Name of the head of the institution"),
        max_length=200,
        required=False,
        help_text=_("Only when you record the sign-off on the head's behalf."),
    )
    confirm = forms.BooleanField(
        label=_("The head of the institution confirms that these figures are correct."),
        required=True,
    )

    def __init__(self, *args: Any, is_head: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_head:
            del self.fields["head_name"]
            self.fields["confirm"].label = _("I confirm that these figures are correct.")
        else:
            self.fields["head_name"].required = True


class CorrectionForm(ServiceErrorsMixin, forms.Form):
    state = forms.ChoiceField(label=_("Answer"), choices=STATE_CHOICES, initial=ValueState.VALUE)
    value = forms.CharField(label=_("Corrected value"), required=False, max_length=60)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Published with the correction, e.g. “The member reported doctoral students twice.”"
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        state, text = data.get("state"), (data.get("value") or "").strip()
        self.answer: AnswerInput | None = None
        if state == ValueState.VALUE:
            if not text:
                self.add_error("value", _("Type the corrected value."))
                return data
            try:
                self.answer = AnswerInput(ValueState.VALUE, read_number(text), text)
            except forms.ValidationError as error:
                self.add_error("value", error)
        elif state:
            self.answer = AnswerInput(state)
        return data


class StatisticsFilterForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    breakdown = forms.ChoiceField(label=_("Breakdown"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, i.name) for i in PUBLIC_INDICATORS]
        breakdowns = sorted({b for i in PUBLIC_INDICATORS for b in i.breakdowns})
        self.fields["breakdown"].choices = [
            ("", _("Total")),
            *[(b, BREAKDOWN_LABELS.get(b, b)) for b in breakdowns if b != "total"],
        ]
        self.fields["country"].choices = [("", _("All countries")), *countries]
