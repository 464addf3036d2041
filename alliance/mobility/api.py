"""The mobility API: exchange agreements, mobility rounds and their allocation runs, mobility
records, the balance ledger and the EWP-shaped nominations.

Nothing here is public: every endpoint needs a token carrying the mobility:read scope, and
answers only what its owner's pages show them. Agreements are listed for the Secretariat and the
coordinators of their parties; a round's runs for the Secretariat and the coordinators of the
universities taking part, and a run's full assignment (student by student) for the Secretariat
only. Mobility records are listed for the Secretariat, the coordinators of the home and the host,
and the student."""

import datetime
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.core.models import User
from alliance.members.rules import is_secretariat
from alliance.mobility import queries
from alliance.mobility.enums import AgreementScope, Mechanism, MobilityStatus, RoundStatus
from alliance.mobility.models import Agreement, AgreementParty, AllocationRun, Mobility, Round

mobility_read = TokenAuth(TokenScope.MOBILITY_READ)

router = Router(tags=["mobility"], auth=mobility_read)


class PartyOut(Schema):
    institution: str = Field(description="The party's slug.")
    approved: bool = Field(description="Approved the agreement as it reads now.")
    approved_fingerprint: str = Field(
        description="The fingerprint of the text the party approved; empty if never approved."
    )
    approved_at: datetime.datetime | None

    @staticmethod
    def resolve_institution(obj: AgreementParty) -> str:
        return obj.institution.slug

    @staticmethod
    def resolve_approved(obj: AgreementParty) -> bool:
        return obj.has_approved


class AgreementOut(Schema):
    id: int
    title: str
    scope: AgreementScope
    first_year: int = Field(description="The first academic year it covers (2027: 2027/2028).")
    last_year: int
    fingerprint: str = Field(description="A hash of the agreement's conditions.")
    in_effect: bool = Field(description="Every party approved the text as it reads now.")
    parties: list[PartyOut]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[AgreementParty]:
        return list(obj.parties.all())

    @staticmethod
    def resolve_in_effect(obj: Agreement) -> bool:
        parties = list(obj.parties.all())
        return bool(parties) and all(p.has_approved for p in parties)


class RoundOut(Schema):
    id: int
    name: str
    academic_year: int
    status: RoundStatus
    published_run: int | None = Field(description="The run whose results are published.")
    hosts: int = Field(description="How many universities take part.")
    applications: int

    @staticmethod
    def resolve_published_run(obj: Round) -> int | None:
        return obj.published_run_id

    @staticmethod
    def resolve_hosts(obj: Round) -> int:
        return int(getattr(obj, "n_hosts", 0))

    @staticmethod
    def resolve_applications(obj: Round) -> int:
        return int(getattr(obj, "n_applications", 0))


