"""Bodies, seats and offices. The Secretariat makes them; on the Board a member holds one seat
at a time, which ``add_seat`` checks under a lock on the body, so two clerks adding a seat for
the same member at once cannot both succeed."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.models import Body, Office, Seat
from alliance.members.models import Institution, Person

SEAT_FIELDS = ("body", "institution", "holder", "alternate", "weight", "start", "end")
OFFICE_FIELDS = ("body", "kind", "person", "start", "end")


def create_body(*, actor: User | None, kind: str, name: str, description: str = "") -> Body:
    """Make a body. Refuses a name already used by another body."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the body a name.")})
    with transaction.atomic():
        if Body.objects.filter(name__iexact=name).exists():
            raise ValidationError(
                {"name": _("Another body is already called %(name)s.") % {"name": name}}
            )
        body = Body.objects.create(kind=kind, name=name, description=description)
        record_audit(
            "governance.body.create",
            actor=actor,
            obj=body,
            after=snapshot(body, ["kind", "name", "description"]),
        )
    return body


def update_body(body: Body, *, actor: User | None, name: str, description: str = "") -> Body:
    """Rename a body or change its description (its kind stays)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the body a name.")})
    with transaction.atomic():
        body = Body.objects.select_for_update().get(pk=body.pk)
        if Body.objects.filter(name__iexact=name).exclude(pk=body.pk).exists():
            raise ValidationError(
                {"name": _("Another body is already called %(name)s.") % {"name": name}}
            )
        before = snapshot(body, ["name", "description"])
        body.name, body.description = name, description
        after = snapshot(body, ["name", "description"])
        if before != after:
            body.save()
            record_audit(
                "governance.body.update", actor=actor, obj=body, before=before, after=after
            )
    return body


def _overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Rows whose [start, end] meets [start, end] (open ends run forever)."""
    q = Q(end__isnull=True) | Q(end__gte=start)
    if end is not None:
        q &= Q(start__lte=end)
    return q


def _works_at(person: Person, institution: Institution) -> bool:
    """Whether the person holds or held a position at the institution."""
    return person.positions.filter(institution=institution).exists()


def add_seat(
    body: Body,
    *,
    actor: User | None,
    institution: Institution,
    holder: Person,
    alternate: Person | None = None,
    weight: int = 1,
    start: datetime.date,
    end: datetime.date | None = None,
) -> Seat:
    """Give ``institution`` a seat on ``body`` held by ``holder`` (with ``alternate``).
    Refuses, listing every problem: an end before the start, a holder or alternate who holds
    no position at the institution, the same person as holder and alternate, a weight below 1,
    and on the Board a second seat of the same member over the same dates."""
    problems: dict[str, list[str]] = {}
    if end is not None and end < start:
        problems.setdefault("end", []).append(_("The seat ends before it starts."))
    if weight < 1:
        problems.setdefault("weight", []).append(_("A vote weighs at least 1."))
    if not _works_at(holder, institution):
        problems.setdefault("holder", []).append(
            _("%(person)s holds no position at %(inst)s.") % {"person": holder, "inst": institution}
        )
    if alternate is not None:
        if alternate.pk == holder.pk:
            problems.setdefault("alternate", []).append(
                _("The alternate must be someone other than the holder.")
            )
        elif not _works_at(alternate, institution):
            problems.setdefault("alternate", []).append(
                _("%(person)s holds no position at %(inst)s.")
                % {"person": alternate, "inst": institution}
            )
    with transaction.atomic():
        body = Body.objects.select_for_update().get(pk=body.pk)
        if body.one_seat_per_member:
            clash = (
                Seat.objects.filter(_overlapping(start, end), body=body, institution=institution)
                .order_by("start")
                .first()
            )
            if clash is not None:
                problems.setdefault("institution", []).append(
                    _(
                        "%(inst)s already holds a seat on %(body)s from %(start)s; "
                        "end that seat first."
                    )
                    % {"inst": institution, "body": body, "start": clash.start.isoformat()}
                )
        if problems:
            raise ValidationError(problems)
        seat = Seat.objects.create(
            body=body,
            institution=institution,
            holder=holder,
            alternate=alternate,
            weight=weight,
            start=start,
            end=end,
        )
        record_audit(
            "governance.seat.add",
            actor=actor,
            obj=seat,
            after=snapshot(seat, SEAT_FIELDS),
            institution_id=institution.pk,
        )
    return seat


def end_seat(seat: Seat, *, actor: User | None, end: datetime.date) -> Seat:
    """End a seat on ``end`` (inclusive). Refuses an end before its start."""
    with transaction.atomic():
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        if end < seat.start:
            raise ValidationError({"end": _("The seat ends before it starts.")})
        before = snapshot(seat, ["end"])
        seat.end = end
        seat.save(update_fields=["end"])
        record_audit(
            "governance.seat.end",
            actor=actor,
            obj=seat,
            before=before,
            after=snapshot(seat, ["end"]),
            institution_id=seat.institution_id,
        )
    return seat


def add_office(
    body: Body,
    *,
    actor: User | None,
    kind: str,
    person: Person,
    start: datetime.date,
    end: datetime.date | None = None,
) -> Office:
    """``person`` holds office ``kind`` of ``body``. Refuses an end before the start and a
    second holder of the same office over the same dates."""
    problems: dict[str, list[str]] = {}
    if end is not None and end < start:
        problems.setdefault("end", []).append(_("The office ends before it starts."))
    with transaction.atomic():
        body = Body.objects.select_for_update().get(pk=body.pk)
        clash = Office.objects.filter(_overlapping(start, end), body=body, kind=kind).first()
        if clash is not None:
            problems.setdefault("kind", []).append(
                _("%(person)s holds this office from %(start)s; end that term first.")
                % {"person": clash.person, "start": clash.start.isoformat()}
            )
        if problems:
            raise ValidationError(problems)
        office = Office.objects.create(body=body, kind=kind, person=person, start=start, end=end)
        record_audit(
            "governance.office.add", actor=actor, obj=office, after=snapshot(office, OFFICE_FIELDS)
        )
    return office


def end_office(office: Office, *, actor: User | None, end: datetime.date) -> Office:
    """End a term of office on ``end`` (inclusive)."""
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        if end < office.start:
            raise ValidationError({"end": _("The office ends before it starts.")})
        before = snapshot(office, ["end"])
        office.end = end
        office.save(update_fields=["end"])
        record_audit(
            "governance.office.end",
            actor=actor,
            obj=office,
            before=before,
            after=snapshot(office, ["end"]),
        )
    return office
