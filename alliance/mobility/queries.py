"""Reads of agreements, rounds, applications and runs, shared by pages, the API, the EWP-shaped
export and the engine's input. Each list is already scoped to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from alliance.core.models import User
from alliance.members.enums import Role
from alliance.members.models import Institution
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat
from alliance.mobility.enums import (
    CEFR_ORDER,
    COUNTS_IN_LEDGER,
    MobilityStatus,
    PlacementResponse,
    RoundStatus,
    Signatory,
)
from alliance.mobility.models import (
    Agreement,
    AgreementParty,
    AllocationRun,
    Application,
    Choice,
    Mobility,
    Placement,
    Round,
    RoundHost,
)
from alliance.mobility.rules import sides_of

# --- agreements ------------------------------------------------------------------------------


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    """Every agreement for the Secretariat; a coordinator's institutions' agreements otherwise."""
    qs = Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("institution"))
    )
    if is_secretariat(user):
        return qs.all()
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(parties__institution__in=mine).distinct()


def agreement_with_content(pk: int) -> Agreement | None:
    return (
        Agreement.objects.prefetch_related(
            Prefetch("parties", queryset=AgreementParty.objects.select_related("institution")),
            "terms__sending",
            "terms__receiving",
        )
        .filter(pk=pk)
        .first()
    )


def ewp_hei(inst: Institution) -> dict[str, Any]:
    """A member as EWP names a higher-education institution (our short address as hei-id)."""
    return {"hei-id": inst.slug, "name": inst.name, "ror-id": inst.ror_id or None}


def ewp_iia(agreement: Agreement) -> dict[str, Any]:
    """The agreement shaped like EWP's IIA get-response (partners, cooperation conditions,
    conditions hash). Shaped like it, not a certified EWP endpoint."""

    def hei(inst: Institution | None) -> dict[str, Any] | None:
        return None if inst is None else ewp_hei(inst)

    parties = list(agreement.parties.all())
    return {
        "iia-id": f"alliance-{agreement.pk}",
        "title": agreement.title,
        "scope": agreement.scope,
        "partner": [
            {
                **(hei(p.institution) or {}),
                "approved": p.has_approved,
                "approved-conditions-hash": p.approved_fingerprint or None,
            }
            for p in parties
        ],
        "in-effect": bool(parties) and all(p.has_approved for p in parties),
        "cooperation-conditions": {
            "student-studies-mobility-spec": [
                {
                    "sending-hei-id": t.sending.slug if t.sending else None,
                    "receiving-hei-id": t.receiving.slug if t.receiving else None,
                    "receiving-academic-year-id": [
                        f"{y}/{y + 1}" for y in range(agreement.first_year, agreement.last_year + 1)
                    ],
                    "mobilities-per-year": t.places_per_year,
                    "total-months-per-year": t.months_per_year,
                    "eqf-level": [int(level) for level in t.study_levels],
                    "subject-area": [{"isced-f-code": a} for a in t.subject_areas],
                    "recommended-language-skill": (
                        [{"language": t.language, "cefr-level": t.language_level or None}]
                        if t.language
                        else []
                    ),
                }
                for t in agreement.terms.all()
            ],
        },
        "recognition-notes": agreement.recognition_notes,
        "conditions-hash": agreement.fingerprint,
    }


# --- rounds and applications -----------------------------------------------------------------


def rounds_visible_to(user: User) -> QuerySet[Round]:
    """Drafts only for the Secretariat; every other round for anyone logged in."""
    qs = Round.objects.annotate(
        n_hosts=Count("hosts", distinct=True), n_applications=Count("applications", distinct=True)
    )
    if is_secretariat(user):
        return qs
    return qs.exclude(status=RoundStatus.DRAFT)


def hosts_of(round_: Round) -> QuerySet[RoundHost]:
    return round_.hosts.select_related("institution")


def application_of(round_: Round, user: User) -> Application | None:
    return (
        Application.objects.filter(round=round_, student=user)
        .select_related("home")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.select_related("host")))
        .first()
    )


def applications_of_home(round_: Round, home_ids: set[int] | None) -> QuerySet[Application]:
    """A round's applications in nomination order (of some homes, or of every home: None)."""
    qs = Application.objects.filter(round=round_)
    if home_ids is not None:
        qs = qs.filter(home_id__in=home_ids)
    return (
        qs.select_related("student", "home")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.select_related("host")))
        .order_by("home__name", "nomination_rank", "pk")
    )


def nominating_homes(round_: Round, user: User) -> list[Institution]:
    """The round's universities the user ranks applicants for."""
    mine = institutions_where(user, Role.COORDINATOR)
    return [h.institution for h in hosts_of(round_) if h.institution_id in mine]