class RunOut(Schema):
    id: int
    round: int
    mechanism: Mechanism
    students: int = Field(description="Applicants taking part.")
    placed: int
    unplaced: int
    first_choice: int = Field(description="Placed at their first choice.")
    published: bool = Field(description="This run's results are the round's published ones.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_round(obj: AllocationRun) -> int:
        return obj.round_id

    @staticmethod
    def resolve_published(obj: AllocationRun) -> bool:
        return obj.round.published_run_id == obj.pk


class FlowOut(Schema):
    sent: int
    hosted: int


class RunDetailOut(RunOut):
    per_university: dict[str, FlowOut] = Field(
        description="Students sent and hosted, by university slug."
    )
    assignment: dict[str, str | None] | None = Field(
        description="Each application's host university (null: not placed); Secretariat only."
    )

    @staticmethod
    def resolve_per_university(obj: AllocationRun) -> dict[str, dict[str, int]]:
        return dict(obj.result.get("per_university", {}))

    @staticmethod
    def resolve_assignment(obj: AllocationRun, context: dict[str, Any]) -> Any:
        if not is_secretariat(context["request"].user):
            return None
        return dict(obj.result.get("assignment", {}))


def _user(request: HttpRequest) -> User:
    """The token's owner: every endpoint here needs a token, so never an anonymous caller."""
    return cast(User, request.user)


def _round_with_runs(request: HttpRequest, pk: int) -> Round:
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None or not request.user.has_perm("mobility.view_runs", round_):
        raise HttpError(404, _("No round whose runs you may see has this number."))
    return round_


@router.get("/mobility/agreements", response=list[AgreementOut], summary="Agreements")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def agreement_list(request: HttpRequest) -> Any:
    """The agreements the caller may see (all for the Secretariat, their institutions' for a
    coordinator), with each party's approval."""
    return queries.agreements_visible_to(_user(request))


@router.get("/mobility/agreements/{pk}", response=AgreementOut, summary="One agreement")
def agreement_detail(request: HttpRequest, pk: int) -> Agreement:
    """One agreement. An agreement the caller may not see answers 404."""
    agreement = queries.agreements_visible_to(_user(request)).filter(pk=pk).first()
    if agreement is None:
        raise HttpError(404, _("No agreement you may see has this number."))
    return agreement


@router.get("/mobility/rounds", response=list[RoundOut], summary="Mobility rounds")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def round_list(request: HttpRequest) -> Any:
    """The rounds the caller may see (drafts only for the Secretariat), latest first."""
    return queries.rounds_visible_to(_user(request))


@router.get("/mobility/rounds/{pk}/runs", response=list[RunOut], summary="A round's runs")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def round_runs(request: HttpRequest, pk: int) -> Any:
    """A round's allocation runs, oldest first, with their summary numbers. For the Secretariat
    and the coordinators of the universities taking part."""
    return queries.runs_of(_round_with_runs(request, pk)).select_related("round")


@router.get("/mobility/runs/{pk}", response=RunDetailOut, summary="One allocation run")
def run_detail(request: HttpRequest, pk: int) -> AllocationRun:
    """One run's summary and its flows by university; the Secretariat also gets the full
    assignment, application by application."""
    run = AllocationRun.objects.select_related("round").filter(pk=pk).first()
    if run is None or not request.user.has_perm("mobility.view_runs", run.round):
        raise HttpError(404, _("No allocation run you may see has this number."))
    return run


class MobilityOut(Schema):
    id: int
    round: int
    academic_year: int
    home: str = Field(description="The home university's slug.")
    host: str = Field(description="The host university's slug.")
    status: MobilityStatus
    planned_arrival: datetime.date | None
    planned_departure: datetime.date | None
    arrived_on: datetime.date | None
    departed_on: datetime.date | None
    learning_agreement_fingerprint: str = Field(
        description="The fingerprint of the courses as they read now; empty when none are listed."
    )
    learning_agreement_signed: bool = Field(
        description="The student, the home and the host signed the courses as they read now."
    )

    @staticmethod
    def resolve_round(obj: Mobility) -> int:
        return obj.round_id

    @staticmethod
    def resolve_home(obj: Mobility) -> str:
        return obj.home.slug

    @staticmethod
    def resolve_host(obj: Mobility) -> str:
        return obj.host.slug

    @staticmethod
    def resolve_learning_agreement_signed(obj: Mobility) -> bool:
        status = queries.signatures_status(obj)
        return bool(obj.learning_agreement_fingerprint) and set(status.values()) == {"signed"}


class LedgerYearOut(Schema):
    academic_year: int
    sent: int
    hosted: int
    running: int = Field(description="Hosted minus sent, this year and every earlier one.")


class LedgerRowOut(Schema):
    institution: str
    sent: int
    hosted: int
    balance: int = Field(description="Hosted minus sent over every year.")
    years: list[LedgerYearOut]


@router.get("/mobility/mobilities", response=list[MobilityOut], summary="Mobility records")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def mobility_list(request: HttpRequest, status: MobilityStatus | None = None) -> Any:
    """The mobility records the caller may see, optionally of one status."""
    records = queries.mobilities_visible_to(_user(request)).prefetch_related("signatures")
    return records.filter(status=status) if status else records


@router.get("/mobility/balances", response=list[LedgerRowOut], summary="The balance ledger")
def balances(request: HttpRequest) -> Any:
    """Sent and hosted per member and academic year. For the Secretariat and coordinators."""
    if not request.user.has_perm("mobility.view_balances"):
        raise HttpError(403, _("The balance ledger is for the Secretariat and coordinators."))
    ledger = queries.balance_ledger()
    return [
        {
            "institution": row.institution.slug,
            "sent": row.sent,
            "hosted": row.hosted,
            "balance": row.balance,
            "years": [
                {"academic_year": y, **{k: c[k] for k in ("sent", "hosted", "running")}}
                for y, c in zip(ledger.years, row.years, strict=True)
            ],
        }
        for row in ledger.rows
    ]


@router.get(
    "/mobility/rounds/{pk}/nominations",
    response=dict[str, Any],
    summary="A round's nominations, shaped like EWP",
)
def nominations(request: HttpRequest, pk: int) -> Any:
    """The round's nominations (accepted places) the caller may see, shaped like EWP's
    outgoing-mobility get-response. Not a certified EWP endpoint."""
    round_ = _round_with_runs(request, pk)
    return queries.ewp_nominations(round_, queries.mobilities_visible_to(_user(request)))
