"""Forms after the activity: the report, its attachments, the Secretariat's answer on it, the
host's review, the grant's payment and the list's filters. They clean; services check the rules
and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.programmes.enums import ObjectivesMet, ReportStage
from alliance.programmes.forms import DATE
from alliance.programmes.models import ActivityReport, Call


class ReportForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = ActivityReport
        fields = ["actual_starts_on", "actual_ends_on", "summary", "outcomes"]
        labels = {
            "actual_starts_on": _("First day of the activity (as it happened)"),
            "actual_ends_on": _("Last day of the activity (as it happened)"),
            "summary": _("What was done"),
            "outcomes": _("Outcomes"),
        }
        help_texts = {
            "summary": _("Lectures, seminars, research, meetings: what you did and with whom."),
            "outcomes": _(
                "What came of it: joint papers or proposals, courses, agreements, next steps."
            ),
        }
        widgets = {
            "actual_starts_on": DATE,
            "actual_ends_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 8}),
            "outcomes": forms.Textarea(attrs={"rows": 6}),
        }


class ReportFileForm(ServiceErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("A PDF document or a JPEG or PNG image (photos, the programme, slides)."),
    )


class ReportDecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("return", _("Send it back"))],
    )
    reason = forms.CharField(
        label=_("Why it goes back"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the report goes back; the awardee reads it."),
    )


class HostReviewForm(ServiceErrorsMixin, forms.Form):
    objectives_met = forms.ChoiceField(
        label=_("Were the visit's objectives met?"),
        choices=ObjectivesMet.choices,
        widget=forms.RadioSelect,
    )
    contribution = forms.CharField(
        label=_("What the visitor contributed"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    would_host_again = forms.TypedChoiceField(
        label=_("Would you host them again?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GrantForm(ServiceErrorsMixin, forms.Form):
    """One form for the Secretariat's four steps; the fields each step reads."""

    action = forms.ChoiceField(
        choices=[(a, a) for a in ("request", "approve", "pay", "cancel")],
        widget=forms.HiddenInput,
    )
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DATE)
    reference = forms.CharField(label=_("Bank reference"), required=False, max_length=100)
    reason = forms.CharField(label=_("Why it is cancelled"), required=False, max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "pay":
            if data.get("amount") is None and "amount" not in self.errors:
                self.add_error("amount", _("Give the amount paid."))
            if data.get("paid_on") is None and "paid_on" not in self.errors:
                self.add_error("paid_on", _("Give the day it was paid."))
        return data


class OutcomeFilterForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Call"), required=False, queryset=Call.objects.none(), empty_label=_("All calls")
    )
    stage = forms.ChoiceField(
        label=_("Where it stands"),
        required=False,
        choices=[("", _("Anywhere")), *ReportStage.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.select_related("programme").order_by(
            "-cycle", "programme__name"
        )
