"""After the activity: the awardee's report, the host's review, the reminders sent about both,
the certificate, and the grant's payment. States change only through
``programmes.services.outcomes`` and ``programmes.services.grants``."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.programmes.enums import (
    GrantStatus,
    ObjectivesMet,
    ReminderMoment,
    ReminderSubject,
    ReportStatus,
)


class ActivityReport(models.Model):
    """The awardee's account of the activity (the visit summary): the actual dates, what was
    done and what came of it, with attachments. The Secretariat accepts it or sends it back
    with a reason."""

    application = models.OneToOneField(
        "programmes.Application", on_delete=models.CASCADE, related_name="report"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    actual_starts_on = models.DateField(_("first day of the activity"), null=True, blank=True)
    actual_ends_on = models.DateField(_("last day of the activity"), null=True, blank=True)
    summary = models.TextField(_("what was done"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    return_reason = models.TextField(_("why it was sent back"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["application"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actual_starts_on__isnull=True)
                | models.Q(actual_ends_on__isnull=True)
                | models.Q(actual_ends_on__gte=models.F("actual_starts_on")),
                name="programmes_report_dates_ordered",
            )
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"


def _report_upload_to(instance: ReportAttachment, filename: str) -> str:
    return f"programmes/reports/{instance.report.application_id}/{filename}"


class ReportAttachment(models.Model):
    """A file attached to a report (photos, a programme, slides as PDF), accepted by its
    content, kept in the private storage."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=_report_upload_to)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class HostReview(models.Model):
    """The host's review of the visit, asked of the host professor or office by an e-mailed
    link (no account needed; a host who has an account finds it on their page too). Only the
    SHA-256 of the link's secret is stored; a reminder sends a new link."""

    application = models.OneToOneField(
        "programmes.Application", on_delete=models.CASCADE, related_name="host_review"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    secret_hash = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    objectives_met = models.CharField(
        _("were the visit's objectives met?"),
        max_length=8,
        choices=ObjectivesMet.choices,
        blank=True,
    )
    contribution = models.TextField(_("what the visitor contributed"), blank=True)
    would_host_again = models.BooleanField(_("would you host them again?"), null=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("host's review")
        verbose_name_plural = _("hosts' reviews")
        ordering = ["application"]
        indexes = [models.Index(fields=["email", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.application_id}"


class OutcomeReminder(models.Model):
    """A reminder sent about an award's report or host review; one per moment, so that the
    daily run never sends the same reminder twice."""

    application = models.ForeignKey(
        "programmes.Application", on_delete=models.CASCADE, related_name="outcome_reminders"
    )
    subject = models.CharField(max_length=12, choices=ReminderSubject.choices)
    moment = models.CharField(max_length=12, choices=ReminderMoment.choices)
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "subject", "moment"], name="programmes_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.moment} → {self.email}"


class Certificate(models.Model):
    """The certificate of an activity, issued when its report is accepted. What it certifies is
    copied here when it is issued, so that the verification page always says what was printed."""

    application = models.OneToOneField(
        "programmes.Application", on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    holder_name = models.CharField(max_length=200)
    programme_name = models.CharField(max_length=160)
    host_name = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self) -> str:
        return self.code


class Grant(models.Model):
    """The payment of an award's grant: requested, approved (an amount), paid in one or more
    payments (never more in total than approved), or cancelled before anything was paid."""

    application = models.OneToOneField(
        "programmes.Application", on_delete=models.CASCADE, related_name="grant"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.REQUESTED
    )
    currency = models.CharField(_("currency"), max_length=3)
    requested_amount = models.DecimalField(_("amount requested"), max_digits=12, decimal_places=2)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_amount = models.DecimalField(
        _("amount approved"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("grant payment")
        verbose_name_plural = _("grant payments")
        ordering = ["application"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gt=0),
                name="programmes_grant_requested_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_amount__isnull=True) | models.Q(approved_amount__gt=0),
                name="programmes_grant_approved_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_status_display()}"

    @property
    def paid_total(self) -> Decimal:
        """The sum of the payments (prefetched ``payments`` are used when there)."""
        return sum((p.amount for p in self.payments.all()), Decimal(0))


class GrantPayment(models.Model):
    """One payment of a grant: its amount, the day it was paid and the bank's reference."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grant", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="programmes_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.paid_on})"
