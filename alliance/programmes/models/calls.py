from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.programmes.enums import CallStatus, ProgrammeKind, QuestionKind, QuotaSide


class Programme(models.Model):
    """A programme of the alliance (the Scholars Award, the Staff Exchange, ...): its calls
    come once a cycle."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Call(models.Model):
    """A programme's call for one cycle: when it is open (stored in UTC, shown in its own time
    zone), who may apply, what they answer and upload, and the limits of the selection (awards,
    budget, quotas). Its status changes only through ``programmes.services.calls``."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    cycle = models.CharField(_("cycle"), max_length=9, help_text=_("e.g. 2027-2028"))
    status = models.CharField(
        _("status"), max_length=8, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    activity_from = models.DateField(_("activities from"))
    activity_until = models.DateField(_("activities until"))
    eligible_categories = models.JSONField(_("who may apply"), default=list)
    min_working_days = models.PositiveSmallIntegerField(_("minimum working days"), default=0)
    needs_home_approval = models.BooleanField(_("home head's approval required"), default=True)
    needs_host_acceptance = models.BooleanField(_("host's acceptance required"), default=True)
    awards = models.PositiveIntegerField(_("number of awards"))
    grant = models.DecimalField(_("grant per award"), max_digits=12, decimal_places=2)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    anonymised_review = models.BooleanField(_("anonymised review"), default=False)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2
    )
    # After the activity (models/outcomes.py): the report and the host's review are due this
    # many days after the activity's last day.
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the activity)"), default=30
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-cycle", "programme__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "cycle"], name="programmes_call_once"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="programmes_call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(activity_until__gte=models.F("activity_from")),
                name="programmes_call_cycle_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.cycle}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def opens_local(self) -> datetime.datetime:
        return self.opens_at.astimezone(self.zone)

    @property
    def closes_local(self) -> datetime.datetime:
        return self.closes_at.astimezone(self.zone)

    def accepts_at(self, moment: datetime.datetime) -> bool:
        """Open, and ``moment`` between its opening (included) and closing (excluded)."""
        return self.status == CallStatus.OPEN and self.opens_at <= moment < self.closes_at

    @property
    def awards_value(self) -> Decimal:
        return self.grant * self.awards


class CallQuestion(models.Model):
    """A question every applicant answers (or may, when not required)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class RequiredDocument(models.Model):
    """A document every applicant uploads (a CV, an invitation letter, ...)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("document"), max_length=200)

    class Meta:
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"d{self.pk}"


class CallQuota(models.Model):
    """At most ``places`` awards for applicants from (home) or to (host) an institution."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="programme_quotas"
    )
    side = models.CharField(_("side"), max_length=4, choices=QuotaSide.choices)
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["call", "side", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "institution", "side"], name="programmes_quota_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_side_display()}): {self.places}"
