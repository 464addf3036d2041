"""Forms for events, rooms, sessions and their people, and the calendar's filters.

Times are typed as wall-clock times of the event's time zone (what the programme says) and
stored in UTC: the forms place them in the event's zone before the services see them."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import forms
from django.conf import global_settings, settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.multilingual import MultilingualField
from alliance.events.enums import EventKind, SessionKind, SessionRole, Visibility
from alliance.events.models import Event, Room, Session
from alliance.members.enums import Relation
from alliance.members.models import Institution, Person

WHEN_CHOICES = [
    ("upcoming", _("Upcoming")),
    ("past", _("Past")),
    ("all", _("All")),
]
EVENT_TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
SESSION_TIMES = ("starts_at", "ends_at")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def local_time(value: datetime.datetime | None, zone_name: str) -> datetime.datetime | None:
    """A stored time as the wall-clock time of ``zone_name``, for a form's initial value."""
    if value is None:
        return None
    return timezone.localtime(value, zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time without a zone (the form says which zone it is in)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime.datetime | None:
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


def _place_in_zone(data: dict[str, Any], fields: tuple[str, ...], zone_name: str) -> None:
    zone = zoneinfo.ZoneInfo(zone_name)
    for name in fields:
        value = data.get(name)
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            data[name] = timezone.make_aware(value, zone)


class CalendarFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("When"), choices=WHEN_CHOICES, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *EventKind.choices], required=False
    )
    host = forms.ChoiceField(label=_("Host"), required=False)

    def __init__(self, *args: Any, hosts: list[Institution] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = [
            ("", _("All hosts")),
            *[(i.slug, i.display_name()) for i in hosts or []],
        ]


def _hosts() -> Any:
    return Institution.objects.exclude(relation=Relation.NONE).order_by("name")


class EventForm(forms.Form):
    """An event's details. ``creating`` adds the address field (fixed once made); with
    ``may_move`` false (a host's coordinator) the host and the main event cannot change."""

    slug = forms.SlugField(
        label=_("Short address"),
        max_length=80,
        help_text=_("Part of the page's address, e.g. summit-2027. Cannot change later."),
    )
    title = MultilingualField(label=_("Title"), max_length=300)
    summary = MultilingualField(label=_("Summary"), max_length=5000, textarea=True, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("— a main event —"),
        help_text=_("A Board meeting or workshop is part of the Summit that holds it."),
    )
    host = forms.ModelChoiceField(
        label=_("Host institution"), queryset=Institution.objects.none(), required=False
    )
    co_hosts = forms.ModelMultipleChoiceField(
        label=_("Co-hosts"), queryset=Institution.objects.none(), required=False
    )
    venue = forms.CharField(label=_("Venue"), max_length=300, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("The event's own zone; every time on this form is in it."),
    )
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=global_settings.LANGUAGES, required=False
    )
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=Visibility.choices)
    registration_opens_at = LocalDateTimeField(label=_("Registration opens"), required=False)
    registration_closes_at = LocalDateTimeField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Empty: when the event starts."),
    )
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Empty: no overall limit.")
    )
    quota_applies = forms.BooleanField(label=_("Delegate quotas per member"), required=False)
    requires_approval = forms.BooleanField(
        label=_("Organiser approves each registration"), required=False
    )
    waiting_list = forms.BooleanField(label=_("Waiting list when full"), required=False)
    offer_hours = forms.IntegerField(
        label=_("Hours to take up an offered seat"), min_value=1, max_value=720, initial=48
    )
    letter_signatory = forms.CharField(label=_("Letters signed by"), max_length=200, required=False)
    letter_signatory_title = forms.CharField(
        label=_("Signatory's title"), max_length=200, required=False
    )
    letter_language = forms.ChoiceField(
        label=_("Language of letters"), choices=settings.LANGUAGES, initial="en"
    )

    def __init__(
        self,
        *args: Any,
        creating: bool = False,
        may_move: bool = True,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["host"].queryset = _hosts()
        self.fields["co_hosts"].queryset = _hosts()
        mains = Event.objects.filter(parent__isnull=True).order_by("-starts_at")
        if event is not None:
            mains = mains.exclude(pk=event.pk)
        self.fields["parent"].queryset = mains
        if not creating:
            del self.fields["slug"]
        if not may_move:
            self.fields["host"].disabled = True
            self.fields["parent"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("time_zone"):
            _place_in_zone(data, EVENT_TIMES, data["time_zone"])
        return data

    def event_data(self) -> dict[str, Any]:
        """The cleaned fields the services take, the co-hosts apart."""
        return {k: v for k, v in self.cleaned_data.items() if k != "co_hosts"}


def event_initial(event: Event) -> dict[str, Any]:
    """An event's fields as the form shows them: times on the event's clock."""
    initial: dict[str, Any] = {
        name: getattr(event, name)
        for name in (
            "title",
            "summary",
            "kind",
            "venue",
            "address",
            "online_url",
            "time_zone",
            "languages",
            "visibility",
            "capacity",
            "quota_applies",
            "requires_approval",
            "waiting_list",
            "offer_hours",
            "letter_signatory",
            "letter_signatory_title",
            "letter_language",
        )
    }
    initial["parent"] = event.parent_id
    initial["host"] = event.host_id
    initial["co_hosts"] = [i.pk for i in event.co_hosts.all()]
    for name in EVENT_TIMES:
        initial[name] = local_time(getattr(event, name), event.time_zone)
    return initial


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RoomForm(forms.Form):
    name = MultilingualField(label=_("Name"), max_length=200)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, required=False)


class SessionForm(forms.Form):
    """A session of the timetable; times on the event's clock."""

    title = MultilingualField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("— none —")
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        required=False,
        help_text=_("Only for sessions people sign up for, such as a workshop."),
    )
    description = MultilingualField(
        label=_("Description"), max_length=5000, textarea=True, required=False
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["room"].queryset = Room.objects.filter(event=event).order_by("pk")
        self.fields["starts_at"].help_text = _("In %(zone)s.") % {"zone": event.time_zone}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _place_in_zone(data, SESSION_TIMES, self.event.time_zone)
        return data


def session_initial(session: Session) -> dict[str, Any]:
    zone = session.event.time_zone
    return {
        "title": session.title,
        "kind": session.kind,
        "starts_at": local_time(session.starts_at, zone),
        "ends_at": local_time(session.ends_at, zone),
        "room": session.room_id,
        "capacity": session.capacity,
        "description": session.description,
    }


class SessionPersonForm(forms.Form):
    """A speaker, chair or moderator: someone recorded already, or someone new."""

    role = forms.ChoiceField(label=_("Role"), choices=SessionRole.choices)
    person = forms.ModelChoiceField(
        label=_("Someone recorded already"),
        queryset=Person.objects.order_by("full_name", "pk"),
        required=False,
        empty_label=_("— choose —"),
    )
    full_name = forms.CharField(
        label=_("Or someone new: full name"), max_length=200, required=False
    )
    native_name = forms.CharField(label=_("Name in own script"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_person = data.get("person") is not None
        has_name = bool((data.get("full_name") or "").strip())
        if has_person == has_name:
            raise forms.ValidationError(
                _("Choose someone recorded already, or type the name of someone new; not both.")
            )
        return data

    def new_person(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if data.get("person") is not None:
            return None
        return {
            "full_name": data["full_name"],
            "native_name": data.get("native_name", ""),
            "email": data.get("email", ""),
        }
