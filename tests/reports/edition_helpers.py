"""Helpers of the edition tests: small generated sources, and editions built for real from them
(the whole build runs: compose, web, open data, PDF, storage)."""

from __future__ import annotations

from alliance.reports.publication.generated import GeneratedSources, generate
from alliance.reports.services.editions import open_edition, publish_edition, run_build, start_build

# The scripts the report must print: (language of a ROR label, Unicode script) by name.
SCRIPTS = {
    "Chinese": ("zh", "CJK UNIFIED"),
    "Japanese": ("ja", "HIRAGANA"),
    "Korean": ("ko", "HANGUL"),
    "Thai": ("th", "THAI"),
    "Arabic": ("ar", "ARABIC"),
    "Devanagari": ("hi", "DEVANAGARI"),
    "Burmese": ("my", "MYANMAR"),
    "Sinhala": ("si", "SINHALA"),
}


def small_sources(year: int = 2026, **kwargs) -> GeneratedSources:
    """Three countries, four institutions, two indicators: a short PDF, quickly built."""
    options = {"countries": 3, "public_years": 3, "institutions": 4, "member_years": 2}
    sources = generate(year, **{**options, **kwargs})
    sources.codes = ("STU_TOTAL", "GER_TERTIARY")
    return sources


def built_edition(actor, year: int = 2026, *, publish: bool = False, sources=None):
    """An edition of ``year`` built from small generated sources (and published if asked)."""
    edition = open_edition(actor=actor, year=year)
    edition = start_build(edition, actor=actor)  # its task waits for a commit that never comes
    edition = run_build(edition.pk, edition.build_number, sources=sources or small_sources(year))
    if publish:
        edition = publish_edition(edition, actor=actor)
    return edition
