"""Forms of the membership fees pages (views/fees.py). Forms clean; services/fees.py decides."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.governance.enums import MembershipCategory

DATE = forms.DateInput(attrs={"type": "date"})


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class FeeForm(ServiceErrorsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=MembershipCategory.choices)
    amount = forms.DecimalField(
        label=_("Yearly fee"), max_digits=12, decimal_places=2, min_value=0.01
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")


class IssueForm(ServiceErrorsMixin, forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DATE)

    def __init__(self, *args: object, year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        today = timezone.localdate()
        self.fields["due_on"].initial = max(
            today + datetime.timedelta(days=30), datetime.date(year, 3, 31)
        )


class PaymentForm(ServiceErrorsMixin, forms.Form):
    paid_on = forms.DateField(label=_("Received on"), widget=DATE, initial=timezone.localdate)
    amount = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2)
    reference = forms.CharField(
        label=_("Reference"),
        max_length=200,
        required=False,
        help_text=_("The bank's transfer reference, for example."),
    )


class CloseInvoiceForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(label=_("Why"), max_length=500)


class ExtendForm(ServiceErrorsMixin, forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DATE)
    note = forms.CharField(label=_("Why"), max_length=500)
