from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.members.enums import InstitutionKind, MembershipStatus, Relation
from alliance.members.identifiers import normalise_ror_id, validate_ror_id
from alliance.members.models import Institution
from alliance.members.regions import SubRegion

RELATION_FILTER_CHOICES = [
    ("community", _("Members, observers and partners")),
    *[
        (r.value, r.label)
        for r in (
            Relation.MEMBER,
            Relation.OBSERVER,
            Relation.PARTNER,
            Relation.INVITED,
            Relation.FORMER,
        )
    ],
    ("all", _("All institutions")),
]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Any name, any script: 清华, Tokyo, جامعة")}
        ),
    )
    country = forms.ChoiceField(label=_("Country or region"), required=False)
    subregion = forms.ChoiceField(
        label=_("Sub-region"),
        required=False,
        choices=[("", _("All sub-regions")), *SubRegion.choices],
    )
    relation = forms.ChoiceField(
        label=_("Relation"), required=False, choices=RELATION_FILTER_CHOICES
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InstitutionKind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries and regions")), *list(countries)]

    def clean_relation(self) -> str:
        return self.cleaned_data["relation"] or "community"


class InstitutionForm(forms.ModelForm):
    """What a coordinator or the Secretariat edits. Saved by ``update_institution``."""

    class Meta:
        model = Institution
        fields = [
            "name",
            "acronym",
            "kind",
            "country",
            "city",
            "time_zone",
            "website",
            "established",
            "ror_id",
            "wikidata_id",
            "grid_id",
            "summary",
            "logo",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ror_id"].required = False

    def clean_ror_id(self) -> str | None:
        value = normalise_ror_id(self.cleaned_data.get("ror_id") or "")
        if not value:
            return None
        validate_ror_id(value)
        clash = Institution.objects.filter(ror_id=value).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(
                _("%(name)s already has this ROR id."),
                params={"name": clash.name},
                code="duplicate_ror",
            )
        return value

    def clean_time_zone(self) -> str:
        from alliance.core.middleware import valid_time_zone

        value = self.cleaned_data.get("time_zone", "").strip()
        if value and valid_time_zone(value) is None:
            raise forms.ValidationError(_("Unknown time zone. Use a name such as Asia/Shanghai."))
        return value

    def changed_data_for_service(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.changed_data}


class InstitutionNameForm(forms.Form):
    language = forms.CharField(
        label=_("Language code"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"size": 5, "placeholder": "zh"}),
    )
    name = forms.CharField(label=_("Name"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("name") and not data.get("language"):
            self.add_error(
                "language", _("Say which language this name is in (for example zh, ja, ar).")
            )
        if data.get("language") and not data.get("name"):
            self.add_error("name", _("Type the name, or clear the language code."))
        return data


InstitutionNameFormSet = forms.formset_factory(InstitutionNameForm, extra=2, max_num=30)


class MembershipEventForm(forms.Form):
    status = forms.ChoiceField(label=_("Step"), choices=MembershipStatus.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("ROR-shaped CSV file"),
        help_text=_(
            "Columns: ror_id, name, iso2, city, established, website, acronyms, labels_json, wikidata, grid, isni."
        ),
    )
