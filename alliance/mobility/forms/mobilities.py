"""Forms of a mobility record: its dates, its learning agreement (courses, one a line), a
signature, a cancellation, and the ledger's year filter."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.mobility.forms.common import ServiceErrorsMixin
from alliance.mobility.models import Mobility
from alliance.mobility.services.mobilities import ACTUAL_DATES, DATE_FIELDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MobilityDatesForm(ServiceErrorsMixin, forms.Form):
    """Planned dates for either coordinator; actual ones only for the host's (``actual``)."""

    planned_arrival = forms.DateField(label=_("Planned arrival"), required=False, widget=DATE_INPUT)
    planned_departure = forms.DateField(
        label=_("Planned departure"), required=False, widget=DATE_INPUT
    )
    arrived_on = forms.DateField(label=_("Arrived on"), required=False, widget=DATE_INPUT)
    departed_on = forms.DateField(label=_("Departed on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, mobility: Mobility, actual: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f: getattr(mobility, f) for f in DATE_FIELDS})
        super().__init__(*args, **kwargs)
        if not actual:
            for field in ACTUAL_DATES:
                del self.fields[field]


class LearningAgreementForm(ServiceErrorsMixin, forms.Form):
    courses = forms.CharField(
        label=_("Courses at the host"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One course a line: code | title | credits (ECTS) | term. The code and the term may "
            "be left empty, as in “ | Chinese for beginners | 5 | ”."
        ),
    )

    def __init__(self, *args: Any, mobility: Mobility, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "courses": "\n".join(
                    f"{c.code} | {c.title} | {c.credits.normalize():f} | {c.term}"
                    for c in mobility.courses.all()
                )
            },
        )
        super().__init__(*args, **kwargs)

    def clean_courses(self) -> list[dict[str, Any]]:
        courses, problems = [], []
        for n, line in enumerate(self.cleaned_data["courses"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3:
                parts.append("")
            if len(parts) != 4 or not parts[1]:
                problems.append(_("Line %(n)d: write code | title | credits | term.") % {"n": n})
                continue
            try:
                credits = Decimal(parts[2].replace(",", "."))
            except InvalidOperation:
                credits = Decimal(0)
            if not (0 < credits < 100) or credits != credits.quantize(Decimal("0.1")):
                problems.append(
                    _("Line %(n)d: “%(credits)s” is not a number of credits such as 5 or 7.5.")
                    % {"n": n, "credits": parts[2]}
                )
                continue
            courses.append(
                {
                    "code": parts[0][:40],
                    "title": parts[1][:200],
                    "credits": credits,
                    "term": parts[3][:40],
                }
            )
        if problems:
            raise forms.ValidationError(problems)
        return courses


class SignForm(forms.Form):
    party = forms.CharField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput)


class CancelMobilityForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=500)


class LedgerFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Academic year"), required=False, min_value=2000)
