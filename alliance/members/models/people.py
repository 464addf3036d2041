from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.members.enums import PositionKind


class Person(models.Model):
    """Someone the alliance works with: a president, a liaison officer, a coordinator. May be
    linked to a user account, but need not be (most chief executives never log in)."""

    full_name = models.CharField(_("full name"), max_length=200)
    native_name = models.CharField(_("name in own script"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Position(models.Model):
    """A person's position at an institution, with start and (once it ends) end dates."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("position"), max_length=24, choices=PositionKind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("As the institution writes it, e.g. Vice-President for International Affairs."),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["institution", "kind", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="members_position_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["institution", "kind", "end"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()}, {self.institution}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)
