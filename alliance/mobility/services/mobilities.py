"""Mobility records, from the accepted place to the departure: the nomination to the host, a
declined place offered again, planned and actual dates, cancellation, and the learning agreement
(courses at the host, signed by the student, the home and the host on one fingerprint; any change
of courses needs all three signatures again)."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.mobility import engine
from alliance.mobility.enums import MobilityStatus, PlacementResponse, Signatory
from alliance.mobility.models import (
    LearningAgreementCourse,
    LearningAgreementSignature,
    Mobility,
    Placement,
)
from alliance.mobility.rules import sides_of
from alliance.mobility.services.notifications import send_offer

DATE_FIELDS = ("planned_arrival", "planned_departure", "arrived_on", "departed_on")
ACTUAL_DATES = ("arrived_on", "departed_on")


# --- nomination and re-offer (called by services.runs when a student answers) -----------------


def nominate(placement: Placement, *, actor: User) -> Mobility:
    """The accepted place becomes a mobility record: the student is nominated to the host.
    Runs inside the caller's transaction."""
    application = placement.application
    mobility = Mobility.objects.create(
        placement=placement,
        round_id=application.round_id,
        student_id=application.student_id,
        home_id=application.home_id,
        host_id=placement.host_id,
        academic_year=application.round.academic_year,
    )
    record_audit(
        "mobility.mobility.nominate",
        actor=actor,
        obj=mobility,
        after={"home": mobility.home_id, "host": mobility.host_id, "year": mobility.academic_year},
        institution_id=mobility.host_id,
    )
    return mobility


def reoffer_place(declined: Placement, *, actor: User) -> Placement | None:
    """Offer a declined place to the next student ``engine.next_offer`` names (same home first,
    within the round's balance bounds), or to nobody. Runs inside the caller's transaction; the
    new student is told by e-mail once it commits."""
    run = declined.run
    placements = list(
        run.placements.select_related("host").only("application_id", "host__slug", "response")
    )
    assignment: dict[str, str | None] = {s["id"]: None for s in run.input["students"]}
    passed_over = set()
    for p in placements:
        if p.response == PlacementResponse.DECLINED:
            passed_over.add(str(p.application_id))
        else:
            assignment[str(p.application_id)] = p.host.slug
    instance = engine.instance_from_json(run.input)
    chosen = engine.next_offer(
        instance,
        assignment,
        host=declined.host.slug,
        declined_by=str(declined.application_id),
        passed_over=passed_over,
    )
    if chosen is None:
        record_audit(
            "mobility.placement.not_reoffered",
            actor=actor,
            obj=declined,
            after={"host": declined.host_id},
            institution_id=declined.host_id,
        )
        return None
    offer = Placement.objects.create(
        run=run, application_id=int(chosen), host=declined.host, offered_after=declined
    )
    record_audit(
        "mobility.placement.reoffer",
        actor=actor,
        obj=offer,
        after={"host": offer.host_id, "application": offer.application_id, "after": declined.pk},
        institution_id=offer.host_id,
    )
    transaction.on_commit(partial(send_offer, offer.pk))
    return offer


# --- dates and status ----------------------------------------------------------------------------


def _locked(mobility: Mobility) -> Mobility:
    return Mobility.objects.select_for_update().get(pk=mobility.pk)


def set_mobility_dates(
    mobility: Mobility, *, actor: User, dates: Mapping[str, datetime.date | None]
) -> Mobility:
    """Planned dates by the home or host coordinator; actual arrival and departure by the host
    coordinator. An arrival makes the student "at the host", a departure completes the
    mobility. The Secretariat may set any of them."""
    sides = sides_of(actor, mobility)
    changed = {f: dates[f] for f in DATE_FIELDS if f in dates}
    if not sides & {Signatory.HOME, Signatory.HOST, "secretariat"}:
        raise ValidationError(_("Only the home or host coordinators and the Secretariat date it."))
    if any(f in changed for f in ACTUAL_DATES) and not sides & {Signatory.HOST, "secretariat"}:
        raise ValidationError(_("Only the host records arrival and departure."))
    with transaction.atomic():
        mobility = _locked(mobility)
        if mobility.status == MobilityStatus.CANCELLED:
            raise ValidationError(_("This mobility is cancelled."))
        before = snapshot(mobility, [*DATE_FIELDS, "status"])
        for field, value in changed.items():
            setattr(mobility, field, value)
        _check_dates(mobility)
        mobility.status = (
            MobilityStatus.COMPLETED
            if mobility.departed_on
            else MobilityStatus.ARRIVED
            if mobility.arrived_on
            else MobilityStatus.NOMINATED
        )
        mobility.save(update_fields=[*DATE_FIELDS, "status"])
        record_audit(
            "mobility.mobility.dates",
            actor=actor,
            obj=mobility,
            before=before,
            after=snapshot(mobility, [*DATE_FIELDS, "status"]),
            institution_id=mobility.host_id,
        )
    return mobility


