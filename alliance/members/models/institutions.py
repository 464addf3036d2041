from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from alliance.members.enums import InstitutionKind, Relation
from alliance.members.identifiers import validate_ror_id, validate_wikidata_id
from alliance.members.regions import SubRegion


class Institution(models.Model):
    """A university, government body, company, forum or NGO the alliance deals with.

    ``relation`` is kept equal to what the latest membership event says; it and ``search_text``
    change only through ``members.services`` (never set them by hand).
    """

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name (English)"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InstitutionKind.choices,
        default=InstitutionKind.UNIVERSITY,
    )
    relation = models.CharField(
        _("relation to the alliance"),
        max_length=20,
        choices=Relation.choices,
        default=Relation.NONE,
        db_index=True,
    )
    is_founding_member = models.BooleanField(_("founding member"), default=False)
    is_demo = models.BooleanField(
        _("demo record"),
        default=False,
        help_text=_("Invented for the demonstration; not a real body."),
    )
    country = CountryField(_("country or region"), db_index=True)
    subregion = models.CharField(
        _("sub-region"),
        max_length=24,
        choices=SubRegion.choices,
        default=SubRegion.ELSEWHERE,
        db_index=True,
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    established = models.PositiveSmallIntegerField(_("year established"), null=True, blank=True)
    ror_id = models.CharField(
        _("ROR id"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_ror_id],
        help_text=_("The nine characters after https://ror.org/, for example 03cve4549."),
    )
    wikidata_id = models.CharField(
        _("Wikidata id"), max_length=16, blank=True, validators=[validate_wikidata_id]
    )
    grid_id = models.CharField(_("GRID id"), max_length=32, blank=True)
    isni = models.CharField(_("ISNI"), max_length=32, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    summary = models.TextField(_("about"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        indexes = [models.Index(fields=["relation", "country"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:institution", kwargs={"slug": self.slug})

    @property
    def ror_url(self) -> str:
        return f"https://ror.org/{self.ror_id}" if self.ror_id else ""

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    @property
    def is_region(self) -> bool:
        from alliance.members.regions import REGIONS_NOT_COUNTRIES

        return str(self.country) in REGIONS_NOT_COUNTRIES

    def display_name(self, language: str | None = None) -> str:
        """The preferred name in the viewer's language, else the English name. Uses the
        prefetched ``names`` when the queryset prefetched them (no extra query)."""
        language = (language or get_language() or "en").split("-")[0].lower()
        if language == "en":
            return self.name
        for entry in self.names.all():
            if entry.is_preferred and entry.language == language:
                return entry.name
        return self.name

    def native_names(self) -> list[InstitutionName]:
        """Names in other languages and scripts, leaving out the one already shown as the
        display name in the reader's language."""
        shown = self.display_name()
        return [n for n in self.names.all() if n.language != "en" and n.name != shown]


class InstitutionName(models.Model):
    """One name of an institution in one language and script. At most one is preferred per
    language; that one is shown to viewers who read the language."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=300)
    language = models.CharField(
        _("language"), max_length=16, help_text=_("A language code such as zh, ja or ar.")
    )
    is_preferred = models.BooleanField(_("preferred in this language"), default=True)

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["language", "-is_preferred", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "language", "name"], name="members_name_unique_per_language"
            ),
            models.UniqueConstraint(
                fields=["institution", "language"],
                condition=models.Q(is_preferred=True),
                name="members_one_preferred_name_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.language}]"
