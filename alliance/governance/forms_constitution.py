"""The constitution's forms: the founding text, an amendment, putting amendments to a motion.
Forms clean; ``services.constitution`` decides and saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.governance.enums import AmendmentKind, AmendmentStatus
from alliance.governance.models import Amendment, Body, Clause
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where, is_secretariat

FOUNDING_EXAMPLE = (
    "# Article 1 Name\n1.1 The name of the alliance is …\n1.2 …\n# Article 2 Mission\n2.1 …"
)


class FoundingForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Articles and clauses"),
        widget=forms.Textarea(attrs={"rows": 20, "placeholder": FOUNDING_EXAMPLE}),
        help_text=_(
            "One line per article or clause: “# Article 1 Name” starts an article, “1.1 Text” "
            "is its first clause. Number them in order; blank lines are skipped."
        ),
    )
    adopted_on = forms.DateField(
        label=_("Agreed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Where it was agreed"),
        max_length=300,
        initial=_("Agreed at the preparatory meeting"),
    )


def _member_choices(user: Any) -> QuerySet[Institution]:
    members = Institution.objects.filter(relation=Relation.MEMBER).order_by("name")
    if is_secretariat(user):
        return members
    return members.filter(pk__in=institutions_where(user, Role.COORDINATOR))


class AmendmentForm(ServiceErrorsMixin, forms.Form):
    """A change to ``clause``. A coordinator proposes for one of their member institutions;
    the Secretariat for a member or a body."""

    kind = forms.ChoiceField(
        label=_("Change"),
        choices=AmendmentKind.choices,
        initial=AmendmentKind.REPLACE,
        widget=forms.RadioSelect,
    )
    heading = forms.CharField(label=_("Heading"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For a replacement: the clause as it should read. For an insertion: the new "
            "clause. Left aside for a deletion."
        ),
    )
    reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    by_institution = forms.ModelChoiceField(
        label=_("Proposed by member"), queryset=Institution.objects.none(), required=False
    )
    by_body = forms.ModelChoiceField(
        label=_("or proposed by body"), queryset=Body.objects.none(), required=False
    )
    written_against = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, clause: Clause, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "heading": clause.heading,
                "text": clause.text,
                "written_against": clause.version.number,
            },
        )
        super().__init__(*args, **kwargs)
        members = _member_choices(user)
        self.fields["by_institution"].queryset = members  # type: ignore[attr-defined]
        if is_secretariat(user):
            self.fields["by_body"].queryset = Body.objects.order_by("kind", "name")  # type: ignore[attr-defined]
        else:
            del self.fields["by_body"]
            self.fields["by_institution"].required = True
            self.fields["by_institution"].empty_label = None  # type: ignore[attr-defined]
            if len(members) == 1:
                self.fields["by_institution"].initial = members[0].pk


class MoveForm(forms.Form):
    """Put proposed amendments to the Board as one motion."""

    amendments = forms.ModelMultipleChoiceField(
        label=_("Amendments"),
        queryset=Amendment.objects.filter(status=AmendmentStatus.PROPOSED),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(
        label=_("Title of the motion"),
        max_length=300,
        required=False,
        help_text=_("Left empty: “Amendment of the constitution” and the article numbers."),
    )
