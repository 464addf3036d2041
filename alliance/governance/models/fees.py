"""Yearly membership fees: the schedule per category, invoices per institution per year, and
the payments received. Written only by ``governance.services.fees``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import InvoiceStatus, MembershipCategory


class FeeSchedule(models.Model):
    """The fee a member or an observer owes for ``year``."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=12, choices=MembershipCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category"], name="governance_one_fee_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="governance_fee_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}: {self.amount} {self.currency}"


class Invoice(models.Model):
    """The fee invoice of one institution for one year, numbered "2027-004" (unique per year).
    One live (not cancelled) invoice per institution per year: a database constraint, so two
    clicks on "issue the year's invoices" at once cannot make two."""

    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="fee_invoices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("number"), max_length=16, unique=True)
    category = models.CharField(_("category"), max_length=12, choices=MembershipCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    paid_amount = models.DecimalField(
        _("paid"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                condition=~models.Q(status="cancelled"),
                name="governance_one_invoice_per_member_year",
            ),
            models.UniqueConstraint(
                fields=["year", "sequence"], name="governance_invoice_sequence_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="governance_invoice_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(paid_amount__gte=0)
                & models.Q(paid_amount__lte=models.F("amount")),
                name="governance_invoice_not_overpaid",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("issued_on")),
                name="governance_invoice_due_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid_amount

    def status_on(self, day: datetime.date) -> str:
        """The stored status, or "overdue" for an issued invoice still owed after its due date."""
        if self.status == InvoiceStatus.ISSUED and self.due_on < day and self.balance > 0:
            return InvoiceStatus.OVERDUE
        return self.status

    @property
    def current_status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_current_status_display(self) -> str:
        return str(InvoiceStatus(self.current_status).label)


class Payment(models.Model):
    """A payment received against an invoice; partial payments add up to the amount."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["invoice", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="governance_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.amount}"
