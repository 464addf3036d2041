from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from alliance.members.enums import InstitutionKind, MembershipStatus, PositionKind, Relation
from alliance.members.identifiers import normalise_ror_id, validate_ror_id
from alliance.members.models import Institution, Person
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

    def __init__(self, *args: Any, country_codes: set[str] | None = None, **kwargs: Any) -> None:
        """``country_codes``: offer only these (the countries that have institutions)."""
        super().__init__(*args, **kwargs)
        offered = [(c, n) for c, n in countries if country_codes is None or c in country_codes]
        self.fields["country"].choices = [("", _("All countries and regions")), *offered]

    def clean_relation(self) -> str:
        return self.cleaned_data["relation"] or "community"


class InstitutionForm(forms.ModelForm):
    """What a coordinator or the Secretariat edits. Saved by ``update_institution``."""

    website = forms.URLField(
        label=_("website"), max_length=300, required=False, assume_scheme="https"
    )
    ror_id = forms.CharField(
        label=_("ROR id"),
        max_length=60,
        required=False,
        help_text=_("Nine characters such as 03cve4549, or the whole https://ror.org/… link."),
    )

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

    def clean_file(self) -> Any:
        """Refuse a file over the limit before reading it into memory."""
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is %(size).1f MB; the largest accepted is %(max).1f MB. "
                    "Split it into smaller files."
                ),
                params={
                    "size": upload.size / 1_048_576,
                    "max": settings.IMPORT_MAX_BYTES / 1_048_576,
                },
                code="too_large",
            )
        return upload


# People and positions ---------------------------------------------------------------------------


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PersonForm(forms.ModelForm):
    """A person's name and contact details. Saved by ``create_person`` or ``update_person``."""

    class Meta:
        model = Person
        fields = ["full_name", "native_name", "email", "phone"]
        help_texts = {
            "full_name": _("As it is written in English or in Latin letters."),
            "native_name": _(
                "As the person writes it in their own script, for example 王小明, 김철수, "
                "สมชาย ใจดี or محمد. Leave empty when it is the same as the full name."
            ),
            "phone": _("With the country code, for example +86 10 6278 5001."),
        }
        widgets = {
            "native_name": forms.TextInput(attrs={"dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def changed_data_for_service(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.changed_data}


class PositionForm(forms.Form):
    """A position to start at an institution. Saved by ``start_position`` or ``add_contact``."""

    kind = forms.ChoiceField(
        label=_("Position"),
        choices=[("", _("Choose a position")), *PositionKind.choices],
    )
    title = forms.CharField(
        label=pgettext_lazy("a person's job title", "Title"),
        max_length=200,
        required=False,
        help_text=_(
            "As the institution writes it, for example Vice-President for International "
            "Affairs. Leave empty to show the position's name."
        ),
    )
    start = forms.DateField(
        label=_("From"),
        initial=timezone.localdate,
        widget=_date_input(),
        help_text=_("The first day in the position. Today unless you change it."),
    )


class EndPositionForm(forms.Form):
    end = forms.DateField(
        label=_("Last day in the position"),
        initial=timezone.localdate,
        widget=_date_input(),
        help_text=_("Today unless you change it. The person still holds the position on this day."),
    )


class InvitationForm(forms.Form):
    """Whom to invite, to which role and for which institution. Sent by ``send_invitation``;
    the view passes the roles and institutions the sender may choose from."""

    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"))
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none(), required=False
    )
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Added to the e-mail, in your words. Optional."),
    )

    def __init__(
        self,
        *args: Any,
        roles: list[tuple[str, Any]],
        institutions: Any,
        institution_required: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = roles
        institution = self.fields["institution"]
        assert isinstance(institution, forms.ModelChoiceField)
        institution.queryset = institutions
        institution.required = institution_required
        if not institution_required:
            institution.empty_label = _("None (the role is not tied to an institution)")
            institution.help_text = _("Needed for institution coordinators and partner contacts.")
