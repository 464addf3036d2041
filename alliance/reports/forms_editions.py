"""Forms of the report's editions: opening the edition of a year, and its executive summary."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.core.multilingual import MultilingualField


class EditionOpenForm(ServiceErrorsMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year of the edition"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year whose figures the edition reports."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year


class SummaryForm(ServiceErrorsMixin, forms.Form):
    summary = MultilingualField(
        label=_("Executive summary"),
        max_length=20000,
        textarea=True,
        required=False,
        help_text=_(
            "Plain text; an empty line starts a new paragraph. The summary shows in the next build."
        ),
    )
