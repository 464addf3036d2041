from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.mobility.enums import AgreementScope, Cefr


class Agreement(models.Model):
    """An exchange agreement between members, shaped like EWP's inter-institutional agreement.

    ``fingerprint`` is the SHA-256 of the agreement's content in a canonical JSON form (EWP's
    iia-hash idea); each party approves one fingerprint, and a change of content resets the
    approvals. Created, changed and approved only through ``mobility.services.agreements``.
    """

    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(
        _("scope"), max_length=12, choices=AgreementScope.choices, default=AgreementScope.BILATERAL
    )
    first_year = models.PositiveSmallIntegerField(
        _("first academic year"), help_text=_("The year the academic year starts in, e.g. 2027.")
    )
    last_year = models.PositiveSmallIntegerField(_("last academic year"))
    recognition_notes = models.TextField(_("recognition notes"), blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-first_year", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="mobility_agreement_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def academic_years(self) -> str:
        return f"{self.first_year}/{self.first_year + 1}–{self.last_year}/{self.last_year + 1}"


class AgreementParty(models.Model):
    """A member bound by an agreement, and the fingerprint its coordinator last approved."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="mobility_agreements"
    )
    approved_fingerprint = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "institution"], name="mobility_party_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} – {self.agreement}"

    @property
    def has_approved(self) -> bool:
        return bool(self.approved_fingerprint) and (
            self.approved_fingerprint == self.agreement.fingerprint
        )


class AgreementTerm(models.Model):
    """Mobility in one direction: from ``sending`` to ``receiving`` (either empty on an
    alliance-wide agreement: any party)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    sending = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sending"),
    )
    receiving = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving"),
    )
    places_per_year = models.PositiveIntegerField(_("places per year"))
    months_per_year = models.PositiveIntegerField(_("months per year"))
    study_levels = models.JSONField(_("study levels (EQF)"), default=list, blank=True)
    subject_areas = models.JSONField(_("subject areas (ISCED-F)"), default=list, blank=True)
    language = models.CharField(_("language of instruction"), max_length=16, blank=True)
    language_level = models.CharField(
        _("minimum language level (CEFR)"), max_length=2, choices=Cefr.choices, blank=True
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.sending or '*'} → {self.receiving or '*'}"
