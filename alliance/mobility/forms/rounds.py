"""Forms of rounds: the round, a host's places and rules, an application, a run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.members.models import Institution
from alliance.mobility.enums import MAX_CHOICES, Cefr, Mechanism, StudyLevel
from alliance.mobility.forms.common import ServiceErrorsMixin, members_queryset
from alliance.mobility.models import Application, Round, RoundHost


class RoundForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("e.g. Fall 2027"))
    academic_year = forms.IntegerField(label=_("Academic year"), min_value=2000, max_value=2100)
    institutions = forms.ModelMultipleChoiceField(
        label=_("Universities taking part"),
        queryset=Institution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    places = forms.IntegerField(
        label=_("Places each university offers to start with"), min_value=0, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = members_queryset()


class RoundHostForm(ServiceErrorsMixin, forms.ModelForm):
    study_levels = forms.MultipleChoiceField(
        label=_("Study levels accepted"),
        choices=StudyLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )

    class Meta:
        model = RoundHost
        fields = ["places", "tolerance", "study_levels", "language", "min_language_level"]


class ApplicationForm(ServiceErrorsMixin, forms.Form):
    home = forms.ModelChoiceField(label=_("Home university"), queryset=Institution.objects.none())
    study_level = forms.ChoiceField(label=_("Study level"), choices=StudyLevel.choices)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: language code and CEFR level, e.g. “en C1”."),
    )

    def __init__(
        self,
        *args: Any,
        round_: Round,
        application: Application | None = None,
        **kwargs: Any,
    ) -> None:
        if application is not None:
            initial = {
                "home": application.home_id,
                "study_level": application.study_level,
                "languages": "\n".join(f"{k} {v}" for k, v in application.languages.items()),
            }
            for choice in application.choices.all():
                initial[f"choice_{choice.rank}"] = choice.host_id
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        hosts = Institution.objects.filter(mobility_rounds__round=round_).order_by("name")
        self.fields["home"].queryset = hosts
        for rank in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ModelChoiceField(
                label=_("Choice %(rank)d") % {"rank": rank},
                queryset=hosts,
                required=rank == 1,
            )

    def clean_languages(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for line in self.cleaned_data["languages"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or parts[1].upper() not in Cefr.values:
                raise forms.ValidationError(
                    _("“%(line)s” is not a language code and a CEFR level.") % {"line": line}
                )
            result[parts[0].lower()] = parts[1].upper()
        return result

    def hosts(self) -> list[Institution]:
        return [
            self.cleaned_data[f"choice_{rank}"]
            for rank in range(1, MAX_CHOICES + 1)
            if self.cleaned_data.get(f"choice_{rank}")
        ]


class RunForm(ServiceErrorsMixin, forms.Form):
    mechanism = forms.ChoiceField(
        label=_("Mechanism"),
        choices=Mechanism.choices,
        initial=Mechanism.TS_TTC,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_(
            "I choose maximum-volume knowing that it ignores each home's priority order and "
            "that students can gain by misreporting their preferences."
        ),
        required=False,
    )
