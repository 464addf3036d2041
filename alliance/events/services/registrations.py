"""Registrations: seats, delegate quotas, the waiting list and offers. Never oversells.

Every write here takes the event's lock first (``lock_event``): a row lock on PostgreSQL
(``SELECT … FOR UPDATE``); on SQLite every transaction already takes the write lock at
``BEGIN IMMEDIATE`` (see settings), so writers queue instead of failing. Under the lock the seats
are counted from the registration rows themselves, so there is no counter to drift.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.enums import ACTIVE, HOLDS_SEAT, RegistrationStatus
from alliance.events.models import DelegateCode, Event, Quota, Registration
from alliance.members.models import Institution

S = RegistrationStatus

# The race test switches this off to show the race it prevents; nothing else may.
CAPACITY_GUARD = True


def lock_event(event: Event) -> Event:
    """The event, locked for this transaction (PostgreSQL row lock; SQLite holds the write
    lock from BEGIN IMMEDIATE already)."""
    if not CAPACITY_GUARD:
        return Event.objects.get(pk=event.pk)
    return Event.objects.select_for_update().get(pk=event.pk)


@dataclass(frozen=True)
class Seats:
    """Seats held now (confirmed, awaiting approval or offered), overall and per institution."""

    held: int
    by_institution: dict[int, int]
    quotas: dict[int, int]

    def free(self, event: Event) -> int | None:
        return None if event.capacity is None else max(event.capacity - self.held, 0)

    def quota_room(self, event: Event, institution_id: int | None) -> int | None:
        """Seats left in the institution's quota; None when quotas do not apply."""
        if not event.quota_applies:
            return None
        seats = self.quotas.get(institution_id or 0, 0)
        return max(seats - self.by_institution.get(institution_id or 0, 0), 0)


def count_seats(event: Event) -> Seats:
    rows = (
        Registration.objects.filter(event=event, status__in=HOLDS_SEAT)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .values_list("institution_id", "n")
    )
    by_institution = {inst or 0: n for inst, n in rows}
    quotas = dict(Quota.objects.filter(event=event).values_list("institution_id", "seats"))
    return Seats(sum(by_institution.values()), by_institution, quotas)


def clean_name(value: str) -> str:
    """A name as typed, without markup: '<b>Li</b> Wei' becomes 'Li Wei'."""
    text = " ".join(strip_tags(value).split())
    if not text:
        raise ValidationError({"name": _("Type the name to print on the badge.")})
    return text[:200]


def new_ticket() -> str:
    return secrets.token_urlsafe(12)


