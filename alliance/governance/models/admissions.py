"""Admissions of new members and observers, and cases of suspension and withdrawal of existing
ones. States change only through ``governance.services.admissions`` and
``governance.services.membership_cases`` (the allowed steps are in ``enums``); the member
registry (``members.Institution``, ``members.MembershipEvent``) is updated only through the
members domain's services when the decision is recorded."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from alliance.core.storage import private_storage
from alliance.governance.enums import (
    AdmissionStatus,
    CaseKind,
    CaseStatus,
    MembershipCategory,
    Recommendation,
)


def _letter_path(instance: models.Model, filename: str) -> str:
    return f"governance/admissions/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class AdmissionApplication(models.Model):
    """A university's application to become a member or an observer, sent through the public
    form (or prefilled by the Secretariat's invitation). ``secret_hash`` is the SHA-256 of the
    applicant's private link (the link itself is only in the e-mail)."""

    institution_name = models.CharField(_("name of the university"), max_length=300)
    country = CountryField(_("country or region"))
    website = models.URLField(_("website"), max_length=300, blank=True)
    ror_id = models.CharField(_("ROR id"), max_length=9, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    category = models.CharField(
        _("status asked for"),
        max_length=12,
        choices=MembershipCategory.choices,
        default=MembershipCategory.MEMBER,
    )
    motivation = models.TextField(_("motivation"), blank=True)
    letter = models.FileField(
        _("supporting letter"), upload_to=_letter_path, storage=private_storage, blank=True
    )
    language = models.CharField(_("language"), max_length=12, default="en")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AdmissionStatus.choices,
        default=AdmissionStatus.SUBMITTED,
        db_index=True,
    )
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review_body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_reviews",
        verbose_name=_("reviewed by"),
    )
    conclusion = models.TextField(_("the working group's conclusion"), blank=True)
    motion = models.OneToOneField(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission",
        verbose_name=_("Board motion"),
    )
    institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admission_applications",
        verbose_name=_("institution in the registry"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    membership_event = models.ForeignKey(
        "members.MembershipEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("admission application")
        verbose_name_plural = _("admission applications")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.institution_name


class AdmissionRecommendation(models.Model):
    """The recommendation of one member institution of the reviewing working group, recorded by
    its seat holder or alternate. One per institution per application (a second recording
    replaces the first, through the service)."""

    application = models.ForeignKey(
        AdmissionApplication, on_delete=models.CASCADE, related_name="recommendations"
    )
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="+"
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices
    )
    comment = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["application", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "institution"],
                name="governance_one_recommendation_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_recommendation_display()}"


class MembershipCase(models.Model):
    """A suspension or a withdrawal of a member or observer. A suspension is opened by the
    Secretariat and decided by the Board (a motion with a poll); a withdrawal is a notice from
    the member (sent by its coordinator, or received by the Secretariat) that the Secretariat
    records. The registry is updated when the case is decided."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="membership_cases",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CaseKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True)
    motion = models.OneToOneField(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership_case",
        verbose_name=_("Board motion"),
    )
    membership_event = models.ForeignKey(
        "members.MembershipEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membership case")
        verbose_name_plural = _("membership cases")
        ordering = ["-opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind"],
                condition=models.Q(status__in=["open", "at_board"]),
                name="governance_one_open_case_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.institution}"