def _accepts(host: RoundHost, application: Application) -> bool:
    if host.study_levels and application.study_level not in host.study_levels:
        return False
    if host.language and host.min_language_level:
        level = application.languages.get(host.language, "")
        if not level or CEFR_ORDER.index(level) < CEFR_ORDER.index(host.min_language_level):
            return False
    return True


def engine_input(round_: Round) -> dict[str, Any]:
    """The round as the engine's JSON input: universities by short address, students by
    application id, each home's nomination order, and the hosts' acceptable sets where a host
    has rules, and the balance each carries from earlier rounds. Four queries, whatever the size of
    the round."""
    hosts = list(hosts_of(round_))
    slug = {h.institution_id: h.institution.slug for h in hosts}
    applications = list(
        Application.objects.filter(round=round_, home_id__in=slug)
        .order_by("home_id", "nomination_rank", "pk")
        .only("pk", "home_id", "study_level", "languages", "nomination_rank")
    )
    choices: dict[int, list[str]] = defaultdict(list)
    for app_id, host_id in (
        Choice.objects.filter(application__round=round_)
        .order_by("application_id", "rank")
        .values_list("application_id", "host_id")
    ):
        if host_id in slug:
            choices[app_id].append(slug[host_id])
    priority: dict[str, list[str]] = {slug[h.institution_id]: [] for h in hosts}
    for a in applications:
        priority[slug[a.home_id]].append(str(a.pk))
    carried = carried_balances(round_)
    data: dict[str, Any] = {
        "universities": [
            {"id": slug[h.institution_id], "capacity": h.places, "tolerance": h.tolerance}
            | ({"carried": carried[h.institution_id]} if carried.get(h.institution_id) else {})
            for h in hosts
        ],
        "students": [
            {"id": str(a.pk), "home": slug[a.home_id], "choices": choices[a.pk]}
            for a in applications
        ],
        "home_priority": priority,
    }
    ruled = [h for h in hosts if h.study_levels or (h.language and h.min_language_level)]
    if ruled:
        data["acceptable"] = {
            slug[h.institution_id]: [str(a.pk) for a in applications if _accepts(h, a)]
            for h in ruled
        }
    return data


# --- runs ------------------------------------------------------------------------------------


def runs_of(round_: Round) -> QuerySet[AllocationRun]:
    """A round's runs, oldest first (their results are read for the side-by-side view)."""
    return round_.runs.select_related("created_by").defer("input").order_by("created_at", "pk")


@dataclass(frozen=True)
class Flow:
    universities: list[str]
    names: dict[str, str]
    cells: list[list[int]]  # cells[i][j]: sent by universities[i] to universities[j]
    sent: list[int]
    hosted: list[int]


def flow_matrix(run: AllocationRun) -> Flow:
    """Who sends to whom in a run (rows: home, columns: host)."""
    ids = [u["id"] for u in run.input["universities"]]
    index = {u: i for i, u in enumerate(ids)}
    cells = [[0] * len(ids) for _ in ids]
    homes = {s["id"]: s["home"] for s in run.input["students"]}
    for sid, host in run.result["assignment"].items():
        if host is not None and sid in homes:
            cells[index[homes[sid]]][index[host]] += 1
    names = dict(Institution.objects.filter(slug__in=ids).values_list("slug", "name"))
    return Flow(
        universities=ids,
        names=names,
        cells=cells,
        sent=[sum(row) for row in cells],
        hosted=[sum(row[j] for row in cells) for j in range(len(ids))],
    )


def comparison(runs: list[AllocationRun]) -> list[dict[str, Any]]:
    """Sent and hosted per university, one column pair per run (the runs side by side)."""
    universities: list[str] = []
    for run in runs:
        for uni in run.result.get("per_university", {}):
            if uni not in universities:
                universities.append(uni)
    names = dict(Institution.objects.filter(slug__in=universities).values_list("slug", "name"))
    rows = []
    for uni in sorted(universities, key=lambda u: names.get(u, u)):
        cells = []
        for run in runs:
            per = run.result.get("per_university", {}).get(uni, {"sent": 0, "hosted": 0})
            cells.append(per)
        rows.append({"name": names.get(uni, uni), "cells": cells})
    return rows


def placement_of(round_: Round, user: User) -> Placement | None:
    if round_.published_run_id is None:
        return None
    return (
        Placement.objects.filter(run_id=round_.published_run_id, application__student=user)
        .select_related("host", "application", "mobility")
        .first()
    )


