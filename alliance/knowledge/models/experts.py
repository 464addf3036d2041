from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.knowledge.enums import ExpertPart


class ExpertProfile(models.Model):
    """An expert of a member institution: expertise, languages, publications and openness to
    collaboration. Parts named in ``private_parts`` are shown only to the Secretariat, the
    expert and the coordinators of the expert's institution, and are never indexed for search.
    Written only through ``knowledge.services.experts``."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="knowledge_experts",
        verbose_name=_("institution"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, help_text=_("Such as 0000-0002-1825-0097.")
    )
    bio = models.TextField(_("biography"), blank=True)
    keywords = models.JSONField(_("expertise keywords"), default=list, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    publications = models.JSONField(_("publications"), default=list, blank=True)
    open_to_collaboration = models.BooleanField(_("open to collaboration"), default=True)
    listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_("Listed profiles can be found by everyone who can log in."),
    )
    private_parts = models.JSONField(_("private parts"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def is_private(self, part: ExpertPart | str) -> bool:
        return str(part) in self.private_parts
