from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.events.enums import ACTIVE, HOLDS_SEAT, RegistrationStatus, ScanResult


class Registration(models.Model):
    """One person's place at an event: confirmed, awaiting approval, offered, waiting, or
    ended. Seats are counted from these rows under a lock (``events.services.registrations``);
    states change only there."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("delegation of"),
    )
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    name = models.CharField(_("name on the badge"), max_length=200)
    email = models.EmailField(_("e-mail"))
    code = models.OneToOneField(
        "events.DelegateCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registration",
    )
    over_quota_reason = models.CharField(
        _("reason for exceeding the quota"), max_length=300, blank=True
    )
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    offered_until = models.DateTimeField(null=True, blank=True)
    ticket = models.CharField(max_length=32, unique=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status__in=[s.value for s in ACTIVE]),
                name="events_one_active_registration_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "institution"]),
            models.Index(fields=["event", "status", "waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def holds_seat(self) -> bool:
        return self.status in HOLDS_SEAT


class SessionRegistration(models.Model):
    """A registrant's place in a session with its own seats (a workshop)."""

    session = models.ForeignKey(
        "events.Session", on_delete=models.CASCADE, related_name="registrations"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sessions"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="events_session_registration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.session}"


class Scan(models.Model):
    """Every scan at the door, kept: the first checks in, repeats are reported, never counted."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="scans")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="scans"
    )
    code = models.CharField(max_length=64)
    result = models.CharField(max_length=16, choices=ScanResult.choices)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scanned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scanned_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.code}: {self.result}"
