from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.mobility.enums import Mechanism, PlacementResponse


class AllocationRun(models.Model):
    """One run of the allocation engine on a round: the exact input, mechanism, parameters
    and result, kept unchanged (never edited; made only by ``services.runs.run_allocation``)."""

    round = models.ForeignKey("mobility.Round", on_delete=models.CASCADE, related_name="runs")
    mechanism = models.CharField(_("mechanism"), max_length=12, choices=Mechanism.choices)
    parameters = models.JSONField(default=dict, blank=True)
    input = models.JSONField()
    result = models.JSONField()
    students = models.PositiveIntegerField(_("applicants"))
    placed = models.PositiveIntegerField(_("placed"))
    first_choice = models.PositiveIntegerField(_("placed at their first choice"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_mechanism_display()} #{self.pk}"

    @property
    def unplaced(self) -> int:
        return self.students - self.placed

    @property
    def first_choice_share(self) -> float:
        return self.first_choice / self.placed if self.placed else 0.0


class Placement(models.Model):
    """A student's place from a published run, and their answer. Answers change only through
    ``services.runs``."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    application = models.ForeignKey(
        "mobility.Application", on_delete=models.CASCADE, related_name="placements"
    )
    host = models.ForeignKey("members.Institution", on_delete=models.PROTECT, related_name="+")
    response = models.CharField(
        max_length=10, choices=PlacementResponse.choices, default=PlacementResponse.PENDING
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    offered_after = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reoffer",
        help_text="The declined place this one re-offers.",
    )

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "application"], name="mobility_one_placement_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.student} → {self.host}"
