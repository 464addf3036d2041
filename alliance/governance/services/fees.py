"""Membership fees: the yearly schedule, invoices for every current member and observer, and
payments.

Issuing the year's invoices is idempotent and safe when two people click at once: the fee
schedule rows of the year are locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite holds
the write lock from ``BEGIN IMMEDIATE``), so the second run waits, then finds the invoices made
and makes none; and one live invoice per institution per year is a database constraint, so
even without the lock no duplicate could be stored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import InvoiceStatus, MembershipCategory
from alliance.governance.models import FeeSchedule, Invoice, Payment
from alliance.members.enums import Relation
from alliance.members.models import Institution

# The race test switches this off to show what the constraint alone does; nothing else may.
ISSUE_GUARD = True

CATEGORY_OF_RELATION = {
    Relation.MEMBER: MembershipCategory.MEMBER,
    Relation.OBSERVER: MembershipCategory.OBSERVER,
}
INVOICE_FIELDS = (
    "institution",
    "year",
    "number",
    "category",
    "amount",
    "currency",
    "issued_on",
    "due_on",
    "status",
    "paid_amount",
)


def _money(value: object, field_name: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: _("Write an amount such as 12500.00.")}) from None
    if amount <= 0:
        raise ValidationError({field_name: _("The amount must be more than zero.")})
    return amount


def set_fee(*, actor: User, year: int, category: str, amount: object, currency: str) -> FeeSchedule:
    """Set (or change) the fee of a category for a year. Invoices already issued keep their
    amount; cancel and reissue one to change it."""
    amount_ = _money(amount, "amount")
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValidationError({"currency": _("Use a three-letter currency code such as USD.")})
    if category not in MembershipCategory.values:
        raise ValidationError({"category": _("Choose member or observer.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Choose a year between 2000 and 2100.")})
    with transaction.atomic():
        fee = FeeSchedule.objects.select_for_update().filter(year=year, category=category).first()
        before = snapshot(fee, ("amount", "currency")) if fee else None
        if fee is None:
            fee = FeeSchedule(year=year, category=category)
        fee.amount, fee.currency, fee.updated_at = amount_, currency, timezone.now()
        fee.save()
        record_audit(
            "governance.fee.set",
            actor=actor,
            obj=fee,
            before=before,
            after=snapshot(fee, ("year", "category", "amount", "currency")),
        )
    return fee


@dataclass
class IssueResult:
    created: list[Invoice] = field(default_factory=list)
    already: int = 0
    without_fee: list[str] = field(default_factory=list)  # institutions with no schedule


def issue_year_invoices(
    year: int,
    *,
    actor: User | None,
    due_on: datetime.date,
    issued_on: datetime.date | None = None,
) -> IssueResult:
    """Issue the year's invoice to every current member and observer that has none yet, at the
    fee of its category. Running it again makes nothing new."""
    issued_on = issued_on or timezone.localdate()
    if due_on < issued_on:
        raise ValidationError({"due_on": _("The due date is before the issue date.")})
    result = IssueResult()
    with transaction.atomic():
        schedules = FeeSchedule.objects.filter(year=year)
        if ISSUE_GUARD:
            schedules = schedules.select_for_update()
        fees = {f.category: f for f in schedules}
        if not fees:
            raise ValidationError(
                _("There is no fee schedule for %(year)d: set the fees first.") % {"year": year},
                code="no_schedule",
            )
        invoiced = set(
            Invoice.objects.filter(year=year)
            .exclude(status=InvoiceStatus.CANCELLED)
            .values_list("institution_id", flat=True)
        )
        sequence = Invoice.objects.filter(year=year).aggregate(n=Max("sequence"))["n"] or 0
        for institution in Institution.objects.filter(
            relation__in=list(CATEGORY_OF_RELATION)
        ).order_by("name", "pk"):
            if institution.pk in invoiced:
                result.already += 1
                continue
            fee = fees.get(CATEGORY_OF_RELATION[Relation(institution.relation)])
            if fee is None:
                result.without_fee.append(institution.name)
                continue
            sequence += 1
            invoice = Invoice.objects.create(
                institution=institution,
                year=year,
                sequence=sequence,
                number=f"{year}-{sequence:03d}",
                category=fee.category,
                amount=fee.amount,
                currency=fee.currency,
                issued_on=issued_on,
                due_on=due_on,
                issued_by=actor,
            )
            record_audit(
                "governance.invoice.issue",
                actor=actor,
                obj=invoice,
                after=snapshot(invoice, INVOICE_FIELDS),
                institution_id=institution.pk,
            )
            result.created.append(invoice)
    return result


def _locked(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def record_payment(
    invoice: Invoice,
    *,
    actor: User,
    paid_on: datetime.date,
    amount: object,
    reference: str = "",
) -> Payment:
    """Record a payment received. Partial payments add up; the one that completes the amount
    marks the invoice paid. More than what is still owed is refused, as is a payment on an
    invoice that is paid, waived or cancelled."""
    amount_ = _money(amount, "amount")
    with transaction.atomic():
        invoice = _locked(invoice)
        if invoice.status != InvoiceStatus.ISSUED:
            raise ValidationError(
                _("Invoice %(number)s is %(status)s; no payment can be recorded on it.")
                % {
                    "number": invoice.number,
                    "status": InvoiceStatus(invoice.status).label.lower(),
                },
                code="not_open",
            )
        if amount_ > invoice.balance:
            raise ValidationError(
                {
                    "amount": _(
                        "That is more than is still owed: %(balance)s %(currency)s. "
                        "Record the amount owed and return the rest to the member."
                    )
                    % {"balance": invoice.balance, "currency": invoice.currency}
                },
                code="overpayment",
            )
        before = snapshot(invoice, ("status", "paid_amount"))
        payment = Payment.objects.create(
            invoice=invoice,
            paid_on=paid_on,
            amount=amount_,
            reference=reference.strip(),
            recorded_by=actor,
        )
        invoice.paid_amount += amount_
        if invoice.balance == 0:
            invoice.status = InvoiceStatus.PAID
        invoice.save(update_fields=["paid_amount", "status"])
        record_audit(
            "governance.invoice.payment",
            actor=actor,
            obj=invoice,
            before=before,
            after={
                **snapshot(invoice, ("status", "paid_amount")),
                "payment": {"amount": amount_, "paid_on": paid_on, "reference": reference},
            },
            institution_id=invoice.institution_id,
        )
    return payment


def _close(invoice: Invoice, status: InvoiceStatus, *, actor: User, note: str) -> Invoice:
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write why, for the member and the auditors.")})
    with transaction.atomic():
        invoice = _locked(invoice)
        if invoice.status != InvoiceStatus.ISSUED:
            raise ValidationError(
                _("Only an invoice still open can be waived or cancelled."), code="not_open"
            )
        if status == InvoiceStatus.CANCELLED and invoice.paid_amount > 0:
            raise ValidationError(
                _("Payments are recorded on this invoice: waive the rest instead of cancelling."),
                code="has_payments",
            )
        invoice.status = status
        invoice.note = note
        invoice.save(update_fields=["status", "note"])
        record_audit(
            f"governance.invoice.{status}",
            actor=actor,
            obj=invoice,
            before={"status": InvoiceStatus.ISSUED},
            after={"status": status, "note": note},
            institution_id=invoice.institution_id,
        )
    return invoice


def waive_invoice(invoice: Invoice, *, actor: User, note: str) -> Invoice:
    """Waive what is still owed (the payments already received stay recorded)."""
    return _close(invoice, InvoiceStatus.WAIVED, actor=actor, note=note)


def cancel_invoice(invoice: Invoice, *, actor: User, note: str) -> Invoice:
    """Cancel an invoice issued in error (no payment on it); the year's issue makes a new one."""
    return _close(invoice, InvoiceStatus.CANCELLED, actor=actor, note=note)


def extend_due_date(invoice: Invoice, *, actor: User, due_on: datetime.date, note: str) -> Invoice:
    """Give a member more time: a new due date for an invoice still open."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write why, for the member and the auditors.")})
    with transaction.atomic():
        invoice = _locked(invoice)
        if invoice.status != InvoiceStatus.ISSUED:
            raise ValidationError(
                _("Only an invoice still open gets a new due date."), code="not_open"
            )
        if due_on < invoice.issued_on:
            raise ValidationError({"due_on": _("The due date is before the issue date.")})
        before = snapshot(invoice, ("due_on", "note"))
        invoice.due_on, invoice.note = due_on, note
        invoice.save(update_fields=["due_on", "note"])
        record_audit(
            "governance.invoice.extend",
            actor=actor,
            obj=invoice,
            before=before,
            after=snapshot(invoice, ("due_on", "note")),
            institution_id=invoice.institution_id,
        )
    return invoice
