from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.mobility.enums import MobilityStatus, Signatory


class Mobility(models.Model):
    """A student's exchange, from the accepted place (the nomination to the host) to the
    departure: planned and actual dates, and the learning agreement (``courses``, signed by the
    student, the home and the host on one fingerprint; any change needs all three again).
    Made, dated, cancelled and signed only through ``mobility.services.mobilities``."""

    placement = models.OneToOneField(
        "mobility.Placement", on_delete=models.PROTECT, related_name="mobility"
    )
    round = models.ForeignKey("mobility.Round", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mobilities"
    )
    home = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="outgoing_mobilities"
    )
    host = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="incoming_mobilities"
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    status = models.CharField(
        _("status"), max_length=10, choices=MobilityStatus.choices, default=MobilityStatus.NOMINATED
    )
    planned_arrival = models.DateField(_("planned arrival"), null=True, blank=True)
    planned_departure = models.DateField(_("planned departure"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    learning_agreement_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        ordering = ["-academic_year", "home__name", "pk"]
        indexes = [models.Index(fields=["academic_year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_departure__isnull=True)
                | models.Q(planned_arrival__isnull=True)
                | models.Q(planned_departure__gte=models.F("planned_arrival")),
                name="mobility_planned_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(departed_on__isnull=True)
                | models.Q(arrived_on__isnull=False, departed_on__gte=models.F("arrived_on")),
                name="mobility_departure_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.home} → {self.host} ({self.academic_year})"


class LearningAgreementCourse(models.Model):
    """A course the student takes at the host, on their learning agreement."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="courses")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("course code"), max_length=40, blank=True)
    title = models.CharField(_("course title"), max_length=200)
    credits = models.DecimalField(_("credits (ECTS)"), max_digits=4, decimal_places=1)
    term = models.CharField(_("term"), max_length=40, blank=True)

    class Meta:
        ordering = ["mobility", "position"]
        constraints = [
            models.UniqueConstraint(fields=["mobility", "position"], name="mobility_course_once"),
            models.CheckConstraint(
                condition=models.Q(credits__gt=0), name="mobility_course_credits_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class LearningAgreementSignature(models.Model):
    """One party's signature on the learning agreement, on the fingerprint it was shown; a
    signature on an earlier fingerprint no longer counts."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(max_length=8, choices=Signatory.choices)
    fingerprint = models.CharField(max_length=64)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["mobility", "party"]
        constraints = [
            models.UniqueConstraint(fields=["mobility", "party"], name="mobility_sign_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} – {self.mobility}"
