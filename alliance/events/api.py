"""The events API: the alliance's events, their sessions, and the caller's own registrations.

Events are read as their pages are: with no token, the public ones; with a token carrying the
events:read scope, every event its owner may see. "My registrations" always needs a token.
Titles and other typed texts come in every language given, as {"en": …, "zh-hans": …}."""

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.events import queries
from alliance.events.enums import (
    EventKind,
    EventStatus,
    RegistrationStatus,
    SessionKind,
    SessionRole,
    Visibility,
)
from alliance.events.models import Event, Registration, Session, SessionPerson

events_read_or_anonymous = TokenAuth(TokenScope.EVENTS_READ, anonymous=True)
events_read = TokenAuth(TokenScope.EVENTS_READ)

router = Router(tags=["events"], auth=events_read_or_anonymous)
# The OpenAPI document adds the empty requirement: these endpoints may be read with no token.
PUBLIC: dict[str, Any] = {"security": [{}]}
Texts = dict[str, str]


class EventQuery(Schema):
    """The filters of the calendar page."""

    kind: EventKind | None = None
    host: str = Field("", max_length=80, description="Hosted or co-hosted by this institution.")
    when: Literal["upcoming", "past", "all"] = Field(
        "upcoming", description="upcoming (not over yet), past, or all."
    )


class EventOut(Schema):
    slug: str
    kind: EventKind
    title: Texts = Field(description="The title in each language given.")
    summary: Texts
    status: EventStatus
    visibility: Visibility
    parent: str | None = Field(description="The main event this one is part of (its slug).")
    host: str | None = Field(description="The host institution's slug.")
    co_hosts: list[str] = Field(description="The co-hosts' slugs.")
    venue: str
    address: str
    online_url: str
    time_zone: str = Field(description="The event's own time zone; times are sent in UTC.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    languages: list[str]
    registration_open: bool
    url: str = Field(description="The event's page.")

    @staticmethod
    def resolve_parent(obj: Event) -> str | None:
        return obj.parent.slug if obj.parent is not None else None

    @staticmethod
    def resolve_host(obj: Event) -> str | None:
        return obj.host.slug if obj.host is not None else None

    @staticmethod
    def resolve_co_hosts(obj: Event) -> list[str]:
        return [i.slug for i in obj.co_hosts.all()]

    @staticmethod
    def resolve_registration_open(obj: Event) -> bool:
        return obj.is_open_for_registration()

    @staticmethod
    def resolve_url(obj: Event, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(obj.get_absolute_url()))


class EventDetailOut(EventOut):
    sub_events: list[EventOut] = Field(description="Its sub-events that the caller may see.")

    @staticmethod
    def resolve_sub_events(obj: Event) -> list[Event]:
        return list(getattr(obj, "visible_sub_events", []))


class SessionPersonOut(Schema):
    role: SessionRole
    name: str
    native_name: str

    @staticmethod
    def resolve_name(obj: SessionPerson) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_native_name(obj: SessionPerson) -> str:
        return obj.person.native_name


class SessionOut(Schema):
    id: int
    kind: SessionKind
    title: Texts
    description: Texts
    room: Texts | None = Field(description="The room's name in each language given.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None
    people: list[SessionPersonOut] = Field(description="Speakers, chairs and moderators.")

    @staticmethod
    def resolve_room(obj: Session) -> Texts | None:
        return obj.room.name if obj.room is not None else None

    @staticmethod
    def resolve_people(obj: Session) -> list[SessionPerson]:
        return list(obj.people.all())


class RegistrationOut(Schema):
    event: str = Field(description="The event's slug.")
    event_title: Texts
    event_starts_at: datetime.datetime
    status: RegistrationStatus
    waiting_position: int | None = Field(
        description="1 for the first in line; null when not on the waiting list."
    )
    offered_until: datetime.datetime | None = Field(
        description="When a seat is offered: take it up before this time."
    )
    institution: str | None = Field(description="The delegation's institution (its slug).")
    name: str = Field(description="The name on the badge.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_event(obj: Registration) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_event_title(obj: Registration) -> Texts:
        return obj.event.title

    @staticmethod
    def resolve_event_starts_at(obj: Registration) -> datetime.datetime:
        return obj.event.starts_at

    @staticmethod
    def resolve_institution(obj: Registration) -> str | None:
        return obj.institution.slug if obj.institution is not None else None


def _visible_event(request: HttpRequest, slug: str) -> Event:
    try:
        event = queries.event_for_page(slug, request.user)
    except Event.DoesNotExist:
        event = None
    if event is None or not request.user.has_perm("events.view_event", event):
        raise HttpError(404, _("No event you may see has this address."))
    return event


@router.get("/events", response=list[EventOut], summary="Events", openapi_extra=PUBLIC)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def event_list(request: HttpRequest, filters: Query[EventQuery]) -> Any:
    """Events the caller may see, main events and sub-events alike: upcoming ones soonest
    first unless `when` says otherwise (past ones latest first)."""
    return queries.events_for_api(
        request.user,
        queries.CalendarFilter(
            kind=filters.kind or "", host=filters.host.strip(), when=filters.when
        ),
    )


@router.get("/events/{slug}", response=EventDetailOut, summary="One event", openapi_extra=PUBLIC)
def event_detail(request: HttpRequest, slug: str) -> Event:
    """One event with its sub-events. An event the caller may not see answers 404."""
    return _visible_event(request, slug)


@router.get(
    "/events/{slug}/sessions",
    response=list[SessionOut],
    summary="One event's timetable",
    openapi_extra=PUBLIC,
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def event_sessions(request: HttpRequest, slug: str) -> Any:
    """The event's sessions in time order, with their rooms, speakers and chairs."""
    return queries.sessions_of(_visible_event(request, slug))


@router.get(
    "/me/registrations",
    response=list[RegistrationOut],
    summary="My registrations",
    auth=events_read,
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def my_registrations(request: HttpRequest) -> Any:
    """The token owner's registrations, latest event first, with their status and, on the
    waiting list, their place in line."""
    return queries.registrations_with_positions(request.user)
