from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """A certificate of attendance, numbered once (AUA-CA-2027-0001) when it is first asked for
    by someone who checked in. Created only through ``events.services.documents``."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="certificate"
    )
    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")

    def __str__(self) -> str:
        return self.number
