from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.knowledge.enums import AchievementStatus, IpStatus, ResearchField


class Achievement(models.Model):
    """A research achievement or technology a member offers to industry.

    Written by the coordinators of its institution; ``status`` moves draft → in review →
    published (or returned for changes) only through ``knowledge.services.achievements``."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="knowledge_achievements",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    field = models.CharField(_("field"), max_length=20, choices=ResearchField.choices)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    trl = models.PositiveSmallIntegerField(_("technology readiness level"))
    ip_status = models.CharField(
        _("intellectual property"), max_length=12, choices=IpStatus.choices, default=IpStatus.NONE
    )
    patent_numbers = models.JSONField(_("patent numbers"), default=list, blank=True)
    licensing_open = models.BooleanField(_("open for licensing"), default=False)
    inventors = models.JSONField(_("inventors"), default=list, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who answers inquiries, e.g. the technology-transfer office."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AchievementStatus.choices,
        default=AchievementStatus.DRAFT,
        editable=False,
    )
    review_note = models.TextField(_("review note"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__gte=1, trl__lte=9), name="knowledge_achievement_trl_1_9"
            )
        ]
        indexes = [models.Index(fields=["status", "institution"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == AchievementStatus.PUBLISHED


def _document_path(instance: AchievementDocument, filename: str) -> str:
    return f"knowledge/achievements/{instance.achievement_id}/{filename}"


class AchievementDocument(models.Model):
    """A document or image of an achievement, kept in private storage and served only to those
    who may see the achievement. Added and removed through ``knowledge.services``."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=_document_path, storage=private_storage)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title
