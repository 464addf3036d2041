"""The forms of the knowledge pages. Lists (keywords, patent numbers, inventors,
publications) are typed one a line; services clean and check them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.knowledge.enums import (
    TRL_CHOICES,
    CourseKind,
    CourseMode,
    EntryKind,
    ExpertPart,
    InquiryStatus,
    IpStatus,
    ResearchField,
)
from alliance.members.enums import Relation
from alliance.members.models import Institution

LINES = _("One a line.")


def _lines(label: Any, help_text: Any = LINES, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def joined(values: list[str]) -> str:
    return "\n".join(values)


class AchievementForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What it is, what it does better, and what a company could do with it."),
    )
    field = forms.ChoiceField(label=_("Field"), choices=ResearchField.choices)
    keywords = _lines(_("Keywords"), _("One a line, in any language; they weigh most in search."))
    trl = forms.TypedChoiceField(
        label=_("Technology readiness level"),
        choices=TRL_CHOICES,
        coerce=int,
        help_text=_("1: basic principles observed … 9: proven in operation."),
    )
    ip_status = forms.ChoiceField(label=_("Intellectual property"), choices=IpStatus.choices)
    patent_numbers = _lines(_("Patent or application numbers"), rows=2)
    licensing_open = forms.BooleanField(label=_("Open for licensing"), required=False)
    inventors = _lines(_("Inventors"), rows=2)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_(
            "Who answers inquiries (no e-mail address: inquiries come through the platform)."
        ),
    )

    def __init__(self, *args: Any, institutions: Any, achievement: Any = None, **kwargs: Any):
        if achievement is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": achievement.title,
                    "summary": achievement.summary,
                    "field": achievement.field,
                    "keywords": joined(achievement.keywords),
                    "trl": achievement.trl,
                    "ip_status": achievement.ip_status,
                    "patent_numbers": joined(achievement.patent_numbers),
                    "licensing_open": achievement.licensing_open,
                    "inventors": joined(achievement.inventors),
                    "contact": achievement.contact,
                },
            )
        super().__init__(*args, **kwargs)
        if achievement is not None:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DocumentForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))


class ExpertForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    keywords = _lines(_("Expertise keywords"))
    fields = forms.MultipleChoiceField(
        label=_("Fields"),
        choices=ResearchField.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. en, zh, th."),
    )
    bio = forms.CharField(
        label=_("Biography"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    publications = _lines(_("Publications"), _("One a line: authors, title, venue, year."), rows=4)
    open_to_collaboration = forms.BooleanField(
        label=_("Open to collaboration"), required=False, initial=True
    )
    listed = forms.BooleanField(
        label=_("Listed"),
        required=False,
        initial=True,
        help_text=_("Everyone who can log in may find a listed profile."),
    )
    private_parts = forms.MultipleChoiceField(
        label=_("Keep private"),
        choices=ExpertPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Shown only to the Secretariat, the expert and the institution's coordinators."
        ),
    )

    def __init__(self, *args: Any, institutions: Any, profile: Any = None, **kwargs: Any):
        if profile is not None:
            kwargs.setdefault(
                "initial",
                {
                    "full_name": profile.full_name,
                    "position": profile.position,
                    "keywords": joined(profile.keywords),
                    "fields": profile.fields,
                    "languages": ", ".join(profile.languages),
                    "bio": profile.bio,
                    "publications": joined(profile.publications),
                    "open_to_collaboration": profile.open_to_collaboration,
                    "listed": profile.listed,
                    "private_parts": profile.private_parts,
                },
            )
        super().__init__(*args, **kwargs)
        if profile is not None:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class ChallengeForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("Posted for"), queryset=Institution.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 5}))
    field = forms.ChoiceField(label=_("Field"), choices=ResearchField.choices)
    keywords = _lines(_("Keywords"))
    wanted_outcome = forms.CharField(
        label=_("Wanted outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, institutions: Any, challenge: Any = None, **kwargs: Any):
        if challenge is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": challenge.title,
                    "problem": challenge.problem,
                    "field": challenge.field,
                    "keywords": joined(challenge.keywords),
                    "wanted_outcome": challenge.wanted_outcome,
                    "deadline": challenge.deadline,
                },
            )
        super().__init__(*args, **kwargs)
        if challenge is not None:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the poster"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the challenge is not accepted."),
    )


class InquiryForm(ServiceErrorsMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say who you are and what you would like to do with the technology."),
    )


class ReplyForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=InquiryStatus.choices)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *EntryKind.choices],
    )
    field = forms.ChoiceField(
        label=_("Field"), required=False, choices=[("", _("Any field")), *ResearchField.choices]
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        queryset=Institution.objects.filter(
            relation__in=(Relation.MEMBER, Relation.PARTNER)
        ).order_by("name"),
        empty_label=_("Any institution"),
    )
    min_trl = forms.TypedChoiceField(
        label=_("Readiness at least"),
        required=False,
        choices=[("", _("Any level")), *TRL_CHOICES],
        coerce=int,
        empty_value=None,
    )

    def clean_q(self) -> str:
        return str(self.cleaned_data.get("q") or "")[:1000]


# --- shared courses and enrolment requests (views/courses.py) ---


class CourseForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("Offered by"), queryset=Institution.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=CourseKind.choices, initial=CourseKind.COURSE)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What students learn, how it is taught and assessed."),
    )
    field = forms.ChoiceField(label=_("Field"), choices=ResearchField.choices)
    keywords = _lines(_("Keywords"), _("One a line, in any language; they weigh most in search."))
    languages = forms.CharField(
        label=_("Languages of instruction"),
        required=False,
        help_text=_("Language codes separated by commas, e.g. en, zh."),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=CourseMode.choices)
    credits = forms.DecimalField(
        label=_("Credits"), required=False, min_value=0, max_digits=5, decimal_places=1
    )
    credit_system = forms.CharField(
        label=_("Credit system"),
        required=False,
        max_length=80,
        help_text=_("ECTS, or the name of your local system, e.g. Tsinghua credits (学分)."),
    )
    term = forms.CharField(
        label=_("Term"), required=False, max_length=100, help_text=_("e.g. Autumn 2026")
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    seats = forms.IntegerField(
        label=_("Seats for other members' students"),
        required=False,
        min_value=1,
        help_text=_("Courses only: no more requests are accepted once these are taken."),
    )
    enrolment_deadline = forms.DateField(
        label=_("Enrolment deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    prerequisites = forms.CharField(
        label=_("Prerequisites"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.CharField(
        label=_("Contact"),
        required=False,
        max_length=200,
        help_text=_("Who answers questions, e.g. the course office."),
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        max_length=500,
        help_text=_("The course page, or the materials of an open resource."),
    )
    material = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Open resources: a PDF, JPEG or PNG of at most 10 MB."),
    )

    def __init__(self, *args: Any, institutions: Any, course: Any = None, **kwargs: Any):
        if course is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(course, name)
                    for name in (
                        "kind",
                        "title",
                        "description",
                        "field",
                        "mode",
                        "credits",
                        "credit_system",
                        "term",
                        "starts_on",
                        "ends_on",
                        "seats",
                        "enrolment_deadline",
                        "prerequisites",
                        "contact",
                        "link",
                    )
                }
                | {"keywords": joined(course.keywords), "languages": ", ".join(course.languages)},
            )
        super().__init__(*args, **kwargs)
        if course is not None:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class EnrolmentRequestForm(ServiceErrorsMixin, forms.Form):
    home = forms.ModelChoiceField(
        label=_("Home institution"),
        queryset=Institution.objects.none(),
        help_text=_("The member where the student is enrolled."),
    )
    student_name = forms.CharField(
        label=_("Student's name"),
        required=False,
        max_length=200,
        help_text=_("Coordinators asking for a student: the student's name."),
    )
    student_email = forms.EmailField(
        label=_("Student's e-mail address"),
        required=False,
        help_text=_("Coordinators asking for a student: where the answer goes."),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this course, and how the prerequisites are met."),
    )

    def __init__(self, *args: Any, homes: Any, on_behalf: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes  # type: ignore[attr-defined]
        if not on_behalf:
            del self.fields["student_name"]
            del self.fields["student_email"]


class EnrolmentDecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept")),
            ("waitlist", _("Waiting list")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining; the student and their coordinators read it."),
    )


class PublicationImportForm(ServiceErrorsMixin, forms.Form):
    orcid = forms.CharField(
        label=_("The expert's ORCID iD"),
        required=False,
        max_length=60,
        help_text=_("Needed once, if the profile has none: e.g. 0000-0002-1825-0097."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: orcid, put-code, title, journal, year, doi, type, url (title required)."
        ),
    )
