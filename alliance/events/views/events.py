"""The alliance calendar, event pages, timetables, iCal feeds, and the organisers' pages that
make events and their timetables.

Who sees an event is the rule ``events.view_event`` (organisers also see their own drafts);
who changes it, ``events.manage_event`` (the Secretariat; a host's coordinators for the events
their institution hosts); who creates one, ``events.add_event`` (the Secretariat). A coordinator
opening another institution's event to change it gets 404, anyone else without the permission
403, an anonymous visitor the login page."""

from __future__ import annotations

import itertools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.forms import add_service_errors
from alliance.core.multilingual import pick
from alliance.core.permissions import LoginRequired, check_permission
from alliance.events import ical, queries
from alliance.events.enums import ACTIVE
from alliance.events.forms.events import (
    CalendarFilterForm,
    CancelEventForm,
    EventForm,
    RoomForm,
    SessionForm,
    SessionPersonForm,
    event_initial,
    session_initial,
)
from alliance.events.models import Event, Room, Session, SessionPerson
from alliance.events.services import events as services
from alliance.events.services import feeds

MANAGE = "events.manage_event"
VIEW = "events.view_event"
CALENDAR_PAGE = 50


# Fetching with permission -------------------------------------------------------------------


def _event(request: HttpRequest, slug: str) -> Event:
    try:
        return queries.event_for_page(slug, request.user)
    except Event.DoesNotExist:
        raise Http404 from None


def _visible_event(request: HttpRequest, slug: str) -> Event:
    """The event, if the user may see it (its organisers see their drafts too)."""
    event = _event(request, slug)
    user = request.user
    if user.has_perm(VIEW, event) or user.has_perm(MANAGE, event):
        return event
    if not user.is_authenticated:
        raise LoginRequired
    raise Http404


def _managed_event(request: HttpRequest, slug: str) -> Event:
    """The event, if the user organises it: 404 for a coordinator who organises their own
    institution's events but not this one; 403 for anyone else."""
    event = _event(request, slug)
    check_permission(request, MANAGE, event)
    return event


def _session(event: Event, pk: int) -> Session:
    try:
        return queries.sessions_of(event).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def _room(event: Event, pk: int) -> Room:
    try:
        return Room.objects.get(event=event, pk=pk)
    except Room.DoesNotExist:
        raise Http404 from None


def _zones(event: Event) -> dict[str, Any]:
    viewer = timezone.get_current_timezone_name()
    return {"viewer_zone": viewer, "show_viewer_zone": viewer != event.time_zone}


# The calendar and event pages ---------------------------------------------------------------


