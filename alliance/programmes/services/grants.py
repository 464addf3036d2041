"""The grant's payment, managed by the Secretariat: requested (the award's amount by default),
approved (at most the amount requested), paid in one or more payments (never more in total than
approved), or cancelled before anything was paid. Every amount is positive and in the call's
currency."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.programmes.enums import ApplicationStatus, GrantStatus
from alliance.programmes.models import Application, Grant, GrantPayment

PAYABLE = (GrantStatus.APPROVED, GrantStatus.PARTLY_PAID)
CENT = Decimal("0.01")


def _amount(value: Any, field: str = "amount") -> Decimal:
    """``value`` as a positive amount of at most two decimals, or a clear error."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Write the amount as a number, e.g. 1500.00.")]}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: [_("The amount must be more than zero.")]})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: [_("Amounts have at most two decimals.")]})
    if amount >= Decimal("1e10"):
        raise ValidationError({field: [_("This amount is too large.")]})
    return amount


def _lock(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().select_related("application").get(pk=grant.pk)


def _audit(action: str, grant: Grant, actor: User, before: str, **after: Any) -> None:
    record_audit(
        action,
        actor=actor,
        obj=grant,
        before={"status": before},
        after={"status": grant.status, **after},
        institution_id=grant.application.home_id,
    )


def request_grant(
    application: Application, *, actor: User, amount: Decimal | str | None = None
) -> Grant:
    """Ask for the award's grant to be paid (the award's amount unless another is given). A
    cancelled request may be made again; any other is refused as a duplicate."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        )
        if application.status != ApplicationStatus.ACCEPTED:
            raise ValidationError(_("Only an accepted award's grant is paid."))
        value = _amount(amount if amount not in (None, "") else application.amount)
        grant = Grant.objects.select_for_update().filter(application=application).first()
        if grant is not None and grant.status != GrantStatus.CANCELLED:
            raise ValidationError(_("The grant's payment has been requested already."))
        before = grant.status if grant else ""
        if grant is None:
            grant = Grant(application=application)
        grant.status = GrantStatus.REQUESTED
        grant.currency = application.call.currency
        grant.requested_amount = value
        grant.requested_at = timezone.now()
        grant.requested_by = actor
        grant.approved_amount = grant.approved_at = grant.approved_by = None
        grant.cancelled_at = grant.cancelled_by = None
        grant.cancel_reason = ""
        grant.save()
        _audit("programmes.grant.request", grant, actor, before, amount=value)
    return grant


def approve_grant(grant: Grant, *, actor: User, amount: Decimal | str | None = None) -> Grant:
    """Approve the request, for the amount requested or less."""
    with transaction.atomic():
        grant = _lock(grant)
        if grant.status != GrantStatus.REQUESTED:
            raise ValidationError(
                _("A payment that is “%(status)s” cannot be approved.")
                % {"status": grant.get_status_display()}
            )
        value = _amount(amount if amount not in (None, "") else grant.requested_amount)
        if value > grant.requested_amount:
            raise ValidationError(
                {
                    "amount": [
                        _("At most the amount requested, %(amount)s %(currency)s, is approved.")
                        % {"amount": grant.requested_amount, "currency": grant.currency}
                    ]
                }
            )
        grant.status = GrantStatus.APPROVED
        grant.approved_amount = value
        grant.approved_at = timezone.now()
        grant.approved_by = actor
        grant.save()
        _audit("programmes.grant.approve", grant, actor, GrantStatus.REQUESTED, amount=value)
    return grant


def record_payment(
    grant: Grant,
    *,
    actor: User,
    amount: Decimal | str,
    paid_on: datetime.date,
    reference: str = "",
) -> GrantPayment:
    """Record a payment of an approved grant. Partial payments add up; a payment that would
    take the total above the approved amount is refused with what remains to pay."""
    value = _amount(amount)
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("A payment cannot be dated in the future.")]})
    with transaction.atomic():
        grant = _lock(grant)
        if grant.status not in PAYABLE:
            raise ValidationError(
                _("A payment that is “%(status)s” takes no payment; approve it first.")
                % {"status": grant.get_status_display()}
            )
        assert grant.approved_amount is not None  # approved
        paid = grant.paid_total
        remaining = grant.approved_amount - paid
        if value > remaining:
            raise ValidationError(
                {
                    "amount": [
                        _(
                            "This is more than remains to pay: %(remaining)s %(currency)s of "
                            "the %(approved)s %(currency)s approved."
                        )
                        % {
                            "remaining": remaining,
                            "approved": grant.approved_amount,
                            "currency": grant.currency,
                        }
                    ]
                }
            )
        payment = GrantPayment.objects.create(
            grant=grant,
            amount=value,
            paid_on=paid_on,
            reference=reference.strip()[:100],
            recorded_by=actor,
        )
        before = grant.status
        grant.status = GrantStatus.PAID if value == remaining else GrantStatus.PARTLY_PAID
        grant.save(update_fields=["status"])
        _audit(
            "programmes.grant.pay",
            grant,
            actor,
            before,
            amount=value,
            paid_on=paid_on,
            paid_total=paid + value,
        )
    return payment


def cancel_grant(grant: Grant, *, actor: User, reason: str) -> Grant:
    """Cancel a payment request or approval before anything is paid, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the payment is cancelled.")]})
    with transaction.atomic():
        grant = _lock(grant)
        if grant.status not in (GrantStatus.REQUESTED, GrantStatus.APPROVED):
            raise ValidationError(
                _("A payment that is “%(status)s” cannot be cancelled.")
                % {"status": grant.get_status_display()}
            )
        before = grant.status
        grant.status = GrantStatus.CANCELLED
        grant.cancelled_at = timezone.now()
        grant.cancelled_by = actor
        grant.cancel_reason = reason
        grant.save()
        _audit("programmes.grant.cancel", grant, actor, before, reason=reason)
    return grant
