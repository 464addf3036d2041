"""Writes to people and their positions at institutions.

Rules the services keep (the database keeps the first one too):

- A position ends on or after the day it starts. Both dates are inclusive: a position with
  ``end`` 30 June is still held on 30 June.
- One person holds one kind of position at one institution at most once at a time: two such
  positions of the same person may not share a day.
- An institution has one chief executive at a time: two chief-executive positions at the same
  institution may not share a day, whoever holds them. To record a successor, first end the
  predecessor's position (on the day before the successor starts), then start the successor's.
  Earlier chief executives can be added to the history at any time as long as their dates do not
  overlap. Acting heads are recorded with another kind (for example a contact titled "Acting
  President").

Every write takes the institution's row lock first, so two people recording a chief executive
at the same moment cannot both succeed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position

PERSON_FIELDS = ("full_name", "native_name", "email", "phone")
POSITION_FIELDS = ("person", "institution", "kind", "title", "start", "end")
SINGLE_HOLDER_KINDS = frozenset({PositionKind.CHIEF_EXECUTIVE})
"""Kinds of position that only one person holds at a time at an institution."""


def _clean_person(person: Person) -> None:
    """Field validation (required name, e-mail format, lengths) with Django's own messages."""
    person.full_name = person.full_name.strip()
    person.native_name = person.native_name.strip()
    person.email = person.email.strip()
    person.phone = person.phone.strip()
    person.full_clean(exclude=["user"], validate_unique=False)


def create_person(
    *,
    actor: User | None,
    full_name: str,
    native_name: str = "",
    email: str = "",
    phone: str = "",
    is_demo: bool = False,
    institution: Institution | None = None,
) -> Person:
    """Record a person. Names are kept exactly as typed (surrounding spaces aside), in any
    script. ``institution``, when given, is the one the audit row is filed under (the
    institution the person was recorded for)."""
    with transaction.atomic():
        person = Person(
            full_name=full_name,
            native_name=native_name,
            email=email,
            phone=phone,
            is_demo=is_demo,
        )
        _clean_person(person)
        person.save()
        record_audit(
            "members.person.create",
            actor=actor,
            obj=person,
            after=snapshot(person, (*PERSON_FIELDS, "is_demo")),
            institution_id=institution.pk if institution is not None else None,
        )
    return person


def update_person(
    person: Person,
    *,
    actor: User | None,
    data: dict[str, Any],
    institution: Institution | None = None,
) -> Person:
    """Change the given fields of a person; audit only what changed. The audit row is filed
    under ``institution`` when given, else under the institution of the person's latest
    position."""
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(person, PERSON_FIELDS)
        for field, value in data.items():
            setattr(person, field, value)
        _clean_person(person)
        after = snapshot(person, PERSON_FIELDS)
        if before == after:
            return person
        person.save(update_fields=list(PERSON_FIELDS))
        if institution is None:
            latest = person.positions.order_by("-start", "-pk").first()
            institution_id = latest.institution_id if latest is not None else None
        else:
            institution_id = institution.pk
        record_audit(
            "members.person.update",
            actor=actor,
            obj=person,
            before={k: v for k, v in before.items() if v != after[k]},
            after={k: v for k, v in after.items() if v != before[k]},
            institution_id=institution_id,
        )
    return person


def start_position(
    person: Person,
    *,
    actor: User | None,
    institution: Institution,
    kind: PositionKind | str,
    title: str = "",
    start: datetime.date,
    end: datetime.date | None = None,
) -> Position:
    """Give a person a position at an institution from ``start`` (and, for a position already
    over, until ``end``). Refused when it would overlap the same person's same position there,
    or another chief executive's term."""
    kind = PositionKind(kind)
    with transaction.atomic():
        _lock(institution.pk)
        position = Position(
            person=person,
            institution=institution,
            kind=kind,
            title=title.strip(),
            start=start,
            end=end,
        )
        _check_dates(position, field="end")
        _check_overlaps(position, field=NON_FIELD_ERRORS)
        position.save()
        record_audit(
            "members.position.start",
            actor=actor,
            obj=position,
            after=snapshot(position, POSITION_FIELDS),
            institution_id=position.institution_id,
        )
    return position


