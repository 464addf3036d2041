"""iCalendar (RFC 5545) documents of events and sessions, for calendar apps.

Each event and session is a VEVENT with a stable UID (``event-<id>@<site>``), its start and end
in the event's time zone (with the VTIMEZONE it needs) or in UTC, its title in the reader's
language, where it takes place, its page, and whether it is cancelled."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from alliance.core.multilingual import pick
from alliance.events.enums import EventStatus, RegistrationStatus
from alliance.events.models import Event, Registration, Session

TENTATIVE_REGISTRATIONS = (
    RegistrationStatus.PENDING,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
)


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "alliance.invalid"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _zone(event: Event) -> datetime.tzinfo:
    try:
        return zoneinfo.ZoneInfo(event.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def _on_clock(value: datetime.datetime, event: Event) -> datetime.datetime:
    """The time in the event's zone (written with its TZID), or in UTC (written with Z)."""
    zone = _zone(event)
    if getattr(zone, "key", "UTC") in ("UTC", "Etc/UTC"):
        return value.astimezone(datetime.UTC)
    return timezone.localtime(value, zone)


def _status(event: Event, registration: Registration | None = None) -> str:
    if event.status == EventStatus.CANCELLED:
        return "CANCELLED"
    if event.status == EventStatus.DRAFT:
        return "TENTATIVE"
    if registration is not None and registration.status in TENTATIVE_REGISTRATIONS:
        return "TENTATIVE"
    return "CONFIRMED"


def _place(event: Event) -> str:
    place = ", ".join(p for p in (event.venue, event.address) if p)
    return place or event.online_url


def event_component(
    event: Event, *, language: str, stamp: datetime.datetime, registration: Registration | None
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{site_domain()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", _on_clock(event.starts_at, event))
    component.add("dtend", _on_clock(event.ends_at, event))
    component.add("summary", pick(event.title, language))
    description = pick(event.summary, language)
    if description:
        component.add("description", description)
    if _place(event):
        component.add("location", _place(event))
    component.add("url", site_url(event.get_absolute_url()))
    component.add("status", _status(event, registration))
    return component


def session_component(
    session: Session, *, language: str, stamp: datetime.datetime, with_event: bool
) -> icalendar.Event:
    event = session.event
    title = pick(session.title, language)
    if with_event:
        title = f"{title} · {pick(event.title, language)}"
    component = icalendar.Event()
    component.add("uid", f"session-{session.pk}@{site_domain()}")
    component.add("dtstamp", stamp)
    component.add("dtstart", _on_clock(session.starts_at, event))
    component.add("dtend", _on_clock(session.ends_at, event))
    component.add("summary", title)
    description = pick(session.description, language)
    if description:
        component.add("description", description)
    room = pick(session.room.name, language) if session.room else ""
    place = ", ".join(p for p in (room, _place(event)) if p)
    if place:
        component.add("location", place)
    component.add("url", site_url(event.get_absolute_url() + "timetable/"))
    component.add("status", _status(event))
    return component


def calendar_document(
    *,
    name: str,
    language: str,
    events: Iterable[Event] = (),
    registrations: Iterable[Registration] = (),
    sessions: Iterable[Session] = (),
    sessions_with_event: bool = False,
) -> bytes:
    """One VCALENDAR holding the events, the events of the registrations (marked tentative
    while not confirmed) and the sessions, with the VTIMEZONEs they use."""
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.ALLIANCE_NAME}//Alliance//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    with translation.override(language):
        for event in events:
            calendar.add_component(
                event_component(event, language=language, stamp=stamp, registration=None)
            )
        for registration in registrations:
            calendar.add_component(
                event_component(
                    registration.event, language=language, stamp=stamp, registration=registration
                )
            )
        for session in sessions:
            calendar.add_component(
                session_component(
                    session, language=language, stamp=stamp, with_event=sessions_with_event
                )
            )
    calendar.add_missing_timezones()
    return calendar.to_ical()