def placements_of(run: AllocationRun, home_ids: set[int] | None) -> QuerySet[Placement]:
    qs = run.placements.select_related("host", "application__student", "application__home")
    if home_ids is not None:
        qs = qs.filter(Q(application__home_id__in=home_ids) | Q(host_id__in=home_ids))
    return qs


# --- mobility records, the balance ledger ------------------------------------------------------


def mobilities_visible_to(user: User) -> QuerySet[Mobility]:
    """Every mobility for the Secretariat; a coordinator's institution's outgoing and incoming
    ones; a student's own."""
    qs = Mobility.objects.select_related("student", "home", "host", "round")
    if is_secretariat(user):
        return qs.all()
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(Q(home_id__in=mine) | Q(host_id__in=mine) | Q(student_id=user.pk))


def mobility_for_page(pk: int) -> Mobility | None:
    return (
        Mobility.objects.select_related("student", "home", "host", "round", "placement")
        .prefetch_related("courses", "signatures__signed_by")
        .filter(pk=pk)
        .first()
    )


def signatures_status(mobility: Mobility) -> dict[str, str]:
    """For each side of the learning agreement: "signed" (the current courses), "earlier" (an
    earlier version) or "missing"."""
    current = mobility.learning_agreement_fingerprint
    found = {s.party: s.fingerprint for s in mobility.signatures.all()}
    return {
        side: "missing" if side not in found else "signed" if found[side] == current else "earlier"
        for side in Signatory.values
    }


