"""Chapter 3 of the edition: the alliance at work, from the platform's own records: students
exchanged between members, programme awards, events, knowledge inquiries."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from alliance.reports.publication.chapter_members import TOP
from alliance.reports.publication.charts import Chart, Series
from alliance.reports.publication.content import (
    AwardRow,
    Chapter,
    Column,
    EventRow,
    Figure,
    FlowRow,
    InquiryRow,
    Section,
    Table,
    as_cell,
)
from alliance.reports.publication.inputs import Sources, platform_note

# --- chapter 3: the alliance at work ---------------------------------------------------------


def alliance_chapter(year: int, sources: Sources) -> Chapter:
    return Chapter(
        "alliance",
        0,
        _("The alliance at work"),
        _(
            "Students exchanged between members, programme awards, events and knowledge exchange in %(year)s, from the platform's own records."
        )
        % {"year": year},
        (
            _flows_section(sources.mobility_flows(year)),
            _awards_section(sources.programme_awards(year)),
            _events_section(sources.event_participation(year)),
            _inquiries_section(sources.inquiry_counts(year)),
        ),
    )


def _flows_section(flows: list[FlowRow]) -> Section:
    note = platform_note(_("mobility records (nominated, at the host, completed)"))
    sent: dict[str, int] = defaultdict(int)
    hosted: dict[str, int] = defaultdict(int)
    for f in flows:
        sent[f.home] += f.students
        hosted[f.host] += f.students
    names = sorted(set(sent) | set(hosted), key=lambda n: (-(sent[n] + hosted[n]), n))
    chart = Chart(
        kind="bar",
        title=_("Students sent and hosted per member"),
        categories=tuple(names),
        series=(
            Series(_("Sent"), tuple(float(sent[n]) for n in names)),
            Series(_("Hosted"), tuple(float(hosted[n]) for n in names)),
        ),
        ident="alliance-flows-chart",
    )
    table = Table(
        ident="alliance-flows",
        title=_("Students between members: home and host"),
        columns=(
            Column("home", _("Home"), meaning=_("Member the students came from")),
            Column("host", _("Host"), meaning=_("Member that hosted them")),
            Column("students", _("Students"), "count", _("Mobility records of the year")),
        ),
        rows=tuple(
            (f.home, f.host, f.students)
            for f in sorted(flows, key=lambda f: (-f.students, f.home, f.host))
        ),
        note=note,
        shown=TOP * 2,
    )
    return Section(
        "alliance-flows",
        _("Flows between members"),
        _("%(count)s students moved between members.") % {"count": sum(f.students for f in flows)},
        figures=(Figure(chart, note),) if names else (),
        tables=(table,),
    )


def _awards_section(awards: list[AwardRow]) -> Section:
    note = platform_note(_("programme awards (awarded and accepted)"))
    by_home: dict[str, int] = defaultdict(int)
    by_host: dict[str, int] = defaultdict(int)
    for a in awards:
        by_home[a.home] += a.awards
        by_host[a.host] += a.awards
    names = sorted(set(by_home) | set(by_host), key=lambda n: (-(by_home[n] + by_host[n]), n))
    chart = Chart(
        kind="bar",
        title=_("Programme awards by home and by host"),
        categories=tuple(names),
        series=(
            Series(_("Awardees from"), tuple(float(by_home[n]) for n in names)),
            Series(_("Awardees hosted"), tuple(float(by_host[n]) for n in names)),
        ),
        ident="alliance-awards-chart",
    )
    table = Table(
        ident="alliance-awards",
        title=_("Programme awards by programme, home and host"),
        columns=(
            Column("programme", _("Programme")),
            Column("home", _("Home"), meaning=_("The awardee's institution")),
            Column("host", _("Host"), meaning=_("The institution visited")),
            Column("awards", _("Awards"), "count", _("Awards made in the year")),
        ),
        rows=tuple(
            (a.programme, a.home, a.host, a.awards)
            for a in sorted(awards, key=lambda a: (a.programme, -a.awards, a.home, a.host))
        ),
        note=note,
        shown=TOP * 2,
    )
    return Section(
        "alliance-programmes",
        _("Programmes"),
        _("%(count)s awards were made.") % {"count": sum(a.awards for a in awards)},
        figures=(Figure(chart, note),) if names else (),
        tables=(table,),
    )


def _events_section(events: list[EventRow]) -> Section:
    note = platform_note(_("event registrations and check-ins"))
    chart = Chart(
        kind="stacked",
        title=_("Participants per event"),
        categories=tuple(e.name for e in events),
        series=(
            Series(_("Checked in"), tuple(float(e.checked_in) for e in events)),
            Series(
                _("Registered, not checked in"),
                tuple(float(e.registered - e.checked_in) for e in events),
            ),
        ),
        ident="alliance-events-chart",
    )
    table = Table(
        ident="alliance-events",
        title=_("Events and their participants"),
        columns=(
            Column("event", _("Event")),
            Column("starts_on", _("Date"), meaning=_("First day of the event")),
            Column("registered", _("Registered"), "count", _("Confirmed registrations")),
            Column("checked_in", _("Checked in"), "count", _("Participants checked in")),
            Column("institutions", _("Institutions"), "count", _("Institutions represented")),
        ),
        rows=tuple(
            (e.name, as_cell(e.starts_on), e.registered, e.checked_in, e.institutions)
            for e in events
        ),
        note=note,
    )
    return Section(
        "alliance-events",
        _("Events"),
        _("%(count)s events with %(people)s registered participants.")
        % {"count": len(events), "people": sum(e.registered for e in events)},
        figures=(Figure(chart, note),) if events else (),
        tables=(table,),
    )


def _inquiries_section(inquiries: list[InquiryRow]) -> Section:
    note = platform_note(_("knowledge exchange inquiries"))
    chart = Chart(
        kind="bar",
        title=_("Inquiries about research achievements, by status"),
        categories=tuple(i.status for i in inquiries),
        series=(Series(_("Inquiries"), tuple(float(i.inquiries) for i in inquiries)),),
        ident="alliance-inquiries-chart",
    )
    table = Table(
        ident="alliance-inquiries",
        title=_("Knowledge exchange inquiries by status"),
        columns=(
            Column("status", _("Status")),
            Column("inquiries", _("Inquiries"), "count", _("Inquiries opened in the year")),
        ),
        rows=tuple((i.status, i.inquiries) for i in inquiries),
        note=note,
    )
    return Section(
        "alliance-knowledge",
        _("Knowledge exchange"),
        _("%(count)s inquiries were opened.") % {"count": sum(i.inquiries for i in inquiries)},
        figures=(Figure(chart, note),) if any(i.inquiries for i in inquiries) else (),
        tables=(table,),
    )
