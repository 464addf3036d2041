"""Events, their rooms and timetable: every write.

Seats are not counted here: when a change to an event can free seats (more capacity, quotas
switched off), the event is locked and ``services.registrations.offer_free_seats`` offers them,
as every other seat change does.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.events.enums import ACTIVE, EventStatus
from alliance.events.models import Event, Registration, Room, Session, SessionPerson
from alliance.events.services.notifications import send_to_registrant
from alliance.events.services.registrations import count_seats, lock_event, offer_free_seats
from alliance.members.models import Institution, Person
from alliance.members.services.people import create_person

EVENT_FIELDS = (
    "slug",
    "parent",
    "kind",
    "title",
    "summary",
    "host",
    "venue",
    "address",
    "online_url",
    "time_zone",
    "starts_at",
    "ends_at",
    "languages",
    "visibility",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "quota_applies",
    "requires_approval",
    "offer_hours",
    "waiting_list",
    "letter_signatory",
    "letter_signatory_title",
    "letter_language",
)
SESSION_FIELDS = ("kind", "title", "description", "room", "starts_at", "ends_at", "capacity")
# Addresses under /events/ that are pages, not events.
RESERVED_SLUGS = frozenset({"new", "my", "calendar", "api"})
LANGUAGE_CODES = frozenset(code for code, _name in global_settings.LANGUAGES)


# Events -------------------------------------------------------------------------------------


def create_event(
    *,
    actor: User,
    data: Mapping[str, Any],
    co_hosts: Iterable[Institution] = (),
    is_demo: bool = False,
) -> Event:
    """Create an event (a draft unless ``data`` says otherwise). Only the Secretariat creates
    events; the views check that."""
    unknown = set(data) - set(EVENT_FIELDS) - {"status"}
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        event = Event(created_by=actor, is_demo=is_demo, **data)
        _clean_event(event, creating=True)
        event.save()
        event.co_hosts.set(list(co_hosts))
        record_audit(
            "events.event.create",
            actor=actor,
            obj=event,
            after={**_event_snapshot(event), "co_hosts": _ids(event.co_hosts.all())},
            institution_id=event.host_id,
        )
    return event


def update_event(
    event: Event,
    *,
    actor: User,
    data: Mapping[str, Any],
    co_hosts: Iterable[Institution] | None = None,
) -> Event:
    """Change the given fields (and the co-hosts, when given); audit only what changed. More
    seats, or quotas switched off, offer the freed seats to the people waiting."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        event = lock_event(event)
        before = {**_event_snapshot(event), "co_hosts": _ids(event.co_hosts.all())}
        for field, value in data.items():
            setattr(event, field, value)
        _clean_event(event, creating=False)
        _check_seats_still_fit(event)
        event.save()
        if co_hosts is not None:
            event.co_hosts.set(list(co_hosts))
        after = {**_event_snapshot(event), "co_hosts": _ids(event.co_hosts.all())}
        if before == after:
            return event
        record_audit(
            "events.event.update",
            actor=actor,
            obj=event,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
            institution_id=event.host_id,
        )
        if _may_free_seats(before, after):
            offer_free_seats(event, actor=actor, now=timezone.now())
    return event


def publish_event(event: Event, *, actor: User) -> Event:
    """A draft becomes visible to those its visibility allows, and open for registration in
    its registration period."""
    with transaction.atomic():
        event = lock_event(event)
        if event.status != EventStatus.DRAFT:
            raise ValidationError(
                _("Only a draft can be published; this event is %(status)s.")
                % {"status": event.get_status_display().lower()},
                code="not_draft",
            )
        return _set_status(event, EventStatus.PUBLISHED, actor=actor, action="publish")


def cancel_event(event: Event, *, actor: User, reason: str = "") -> Event:
    """Call the event off. Registrations stay as they are (for the record); everyone holding
    one that had not ended is e-mailed once the change is saved. Sub-events keep their own
    status: cancel each that will not take place."""
    with transaction.atomic():
        event = lock_event(event)
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("This event is cancelled already."), code="cancelled")
        _set_status(
            event,
            EventStatus.CANCELLED,
            actor=actor,
            action="cancel",
            reason=reason.strip()[:300],
        )
        to_tell = list(
            Registration.objects.filter(event=event, status__in=ACTIVE).values_list("pk", flat=True)
        )
        for pk in to_tell:
            transaction.on_commit(partial(send_to_registrant, pk, "event_cancelled"))
    return event


def _set_status(
    event: Event, status: EventStatus, *, actor: User, action: str, reason: str = ""
) -> Event:
    before = event.status
    event.status = status
    event.save(update_fields=["status"])
    after: dict[str, Any] = {"status": status}
    if reason:
        after["reason"] = reason
    record_audit(
        f"events.event.{action}",
        actor=actor,
        obj=event,
        before={"status": before},
        after=after,
        institution_id=event.host_id,
    )
    return event


