from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import MotionStatus


class Motion(models.Model):
    """A motion put to a body, submitted by a member institution or by a body. Its status
    changes only through ``governance.services.motions`` (the allowed steps are
    ``enums.MOTION_TRANSITIONS``) and, once voted, by closing its poll."""

    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text of the motion"))
    by_institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_motions",
        verbose_name=_("submitted by member"),
    )
    by_body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions_submitted",
        verbose_name=_("submitted by body"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MotionStatus.choices, default=MotionStatus.DRAFT
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="motions",
        verbose_name=_("agenda item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_institution__isnull=False, by_body__isnull=True)
                | models.Q(by_institution__isnull=True, by_body__isnull=False),
                name="governance_motion_has_one_submitter",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def submitter(self) -> object:
        return self.by_institution or self.by_body
