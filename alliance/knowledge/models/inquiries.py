from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.knowledge.enums import InquiryStatus


class Inquiry(models.Model):
    """Someone asking an achievement's owner about it through the platform: neither side sees
    the other's e-mail address. ``status`` is set by the owner through
    ``knowledge.services.inquiries``."""

    achievement = models.ForeignKey(
        "knowledge.Achievement", on_delete=models.PROTECT, related_name="inquiries"
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="knowledge_inquiries"
    )
    asker_institution = models.ForeignKey(
        "members.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InquiryStatus.choices,
        default=InquiryStatus.NEW,
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.subject


class InquiryMessage(models.Model):
    """One message of an inquiry's conversation, from the asker or from the owner's side."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_owner = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:50]
