"""The yearly data collection: the Secretariat opens a collection for a year, each member
fills one submission (one entry per member indicator of the handbook), the Secretariat raises
queries and accepts, the head of the institution signs off, and a signed-off value changes only
through a logged correction. Models stay thin: every state changes through
alliance/reports/services/collection.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.reports.enums import (
    CollectionStatus,
    QueryStatus,
    SubmissionStatus,
    ValueState,
)
from alliance.reports.handbook import Indicator, by_code

_USER = settings.AUTH_USER_MODEL


class Collection(models.Model):
    """The collection of one reporting year."""

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=CollectionStatus.choices, default=CollectionStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("data collection")
        verbose_name_plural = _("data collections")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Submission(models.Model):
    """One member institution's figures for one collection year."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="submissions")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="report_submissions"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The account that signed off: the head, or the coordinator recording it."),
    )
    head_name = models.CharField(
        _("head of the institution who signed off"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["collection", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "institution"], name="reports_submission_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.collection}"

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.SIGNED_OFF


class Entry(models.Model):
    """The answer for one member indicator in a submission: a value, or an explicit
    "withheld" or "not available", with the unit shown and a comment."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("indicator"), max_length=40)
    state = models.CharField(
        _("answer"), max_length=16, choices=ValueState.choices, blank=True, default=""
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    typed = models.CharField(_("as typed"), max_length=60, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("submitted value")
        verbose_name_plural = _("submitted values")
        ordering = ["submission", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "code"], name="reports_entry_one_per_code"
            ),
            models.CheckConstraint(
                condition=models.Q(state="value", value__isnull=False)
                | (~models.Q(state="value") & models.Q(value__isnull=True)),
                name="reports_entry_value_only_with_state_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.code}"


class Query(models.Model):
    """A question of the Secretariat about one value of a submission, and its thread."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="queries")
    code = models.CharField(_("indicator"), max_length=40)
    status = models.CharField(
        _("status"), max_length=12, choices=QueryStatus.choices, default=QueryStatus.OPEN
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    raised_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("query")
        verbose_name_plural = _("queries")
        ordering = ["submission", "raised_at"]

    def __str__(self) -> str:
        return f"{self.submission} {self.code} ({self.status})"

    @property
    def indicator(self) -> Indicator:
        return by_code(self.code)


class QueryMessage(models.Model):
    """One message of a query's thread; `value_change` notes a value changed with an answer."""

    query = models.ForeignKey(Query, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_secretariat = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    value_change = models.CharField(_("value changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.query} message {self.pk}"


class Correction(models.Model):
    """A change to a signed-off (locked) value: old, new, reason, who and when."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="corrections")
    old_state = models.CharField(max_length=16, choices=ValueState.choices)
    old_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    new_state = models.CharField(max_length=16, choices=ValueState.choices)
    new_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry} corrected {self.corrected_at:%Y-%m-%d}"
