from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.events.enums import LetterStatus


class LetterRequest(models.Model):
    """A registrant's request for an invitation or visa letter. Passport details are
    encrypted at rest (``passport`` holds the ciphertext of a JSON object) and erased on
    ``erase_after``; only the Secretariat and the person may see them."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="letter"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LetterStatus.choices, default=LetterStatus.REQUESTED
    )
    needs_visa = models.BooleanField(_("for a visa application"), default=True)
    passport = models.BinaryField(_("passport details (encrypted)"), null=True, blank=True)
    passport_scan = models.FileField(
        upload_to="events/passports/%Y/", storage=private_storage, blank=True
    )
    number = models.CharField(_("letter number"), max_length=32, unique=True, null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    erase_after = models.DateField(_("passport details erased on"))
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("letter request")
        verbose_name_plural = _("letter requests")

    def __str__(self) -> str:
        return self.number or f"letter request {self.pk}"


class NumberSequence(models.Model):
    """Yearly counters for numbered documents (AUA-VL-2027-0001). Taken under a row lock."""

    prefix = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="events_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
