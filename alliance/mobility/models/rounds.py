from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.mobility.enums import Cefr, RoundStatus, StudyLevel


class Round(models.Model):
    """A semester exchange round (e.g. Fall 2027): the hosts and their places, the
    applications, the homes' nominations, and the allocation runs. Its status changes only
    through ``mobility.services.rounds``."""

    name = models.CharField(_("name"), max_length=120)
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    published_run = models.ForeignKey(
        "mobility.AllocationRun",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exchange round")
        verbose_name_plural = _("exchange rounds")
        ordering = ["-academic_year", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RoundHost(models.Model):
    """A member taking part in a round: the places it offers as host, its balance tolerance
    (|hosted − sent| allowed), and its optional acceptability rules."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="hosts")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="mobility_rounds"
    )
    places = models.PositiveIntegerField(_("places offered"), default=0)
    tolerance = models.PositiveIntegerField(
        _("balance tolerance"),
        default=0,
        help_text=_("How far hosted and sent may differ for this university in this round."),
    )
    study_levels = models.JSONField(
        _("study levels accepted (EQF)"),
        default=list,
        blank=True,
        help_text=_("Empty: every level."),
    )
    language = models.CharField(_("language required"), max_length=16, blank=True)
    min_language_level = models.CharField(
        _("minimum level in that language (CEFR)"), max_length=2, choices=Cefr.choices, blank=True
    )

    class Meta:
        ordering = ["institution__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "institution"], name="mobility_host_once")
        ]

    def __str__(self) -> str:
        return f"{self.institution} in {self.round}"


class Application(models.Model):
    """A student's application in a round: their home, level, languages and up to ten ranked
    hosts (``choices``), and their place in the home's nomination ranking."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobility_applications"
    )
    home = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="mobility_applicants"
    )
    study_level = models.CharField(_("study level"), max_length=1, choices=StudyLevel.choices)
    languages = models.JSONField(
        _("languages"), default=dict, blank=True, help_text=_("Language code → CEFR level.")
    )
    nomination_rank = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["round", "home", "nomination_rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="mobility_one_application")
        ]
        indexes = [models.Index(fields=["round", "home", "nomination_rank"])]

    def __str__(self) -> str:
        return f"{self.student} ({self.home}) in {self.round}"


class Choice(models.Model):
    """One host on an application, at its rank (1 is the first choice)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    host = models.ForeignKey("members.Institution", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="mobility_rank_once"),
            models.UniqueConstraint(
                fields=["application", "host"], name="mobility_host_listed_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.host}"
