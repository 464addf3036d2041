from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import MinutesStatus


class Minutes(models.Model):
    """The minutes of a meeting. Drafted from the meeting's data (``header``: date, place,
    mode, attendance; one ``MinutesItem`` per agenda item), edited by the Secretariat,
    circulated, and approved at a later meeting of the same body (``approved_at_meeting``, by a
    poll or by the chair's record). Approved minutes never change. Only
    ``governance.services.minutes`` changes them."""

    meeting = models.OneToOneField(
        "governance.Meeting", on_delete=models.PROTECT, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    header = models.JSONField(default=dict, editable=False)
    closing = models.TextField(_("closing remarks"), blank=True)
    generated_at = models.DateTimeField(editable=False)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at_meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        verbose_name=_("approved at"),
    )
    approval_poll = models.ForeignKey(
        "governance.Poll", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-generated_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=MinutesStatus.APPROVED)
                | models.Q(approved_at__isnull=False, approved_at_meeting__isnull=False),
                name="governance_minutes_approved_at_meeting",
            )
        ]

    def __str__(self) -> str:
        return str(_("Minutes: %(meeting)s") % {"meeting": self.meeting})

    @property
    def approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesItem(models.Model):
    """One agenda item in the minutes: its number and title, ``record`` (the documents,
    motions and poll results with their arithmetic, drafted from the data) and ``text``, what
    the Secretariat writes (plain text). Regenerating refreshes ``record`` and keeps ``text``."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=20)
    depth = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    record = models.JSONField(default=dict, editable=False)
    text = models.TextField(_("minute"), blank=True)

    class Meta:
        verbose_name = _("minutes item")
        verbose_name_plural = _("minutes items")
        ordering = ["minutes", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
