"""An edition of the annual report: one per year, with the executive summary the Secretariat
writes, the state of its build and the files of its last good build. Its status changes only
through ``reports.services.editions`` (build, publish)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.reports.enums import EditionStatus


class Edition(models.Model):
    """The report of one year. ``files`` maps each file of the last good build (``index.html``,
    ``body.html``, the PDF, ``data/...``) to its name in the private storage; a failed build
    leaves it as it was. ``published_at`` set means public at /report/<year>/."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    summary = models.JSONField(_("executive summary"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("build progress (per cent)"), default=0)
    progress_step = models.CharField(_("build step"), max_length=200, blank=True)
    build_error = models.TextField(_("error of the last build"), blank=True)
    build_number = models.PositiveIntegerField(default=0)
    build_started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_edition_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Annual report %(year)s") % {"year": self.year})

    @property
    def is_public(self) -> bool:
        return self.published_at is not None

    @property
    def is_building(self) -> bool:
        return self.status == EditionStatus.BUILDING
