from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExpertPublication(models.Model):
    """A publication of an expert with its identifiers, imported from a CSV of ORCID records
    (``knowledge.services.orcid_import``). A DOI or an ORCID put-code appears at most once per
    expert. Shown and indexed like the profile's own publications (private when they are)."""

    expert = models.ForeignKey(
        "knowledge.ExpertProfile", on_delete=models.CASCADE, related_name="publication_records"
    )
    title = models.CharField(_("title"), max_length=500)
    journal = models.CharField(_("journal"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, help_text="lower case, no prefix")
    put_code = models.CharField(_("ORCID put-code"), max_length=20, blank=True)
    work_type = models.CharField(_("type"), max_length=60, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "doi"],
                condition=~models.Q(doi=""),
                name="knowledge_publication_doi_once",
            ),
            models.UniqueConstraint(
                fields=["expert", "put_code"],
                condition=~models.Q(put_code=""),
                name="knowledge_publication_put_code_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title
