"""The constitution: versions, each a tree of articles and clauses, and the amendments proposed
against them.

A version is made whole, with all its clauses, by ``governance.services.constitution`` (the
founding version, or the adoption of amendments) and never changes afterwards: the models
refuse to save an existing row again or to delete one, and their querysets refuse bulk updates
and deletes. A clause keeps its ``key`` from version to version, so its history can be
followed even when its number changes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import AmendmentKind, AmendmentStatus


def _refuse() -> None:
    raise ValidationError(
        gettext(
            "An adopted version of the constitution cannot be changed; propose an amendment "
            "instead."
        ),
        code="immutable",
    )


class ImmutableQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: a version is kept as adopted. The one exception:
    clearing who entered a version when that account is deleted (``created_by``)."""

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - {"created_by"}:
            _refuse()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse()
        return 0, {}


class ConstitutionVersion(models.Model):
    """One adopted text of the constitution, numbered 1, 2, … Linked to the decision that
    adopted it: the motion and its closed poll, or, for the founding version, a note saying
    where it was agreed. Written once, never changed."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    adopted_on = models.DateField(_("adopted on"))
    motion = models.ForeignKey(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constitution_versions",
        verbose_name=_("motion"),
    )
    poll = models.ForeignKey(
        "governance.Poll",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constitution_versions",
        verbose_name=_("poll"),
    )
    note = models.CharField(_("how it was adopted"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("constitution version")
        verbose_name_plural = _("constitution versions")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(motion__isnull=False) | ~models.Q(note=""),
                name="governance_constitution_version_has_a_decision",
            )
        ]

    def __str__(self) -> str:
        return gettext("Constitution, version %(number)s") % {"number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse()
        return 0, {}


class Clause(models.Model):
    """An article (no parent) or a clause of an article, in one version. Written only with the
    rest of its version (``bulk_create`` in the service); saving an existing clause again,
    saving a new one into an existing version, or deleting one is refused."""

    version = models.ForeignKey(
        ConstitutionVersion, on_delete=models.PROTECT, related_name="clauses"
    )
    key = models.CharField(_("key"), max_length=16)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    number = models.CharField(_("number"), max_length=16)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(_("order"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="governance_clause_key"),
            models.UniqueConstraint(
                fields=["version", "position"], name="governance_clause_position"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse()
        return 0, {}

    @property
    def is_article(self) -> bool:
        return self.parent_id is None

    @property
    def label(self) -> str:
        """ "Article 5" for an article, "Article 5.2" for a clause."""
        return gettext("Article %(number)s") % {"number": self.number}

    @property
    def anchor(self) -> str:
        return f"clause-{self.key}"


class Amendment(models.Model):
    """A proposed change to one clause of the constitution: replace its text, insert a new
    clause after it, or delete it. Written against one version (``written_against``); once the
    clause has changed in a later version the amendment is stale and cannot be adopted. Put
    to the Board as a motion, adopted with the motion's other amendments into a new version.
    Its status changes only through ``governance.services.constitution``."""

    kind = models.CharField(_("change"), max_length=16, choices=AmendmentKind.choices)
    written_against = models.ForeignKey(
        ConstitutionVersion,
        on_delete=models.PROTECT,
        related_name="amendments_written",
        verbose_name=_("written against version"),
    )
    clause_key = models.CharField(_("clause"), max_length=16)
    clause_number = models.CharField(_("clause number when written"), max_length=16)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by_institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constitution_amendments",
        verbose_name=_("proposed by member"),
    )
    by_body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constitution_amendments",
        verbose_name=_("proposed by body"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PROPOSED,
    )
    motion = models.ForeignKey(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("motion"),
    )
    adopted_in = models.ForeignKey(
        ConstitutionVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments_adopted",
        verbose_name=_("adopted in version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_institution__isnull=False, by_body__isnull=True)
                | models.Q(by_institution__isnull=True, by_body__isnull=False),
                name="governance_amendment_has_one_proposer",
            )
        ]

    def __str__(self) -> str:
        return gettext("%(change)s: Article %(number)s") % {
            "change": self.get_kind_display(),
            "number": self.clause_number,
        }

    @property
    def proposer(self) -> object:
        return self.by_institution or self.by_body