def _event_snapshot(event: Event) -> dict[str, Any]:
    return snapshot(event, (*EVENT_FIELDS, "status"))


def _ids(institutions: Iterable[Institution]) -> list[int]:
    return sorted(i.pk for i in institutions)


def _may_free_seats(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """More seats (or no limit any more), or quotas switched off."""
    was, now = before["capacity"], after["capacity"]
    if was is not None and (now is None or now > was):
        return True
    return bool(before["quota_applies"] and not after["quota_applies"])


def _check_seats_still_fit(event: Event) -> None:
    if event.capacity is None:
        return
    held = count_seats(event).held
    if event.capacity < held:
        raise ValidationError(
            {
                "capacity": _(
                    "%(held)s seats are taken or offered already; the event cannot have fewer."
                )
                % {"held": held}
            }
        )


def _clean_event(event: Event, *, creating: bool) -> None:
    """Field validation with Django's own messages, then the rules across fields."""
    _in_utc(event, ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"))
    event.full_clean(exclude=["created_by", "co_hosts"], validate_constraints=False)
    errors: dict[str, str] = {}
    if creating and event.slug in RESERVED_SLUGS:
        errors["slug"] = _("This address is taken by a page of the site. Choose another.")
    if _zone(event.time_zone) is None:
        errors["time_zone"] = _("Unknown time zone: choose one from the list.")
    if event.ends_at < event.starts_at:
        errors["ends_at"] = _("The event ends before it starts.")
    closes = event.registration_closes_at
    if closes and event.registration_opens_at and closes <= event.registration_opens_at:
        errors["registration_closes_at"] = _("Registration closes before it opens.")
    elif closes and closes > event.ends_at:
        errors["registration_closes_at"] = _("Registration closes after the event is over.")
    unknown = [code for code in event.languages if code not in LANGUAGE_CODES]
    if unknown:
        errors["languages"] = _("Unknown language codes: %(codes)s") % {"codes": ", ".join(unknown)}
    if event.parent_id is not None:
        parent_error = _parent_error(event)
        if parent_error:
            errors["parent"] = parent_error
    if errors:
        raise ValidationError(errors)


def _parent_error(event: Event) -> str:
    """Sub-events go one level deep: a Summit holds its Board meeting, which holds nothing."""
    parent = event.parent
    if parent is None:
        return ""
    if event.pk is not None and parent.pk == event.pk:
        return _("An event cannot be part of itself.")
    if parent.parent_id is not None:
        return _("%(name)s is itself part of another event; choose the main event.") % {
            "name": parent
        }
    if event.pk is not None and event.sub_events.exists():
        return _("This event has sub-events of its own, so it cannot be part of another.")
    return ""


def _in_utc(obj: Event | Session, fields: Iterable[str]) -> None:
    """Times as stored (UTC), so that the audit row reads the same as the database."""
    for name in fields:
        value = getattr(obj, name, None)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            setattr(obj, name, value.astimezone(datetime.UTC))


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


# Rooms --------------------------------------------------------------------------------------


def add_room(
    event: Event, *, actor: User, name: Mapping[str, str], capacity: int | None = None
) -> Room:
    with transaction.atomic():
        room = Room.objects.create(event=event, name=dict(name), capacity=capacity)
        record_audit(
            "events.room.create",
            actor=actor,
            obj=room,
            after={"event": event.slug, "name": room.name, "capacity": capacity},
            institution_id=event.host_id,
        )
    return room


def update_room(
    room: Room, *, actor: User, name: Mapping[str, str], capacity: int | None = None
) -> Room:
    with transaction.atomic():
        room = Room.objects.select_for_update().select_related("event").get(pk=room.pk)
        before = {"name": room.name, "capacity": room.capacity}
        room.name = dict(name)
        room.capacity = capacity
        after = {"name": room.name, "capacity": room.capacity}
        if before == after:
            return room
        room.save(update_fields=["name", "capacity"])
        record_audit(
            "events.room.update",
            actor=actor,
            obj=room,
            before=before,
            after=after,
            institution_id=room.event.host_id,
        )
    return room


def delete_room(room: Room, *, actor: User) -> None:
    """Remove a room; its sessions stay in the timetable without a room."""
    with transaction.atomic():
        room = Room.objects.select_related("event").get(pk=room.pk)
        record_audit(
            "events.room.delete",
            actor=actor,
            obj=room,
            before={"event": room.event.slug, "name": room.name, "capacity": room.capacity},
            institution_id=room.event.host_id,
        )
        room.delete()


# Sessions -----------------------------------------------------------------------------------


def add_session(event: Event, *, actor: User, data: Mapping[str, Any]) -> Session:
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session = Session(event=event, **data)
        _clean_session(session)
        session.save()
        record_audit(
            "events.session.create",
            actor=actor,
            obj=session,
            after={"event": event.slug, **snapshot(session, SESSION_FIELDS)},
            institution_id=event.host_id,
        )
    return session


def update_session(session: Session, *, actor: User, data: Mapping[str, Any]) -> Session:
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
        before = snapshot(session, SESSION_FIELDS)
        for field, value in data.items():
            setattr(session, field, value)
        _clean_session(session)
        after = snapshot(session, SESSION_FIELDS)
        if before == after:
            return session
        session.save()
        record_audit(
            "events.session.update",
            actor=actor,
            obj=session,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
            institution_id=session.event.host_id,
        )
    return session


def delete_session(session: Session, *, actor: User) -> None:
    """Remove a session from the timetable, with its speakers, chairs and sign-ups."""
    with transaction.atomic():
        session = Session.objects.select_related("event").get(pk=session.pk)
        record_audit(
            "events.session.delete",
            actor=actor,
            obj=session,
            before={"event": session.event.slug, **snapshot(session, SESSION_FIELDS)},
            institution_id=session.event.host_id,
        )
        session.delete()


def _clean_session(session: Session) -> None:
    _in_utc(session, ("starts_at", "ends_at"))
    session.full_clean(exclude=["event"], validate_constraints=False)
    event = session.event
    errors: dict[str, str] = {}
    if session.room is not None and session.room.event_id != event.pk:
        errors["room"] = _("This room belongs to another event.")
    if session.ends_at < session.starts_at:
        errors["ends_at"] = _("The session ends before it starts.")
    zone = _zone(event.time_zone) or datetime.UTC
    first = timezone.localtime(event.starts_at, zone).date()
    last = timezone.localtime(event.ends_at, zone).date()
    day = timezone.localtime(session.starts_at, zone).date()
    if not first <= day <= last:
        errors["starts_at"] = _(
            "Sessions fall on the days of the event: %(first)s to %(last)s."
        ) % {
            "first": date_format(first, "DATE_FORMAT"),
            "last": date_format(last, "DATE_FORMAT"),
        }
    if session.pk is not None and session.capacity is not None:
        taken = session.registrations.count()
        if session.capacity < taken:
            errors["capacity"] = _(
                "%(taken)s people have signed up for this session; it cannot have fewer seats."
            ) % {"taken": taken}
    if errors:
        raise ValidationError(errors)


# Speakers, chairs and moderators ------------------------------------------------------------


def add_session_person(
    session: Session,
    *,
    actor: User,
    role: str,
    person: Person | None = None,
    new_person: Mapping[str, str] | None = None,
) -> SessionPerson:
    """Name a speaker, chair or moderator: someone already recorded (``person``) or someone
    new (``new_person``: full_name, and optionally native_name and email), recorded first."""
    if (person is None) == (not new_person):
        raise ValidationError(
            _("Choose someone already recorded, or type the name of someone new; not both.")
        )
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
        if person is None:
            details = dict(new_person or {})
            person = create_person(
                actor=actor,
                institution=session.event.host,
                full_name=details.get("full_name", ""),
                native_name=details.get("native_name", ""),
                email=details.get("email", ""),
            )
        elif SessionPerson.objects.filter(session=session, person=person, role=role).exists():
            raise ValidationError(
                _("%(name)s is already named as %(role)s of this session.")
                % {"name": person, "role": _role_label(role)}
            )
        last = SessionPerson.objects.filter(session=session, role=role).aggregate(
            n=Max("position")
        )["n"]
        entry = SessionPerson(
            session=session, person=person, role=role, position=0 if last is None else last + 1
        )
        entry.full_clean(exclude=["session", "person"], validate_constraints=False)
        entry.save()
        record_audit(
            "events.session_person.add",
            actor=actor,
            obj=session,
            after={"person": person.pk, "name": person.full_name, "role": role},
            institution_id=session.event.host_id,
        )
    return entry


def remove_session_person(entry: SessionPerson, *, actor: User) -> None:
    with transaction.atomic():
        entry = SessionPerson.objects.select_related("session__event", "person").get(pk=entry.pk)
        record_audit(
            "events.session_person.remove",
            actor=actor,
            obj=entry.session,
            before={"person": entry.person_id, "name": entry.person.full_name, "role": entry.role},
            institution_id=entry.session.event.host_id,
        )
        entry.delete()


def _role_label(role: str) -> str:
    from alliance.events.enums import SessionRole

    return str(SessionRole(role).label).lower()
