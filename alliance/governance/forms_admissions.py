"""Forms of admissions and membership cases (views/admissions.py, views/membership_cases.py).
Forms clean; the services in services/admissions.py and services/membership_cases.py decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from alliance.core.forms import ServiceErrorsMixin
from alliance.governance.enums import BodyKind, MembershipCategory, Recommendation, Threshold
from alliance.governance.models import AgendaItem, Body
from alliance.governance.services.board_motions import BoardRule
from alliance.members.enums import Relation
from alliance.members.models import Institution

DATE = forms.DateInput(attrs={"type": "date"})


class ApplicantDetailsForm(ServiceErrorsMixin, forms.Form):
    """What the Secretariat knows when it invites a university."""

    institution_name = forms.CharField(
        label=_("Name of the university (in English)"), max_length=300
    )
    country = LazyTypedChoiceField(label=_("Country or region"), choices=countries)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    ror_id = forms.CharField(
        label=_("ROR id"),
        max_length=40,
        required=False,
        help_text=_("Optional: the nine characters after https://ror.org/, such as 03cve4549."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    category = forms.ChoiceField(
        label=_("Status asked for"),
        choices=MembershipCategory.choices,
        widget=forms.RadioSelect,
        initial=MembershipCategory.MEMBER,
    )


class ApplicationForm(ApplicantDetailsForm):
    """The public application form."""

    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Why the university wishes to join, and what it brings to the alliance's members."
        ),
    )
    letter = forms.FileField(
        label=_("Supporting letter (PDF)"),
        help_text=_("A letter of the president or rector supporting the application, as a PDF."),
    )


class ReviewForm(ServiceErrorsMixin, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Working group"), queryset=Body.objects.filter(kind=BodyKind.WORKING_GROUP)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = Body.objects.filter(kind=BodyKind.WORKING_GROUP).order_by("name")
        self.fields["body"].queryset = groups  # type: ignore[attr-defined]
        admissions = groups.filter(name__icontains="admission").first()
        if admissions is not None:
            self.fields["body"].initial = admissions.pk


class RecommendationForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("For"), queryset=Institution.objects.none())
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your reasons; the Board reads them."),
    )

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        field.queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in institutions]
        )
        if len(institutions) == 1:
            field.initial = institutions[0].pk


class ConclusionForm(ServiceErrorsMixin, forms.Form):
    recommended = forms.TypedChoiceField(
        label=_("The working group"),
        choices=[("yes", _("recommends admission")), ("no", _("does not recommend admission"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    conclusion = forms.CharField(
        label=_("Conclusion for the Board"), widget=forms.Textarea(attrs={"rows": 6})
    )


def board_agenda_items() -> QuerySet[AgendaItem]:
    """Agenda items of Board meetings still to come."""
    return (
        AgendaItem.objects.filter(
            meeting__body__kind=BodyKind.BOARD, meeting__starts_at__gte=timezone.now()
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "position", "pk")
    )


class AgendaItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.meeting.title}: {obj.title}"


class BoardForm(ServiceErrorsMixin, forms.Form):
    """Put a matter to the Board: the agenda item and the rule of its poll."""

    agenda_item = AgendaItemChoice(
        label=_("Agenda item of a Board meeting"),
        queryset=AgendaItem.objects.none(),
        help_text=_("Add an item to the meeting's agenda first if none fits."),
    )
    threshold = forms.ChoiceField(
        label=_("Majority needed"), choices=Threshold.choices, initial="two_thirds"
    )
    quorum_share = forms.CharField(
        label=_("Quorum"),
        max_length=12,
        required=False,
        initial="1/2",
        help_text=_("A fraction of the members entitled to vote, e.g. 1/2; empty: none."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = board_agenda_items()  # type: ignore[attr-defined]

    def rule(self) -> BoardRule:
        return BoardRule(
            threshold=self.cleaned_data["threshold"],
            quorum_share=self.cleaned_data["quorum_share"],
        )


class DecisionForm(ServiceErrorsMixin, forms.Form):
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        required=False,
        widget=DATE,
        help_text=_("Empty: the day of the Board's vote."),
    )


class WithdrawApplicationForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("For example: withdrawn by the rector's letter of 3 March."),
    )


def current_members() -> QuerySet[Institution]:
    return Institution.objects.filter(
        relation__in=[Relation.MEMBER, Relation.OBSERVER, Relation.SUSPENDED]
    ).order_by("name")


class SuspensionForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("Member"), queryset=Institution.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            relation__in=[Relation.MEMBER, Relation.OBSERVER]
        ).order_by("name")


class WithdrawalNoticeForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("Member"), queryset=Institution.objects.none())
    effective_on = forms.DateField(label=_("Withdraws from"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason and reference of the notice"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For example: letter of the president of 12 May, reference 2027/45."),
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