def carried_balances(round_: Round) -> dict[int, int]:
    """Hosted minus sent per institution over the mobility records of the other rounds up to
    this round's academic year (cancelled ones left out): the balance this round may pay back."""
    balance: dict[int, int] = defaultdict(int)
    rows = (
        Mobility.objects.filter(
            status__in=COUNTS_IN_LEDGER, academic_year__lte=round_.academic_year
        )
        .exclude(round=round_)
        .values("home_id", "host_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        balance[row["host_id"]] += row["n"]
        balance[row["home_id"]] -= row["n"]
    return dict(balance)


@dataclass(frozen=True)
class LedgerRow:
    institution: Institution
    years: list[dict[str, int]]  # per year of ``Ledger.years``: sent, hosted, balance, running
    sent: int
    hosted: int

    @property
    def balance(self) -> int:
        return self.hosted - self.sent


@dataclass(frozen=True)
class Ledger:
    years: list[int]
    rows: list[LedgerRow]
    flows: dict[tuple[int, int], int]  # (home id, host id) -> students

    def flow_matrix(self) -> list[dict[str, Any]]:
        """Rows: home; columns: host, in the order of ``rows``."""
        ids = [r.institution.pk for r in self.rows]
        return [
            {
                "name": r.institution.name,
                "cells": [self.flows.get((r.institution.pk, host), 0) for host in ids],
                "sent": r.sent,
            }
            for r in self.rows
        ]


def balance_ledger(*, year: int | None = None) -> Ledger:
    """Sent and hosted per member and academic year over every mobility record that counts
    (nominated, at the host, completed), with each year's balance and the running balance;
    and who sent how many to whom (all years, or ``year`` only). Two queries."""
    records = (
        Mobility.objects.filter(status__in=COUNTS_IN_LEDGER)
        .values("academic_year", "home_id", "host_id")
        .annotate(n=Count("pk"))
    )
    per: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: {"sent": 0, "hosted": 0})
    flows: dict[tuple[int, int], int] = defaultdict(int)
    years: set[int] = set()
    for row in records:
        years.add(row["academic_year"])
        per[(row["home_id"], row["academic_year"])]["sent"] += row["n"]
        per[(row["host_id"], row["academic_year"])]["hosted"] += row["n"]
        if year is None or row["academic_year"] == year:
            flows[(row["home_id"], row["host_id"])] += row["n"]
    ids = {inst for inst, _ in per}
    ordered = sorted(years)
    rows = []
    for inst in Institution.objects.filter(pk__in=ids).order_by("name"):
        running = 0
        cells = []
        for y in ordered:
            c = per.get((inst.pk, y), {"sent": 0, "hosted": 0})
            running += c["hosted"] - c["sent"]
            cells.append({**c, "balance": c["hosted"] - c["sent"], "running": running})
        rows.append(
            LedgerRow(
                institution=inst,
                years=cells,
                sent=sum(c["sent"] for c in cells),
                hosted=sum(c["hosted"] for c in cells),
            )
        )
    return Ledger(years=ordered, rows=rows, flows=dict(flows))


def ewp_nominations(round_: Round, mobilities: QuerySet[Mobility]) -> dict[str, Any]:
    """The round's nominations shaped like EWP's outgoing-mobility (OMobilities) get-response:
    sending and receiving HEI, the student, the planned dates and the status. Shaped like it,
    not a certified EWP endpoint."""
    nominations = list(mobilities.filter(round=round_).order_by("pk"))
    return {
        "omobility-id-list": [str(m.pk) for m in nominations],
        "single-mobility-object": [
            {
                "omobility-id": str(m.pk),
                "status-outgoing": "cancelled" if m.status == "cancelled" else "nomination",
                "sending-hei": ewp_hei(m.home),
                "receiving-hei": ewp_hei(m.host),
                "receiving-academic-year-id": f"{m.academic_year}/{m.academic_year + 1}",
                "student": {"name": m.student.full_name, "email": m.student.email},
                "planned-arrival-date": m.planned_arrival.isoformat()
                if m.planned_arrival
                else None,
                "planned-departure-date": (
                    m.planned_departure.isoformat() if m.planned_departure else None
                ),
                "actual-arrival-date": m.arrived_on.isoformat() if m.arrived_on else None,
                "actual-departure-date": m.departed_on.isoformat() if m.departed_on else None,
                "learning-agreement-hash": m.learning_agreement_fingerprint or None,
            }
            for m in nominations
        ],
        "round": round_.name,
    }


def personal_data(user: User) -> dict[str, Any]:
    """The person's applications (with their ranking and languages), places and answers, and
    mobility records with dates and learning agreements."""
    applications = (
        Application.objects.filter(student=user)
        .select_related("round", "home")
        .prefetch_related("choices__host", "placements__host")
        .order_by("created_at", "pk")
    )
    mobilities = (
        Mobility.objects.filter(student=user)
        .select_related("host", "home", "round")
        .prefetch_related("courses", "signatures")
    )
    return {
        "applications": [
            {
                "round": a.round.name,
                "home": a.home.name,
                "study_level": a.study_level,
                "languages": a.languages,
                "hosts_ranked": [c.host.name for c in a.choices.all()],
                "nomination_rank": a.nomination_rank,
                "places": [{"host": p.host.name, "answer": p.response} for p in a.placements.all()],
            }
            for a in applications
        ],
        "mobilities": [
            {
                "round": m.round.name,
                "home": m.home.name,
                "host": m.host.name,
                "status": m.status,
                "planned_arrival": m.planned_arrival.isoformat() if m.planned_arrival else None,
                "planned_departure": (
                    m.planned_departure.isoformat() if m.planned_departure else None
                ),
                "arrived_on": m.arrived_on.isoformat() if m.arrived_on else None,
                "departed_on": m.departed_on.isoformat() if m.departed_on else None,
                "courses": [
                    {"code": c.code, "title": c.title, "credits": str(c.credits), "term": c.term}
                    for c in m.courses.all()
                ],
                "signatures": signatures_status(m),
            }
            for m in mobilities
        ],
    }


def next_tasks(user: User) -> list[NextTask]:
    """What the mobility domain asks of ``user`` now: a place to accept or decline, learning
    agreements waiting for their signature, and (for coordinators) applicants to rank in open
    rounds."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_authenticated:
        return []
    tasks = [
        NextTask(
            _("Accept or decline your exchange place at %(host)s") % {"host": p.host.name},
            reverse("mobility:round", args=[p.application.round_id]),
        )
        for p in Placement.objects.filter(
            application__student=user,
            response=PlacementResponse.PENDING,
            run__round__published_run=F("run"),
        ).select_related("host", "application")
    ]
    for mobility in (
        mobilities_visible_to(user)
        .exclude(learning_agreement_fingerprint="")
        .filter(status__in=(MobilityStatus.NOMINATED, MobilityStatus.ARRIVED))
        .prefetch_related("signatures")
    ):
        status = signatures_status(mobility)
        sides = sides_of(user, mobility) & {Signatory.STUDENT, Signatory.HOME, Signatory.HOST}
        if any(status[side] != "signed" for side in sides):
            tasks.append(
                NextTask(
                    _("Sign the learning agreement: %(student)s, %(home)s → %(host)s")
                    % {
                        "student": mobility.student.full_name or mobility.student.email,
                        "home": mobility.home.name,
                        "host": mobility.host.name,
                    },
                    reverse("mobility:mobility", args=[mobility.pk]),
                )
            )
    mine = institutions_where(user, Role.COORDINATOR)
    if mine:
        for round_ in Round.objects.filter(
            status=RoundStatus.OPEN, hosts__institution__in=mine
        ).distinct():
            tasks.append(
                NextTask(
                    _("Rank your applicants: %(round)s") % {"round": round_.name},
                    reverse("mobility:nominations", args=[round_.pk]),
                )
            )
    return tasks
