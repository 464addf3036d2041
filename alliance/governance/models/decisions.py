from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import DecisionResult


class Decision(models.Model):
    """An entry of the decision register: one closed poll, numbered per body and year
    ("Board 2027/3"), with what was decided and the count that decided it. Written by
    ``governance.services.decisions`` when a poll closes (and when a casting vote breaks a
    tie); never deleted."""

    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    poll = models.OneToOneField(
        "governance.Poll", on_delete=models.PROTECT, related_name="decision"
    )
    meeting = models.ForeignKey(
        "governance.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    motion = models.ForeignKey(
        "governance.Motion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    written = models.BooleanField(_("written resolution"), default=False)
    decided_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    result = models.CharField(_("result"), max_length=12, choices=DecisionResult.choices)
    outcome = models.CharField(max_length=12)
    counts = models.JSONField(default=list)
    explanation = models.JSONField(default=list)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="governance_decision_number_once"
            )
        ]
        indexes = [models.Index(fields=["body", "year"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.body.name} {self.year}/{self.number}"


class CastingVote(models.Model):
    """The chair's casting vote that broke a tie in a closed poll whose rule says the chair
    decides. Given once, through ``governance.services.decisions.break_tie``."""

    poll = models.OneToOneField(
        "governance.Poll", on_delete=models.PROTECT, related_name="casting_vote"
    )
    choice = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("casting vote")
        verbose_name_plural = _("casting votes")

    def __str__(self) -> str:
        return f"{self.poll}: {self.choice}"
