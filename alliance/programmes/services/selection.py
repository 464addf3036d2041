"""Selection: the Secretariat applies the suggested selection or decides application by
application (award, reserve, reject) within the number of awards, the budget and the quotas;
the awardee accepts or declines; a decline moves the reserve list up."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.programmes.engine import selection as engine
from alliance.programmes.enums import (
    DECISIONS,
    SKIP_REASONS,
    ApplicationStatus,
    CallStatus,
)
from alliance.programmes.models import Application, Call
from alliance.programmes.queries import as_candidate, held_awards, limits_of, suggestion
from alliance.programmes.services.notifications import send_decision


def _lock_call(call: Call) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.CLOSED:
        raise ValidationError(_("Close the call before selecting."))
    return call


def _set(application: Application, *, actor: User, status: str, note: str = "") -> None:
    before = application.status
    application.status = status
    application.decided_at = timezone.now()
    application.decision_note = note
    if status == ApplicationStatus.RESERVE:
        top = Application.objects.filter(call_id=application.call_id).aggregate(
            m=Max("reserve_rank")
        )["m"]
        application.reserve_rank = (top or 0) + 1
    else:
        application.reserve_rank = None
    application.save()
    record_audit(
        "programmes.application.decide",
        actor=actor,
        obj=application,
        before={"status": before},
        after={"status": status, "note": note},
        institution_id=application.home_id,
    )
    transaction.on_commit(partial(send_decision, application.pk))


def apply_suggestion(call: Call, *, actor: User) -> dict[str, int]:
    """Award the suggested selection and put the other ranked candidates on the reserve list,
    in ranking order, each with the reason it was left out."""
    with transaction.atomic():
        call = _lock_call(call)
        suggested = suggestion(call)
        counts = {"awarded": 0, "reserve": 0}
        undecided = [r.application_id for r in suggested.rows if r.status == "submitted"]
        applications = Application.objects.select_for_update().in_bulk(undecided)
        for row in suggested.rows:
            application = applications.get(row.application_id)
            if application is None or application.status != ApplicationStatus.SUBMITTED:
                continue
            if application.pk in suggested.selected:
                _set(application, actor=actor, status=ApplicationStatus.AWARDED)
                counts["awarded"] += 1
            else:
                reason = str(SKIP_REASONS[suggested.reasons[application.pk]])
                _set(application, actor=actor, status=ApplicationStatus.RESERVE, note=reason)
                counts["reserve"] += 1
    return counts


def decide_application(
    application: Application, *, actor: User, decision: str, note: str = ""
) -> Application:
    """Award, reserve or reject one application. An award that would exceed a limit is refused
    with the limit named."""
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    with transaction.atomic():
        _lock_call(application.call)
        application = Application.objects.select_for_update().get(pk=application.pk)
        allowed = (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.RESERVE,
            ApplicationStatus.AWARDED,
            ApplicationStatus.REJECTED,
        )
        if application.status not in allowed:
            raise ValidationError(
                _("An application that is “%(status)s” cannot be decided on.")
                % {"status": application.get_status_display()}
            )
        if application.nomination_rank is None:
            raise ValidationError(_("Only nominated applications are selected."))
        if decision == application.status:
            return application
        if decision == ApplicationStatus.AWARDED:
            others = [a for a in held_awards(application.call) if a.pk != application.pk]
            reason = engine.fits(
                as_candidate(application),
                engine.taken_by([as_candidate(a) for a in others]),
                limits_of(application.call),
            )
            if reason is not None:
                raise ValidationError(
                    _("It cannot be awarded: %(reason)s.") % {"reason": SKIP_REASONS[reason]}
                )
        _set(application, actor=actor, status=decision, note=note.strip())
    return application


def respond_to_award(application: Application, *, actor: User, accept: bool) -> Application:
    """The awardee accepts or declines; a decline offers the award to the first on the reserve
    list whom the limits allow."""
    if application.applicant_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.AWARDED:
            raise ValidationError(_("There is no award to answer."))
        status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
        application.status = status
        application.responded_at = timezone.now()
        application.save()
        record_audit(
            "programmes.award.respond",
            actor=actor,
            obj=application,
            before={"status": ApplicationStatus.AWARDED},
            after={"status": status},
            institution_id=application.home_id,
        )
        if not accept:
            promote_reserve(application.call, actor=None)
    return application


def promote_reserve(call: Call, *, actor: User | None) -> Application | None:
    """Award the first application on the reserve list that fits the limits now; None when
    none does."""
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        taken = engine.taken_by([as_candidate(a) for a in held_awards(call)])
        limits = limits_of(call)
        reserve = (
            Application.objects.select_for_update()
            .filter(call=call, status=ApplicationStatus.RESERVE)
            .order_by("reserve_rank", "pk")
        )
        for application in reserve:
            if engine.fits(as_candidate(application), taken, limits) is None:
                application.reserve_rank = None
                before = ApplicationStatus.RESERVE
                application.status = ApplicationStatus.AWARDED
                application.decided_at = timezone.now()
                application.decision_note = _("Moved up from the reserve list.")
                application.save()
                record_audit(
                    "programmes.application.promote",
                    actor=actor,
                    obj=application,
                    before={"status": before},
                    after={"status": ApplicationStatus.AWARDED},
                    institution_id=application.home_id,
                )
                transaction.on_commit(partial(send_decision, application.pk))
                return application
    return None