def register(
    event: Event,
    *,
    actor: User,
    user: User | None = None,
    name: str,
    email: str = "",
    institution: Institution | None = None,
    code: str = "",
    submission_key: str | None = None,
    over_quota_reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``user`` (the actor themself unless a coordinator names a delegate) for the
    event. A free seat confirms (or awaits approval); a full event or a full quota puts the
    person on the waiting list. The same ``submission_key`` twice (a double click) returns the
    first registration."""
    from alliance.events.rules import may_exceed_quota

    user = user or actor
    now = now or timezone.now()
    name = clean_name(name)
    with transaction.atomic():
        event = lock_event(event)
        if submission_key:
            earlier = Registration.objects.filter(submission_key=submission_key).first()
            if earlier is not None:
                return earlier
        _check_open(event, now)
        existing = Registration.objects.filter(event=event, user=user, status__in=ACTIVE).first()
        if existing is not None:
            raise ValidationError(
                _("%(name)s is already registered (%(status)s).")
                % {"name": existing.name, "status": existing.get_status_display()},
                code="already_registered",
            )
        delegate_code = _take_code(event, code, now) if code else None
        if delegate_code is not None:
            institution = delegate_code.institution
        if event.quota_applies and institution is None:
            raise ValidationError(
                {"institution": _("Choose the member institution whose delegation this is.")}
            )
        seats = count_seats(event)
        over_quota = over_quota_reason.strip()
        if over_quota and not may_exceed_quota(actor, event):
            raise PermissionDenied(_("Only the Secretariat may exceed a delegate quota."))
        has_no_quota = institution is not None and institution.pk not in seats.quotas
        if event.quota_applies and has_no_quota and not over_quota:
            raise ValidationError(
                {
                    "institution": _("%(name)s has no seats at this event. Ask the Secretariat.")
                    % {"name": institution.display_name() if institution else ""}
                }
            )
        status = _status_for_new(event, seats, institution, overridden=bool(over_quota))
        registration = Registration.objects.create(
            event=event,
            user=user,
            institution=institution,
            status=status,
            name=name,
            email=email or user.email,
            code=delegate_code,
            over_quota_reason=over_quota,
            submission_key=submission_key,
            waitlisted_at=now if status == S.WAITLISTED else None,
            ticket=new_ticket(),
            created_at=now,
            updated_at=now,
        )
        record_audit(
            "events.registration.create",
            actor=actor,
            obj=registration,
            after={
                "event": event.slug,
                "user": user.email,
                "status": status,
                "institution": institution.pk if institution else None,
                "code": bool(delegate_code),
                "over_quota_reason": over_quota,
            },
            institution_id=institution.pk if institution else None,
        )
    return registration


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.is_open_for_registration(now):
        return
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ValidationError(
            _("Registration opens on %(date)s.")
            % {"date": timezone.localtime(event.registration_opens_at).strftime("%Y-%m-%d %H:%M")},
            code="not_open",
        )
    raise ValidationError(_("Registration for this event is closed."), code="closed")


def _take_code(event: Event, code: str, now: datetime.datetime) -> DelegateCode:
    found = (
        DelegateCode.objects.select_related("institution")
        .filter(event=event, code=code.strip().upper())
        .first()
    )
    if found is None:
        raise ValidationError(
            {"code": _("This code is not valid for this event. Check it with your coordinator.")}
        )
    if found.used_at is not None:
        raise ValidationError(
            {"code": _("This code has been used already. Ask your coordinator for a new one.")}
        )
    found.used_at = now
    found.save(update_fields=["used_at"])
    return found


def _status_for_new(
    event: Event, seats: Seats, institution: Institution | None, *, overridden: bool
) -> RegistrationStatus:
    free = seats.free(event)
    room = seats.quota_room(event, institution.pk if institution else None)
    if (free is None or free > 0) and (room is None or room > 0 or overridden):
        return S.PENDING if event.requires_approval else S.CONFIRMED
    if not event.waiting_list:
        raise ValidationError(_("The event is full."), code="full")
    return S.WAITLISTED


def _change(
    registration: Registration,
    status: RegistrationStatus,
    *,
    actor: User | None,
    action: str,
    now: datetime.datetime,
    **fields: Any,
) -> Registration:
    before = registration.status
    registration.status = status
    registration.updated_at = now
    for name, value in fields.items():
        setattr(registration, name, value)
    registration.save(update_fields=["status", "updated_at", *fields])
    record_audit(
        action,
        actor=actor,
        obj=registration,
        before={"status": before},
        after={"status": status, **{k: v for k, v in fields.items() if k != "ticket"}},
        institution_id=registration.institution_id,
    )
    return registration


def _tell(registration: Registration, template: str) -> None:
    """E-mail the registrant after the transaction commits."""
    from alliance.events.services.notifications import send_to_registrant

    transaction.on_commit(partial(send_to_registrant, registration.pk, template))


def _locked(registration: Registration) -> tuple[Event, Registration]:
    event = lock_event(registration.event)
    return event, Registration.objects.select_related("institution").get(pk=registration.pk)


def cancel_registration(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Registration:
    """The registrant (or the organiser) cancels; a seat it held is offered to the next."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status not in ACTIVE:
            raise ValidationError(_("This registration has already ended."), code="ended")
        _change(
            registration, S.CANCELLED, actor=actor, action="events.registration.cancel", now=now
        )
        registration.sessions.all().delete()  # its session seats go back too
        offer_free_seats(event, actor=actor, now=now)
    return registration


def approve_registration(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        _event, registration = _locked(registration)
        if registration.status != S.PENDING:
            raise ValidationError(_("Only a registration awaiting approval can be approved."))
        _change(
            registration, S.CONFIRMED, actor=actor, action="events.registration.approve", now=now
        )
        _tell(registration, "registration_confirmed")
    return registration


def reject_registration(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status not in (S.PENDING, S.WAITLISTED):
            raise ValidationError(_("Only a registration awaiting approval can be declined."))
        _change(registration, S.REJECTED, actor=actor, action="events.registration.reject", now=now)
        _tell(registration, "registration_rejected")
        offer_free_seats(event, actor=actor, now=now)
    return registration


def accept_offer(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Registration:
    """The person takes up the seat offered to them, before the offer lapses."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = _locked(registration)
        if registration.status != S.OFFERED:
            raise ValidationError(_("There is no seat on offer for this registration."))
        if registration.offered_until and registration.offered_until <= now:
            raise ValidationError(
                _("The offer lapsed at %(time)s; the seat went to the next person.")
                % {
                    "time": timezone.localtime(registration.offered_until).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                },
                code="lapsed",
            )
        status = S.PENDING if event.requires_approval else S.CONFIRMED
        _change(
            registration,
            status,
            actor=actor,
            action="events.registration.accept_offer",
            now=now,
            offered_until=None,
        )
        if status == S.CONFIRMED:
            _tell(registration, "registration_confirmed")
    return registration


def offer_free_seats(
    event: Event, *, actor: User | None, now: datetime.datetime
) -> list[Registration]:
    """Offer each free seat to the next person waiting whose institution still has room.
    Call with the event locked."""
    from alliance.events.services.notifications import send_offer

    seats = count_seats(event)
    free = seats.free(event)
    offered: list[Registration] = []
    held = dict(seats.by_institution)
    waiting = Registration.objects.filter(event=event, status=S.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    for registration in waiting:
        if free is not None and free <= 0:
            break
        inst = registration.institution_id or 0
        if event.quota_applies and held.get(inst, 0) >= seats.quotas.get(inst, 0):
            continue
        until = now + datetime.timedelta(hours=event.offer_hours)
        _change(
            registration,
            S.OFFERED,
            actor=actor,
            action="events.registration.offer",
            now=now,
            offered_until=until,
        )
        transaction.on_commit(partial(send_offer, registration.pk))
        offered.append(registration)
        held[inst] = held.get(inst, 0) + 1
        if free is not None:
            free -= 1
    return offered


def lapse_offers(*, now: datetime.datetime | None = None) -> int:
    """Offers past their time lapse and go to the next person. Run by the scheduler."""
    now = now or timezone.now()
    lapsed = 0
    event_ids = set(
        Registration.objects.filter(status=S.OFFERED, offered_until__lte=now).values_list(
            "event_id", flat=True
        )
    )
    for event_id in event_ids:
        with transaction.atomic():
            event = lock_event(Event(pk=event_id))
            for registration in Registration.objects.filter(
                event=event, status=S.OFFERED, offered_until__lte=now
            ):
                _change(
                    registration,
                    S.LAPSED,
                    actor=None,
                    action="events.registration.lapse",
                    now=now,
                )
                lapsed += 1
            offer_free_seats(event, actor=None, now=now)
    return lapsed


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the registration is not waiting."""
    if registration.status != S.WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = Registration.objects.filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk),
        event_id=registration.event_id,
        status=S.WAITLISTED,
    ).count()
    return ahead + 1


def set_quotas(
    event: Event, *, actor: User, seats: Iterable[tuple[Institution, int]]
) -> list[Quota]:
    """Set the delegate quota of each institution named; 0 removes it. Raising a quota may
    offer seats to people waiting."""
    now = timezone.now()
    with transaction.atomic():
        event = lock_event(event)
        before = dict(Quota.objects.filter(event=event).values_list("institution_id", "seats"))
        for institution, number in seats:
            if number <= 0:
                Quota.objects.filter(event=event, institution=institution).delete()
            else:
                Quota.objects.update_or_create(
                    event=event, institution=institution, defaults={"seats": number}
                )
        after = dict(Quota.objects.filter(event=event).values_list("institution_id", "seats"))
        record_audit(
            "events.quota.set",
            actor=actor,
            obj=event,
            before={str(k): v for k, v in before.items()},
            after={str(k): v for k, v in after.items()},
        )
        offer_free_seats(event, actor=actor, now=now)
    return list(Quota.objects.filter(event=event).select_related("institution"))


def make_codes(
    event: Event, *, actor: User, institution: Institution, count: int, note: str = ""
) -> list[DelegateCode]:
    """Codes a coordinator hands to their delegates, one each."""
    if not 1 <= count <= 200:
        raise ValidationError({"count": _("Make between 1 and 200 codes at a time.")})
    with transaction.atomic():
        codes = [
            DelegateCode.objects.create(
                event=event,
                institution=institution,
                code=_new_code(),
                note=note,
                created_by=actor,
            )
            for _n in range(count)
        ]
        record_audit(
            "events.code.create",
            actor=actor,
            obj=event,
            after={"institution": institution.pk, "count": count, "note": note},
            institution_id=institution.pk,
        )
    return codes


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _new_code() -> str:
    return "-".join("".join(secrets.choice(_CODE_ALPHABET) for _c in range(4)) for _g in range(3))
