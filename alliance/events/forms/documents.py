"""Forms of letters and check-in: the registrant's letter request (passport details and an
optional scan), the Secretariat's refusal, and the code typed or scanned at the door.

The forms check types; the letter service checks meaning (a passport valid beyond the event,
a scan that really is a PDF or an image) and its errors are put back on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance.core.forms import ServiceErrorsMixin
from alliance.events.services.letters import SCAN_MAX_BYTES

ACCEPTED_SCANS = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class LetterRequestForm(ServiceErrorsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name as in the passport"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    number = forms.CharField(label=_("Passport number"), max_length=30)
    nationality = forms.ChoiceField(label=_("Nationality (issuing country or region)"))
    birth_date = forms.DateField(label=_("Date of birth"), widget=_date_input())
    expiry_date = forms.DateField(label=_("Passport valid until"), widget=_date_input())
    needs_visa = forms.BooleanField(
        label=_("I need the letter for a visa application"), required=False, initial=True
    )
    scan = forms.FileField(
        label=_("Scan of the passport's photo page (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most %(size)s MB.")
        % {"size": SCAN_MAX_BYTES // (1024 * 1024)},
        widget=forms.FileInput(attrs={"accept": ACCEPTED_SCANS}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Secretariat keeps these details, encrypted, to write my letter, "
            "and erases them on the date shown above."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nationality"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]

    def passport(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in ("full_name", "number", "nationality", "birth_date", "expiry_date")
        }


class RefuseLetterForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason, told to the registrant"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=200,
        help_text=_("Scan the QR code on the badge, or type the code printed under it."),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "class": "checkin-code",
            }
        ),
    )
