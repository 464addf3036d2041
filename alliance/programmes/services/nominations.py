"""Nominations: the coordinator of an applicant's home (or the Secretariat) nominates the
home's submitted applications and orders them, best first, within the home's quota. Only
nominated applications are reviewed and selected."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.programmes.enums import ApplicationStatus, QuotaSide
from alliance.programmes.models import Application, CallQuota


def _home_ranked(application: Application) -> list[Application]:
    return list(
        Application.objects.select_for_update()
        .filter(
            call_id=application.call_id, home_id=application.home_id, nomination_rank__isnull=False
        )
        .order_by("nomination_rank")
    )


def nominate(application: Application, *, actor: User) -> Application:
    """Put a submitted application last in its home's nomination ranking, if the home's quota
    leaves room."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted application can be nominated."))
        if application.nomination_rank is not None:
            raise ValidationError(_("This application is nominated already."))
        ranked = _home_ranked(application)
        quota = CallQuota.objects.filter(
            call_id=application.call_id, institution=application.home, side=QuotaSide.HOME
        ).first()
        if quota is not None and len(ranked) >= quota.places:
            raise ValidationError(
                _("Your institution's quota is %(n)d; take a candidate off the list first.")
                % {"n": quota.places}
            )
        top = max((a.nomination_rank or 0 for a in ranked), default=0)
        application.nomination_rank = top + 1
        application.save(update_fields=["nomination_rank"])
        record_audit(
            "programmes.nomination.add",
            actor=actor,
            obj=application,
            after={"nomination_rank": application.nomination_rank},
            institution_id=application.home_id,
        )
    return application


def move_nomination(application: Application, *, actor: User, offset: int) -> Application:
    """Move a nominated application ``offset`` places (-1: up, 1: down)."""
    with transaction.atomic():
        ranked = _home_ranked(application)
        ids = [a.pk for a in ranked]
        if application.pk not in ids:
            raise ValidationError(_("This application is not nominated."))
        index = ids.index(application.pk)
        other = index + offset
        if not 0 <= other < len(ranked):
            raise ValidationError(_("It cannot move further."))
        a, b = ranked[index], ranked[other]
        rank_a, rank_b = a.nomination_rank, b.nomination_rank
        a.nomination_rank = None
        a.save(update_fields=["nomination_rank"])
        b.nomination_rank = rank_a
        b.save(update_fields=["nomination_rank"])
        a.nomination_rank = rank_b
        a.save(update_fields=["nomination_rank"])
        record_audit(
            "programmes.nomination.move",
            actor=actor,
            obj=a,
            before={"nomination_rank": rank_a},
            after={"nomination_rank": rank_b},
            institution_id=a.home_id,
        )
    return a


def drop_nomination(application: Application, *, actor: User) -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED or application.nomination_rank is None:
            raise ValidationError(_("This application is not nominated."))
        before = application.nomination_rank
        drop_from_ranking(application)
        application.save(update_fields=["nomination_rank"])
        record_audit(
            "programmes.nomination.drop",
            actor=actor,
            obj=application,
            before={"nomination_rank": before},
            after={"nomination_rank": None},
            institution_id=application.home_id,
        )
    return application


def drop_from_ranking(application: Application) -> None:
    """Take ``application`` (locked by the caller, saved by the caller) out of its home's
    ranking and close the gap. Part of a larger change: no audit row of its own."""
    rank = application.nomination_rank
    if rank is None:
        return
    application.nomination_rank = None
    Application.objects.filter(pk=application.pk).update(nomination_rank=None)
    later = Application.objects.filter(
        call_id=application.call_id, home_id=application.home_id, nomination_rank__gt=rank
    ).order_by("nomination_rank")
    for other in later:
        Application.objects.filter(pk=other.pk).update(nomination_rank=F("nomination_rank") - 1)


__all__ = ["drop_from_ranking", "drop_nomination", "move_nomination", "nominate"]
