"""Seats in sessions that have their own limit (a workshop of 30 within a forum of 300).

Taken under the same event lock as the event's seats (``registrations.lock_event``), so a
session never takes more people than its seats."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.multilingual import pick
from alliance.core.services.audit import record_audit
from alliance.events.enums import SEATED
from alliance.events.models import Registration, Session, SessionRegistration
from alliance.events.services.registrations import lock_event


def join_session(
    registration: Registration, session: Session, *, actor: User
) -> SessionRegistration:
    with transaction.atomic():
        lock_event(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if session.event_id != registration.event_id:
            raise ValidationError(_("This session belongs to another event."))
        if registration.status not in SEATED:
            raise ValidationError(
                _("Only people with a seat at the event can join its sessions."), code="no_seat"
            )
        existing = SessionRegistration.objects.filter(
            session=session, registration=registration
        ).first()
        if existing is not None:
            return existing  # a double click joins once
        taken = SessionRegistration.objects.filter(session=session).count()
        if session.capacity is not None and taken >= session.capacity:
            raise ValidationError(
                _("%(session)s is full (%(seats)d seats).")
                % {"session": pick(session.title), "seats": session.capacity},
                code="full",
            )
        joined = SessionRegistration.objects.create(session=session, registration=registration)
        record_audit(
            "events.session.join",
            actor=actor,
            obj=session,
            after={"registration": registration.pk, "taken": taken + 1},
            institution_id=registration.institution_id,
        )
    return joined


def leave_session(registration: Registration, session: Session, *, actor: User) -> None:
    with transaction.atomic():
        lock_event(registration.event)
        deleted, _rows = SessionRegistration.objects.filter(
            session=session, registration=registration
        ).delete()
        if deleted:
            record_audit(
                "events.session.leave",
                actor=actor,
                obj=session,
                before={"registration": registration.pk},
                institution_id=registration.institution_id,
            )
