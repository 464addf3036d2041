from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import CastAs


class WrittenResolution(models.Model):
    """A poll held between meetings: the body's seat holders vote by a personal link until
    ``deadline``; then the poll closes and is counted. Only
    ``governance.services.written`` changes it."""

    poll = models.OneToOneField(
        "governance.Poll", on_delete=models.PROTECT, related_name="written_resolution"
    )
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("written resolution")
        verbose_name_plural = _("written resolutions")
        ordering = ["-deadline", "pk"]

    def __str__(self) -> str:
        return self.poll.title

    def past(self, now: datetime.datetime | None = None) -> bool:
        """Whether the deadline has come: no ballot is taken from then on."""
        return (now or timezone.now()) >= self.deadline


class VotingLink(models.Model):
    """A personal link e-mailed to one person who may cast an institution's ballot in a
    written resolution (its seat holder, alternate or proxy). Only the SHA-256 of the link's
    secret is stored. ``reminded_at``: when the reminder before the deadline was sent."""

    resolution = models.ForeignKey(
        WrittenResolution, on_delete=models.CASCADE, related_name="links"
    )
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    cast_as = models.CharField(max_length=12, choices=CastAs.choices)
    secret_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting link")
        verbose_name_plural = _("voting links")
        ordering = ["resolution", "institution__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "institution", "person"],
                name="governance_voting_link_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.institution}"