def end_position(position: Position, *, actor: User | None, end: datetime.date) -> Position:
    """Record the last day of a position. An end date already recorded may be corrected."""
    with transaction.atomic():
        _lock(position.institution_id)
        position = Position.objects.select_related("person", "institution").get(pk=position.pk)
        before = position.end
        if before == end:
            return position
        position.end = end
        _check_dates(position, field="end")
        _check_overlaps(position, field="end")
        position.save(update_fields=["end"])
        record_audit(
            "members.position.end",
            actor=actor,
            obj=position,
            before={"end": before},
            after={"end": end},
            institution_id=position.institution_id,
        )
    return position


def add_contact(
    institution: Institution,
    *,
    actor: User | None,
    person: dict[str, Any],
    kind: PositionKind | str,
    title: str = "",
    start: datetime.date,
) -> Position:
    """Record a new person and their position at the institution, both or neither."""
    unknown = set(person) - set(PERSON_FIELDS) - {"is_demo"}
    if unknown:
        raise TypeError(f"Unknown person fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        new_person = create_person(actor=actor, institution=institution, **person)
        return start_position(
            new_person, actor=actor, institution=institution, kind=kind, title=title, start=start
        )


def _lock(institution_id: int) -> None:
    """Take the institution's row lock: position writes at one institution run one at a time."""
    Institution.objects.select_for_update().values_list("pk", flat=True).get(pk=institution_id)


def _check_dates(position: Position, *, field: str) -> None:
    if position.end is not None and position.end < position.start:
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "The end date (%(end)s) is before the start date (%(start)s). "
                        "Choose an end date on or after %(start)s."
                    ),
                    code="end_before_start",
                    params={"end": position.end, "start": position.start},
                )
            }
        )


def _overlapping(position: Position) -> Q:
    """Positions sharing at least one day with ``position`` (end dates inclusive)."""
    q = Q(end__isnull=True) | Q(end__gte=position.start)
    if position.end is not None:
        q &= Q(start__lte=position.end)
    return q


def _check_overlaps(position: Position, *, field: str) -> None:
    others = (
        Position.objects.filter(_overlapping(position))
        .filter(institution_id=position.institution_id, kind=position.kind)
        .exclude(pk=position.pk)
        .select_related("person", "institution")
        .order_by("start")
    )
    same_person = others.filter(person_id=position.person_id).first()
    if same_person is not None:
        raise ValidationError({field: _overlap_error(same_person, same_person=True)})
    if position.kind in SINGLE_HOLDER_KINDS:
        holder = others.first()
        if holder is not None:
            raise ValidationError({field: _overlap_error(holder, same_person=False)})


def _overlap_error(existing: Position, *, same_person: bool) -> ValidationError:
    params = {
        "name": existing.person.full_name,
        "position": existing.get_kind_display(),
        "institution": existing.institution.name,
        "start": existing.start,
        "end": existing.end,
    }
    if same_person:
        if existing.end is None:
            message = _(
                "%(name)s already holds the position %(position)s at %(institution)s since "
                "%(start)s. End that position first, or change this one's dates so they do "
                "not overlap."
            )
        else:
            message = _(
                "%(name)s already held the position %(position)s at %(institution)s from "
                "%(start)s until %(end)s. Change the dates so the two do not overlap."
            )
        return ValidationError(message, code="overlapping_position", params=params)
    if existing.end is None:
        message = _(
            "%(institution)s has one chief executive at a time, and %(name)s holds that "
            "position since %(start)s. End %(name)s's position first (on the day before the "
            "new one starts), then record the new chief executive."
        )
    else:
        message = _(
            "%(institution)s has one chief executive at a time, and %(name)s held that "
            "position from %(start)s until %(end)s. Choose dates that do not overlap that "
            "term."
        )
    return ValidationError(message, code="second_chief_executive", params=params)


def erase_personal_data(user: User, *, actor: User | None) -> dict[str, int]:
    """For an erased account: the directory entry linked to it loses its contact details and
    its link to the account. The name and the positions held stay: who led a member, and when,
    is part of the alliance's public record."""
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(user=user).first()
        if person is None:
            return {"directory_entries": 0}
        before = snapshot(person, ["email", "phone", "user_id"])
        person.email = ""
        person.phone = ""
        person.user = None
        person.save(update_fields=["email", "phone", "user"])
        record_audit(
            "members.person.erase_contact",
            actor=actor,
            obj=person,
            before={k: bool(v) for k, v in before.items()},
            after={"email": False, "phone": False, "user_id": False},
        )
    return {"directory_entries": 1}
