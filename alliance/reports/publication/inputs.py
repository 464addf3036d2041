"""What an edition reads (the ``Sources`` protocol) and the source notes under its figures and
tables. Uses Django only for translations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from alliance.reports.handbook import Indicator
from alliance.reports.publication.content import (
    OWN_LICENCE,
    AwardRow,
    EventRow,
    FlowRow,
    InquiryRow,
    SourceNote,
)
from alliance.reports.sources import CorrectionRow, Country, MemberValue, PublicPoint


class Sources(Protocol):
    """Everything an edition reads. ``DatabaseSources`` (activity.py) answers from the
    platform; the benchmark and the tests answer from generated data."""

    def indicators(self) -> Sequence[Indicator]: ...
    def countries(self) -> list[Country]: ...
    def public_series(self, code: str) -> list[PublicPoint]: ...
    def member_values(self, year: int) -> list[MemberValue]: ...
    def corrections(self, year: int) -> list[CorrectionRow]: ...
    def mobility_flows(self, year: int) -> list[FlowRow]: ...
    def programme_awards(self, year: int) -> list[AwardRow]: ...
    def event_participation(self, year: int) -> list[EventRow]: ...
    def inquiry_counts(self, year: int) -> list[InquiryRow]: ...


# --- source notes ----------------------------------------------------------------------------


def member_note(year: int) -> SourceNote:
    return SourceNote(
        source=_("Member institutions, signed-off data collection %(year)s") % {"year": year},
        licence=OWN_LICENCE,
    )


def platform_note(what: str) -> SourceNote:
    return SourceNote(
        source=_("Alliance platform records: %(what)s") % {"what": what}, licence=OWN_LICENCE
    )


def public_note(points: Iterable[PublicPoint]) -> SourceNote:
    """The sources and licences of the points shown, and their flags (such as "estimate")."""
    sources: dict[str, None] = {}
    licences: dict[str, None] = {}
    flags: dict[str, None] = {}
    for point in points:
        sources[point.source] = None
        licences[point.licence] = None
        for flag in value_flags(point):
            flags[flag] = None
    return SourceNote(
        source="; ".join(sources) or _("no data"),
        licence="; ".join(licences),
        flags=tuple(flags),
    )


def value_flags(point: PublicPoint) -> list[str]:
    return [flag.strip() for flag in point.flags.split(",") if flag.strip()]
