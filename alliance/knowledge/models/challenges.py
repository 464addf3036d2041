from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.knowledge.enums import ChallengeStatus, ResearchField


class Challenge(models.Model):
    """A problem an industry or government partner, or a member, asks the alliance to solve.
    Published by the Secretariat after moderation; ``status`` changes only through
    ``knowledge.services.challenges``."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="knowledge_challenges",
        verbose_name=_("posted for"),
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("problem"))
    field = models.CharField(_("field"), max_length=20, choices=ResearchField.choices)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    wanted_outcome = models.TextField(_("wanted outcome"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.PENDING,
        editable=False,
    )
    moderation_note = models.TextField(_("moderation note"), blank=True, editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "institution"])]

    def __str__(self) -> str:
        return self.title
