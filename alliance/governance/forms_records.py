"""Forms of the minutes, the decision register, written resolutions and the chair's casting
vote: the only door for their input. Forms clean; services decide and save."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.governance.enums import (
    Base,
    DecisionResult,
    MotionStatus,
    Secrecy,
    Threshold,
    TieRule,
)
from alliance.governance.forms import TimeZoneMixin
from alliance.governance.models import Body, Meeting, Minutes, Motion, Poll
from alliance.governance.register import approval_polls, approving_meetings, choice_label


class MinutesForm(ServiceErrorsMixin, forms.Form):
    """The chair, one text per agenda item (fields ``item_<id>``) and the closing remarks."""

    chair = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    closing = forms.CharField(
        label=_("Closing remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(minutes.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{item.number} {item.title}",
                required=False,
                initial=item.text,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Plain text: what was said and decided under this item."),
            )

    def texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


class ApproveMinutesForm(ServiceErrorsMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Approved at the meeting"), queryset=Meeting.objects.none()
    )
    poll = forms.ModelChoiceField(
        label=_("By the poll"),
        queryset=Poll.objects.none(),
        required=False,
        help_text=_("Leave empty when the chair recorded the approval without a vote."),
    )

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = approving_meetings(minutes)  # type: ignore[attr-defined]
        self.fields["poll"].queryset = approval_polls(minutes)  # type: ignore[attr-defined]


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.order_by("kind", "name"), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("Any result")), *DecisionResult.choices]
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The search as ``register.decisions`` takes it (nothing on invalid input)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "words": data["q"],
            "body": data["body"].pk if data["body"] else None,
            "year": data["year"],
            "result": data["result"],
        }


class WrittenResolutionForm(ServiceErrorsMixin, TimeZoneMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("kind", "name"))
    motion = forms.ModelChoiceField(
        label=_("Motion"),
        queryset=Motion.objects.none(),
        help_text=_("A submitted motion; attach its documents on the motion's page."),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("On the clock of the time zone below; no ballot is taken from then on."),
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Asia/Shanghai")
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Secrecy.choices)
    threshold = forms.ChoiceField(label=_("Majority needed"), choices=Threshold.choices)
    base = forms.ChoiceField(
        label=_("A share of"), choices=[c for c in Base.choices if c[0] != Base.PRESENT]
    )
    quorum_share = forms.CharField(
        label=_("Quorum"),
        required=False,
        max_length=12,
        initial="1/2",
        help_text=_("A fraction of the members entitled to vote who must return a ballot."),
    )
    quorum_strict = forms.BooleanField(label=_("More than that share"), required=False)
    tie_rule = forms.ChoiceField(
        label=_("On a tie"), choices=[c for c in TieRule.choices if c[0] != TieRule.LOT]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = Motion.objects.filter(  # type: ignore[attr-defined]
            status__in=[MotionStatus.SUBMITTED, MotionStatus.VOTED]
        ).order_by("-created_at", "pk")

    def for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        local = data.pop("deadline").replace(tzinfo=None)
        data["deadline"] = local.replace(tzinfo=zoneinfo.ZoneInfo(data.pop("time_zone")))
        data.pop("body")
        return data


class LinkBallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("abstain", _("Abstain"))],
        widget=forms.RadioSelect,
    )


class CastingVoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("The chair's casting vote"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, tied: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c, choice_label(c)) for c in tied]  # type: ignore[attr-defined]
