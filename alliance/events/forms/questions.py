"""The question editor's form: a question of an event's registration form, in every language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import add_service_errors
from alliance.core.multilingual import MultilingualField, language_codes, pick
from alliance.events.enums import QuestionKind
from alliance.events.models import Event, Question
from alliance.events.services.questions import CONTROLLING

SEPARATOR = "|"


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Question) -> str:
        return pick(obj.label)


def choices_as_text(choices: list[dict[str, Any]]) -> str:
    """Choices as the editor shows them: one a line, ``value | English | 简体中文 | العربية``."""
    lines = []
    for choice in choices or []:
        labels = [choice.get("label", {}).get(code, "") for code in language_codes()]
        while labels and not labels[-1]:
            labels.pop()
        lines.append(f" {SEPARATOR} ".join([choice["value"], *labels]))
    return "\n".join(lines)


class QuestionForm(forms.Form):
    label = MultilingualField(label=_("Question"), max_length=300)
    help_text = MultilingualField(
        label=_("Help text"), max_length=1000, textarea=True, required=False
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_("A short name of letters, digits and _ ; the column's name in exports."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    show_if = QuestionChoiceField(
        queryset=Question.objects.none(),
        required=False,
        label=_("Ask only when this earlier question…"),
        empty_label=_("Always ask"),
    )
    show_if_values = forms.CharField(
        label=_("…has one of these answers"),
        required=False,
        max_length=500,
        help_text=_(
            "The values of its choices, separated by commas. For a consent, leave empty: the "
            "question is asked when consent is given."
        ),
    )
    for_host = forms.BooleanField(
        label=_("Share the answers with the host (dietary and access needs)"), required=False
    )

    def __init__(
        self, *args: Any, event: Event, question: Question | None = None, **kwargs: Any
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": question.label,
                "help_text": question.help,
                "kind": question.kind,
                "key": question.key,
                "required": question.required,
                "choices": choices_as_text(question.choices),
                "show_if": question.show_if_id,
                "show_if_values": ", ".join(question.show_if_values or []),
                "for_host": question.for_host,
            }
        super().__init__(*args, **kwargs)
        earlier = Question.objects.filter(event=event, kind__in=CONTROLLING).order_by(
            "position", "pk"
        )
        if question is not None:
            earlier = earlier.exclude(pk=question.pk)
        self.fields["show_if"].queryset = earlier
        names = f" {SEPARATOR} ".join(name for _code, name in settings.LANGUAGES)
        self.fields["choices"].help_text = _(
            "For one or several choices: one a line, its value first, then its label in each "
            "language, separated by %(sep)s: value %(sep)s %(names)s."
        ) % {"sep": SEPARATOR, "names": names}

    def clean_choices(self) -> list[dict[str, Any]]:
        result = []
        for number, line in enumerate(self.cleaned_data["choices"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(SEPARATOR)]
            if not parts[0]:
                raise ValidationError(
                    _("Line %(n)d has no value before the first %(sep)s.")
                    % {"n": number, "sep": SEPARATOR}
                )
            labels = {
                code: text for code, text in zip(language_codes(), parts[1:], strict=False) if text
            }
            result.append({"value": parts[0], "label": labels or {"en": parts[0]}})
        return result

    def clean_show_if_values(self) -> list[str]:
        text = self.cleaned_data["show_if_values"]
        return [value.strip() for value in text.split(",") if value.strip()]

    def service_arguments(self) -> dict[str, Any]:
        """What ``add_question`` and ``update_question`` take."""
        return dict(self.cleaned_data)

    def add_service_errors(self, exc: ValidationError) -> None:
        add_service_errors(exc, self)
