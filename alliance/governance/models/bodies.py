from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import BodyKind, OfficeKind


class Body(models.Model):
    """A governing body: the Board, the Executive Committee, a working group, the Secretariat.
    Created and changed only through ``governance.services.bodies``."""

    kind = models.CharField(_("kind"), max_length=24, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def one_seat_per_member(self) -> bool:
        """On the Board each member holds one seat at a time."""
        return self.kind == BodyKind.BOARD


class Seat(models.Model):
    """A member institution's seat on a body, held by a person of that institution (with an
    alternate), from ``start`` to ``end`` (inclusive; open-ended while ``end`` is empty).
    ``weight`` is the institution's vote weight in this body (one member one vote: 1).
    Changed only through ``governance.services.bodies``, which refuses overlapping Board seats."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="governance_seats"
    )
    holder = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="governance_seats"
    )
    alternate = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_alternate_seats",
    )
    weight = models.PositiveSmallIntegerField(_("vote weight"), default=1)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "institution__name", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="governance_seat_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="governance_seat_weight_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(alternate=models.F("holder")),
                name="governance_seat_alternate_not_holder",
            ),
        ]
        indexes = [models.Index(fields=["body", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.institution} – {self.body}"

    def is_current(self, on: datetime.date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


class Office(models.Model):
    """An office of a body (President, Chair, …) held by a person from ``start`` to ``end``.
    Changed only through ``governance.services.bodies``."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="offices")
    kind = models.CharField(_("office"), max_length=24, choices=OfficeKind.choices)
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="governance_offices"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["body", "kind", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="governance_office_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.body}: {self.person}"
