"""The only door for input to the governance pages. Forms clean; services decide and save."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alliance.core.forms import ServiceErrorsMixin
from alliance.governance.enums import (
    AttendanceStatus,
    Base,
    BodyKind,
    MeetingMode,
    OfficeKind,
    PollKind,
    QuorumBasis,
    Secrecy,
    Threshold,
    TieRule,
)
from alliance.governance.models import AgendaItem, Body, Meeting, Motion, Seat
from alliance.members.enums import Relation
from alliance.members.models import Institution, Person

DATE = forms.DateInput(attrs={"type": "date"})


def members() -> QuerySet[Institution]:
    return Institution.objects.filter(relation=Relation.MEMBER).order_by("name")


def people() -> QuerySet[Person]:
    return Person.objects.filter(positions__isnull=False).distinct().order_by("full_name")


class DayForm(forms.Form):
    on = forms.DateField(label=_("On"), required=False, widget=DATE)


class BodyForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SeatForm(ServiceErrorsMixin, forms.Form):
    institution = forms.ModelChoiceField(label=_("Member"), queryset=Institution.objects.none())
    holder = forms.ModelChoiceField(
        label=_("Seat holder"),
        queryset=Person.objects.none(),
        help_text=_("A person of the member, usually its chief executive."),
    )
    alternate = forms.ModelChoiceField(
        label=_("Alternate"), queryset=Person.objects.none(), required=False
    )
    weight = forms.IntegerField(label=_("Vote weight"), min_value=1, max_value=100, initial=1)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = members()  # type: ignore[attr-defined]
        self.fields["holder"].queryset = people()  # type: ignore[attr-defined]
        self.fields["alternate"].queryset = people()  # type: ignore[attr-defined]


class EndForm(ServiceErrorsMixin, forms.Form):
    end = forms.DateField(label=_("Ends on"), widget=DATE)


class OfficeForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Office"), choices=OfficeKind.choices)
    person = forms.ModelChoiceField(label=_("Held by"), queryset=Person.objects.none())
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people()  # type: ignore[attr-defined]


class TimeZoneMixin:
    """A form's ``time_zone`` field checked against the IANA database (Asia/Seoul)."""

    cleaned_data: dict[str, Any]

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data["time_zone"]).strip()
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(
                _("%(zone)s is not a time zone; write it like Asia/Seoul.") % {"zone": zone}
            ) from None
        return zone


class MeetingForm(ServiceErrorsMixin, TimeZoneMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    starts = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("On the clock of the time zone below."),
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Asia/Shanghai")
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    notice_days = forms.IntegerField(
        label=_("Notice (days)"),
        min_value=0,
        max_value=365,
        help_text=_("How many days before the start the notice must be sent."),
    )

    def starts_at(self) -> datetime.datetime:
        """The start on the meeting's own clock, as an aware time."""
        local = self.cleaned_data["starts"].replace(tzinfo=None)
        return local.replace(tzinfo=zoneinfo.ZoneInfo(self.cleaned_data["time_zone"]))


class AgendaItemForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.ModelChoiceField(
        label=_("Under item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("At the top level"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = AgendaItem.objects.filter(meeting=meeting)  # type: ignore[attr-defined]


class DocumentForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("PDF file"))


class AttendanceForm(ServiceErrorsMixin, forms.Form):
    """One status and one proxy field per seat of the meeting's body."""

    def __init__(self, *args: Any, seats: list[Seat], current: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            row = current.get(seat.institution_id)
            key = str(seat.institution_id)
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label=str(seat.institution),
                choices=[("", "—"), *AttendanceStatus.choices],
                required=False,
                initial=row.status if row else "",
            )
            self.fields[f"proxy_{key}"] = forms.ModelChoiceField(
                label=_("Proxy for %(inst)s") % {"inst": seat.institution},
                queryset=people(),
                required=False,
                initial=row.proxy_id if row else None,
            )

    def entries(self) -> dict[Institution, tuple[str, Person | None]]:
        result: dict[Institution, tuple[str, Person | None]] = {}
        for seat in self.seats:
            key = str(seat.institution_id)
            status = self.cleaned_data.get(f"status_{key}") or ""
            if status:
                result[seat.institution] = (status, self.cleaned_data.get(f"proxy_{key}"))
        return result


class MotionForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text of the motion"), widget=forms.Textarea(attrs={"rows": 6}))
    by_institution = forms.ModelChoiceField(
        label=_("Submitted by a member"), queryset=Institution.objects.none(), required=False
    )
    by_body = forms.ModelChoiceField(
        label=_("or submitted by a body"), queryset=Body.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["by_institution"].queryset = members()  # type: ignore[attr-defined]


class MotionStatusForm(ServiceErrorsMixin, forms.Form):
    status = forms.CharField(max_length=12)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.select_related("meeting").order_by("-meeting__starts_at"),
        required=False,
    )


class PollForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Question"), max_length=300)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    motion = forms.ModelChoiceField(
        label=_("Motion"), queryset=Motion.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PollKind.choices)
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Secrecy.choices)
    options = forms.CharField(
        label=_("Options or candidates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line; for a choice or an election only."),
    )
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, max_value=50, initial=1)
    threshold = forms.ChoiceField(label=_("Majority needed"), choices=Threshold.choices)
    base = forms.ChoiceField(label=_("A share of"), choices=Base.choices)
    quorum_share = forms.CharField(
        label=_("Quorum"),
        required=False,
        max_length=12,
        initial="1/2",
        help_text=_("A fraction of the members entitled to vote, e.g. 1/2 or 2/3; empty: none."),
    )
    quorum_strict = forms.BooleanField(label=_("More than that share"), required=False)
    quorum_basis = forms.ChoiceField(label=_("The quorum counts"), choices=QuorumBasis.choices)
    tie_rule = forms.ChoiceField(label=_("On a tie"), choices=TieRule.choices)
    objection_days = forms.IntegerField(
        label=_("Objection period (days)"),
        min_value=1,
        max_value=90,
        required=False,
        help_text=_("For a consent poll only."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting)  # type: ignore[attr-defined]
        self.fields["motion"].queryset = Motion.objects.filter(agenda_item__meeting=meeting)  # type: ignore[attr-defined]

    def for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["options"] = [line for line in data.get("options", "").splitlines() if line.strip()]
        return data


class BallotForm(forms.Form):
    """The choice of one ballot, for one of the institutions the voter may cast for. An
    election to several seats marks up to ``several`` candidates (checkboxes); every other
    poll takes one mark."""

    institution = forms.TypedChoiceField(label=_("Voting for"), coerce=int)

    def __init__(
        self,
        *args: Any,
        institutions: list[tuple[int, str]],
        choices: list[tuple[str, str]],
        several: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = institutions  # type: ignore[attr-defined]
        self.several = several
        if several:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Your choice"),
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Mark up to %(n)d candidates, or abstain.") % {"n": several},
            )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your choice"), choices=choices, widget=forms.RadioSelect
            )

    def choice(self) -> str | list[str]:
        value = self.cleaned_data["choice"]
        if isinstance(value, list) and value == ["abstain"]:
            return "abstain"
        return value
