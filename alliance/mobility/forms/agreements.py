"""The agreement editor: its general content and its directions of mobility (a formset)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.members.models import Institution
from alliance.mobility.enums import AgreementScope, Cefr, StudyLevel
from alliance.mobility.forms.common import ServiceErrorsMixin, members_queryset
from alliance.mobility.models import Agreement


class AgreementForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scope = forms.ChoiceField(
        label=_("Scope"), choices=AgreementScope.choices, initial=AgreementScope.BILATERAL
    )
    party_a = forms.ModelChoiceField(
        label=_("First party"), queryset=Institution.objects.none(), required=False
    )
    party_b = forms.ModelChoiceField(
        label=_("Second party"), queryset=Institution.objects.none(), required=False
    )
    first_year = forms.IntegerField(
        label=_("First academic year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year the academic year starts in, e.g. 2027 for 2027/2028."),
    )
    last_year = forms.IntegerField(label=_("Last academic year"), min_value=2000, max_value=2100)
    recognition_notes = forms.CharField(
        label=_("Recognition notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, agreement: Agreement | None = None, **kwargs: Any) -> None:
        if agreement is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": agreement.title,
                    "first_year": agreement.first_year,
                    "last_year": agreement.last_year,
                    "recognition_notes": agreement.recognition_notes,
                },
            )
        super().__init__(*args, **kwargs)
        if agreement is not None:  # parties and scope are fixed once made
            for name in ("scope", "party_a", "party_b"):
                del self.fields[name]
        else:
            self.fields["party_a"].queryset = members_queryset()
            self.fields["party_b"].queryset = members_queryset()

    def parties(self) -> list[Institution]:
        if self.cleaned_data.get("scope") == AgreementScope.ALLIANCE:
            return list(members_queryset())
        return [p for p in (self.cleaned_data["party_a"], self.cleaned_data["party_b"]) if p]


class TermForm(forms.Form):
    sending = forms.ModelChoiceField(
        label=_("Sending"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Any party"),
    )
    receiving = forms.ModelChoiceField(
        label=_("Receiving"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Any party"),
    )
    places_per_year = forms.IntegerField(label=_("Places per year"), min_value=0)
    months_per_year = forms.IntegerField(label=_("Months per year"), min_value=0)
    study_levels = forms.MultipleChoiceField(
        label=_("Study levels"),
        choices=StudyLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject_areas = forms.CharField(
        label=_("Subject areas (ISCED-F)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line, code first, e.g. 0613 Software and applications development."),
    )
    language = forms.CharField(
        label=_("Language"), required=False, max_length=16, help_text=_("e.g. en, zh")
    )
    language_level = forms.ChoiceField(
        label=_("Minimum level (CEFR)"), choices=[("", "—"), *Cefr.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sending"].queryset = members_queryset()
        self.fields["receiving"].queryset = members_queryset()

    def term(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["subject_areas"] = [
            line.strip() for line in data.get("subject_areas", "").splitlines() if line.strip()
        ]
        return data


TermFormSet = forms.formset_factory(TermForm, extra=2, max_num=20)


def term_initial(agreement: Agreement) -> list[dict[str, Any]]:
    return [
        {
            "sending": t.sending_id,
            "receiving": t.receiving_id,
            "places_per_year": t.places_per_year,
            "months_per_year": t.months_per_year,
            "study_levels": t.study_levels,
            "subject_areas": "\n".join(t.subject_areas),
            "language": t.language,
            "language_level": t.language_level,
        }
        for t in agreement.terms.all()
    ]


def filled_terms(formset: Any) -> list[dict[str, Any]]:
    """The directions the user filled in (empty extra rows are left out)."""
    return [f.term() for f in formset.forms if f.has_changed() and f.cleaned_data]
