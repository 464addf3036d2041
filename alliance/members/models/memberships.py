from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.members.enums import MembershipStatus


class MembershipEvent(models.Model):
    """One dated step in an institution's history with the alliance (invited, admitted,
    suspended…). Written by ``members.services.record_membership_event``, which also keeps
    ``Institution.relation`` in step."""

    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="membership_events"
    )
    status = models.CharField(_("step"), max_length=24, choices=MembershipStatus.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership history")
        ordering = ["date", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "status", "date"], name="members_one_step_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_status_display()} {self.date:%Y-%m-%d}"

    @property
    def date_value(self) -> datetime.date:
        return self.date