def calendar(request: HttpRequest) -> HttpResponse:
    hosts = list(queries.event_hosts())
    form = CalendarFilterForm(request.GET or None, hosts=hosts)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = queries.CalendarFilter(**{k: v for k, v in data.items() if v})
    page = Paginator(queries.calendar_events(request.user, filters), CALENDAR_PAGE).get_page(
        request.GET.get("page")
    )
    months = [
        (month, list(events))
        for month, events in itertools.groupby(
            page.object_list, key=lambda e: timezone.localtime(e.starts_at).date().replace(day=1)
        )
    ]
    return render(
        request,
        "events/calendar/list.html",
        {
            "form": form,
            "page": page,
            "months": months,
            "filters": filters,
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    user = request.user
    registration = queries.registration_of(event, user) if user.is_authenticated else None
    return render(
        request,
        "events/event/detail.html",
        {
            "event": event,
            "can_manage": user.has_perm(MANAGE, event),
            "can_delegate": event.quota_applies
            and user.has_perm("events.manage_delegation", event),
            "can_check_in": user.has_perm("events.check_in", event),
            "can_review_letters": user.has_perm("events.review_letters", event),
            "registration": registration,
            "registration_active": registration is not None and registration.status in ACTIVE,
            "registration_open": event.is_open_for_registration(),
            "has_sessions": event.sessions.exists(),
            **_zones(event),
        },
    )


def timetable(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    return render(
        request,
        "events/session/timetable.html",
        {
            "event": event,
            "days": queries.sessions_by_day(event),
            "seats": queries.session_seats(event, request.user),
            "can_manage": request.user.has_perm(MANAGE, event),
            **_zones(event),
        },
    )


# Organisers: events -------------------------------------------------------------------------


def event_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "events.add_event")
    form = EventForm(request.POST or None, creating=True, initial={"waiting_list": True})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                actor=request.user,
                data=form.event_data(),
                co_hosts=form.cleaned_data["co_hosts"],
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The event is saved as a draft. Publish it when ready."))
            return redirect(event)
    return render(request, "events/event/form.html", {"form": form, "event": None})


def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = EventForm(
        request.POST or None,
        initial=event_initial(event),
        event=event,
        may_move=request.user.has_perm("events.add_event"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                event,
                actor=request.user,
                data=form.event_data(),
                co_hosts=form.cleaned_data["co_hosts"],
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Saved. The event's page shows the changes."))
            return redirect(event)
    return render(request, "events/event/form.html", {"form": form, "event": event})


@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    try:
        services.publish_event(event, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect(event)


def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The event is cancelled; everyone registered is told by e-mail.")
            )
        return redirect(event)
    return render(request, "events/event/cancel.html", {"event": event, "form": form})


# Organisers: the timetable ------------------------------------------------------------------


def sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """The timetable editor: every session, and a form to add one."""
    event = _managed_event(request, slug)
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.add_session(event, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(
                request, _("%(title)s is in the timetable.") % {"title": pick(session.title)}
            )
            return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/session/list.html",
        {"event": event, "days": queries.sessions_by_day(event), "form": form},
    )


def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    session = _session(event, pk)
    form = SessionForm(request.POST or None, event=event, initial=session_initial(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(session, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Saved. The timetable shows the changes."))
            return redirect("events:sessions", slug=event.slug)
    return render(
        request,
        "events/session/edit.html",
        {"event": event, "session": session, "form": form, "person_form": SessionPersonForm()},
    )


@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Remove a session. Removing one already gone (a second click) only says so."""
    event = _managed_event(request, slug)
    session = Session.objects.filter(event=event, pk=pk).first()
    if session is None:
        messages.info(request, _("This session was removed already."))
    else:
        services.delete_session(session, actor=request.user)
        messages.success(
            request, _("%(title)s is removed from the timetable.") % {"title": pick(session.title)}
        )
    return redirect("events:sessions", slug=event.slug)


@require_POST
def session_person_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    session = _session(event, pk)
    form = SessionPersonForm(request.POST)
    if form.is_valid():
        try:
            entry = services.add_session_person(
                session,
                actor=request.user,
                role=form.cleaned_data["role"],
                person=form.cleaned_data["person"],
                new_person=form.new_person(),
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(
                request,
                _("%(name)s is named as %(role)s.")
                % {"name": entry.person, "role": entry.get_role_display().lower()},
            )
            return redirect("events:session_edit", slug=event.slug, pk=session.pk)
    return render(
        request,
        "events/session/edit.html",
        {
            "event": event,
            "session": session,
            "form": SessionForm(event=event, initial=session_initial(session)),
            "person_form": form,
        },
    )


@require_POST
def session_person_remove(request: HttpRequest, slug: str, pk: int, entry: int) -> HttpResponse:
    """Un-name a speaker, chair or moderator (the person stays in the registry)."""
    event = _managed_event(request, slug)
    found = (
        SessionPerson.objects.select_related("person")
        .filter(session__event=event, session_id=pk, pk=entry)
        .first()
    )
    if found is None:
        messages.info(request, _("This person was removed from the session already."))
    else:
        services.remove_session_person(found, actor=request.user)
        messages.success(request, _("%(name)s is no longer named.") % {"name": found.person})
    if not Session.objects.filter(event=event, pk=pk).exists():
        return redirect("events:sessions", slug=event.slug)
    return redirect("events:session_edit", slug=event.slug, pk=pk)


def rooms(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_room(event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The room is added."))
        return redirect("events:rooms", slug=event.slug)
    return render(
        request,
        "events/session/rooms.html",
        {"event": event, "rooms": queries.rooms_of(event), "form": form},
    )


def room_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    room = _room(event, pk)
    form = RoomForm(request.POST or None, initial={"name": room.name, "capacity": room.capacity})
    if request.method == "POST" and form.is_valid():
        services.update_room(room, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("events:rooms", slug=event.slug)
    return render(
        request, "events/session/room_edit.html", {"event": event, "room": room, "form": form}
    )


@require_POST
def room_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Remove a room; its sessions stay, without a room. A room already gone only says so."""
    event = _managed_event(request, slug)
    room = Room.objects.filter(event=event, pk=pk).first()
    if room is None:
        messages.info(request, _("This room was removed already."))
    else:
        services.delete_room(room, actor=request.user)
        messages.success(request, _("The room is removed; its sessions have no room now."))
    return redirect("events:rooms", slug=event.slug)


# iCal feeds ---------------------------------------------------------------------------------


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _language_of(user: Any) -> str:
    chosen = getattr(user, "language", "")
    if chosen in dict(settings.LANGUAGES):
        return str(chosen)
    return translation.get_language() or settings.LANGUAGE_CODE


def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The alliance calendar: public events, or with ``?token=`` (a personal feed's secret)
    every event its owner may see, in their language."""
    token = request.GET.get("token", "")
    owner = queries.calendar_feed_owner(token) if token else None
    if token and owner is None:
        raise Http404
    language = _language_of(owner)
    content = ical.calendar_document(
        name=str(settings.ALLIANCE_NAME),
        language=language,
        events=queries.feed_events(owner),
    )
    return _ics(content, "calendar.ics")


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    language = _language_of(request.user)
    content = ical.calendar_document(
        name=pick(event.title, language),
        language=language,
        events=[event],
        sessions=queries.sessions_of(event).select_related("event"),
    )
    return _ics(content, f"{event.slug}.ics")


def my_calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own calendar: their registrations and their sessions. The address is the
    secret; a wrong or replaced one answers 404."""
    owner = queries.calendar_feed_owner(token)
    if owner is None:
        raise Http404
    registrations, own_sessions = queries.personal_feed(owner)
    language = _language_of(owner)
    with translation.override(language):
        name = _("My events · %(alliance)s") % {"alliance": settings.ALLIANCE_SHORT_NAME}
    content = ical.calendar_document(
        name=name,
        language=language,
        registrations=registrations,
        sessions=own_sessions,
        sessions_with_event=True,
    )
    return _ics(content, "my-calendar.ics")


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Make, replace or stop one's personal feed address. The address is shown once, when
    made: only a hash of its secret is kept."""
    if not request.user.is_authenticated:
        raise LoginRequired
    urls = None
    if request.method == "POST" and request.POST.get("action") == "stop":
        feeds.stop_calendar_feed(request.user, actor=request.user)
        messages.success(request, _("Your feed is turned off; its address no longer works."))
        return redirect("events:calendar_feed")
    if request.method == "POST":
        _feed, secret = feeds.renew_calendar_feed(request.user, actor=request.user)
        urls = {
            "mine": request.build_absolute_uri(reverse("events:my_calendar_ics", args=[secret])),
            "alliance": request.build_absolute_uri(reverse("events:calendar_ics"))
            + f"?token={secret}",
        }
    return render(
        request,
        "events/calendar/feed.html",
        {
            "feed": queries.calendar_feed_of(request.user),
            "urls": urls,
            "public_url": request.build_absolute_uri(reverse("events:calendar_ics")),
        },
    )
