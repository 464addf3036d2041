"""Reads behind the dashboards and the annual report: a call's figures for the Secretariat, an
institution's for its coordinators, and the awards of a year. Every figure is counted in the
database (a fixed number of queries, whatever the size of the call); ``queries`` re-exports
these for pages, the API and the report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from alliance.members.models import Institution
from alliance.programmes.enums import HOLDS_AWARD, ApplicationStatus, QuotaSide
from alliance.programmes.models import Application, Assignment, Call, CallQuota

# Beyond a draft and still in the running or decided (a withdrawn application left the call).
SUBMITTED = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.RESERVE,
    ApplicationStatus.REJECTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DECLINED,
)
# Offered an award (whether the awardee took it or not).
OFFERED = (ApplicationStatus.AWARDED, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED)

FUNNEL_LABELS = {
    "started": _("Started"),
    "submitted": _("Submitted"),
    "nominated": _("Nominated"),
    "reviewed": _("Reviewed"),
    "awarded": _("Awarded"),
    "accepted": _("Accepted"),
}


@dataclass
class Stage:
    key: str
    label: str
    count: int
    percent: int  # of the applications started


@dataclass
class InstitutionRow:
    """A home or a host of a call: its applications beyond drafts, nominations, awards held
    and what they cost, and its quota (None without one)."""

    institution_id: int | None
    name: str
    applications: int
    nominated: int
    awards: int
    granted: Decimal
    quota: int | None = None


@dataclass
class CallDashboard:
    call: Call
    funnel: list[Stage]
    by_status: dict[str, int]
    by_home: list[InstitutionRow]
    by_host: list[InstitutionRow]
    reviews_assigned: int
    reviews_done: int
    granted: Decimal

    @property
    def reviews_percent(self) -> int:
        return (
            round(100 * self.reviews_done / self.reviews_assigned) if self.reviews_assigned else 0
        )


def call_summary(pk: int) -> Call | None:
    """The call with its programme and nothing else, for the dashboard and the lists."""
    return Call.objects.select_related("programme").filter(pk=pk).first()


@dataclass
class _Group:
    """Applications of a call sharing a status, a home and a host: what the database counts."""

    status: str
    home: tuple[int | None, str | None]
    host: tuple[int | None, str | None]
    count: int
    nominated: int
    reviewed: int
    amount: Decimal


def _groups(call: Call) -> list[_Group]:
    """The call's applications counted by status, home and host in one query (a few hundred
    groups at most, however many applications): the dashboard adds them up."""
    reviewed = Assignment.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
    rows = (
        Application.objects.filter(call=call)
        .values("status", "home_id", "home__name", "host_id", "host__name")
        .annotate(
            n=Count("pk"),
            nominated=Count("pk", filter=Q(nomination_rank__isnull=False)),
            reviewed=Count("pk", filter=Q(nomination_rank__isnull=False) & Q(Exists(reviewed))),
            amount=Sum("amount"),
        )
        .order_by()
    )
    return [
        _Group(
            status=r["status"],
            home=(r["home_id"], r["home__name"]),
            host=(r["host_id"], r["host__name"]),
            count=r["n"],
            nominated=r["nominated"],
            reviewed=r["reviewed"],
            amount=r["amount"] or Decimal(0),
        )
        for r in rows
    ]


def _by_side(
    groups: list[_Group], side: str, quotas: dict[tuple[str, int | None], int]
) -> list[InstitutionRow]:
    """The submitted applications by home or by host (``side``), by institution name."""
    rows: dict[int | None, InstitutionRow] = {}
    for g in groups:
        if g.status not in SUBMITTED:
            continue
        inst, name = g.home if side == QuotaSide.HOME else g.host
        row = rows.get(inst)
        if row is None:
            row = rows[inst] = InstitutionRow(
                institution_id=inst,
                name=name or "–",
                applications=0,
                nominated=0,
                awards=0,
                granted=Decimal(0),
                quota=quotas.get((side, inst)),
            )
        row.applications += g.count
        row.nominated += g.nominated
        if g.status in HOLDS_AWARD:
            row.awards += g.count
            row.granted += g.amount
    return sorted(rows.values(), key=lambda r: r.name)


def call_dashboard(call: Call) -> CallDashboard:
    """A call's figures in three queries: its applications grouped by status, home and host
    (with nominations and reviews), its quotas, and the reviews assigned and done."""
    groups = _groups(call)
    quotas: dict[tuple[str, int | None], int] = {
        (side, inst): places
        for side, inst, places in CallQuota.objects.filter(call=call).values_list(
            "side", "institution_id", "places"
        )
    }
    reviews = Assignment.objects.filter(application__call=call).aggregate(
        assigned=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    by_status = dict.fromkeys(ApplicationStatus.values, 0)
    for g in groups:
        by_status[g.status] = by_status.get(g.status, 0) + g.count
    submitted = [g for g in groups if g.status in SUBMITTED]
    started = sum(by_status.values())
    figures = {
        "started": started,
        "submitted": sum(by_status[s] for s in SUBMITTED),
        "nominated": sum(g.nominated for g in submitted),
        "reviewed": sum(g.reviewed for g in submitted),
        "awarded": sum(by_status[s] for s in OFFERED),
        "accepted": by_status[ApplicationStatus.ACCEPTED],
    }
    funnel = [
        Stage(key, str(FUNNEL_LABELS[key]), n, round(100 * n / started) if started else 0)
        for key, n in figures.items()
    ]
    return CallDashboard(
        call=call,
        funnel=funnel,
        by_status=by_status,
        by_home=_by_side(groups, QuotaSide.HOME, quotas),
        by_host=_by_side(groups, QuotaSide.HOST, quotas),
        reviews_assigned=reviews["assigned"],
        reviews_done=reviews["done"],
        granted=sum((g.amount for g in submitted if g.status in HOLDS_AWARD), Decimal(0)),
    )


# --- an institution's dashboard (its coordinators') ------------------------------------------


@dataclass
class CallOfInstitution:
    """What an institution has in one call: its candidates by stage, the awards it hosts, and
    its quotas with how much of them is used."""

    call_id: int
    programme: str
    cycle: str
    applications: int = 0
    nominated: int = 0
    awards: int = 0
    hosted_awards: int = 0
    home_quota: int | None = None
    host_quota: int | None = None

    @property
    def name(self) -> str:
        return f"{self.programme} {self.cycle}"


@dataclass
class InstitutionDashboard:
    institution: Institution
    calls: list[CallOfInstitution] = field(default_factory=list)


def institution_dashboard(institution: Institution) -> InstitutionDashboard:
    """The institution's calls (where it has candidates, hosts awards or holds a quota), in
    three queries; its candidates are listed by ``candidates_of_institution``."""
    calls: dict[int, CallOfInstitution] = {}

    def entry(call_id: int, programme: str, cycle: str) -> CallOfInstitution:
        if call_id not in calls:
            calls[call_id] = CallOfInstitution(call_id=call_id, programme=programme, cycle=cycle)
        return calls[call_id]

    for row in (
        Application.objects.filter(home=institution, status__in=SUBMITTED)
        .values("call_id", "call__programme__name", "call__cycle")
        .annotate(
            applications=Count("pk"),
            nominated=Count("pk", filter=Q(nomination_rank__isnull=False)),
            awards=Count("pk", filter=Q(status__in=HOLDS_AWARD)),
        )
    ):
        item = entry(row["call_id"], row["call__programme__name"], row["call__cycle"])
        item.applications = row["applications"]
        item.nominated = row["nominated"]
        item.awards = row["awards"]
    for call_id, programme, cycle, hosted in (
        Application.objects.filter(host=institution, status__in=HOLDS_AWARD)
        .values_list("call_id", "call__programme__name", "call__cycle")
        .annotate(n=Count("pk"))
        .values_list("call_id", "call__programme__name", "call__cycle", "n")
    ):
        entry(call_id, programme, cycle).hosted_awards = hosted
    for call_id, programme, cycle, side, places in CallQuota.objects.filter(
        institution=institution
    ).values_list("call_id", "call__programme__name", "call__cycle", "side", "places"):
        item = entry(call_id, programme, cycle)
        if side == QuotaSide.HOME:
            item.home_quota = places
        else:
            item.host_quota = places
    ordered = sorted(calls.values(), key=lambda c: c.programme)
    ordered.sort(key=lambda c: c.cycle, reverse=True)  # latest cycle first, then by programme
    return InstitutionDashboard(institution=institution, calls=ordered)


def candidates_of_institution(institution: Institution) -> QuerySet[Application]:
    """The institution's candidates across calls (beyond drafts), latest cycle first, in
    nomination order."""
    return (
        Application.objects.filter(home=institution)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("call__programme", "applicant", "host")
        .order_by(
            "-call__cycle", "call__programme__name", F("nomination_rank").asc(nulls_last=True), "pk"
        )
    )


# --- the annual report -----------------------------------------------------------------------


def award_figures(year: int) -> list[dict[str, Any]]:
    """Awards of the calls whose cycle starts in ``year`` (cycle "2027-2028" for 2027), by
    programme, home and host, for the annual report.

    An award is an application awarded or accepted (a declined award is not counted; its
    place went to the reserve list). Each dict holds ``programme`` (its name), ``home`` and
    ``host`` (the institutions' names, or None when unknown), ``home_slug`` and ``host_slug``,
    ``awards`` (the count) and ``grants``: the sum of the awards' amounts by currency, as
    ``{"USD": Decimal("5000.00")}`` (an award without an amount counts its call's grant).
    Sorted by programme, home and host; one query."""
    rows = (
        Application.objects.filter(call__cycle__startswith=f"{year:04d}-", status__in=HOLDS_AWARD)
        .values(
            "call__programme__name",
            "home__name",
            "home__slug",
            "host__name",
            "host__slug",
            "call__currency",
        )
        .annotate(awards=Count("pk"), total=Sum(Coalesce("amount", "call__grant")))
        .order_by("call__programme__name", "home__name", "host__name", "call__currency")
    )
    merged: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    grants: dict[tuple[str, str | None, str | None], dict[str, Decimal]] = defaultdict(dict)
    for row in rows:
        key = (row["call__programme__name"], row["home__name"], row["host__name"])
        item = merged.setdefault(
            key,
            {
                "programme": key[0],
                "home": key[1],
                "home_slug": row["home__slug"],
                "host": key[2],
                "host_slug": row["host__slug"],
                "awards": 0,
            },
        )
        item["awards"] += row["awards"]
        currency = row["call__currency"]
        grants[key][currency] = grants[key].get(currency, Decimal(0)) + (row["total"] or 0)
    return [{**item, "grants": dict(grants[key])} for key, item in merged.items()]