def _check_dates(mobility: Mobility) -> None:
    problems: dict[str, list[str]] = {}
    if (
        mobility.planned_arrival
        and mobility.planned_departure
        and mobility.planned_departure < mobility.planned_arrival
    ):
        problems["planned_departure"] = [_("The planned departure comes before the arrival.")]
    if mobility.departed_on and not mobility.arrived_on:
        problems["departed_on"] = [_("Record the arrival before the departure.")]
    elif (
        mobility.departed_on and mobility.arrived_on and mobility.departed_on < mobility.arrived_on
    ):
        problems["departed_on"] = [_("The departure comes before the arrival.")]
    if mobility.arrived_on and mobility.arrived_on > timezone.localdate():
        problems["arrived_on"] = [_("An arrival is recorded once it has happened.")]
    if mobility.departed_on and mobility.departed_on > timezone.localdate():
        problems["departed_on"] = [_("A departure is recorded once it has happened.")]
    if problems:
        raise ValidationError(problems)


def cancel_mobility(mobility: Mobility, *, actor: User, reason: str) -> Mobility:
    """The home coordinator or the Secretariat cancels a mobility that has not started; it then
    leaves the balance ledger."""
    if not sides_of(actor, mobility) & {Signatory.HOME, "secretariat"}:
        raise ValidationError(_("Only the home coordinator or the Secretariat cancels it."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why it is cancelled.")]})
    with transaction.atomic():
        mobility = _locked(mobility)
        if mobility.status != MobilityStatus.NOMINATED:
            raise ValidationError(_("Only a mobility that has not started can be cancelled."))
        mobility.status = MobilityStatus.CANCELLED
        mobility.save(update_fields=["status"])
        record_audit(
            "mobility.mobility.cancel",
            actor=actor,
            obj=mobility,
            before={"status": MobilityStatus.NOMINATED},
            after={"status": MobilityStatus.CANCELLED, "reason": reason.strip()},
            institution_id=mobility.home_id,
        )
    return mobility


# --- learning agreement --------------------------------------------------------------------------


def learning_agreement_fingerprint(courses: Sequence[Mapping[str, Any]]) -> str:
    """SHA-256 of the courses in a fixed form (order kept: it is the order on the agreement)."""
    content = [
        {
            "code": c.get("code", ""),
            "title": c["title"],
            "credits": str(Decimal(c["credits"]).normalize()),
            "term": c.get("term", ""),
        }
        for c in courses
    ]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def set_learning_agreement(
    mobility: Mobility, *, actor: User, courses: Sequence[Mapping[str, Any]]
) -> Mobility:
    """Replace the courses. A new content gives a new fingerprint, so every earlier signature
    stops counting and all three sign again."""
    if not sides_of(actor, mobility) & {Signatory.STUDENT, Signatory.HOME, Signatory.HOST}:
        raise ValidationError(_("Only the student and the two coordinators change it."))
    if not courses:
        raise ValidationError({"courses": [_("List at least one course.")]})
    with transaction.atomic():
        mobility = _locked(mobility)
        if mobility.status in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED):
            raise ValidationError(_("The mobility is over; its learning agreement is closed."))
        before = mobility.learning_agreement_fingerprint
        after = learning_agreement_fingerprint(courses)
        if after == before:
            return mobility
        mobility.courses.all().delete()
        LearningAgreementCourse.objects.bulk_create(
            LearningAgreementCourse(
                mobility=mobility,
                position=n,
                code=c.get("code", ""),
                title=c["title"],
                credits=c["credits"],
                term=c.get("term", ""),
            )
            for n, c in enumerate(courses, start=1)
        )
        mobility.learning_agreement_fingerprint = after
        mobility.save(update_fields=["learning_agreement_fingerprint"])
        record_audit(
            "mobility.learning_agreement.change",
            actor=actor,
            obj=mobility,
            before={"fingerprint": before},
            after={"fingerprint": after, "courses": len(courses)},
            institution_id=mobility.home_id,
        )
    return mobility


def sign_learning_agreement(
    mobility: Mobility, *, actor: User, party: str, fingerprint: str
) -> LearningAgreementSignature:
    """Sign the content the signer was shown (``fingerprint``) for one's side: the student for
    themself, a coordinator for the home or the host."""
    if party not in sides_of(actor, mobility) or party not in Signatory.values:
        raise ValidationError(_("You cannot sign for that side."))
    with transaction.atomic():
        mobility = _locked(mobility)
        if not mobility.learning_agreement_fingerprint:
            raise ValidationError(_("There is nothing to sign yet: list the courses first."))
        if mobility.status in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED):
            raise ValidationError(_("The mobility is over; its learning agreement is closed."))
        if fingerprint != mobility.learning_agreement_fingerprint:
            raise ValidationError(
                _("The courses changed since you opened the page. Read them again, then sign.")
            )
        signature, _created = LearningAgreementSignature.objects.update_or_create(
            mobility=mobility,
            party=party,
            defaults={"fingerprint": fingerprint, "signed_by": actor, "signed_at": timezone.now()},
        )
        record_audit(
            "mobility.learning_agreement.sign",
            actor=actor,
            obj=mobility,
            after={"party": party, "fingerprint": fingerprint},
            institution_id=mobility.host_id if party == Signatory.HOST else mobility.home_id,
        )
    return signature
