"""Joining and leaving sessions that have their own seats, from the timetable."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.events import queries
from alliance.events.models import Event, Session
from alliance.events.services.session_seats import join_session, leave_session


def _session_and_registration(request: HttpRequest, slug: str, pk: int):  # type: ignore[no-untyped-def]
    event = get_object_or_404(Event, slug=slug)
    check_permission(request, "events.register", event)
    session = get_object_or_404(Session, pk=pk, event=event)
    seats = queries.session_seats(event, request.user)
    if seats.registration is None:
        raise Http404  # no seat at this event: nothing to join
    return event, session, seats.registration


@require_POST
def session_join(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, session, registration = _session_and_registration(request, slug, pk)
    try:
        join_session(registration, session, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:timetable", event.slug)


@require_POST
def session_leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, session, registration = _session_and_registration(request, slug, pk)
    leave_session(registration, session, actor=request.user)
    return redirect("events:timetable", event.slug)
