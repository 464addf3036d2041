from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Panel(models.Model):
    """The review panel of a call: its reviewers (``members``) and the call's rubric."""

    call = models.OneToOneField("programmes.Call", on_delete=models.CASCADE, related_name="panel")
    name = models.CharField(_("name"), max_length=160)

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """A reviewer on a panel, with the institution they belong to (never assigned an application
    from or to it)."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_panels"
    )
    institution = models.ForeignKey(
        "members.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["panel", "reviewer__email"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reviewer"], name="programmes_member_once")
        ]

    def __str__(self) -> str:
        return str(self.reviewer)


class Conflict(models.Model):
    """A reviewer's declared conflict of interest, with one application or with an
    institution (every application from or to it)."""

    call = models.ForeignKey("programmes.Call", on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        "programmes.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "members.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["call", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(institution__isnull=False),
                name="programmes_conflict_names_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.application or self.institution}"


class Criterion(models.Model):
    """A criterion of a call's rubric, scored from 0 to ``maximum``, weighing ``weight``."""

    call = models.ForeignKey("programmes.Call", on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    maximum = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["call", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(maximum__gte=1),
                name="programmes_criterion_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """An application given to a reviewer; their review once ``submitted_at`` is set."""

    application = models.ForeignKey(
        "programmes.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_assignments"
    )
    comment = models.TextField(_("comment"), blank=True)
    assigned_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="programmes_review_once"
            )
        ]
        indexes = [
            models.Index(fields=["reviewer", "submitted_at"]),
            # The call's dashboard counts reviews written per application from this alone.
            models.Index(fields=["application", "submitted_at"], name="programmes_review_done"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application_id}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="programmes_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
