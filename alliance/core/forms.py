from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance.core.enums import TokenScope
from alliance.core.middleware import valid_time_zone


def add_service_errors(exc: ValidationError, *forms_: forms.Form) -> None:
    """Put each error a service raised on the form and field it names; an error naming no
    field of these forms goes above the fields of the last one."""
    if not hasattr(exc, "error_dict"):
        forms_[-1].add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        owner = next((f for f in forms_ if field in f.fields), None)
        if owner is None:
            forms_[-1].add_error(None, errors)
        else:
            owner.add_error(field, errors)


class ServiceErrorsMixin:
    """For forms whose view calls a service: ``form.add_service_errors(exc)``."""

    def add_service_errors(self, exc: ValidationError) -> None:
        add_service_errors(exc, self)  # type: ignore[arg-type]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who"), required=False, max_length=254)
    action = forms.ChoiceField(label=_("Action"), required=False)
    institution_id = forms.TypedChoiceField(
        label=_("Institution"), required=False, coerce=int, empty_value=None
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, actions: list[str], institutions: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *[(a, a) for a in actions]]
        self.fields["institution_id"].choices = [("", _("Any institution")), *institutions]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'annual report script'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("May"), choices=TokenScope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that lasts until you revoke it."),
    )


class PreferencesForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        help_text=_("Such as Asia/Shanghai. Leave empty to use your browser's."),
    )

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        if value and valid_time_zone(value) is None:
            raise forms.ValidationError(
                _("Unknown time zone. Use a name such as Asia/Shanghai or Europe/Paris.")
            )
        return value
