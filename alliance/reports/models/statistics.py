"""Public statistics: countries of the report's Asia and the values of public indicators
(UNESCO UIS, World Bank, Our World in Data), each with its flags, source and licence. Written
only by the import service (alliance/reports/services/public_import.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A country or territory of the report's Asia: UN M49 Asia plus Taiwan."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=120)
    subregion = models.CharField(_("UN M49 sub-region"), max_length=60, blank=True)
    region = models.CharField(_("World Bank region"), max_length=60, blank=True)
    income_group = models.CharField(_("World Bank income group"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PublicValue(models.Model):
    """One value of a public indicator (a handbook code) for a country and year.

    `breakdown` is "" for indicators without one (else e.g. "total", "female", "male");
    `flags` is a comma-separated list such as "estimate"."""

    code = models.CharField(_("indicator"), max_length=40)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="public_values")
    year = models.PositiveSmallIntegerField(_("year"))
    breakdown = models.CharField(_("breakdown"), max_length=20, blank=True, default="")
    value = models.FloatField(_("value"))
    flags = models.CharField(_("flags"), max_length=60, blank=True, default="")
    source = models.CharField(_("source"), max_length=300)
    licence = models.CharField(_("licence"), max_length=200)
    source_file = models.CharField(_("source file"), max_length=120)

    class Meta:
        verbose_name = _("public value")
        verbose_name_plural = _("public values")
        ordering = ["code", "country__name", "year", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "country", "year", "breakdown"],
                name="reports_publicvalue_one_per_code_country_year_breakdown",
            )
        ]
        indexes = [models.Index(fields=["code", "year"])]

    def __str__(self) -> str:
        return f"{self.code} {self.country_id} {self.year} {self.breakdown}: {self.value}"
