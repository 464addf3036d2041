"""Forms of programmes: the only door for input. They clean; services check the rules and
write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.core.models import User
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.programmes.enums import (
    DECISIONS,
    ApplicantCategory,
    ApplicationStatus,
    QuestionKind,
    QuotaSide,
)
from alliance.programmes.models import Application, Call, PanelMember, Programme

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def members() -> Any:
    return Institution.objects.filter(relation=Relation.MEMBER).order_by("name")


class ProgrammeForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["kind", "name", "description"]


class CallForm(ServiceErrorsMixin, forms.Form):
    cycle = forms.RegexField(
        label=_("Cycle"),
        regex=r"^\d{4}-\d{4}$",
        help_text=_("e.g. 2027-2028"),
        error_messages={"invalid": _("Write the cycle as two years, e.g. 2027-2028.")},
    )
    time_zone = forms.CharField(
        label=_("Time zone of the call"),
        initial="Asia/Shanghai",
        help_text=_("Opening and closing times are read and shown in this zone."),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=LOCAL_DATETIME)
    closes_at = forms.DateTimeField(label=_("Closes"), widget=LOCAL_DATETIME)
    activity_from = forms.DateField(label=_("Activities from"), widget=DATE)
    activity_until = forms.DateField(label=_("Activities until"), widget=DATE)
    eligible_categories = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=ApplicantCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    min_working_days = forms.IntegerField(
        label=_("Minimum working days (Monday to Friday)"), min_value=0, initial=0
    )
    needs_home_approval = forms.BooleanField(
        label=_("The head of the applicant's unit must approve"), required=False, initial=True
    )
    needs_host_acceptance = forms.BooleanField(
        label=_("The host must accept"), required=False, initial=True
    )
    awards = forms.IntegerField(label=_("Number of awards"), min_value=1)
    grant = forms.DecimalField(label=_("Grant per award"), min_value=0, decimal_places=2)
    budget = forms.DecimalField(label=_("Budget"), min_value=0, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        initial="en",
        help_text=_("Language codes applications may be written in, separated by commas."),
    )
    anonymised_review = forms.BooleanField(
        label=_("Anonymised review: reviewers see neither the applicant's name nor their home"),
        required=False,
    )
    reviewers_per_application = forms.IntegerField(
        label=_("Reviewers per application"), min_value=1, max_value=10, initial=2
    )
    # After the activity (views/outcomes.py).
    report_due_days = forms.IntegerField(
        label=_("Days after the activity to send the report"),
        required=False,
        min_value=1,
        max_value=365,
        initial=30,
        help_text=_(
            "The awardee's report and the host's review are due this many days after the "
            "activity's last day."
        ),
    )

    @classmethod
    def initial_of(cls, call: Call) -> dict[str, Any]:
        initial = {name: getattr(call, name) for name in cls.base_fields}
        initial["opens_at"] = call.opens_local.replace(tzinfo=None)
        initial["closes_at"] = call.closes_local.replace(tzinfo=None)
        initial["languages"] = ", ".join(call.languages)
        return initial

    def clean_languages(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["languages"].split(",") if c.strip()]


class NewCallForm(CallForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())

    field_order = ["programme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("name")


class QuestionForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice question: one choice a line."),
    )

    def clean_choices(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class DocumentForm(ServiceErrorsMixin, forms.Form):
    label = forms.CharField(label=_("Required document"), max_length=200)


class CriterionForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1)
    maximum = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)


class QuotaForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    side = forms.ChoiceField(label=_("Applicants"), choices=QuotaSide.choices)
    places = forms.IntegerField(
        label=_("At most"), min_value=0, required=False, help_text=_("Empty: no quota.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = members()


class ApplicationForm(ServiceErrorsMixin, forms.ModelForm):
    """The draft: every field optional (the submission checks completeness), plus one field for
    each question of the call that is not a file."""

    class Meta:
        model = Application
        fields = [
            "category",
            "home",
            "host",
            "starts_on",
            "ends_on",
            "title",
            "plan",
            "home_head_name",
            "home_head_email",
            "host_contact_name",
            "host_contact_email",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "plan": forms.Textarea(attrs={"rows": 6})}
        labels = {"home": _("Your home institution"), "host": _("Host institution")}

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call
        for name in ("home", "host"):
            self.fields[name].queryset = members()
        self.fields["category"].choices = [("", "—")] + [
            (c, ApplicantCategory(c).label) for c in call.eligible_categories
        ]
        for question in call.questions.all():
            if question.kind == QuestionKind.FILE:
                continue
            answer = self.instance.answers.get(question.key, "")
            if question.kind == QuestionKind.CHOICE:
                field: forms.Field = forms.ChoiceField(
                    choices=[("", "—"), *[(c, c) for c in question.choices]]
                )
            elif question.kind == QuestionKind.LONG_TEXT:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
            else:
                field = forms.CharField(max_length=500)
            field.label = question.label
            field.required = False
            field.initial = answer
            if question.required:
                field.help_text = _("Required before you submit.")
            self.fields[question.key] = field
        for field in self.fields.values():
            field.required = False

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def answers(self) -> dict[str, Any]:
        return {
            q.key: self.cleaned_data.get(q.key, "")
            for q in self.call.questions.all()
            if q.key in self.fields
        }


class UploadForm(ServiceErrorsMixin, forms.Form):
    key = forms.ChoiceField(label=_("For"))
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG."))

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            *[(q.key, q.label) for q in call.questions.all() if q.kind == QuestionKind.FILE],
            *[(d.key, d.label) for d in call.documents.all()],
        ]


class EndorsementForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("Yes, I approve")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PanelMemberForm(ServiceErrorsMixin, forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())
    institution = forms.ModelChoiceField(
        label=_("Their institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("They never review applications from or to it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            User.objects.filter(role_assignments__role=Role.REVIEWER).distinct().order_by("email")
        )
        self.fields["institution"].queryset = members()


class PanelConflictForm(forms.Form):
    """The Secretariat records that a reviewer of the panel has a conflict with an institution."""

    member = forms.ModelChoiceField(label=_("Reviewer"), queryset=PanelMember.objects.none())
    institution = forms.ModelChoiceField(
        label=_("Has a conflict with"), queryset=Institution.objects.none()
    )
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)

    def __init__(self, *args: Any, panel: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = panel.members.all()
        self.fields["institution"].queryset = members()


class ConflictForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=300, required=False)


class ReviewForm(ServiceErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self, *args: Any, criteria: list[Any], scores: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0 to %(max)d, weight %(weight)d)")
                % {"name": criterion.name, "max": criterion.maximum, "weight": criterion.weight},
                required=False,
                initial=scores.get(criterion.pk),
            )
        self.order_fields([*[f"c{c.pk}" for c in criteria], "comment"])
        self.criteria = criteria

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c.pk}") is not None
        }


class DecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(d.value, d.label) for d in DECISIONS]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


# --- members' proposals and the application list (views/proposals.py, views/dashboards.py) ---


class ProposalForm(ServiceErrorsMixin, forms.Form):
    """A proposal for a new programme. ``institutions``: the members the coordinator may
    propose for (the choice is shown only when there are several)."""

    institution = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=Institution.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title of the programme"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the programme does, in a few sentences."),
    )
    rationale = forms.CharField(
        label=_("Why the alliance needs it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    target_participants = forms.CharField(
        label=_("Who takes part"),
        required=False,
        max_length=300,
        help_text=_("For example: doctoral students in engineering, 20 a year."),
    )
    estimated_budget = forms.DecimalField(
        label=_("Estimated budget a year"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        initial="USD",
        max_length=3,
        error_messages={"invalid": _("Give the currency as three letters, such as USD.")},
    )
    co_proposers = forms.ModelMultipleChoiceField(
        label=_("Co-proposing members"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["co_proposers"].queryset = members()

    @classmethod
    def initial_of(cls, proposal: Any) -> dict[str, Any]:
        return {
            "institution": proposal.institution_id,
            "title": proposal.title,
            "summary": proposal.summary,
            "rationale": proposal.rationale,
            "target_participants": proposal.target_participants,
            "estimated_budget": proposal.estimated_budget,
            "currency": proposal.currency,
            "co_proposers": [i.pk for i in proposal.co_proposers.all()],
        }

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("institution")
        data.pop("co_proposers")
        return data


class ProposalCommentForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApplicationFilterForm(forms.Form):
    """Narrows a call's application list; an unknown value is ignored (the whole list)."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status"))]
        + [(s.value, s.label) for s in ApplicationStatus if s != ApplicationStatus.DRAFT],
    )
    home = forms.ModelChoiceField(
        label=_("Home institution"),
        required=False,
        queryset=Institution.objects.none(),
        empty_label=_("Every institution"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = members()
