"""The platform's own activity in a year, read from the other domains for the report: students
moved between members (mobility), programme awards by home and host (programmes), event
participation (events) and knowledge inquiries by status (knowledge). And ``DatabaseSources``,
which answers the ``Sources`` protocol of ``compose`` from the platform. Reads only."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from alliance.core.multilingual import pick
from alliance.events.enums import EventStatus, RegistrationStatus
from alliance.events.models import Event
from alliance.knowledge.enums import InquiryStatus
from alliance.knowledge.queries import inquiry_counts as knowledge_inquiry_counts
from alliance.mobility.queries import balance_ledger
from alliance.programmes.queries import award_figures
from alliance.reports import handbook, queries
from alliance.reports.handbook import Indicator
from alliance.reports.publication.content import AwardRow, EventRow, FlowRow, InquiryRow
from alliance.reports.sources import CorrectionRow, Country, MemberValue, PublicPoint

PARTICIPATING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


def mobility_flows(year: int) -> list[FlowRow]:
    """Students each member sent to each other member in the academic year starting in
    ``year`` (mobility records that count in the balance ledger)."""
    ledger = balance_ledger(year=year)
    names = {row.institution.pk: row.institution.name for row in ledger.rows}
    return [
        FlowRow(home=names[home], host=names[host], students=n)
        for (home, host), n in sorted(ledger.flows.items())
        if n and home in names and host in names
    ]


def programme_awards(year: int) -> list[AwardRow]:
    """Awards of the calls of ``year`` by programme, home and host."""
    unknown = _("not stated")
    return [
        AwardRow(
            programme=row["programme"],
            home=row["home"] or unknown,
            host=row["host"] or unknown,
            awards=row["awards"],
        )
        for row in award_figures(year)
    ]


def event_participation(year: int) -> list[EventRow]:
    """Published events starting in ``year``: confirmed registrations, check-ins and the
    institutions represented. One query."""
    events = (
        Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__year=year)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__status__in=PARTICIPATING)),
            checked_in=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=PARTICIPATING,
                    registrations__checked_in_at__isnull=False,
                ),
            ),
            institutions=Count(
                "registrations__institution",
                filter=Q(registrations__status__in=PARTICIPATING),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    return [
        EventRow(
            name=pick(event.title) or event.slug,
            starts_on=event.starts_at.date(),
            registered=event.registered,
            checked_in=event.checked_in,
            institutions=event.institutions,
        )
        for event in events
    ]


def inquiry_counts(year: int) -> list[InquiryRow]:
    """Inquiries opened in ``year`` by status, every status listed."""
    counts = knowledge_inquiry_counts(year=year)
    return [InquiryRow(str(InquiryStatus(s).label), counts.get(s, 0)) for s in InquiryStatus.values]


class DatabaseSources:
    """The ``Sources`` of an edition, from the platform's database. Member values are read once
    per year even though several chapters ask. The corrections log lists the changes made
    after ``published`` (the edition's publication; none listed before it)."""

    def __init__(self, *, published: datetime.datetime | None = None) -> None:
        self._member_values: dict[int, list[MemberValue]] = {}
        self.published = published

    def indicators(self) -> Sequence[Indicator]:
        return handbook.INDICATORS

    def countries(self) -> list[Country]:
        return list(queries.countries())

    def public_series(self, code: str) -> list[PublicPoint]:
        return list(queries.public_series(code))

    def member_values(self, year: int) -> list[MemberValue]:
        if year not in self._member_values:
            self._member_values[year] = list(queries.member_values(year))
        return self._member_values[year]

    def corrections(self, year: int) -> list[CorrectionRow]:
        if self.published is None:
            return []
        return list(queries.corrections(year, since=self.published))

    def mobility_flows(self, year: int) -> list[FlowRow]:
        return mobility_flows(year)

    def programme_awards(self, year: int) -> list[AwardRow]:
        return programme_awards(year)

    def event_participation(self, year: int) -> list[EventRow]:
        return event_participation(year)

    def inquiry_counts(self, year: int) -> list[InquiryRow]:
        return inquiry_counts(year)
