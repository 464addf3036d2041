"""The programmes API: calls, the caller's own applications, a call's applications (the
Secretariat's, or a coordinator's own institution's), a call's ranking and dashboard (the
Secretariat's) and the members' proposals for new programmes.

Read only; every endpoint needs a token carrying the programmes:read scope and answers only what
its owner's pages show them."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.core.models import User
from alliance.programmes import queries
from alliance.programmes.enums import (
    ApplicationStatus,
    CallStatus,
    ProgrammeKind,
    ProposalStatus,
    QuotaSide,
)
from alliance.programmes.models import Application, Call
from alliance.programmes.outcome_queries import awards_visible_to, outcome_of  # awards

router = Router(tags=["programmes"], auth=TokenAuth(TokenScope.PROGRAMMES_READ))


class QuotaOut(Schema):
    institution: str = Field(description="The institution's slug.")
    side: QuotaSide
    places: int

    @staticmethod
    def resolve_institution(obj: Any) -> str:
        return str(obj.institution.slug)


class CallOut(Schema):
    id: int
    programme: str
    kind: ProgrammeKind
    cycle: str
    status: CallStatus
    time_zone: str
    opens_at: datetime.datetime = Field(description="In UTC.")
    closes_at: datetime.datetime = Field(description="In UTC.")
    activity_from: datetime.date
    activity_until: datetime.date
    eligible_categories: list[str]
    min_working_days: int
    awards: int
    grant: Decimal
    budget: Decimal
    currency: str
    languages: list[str]
    quotas: list[QuotaOut]

    @staticmethod
    def resolve_programme(obj: Call) -> str:
        return obj.programme.name

    @staticmethod
    def resolve_kind(obj: Call) -> str:
        return obj.programme.kind

    @staticmethod
    def resolve_quotas(obj: Call) -> list[Any]:
        return list(obj.quotas.all())


class _ApplicationBase(Schema):
    """What an application and an award both say: whose, from where to where, when, how much."""

    id: int = Field(description="The application's number.")
    call: int
    applicant: str = Field(description="The applicant's e-mail address.")
    home: str | None = Field(description="The home institution's slug.")
    host: str | None = Field(description="The host institution's slug.")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    amount: Decimal | None

    @staticmethod
    def resolve_call(obj: Application) -> int:
        return obj.call_id

    @staticmethod
    def resolve_applicant(obj: Application) -> str:
        return obj.applicant.email

    @staticmethod
    def resolve_home(obj: Application) -> str | None:
        return obj.home.slug if obj.home else None

    @staticmethod
    def resolve_host(obj: Application) -> str | None:
        return obj.host.slug if obj.host else None


class ApplicationOut(_ApplicationBase):
    status: ApplicationStatus
    title: str
    nomination_rank: int | None
    reserve_rank: int | None
    submitted_at: datetime.datetime | None


class RankedOut(Schema):
    rank: int
    application: int
    normalised: float = Field(description="The mean of the reviews' z-scores per reviewer.")
    raw: float = Field(description="The mean weighted total, 0 to 100.")
    reviews: int
    criteria: dict[str, dict[str, float]] = Field(
        description="By criterion name: its mean raw score and mean z-score."
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _call(request: HttpRequest, pk: int) -> Call:
    call = queries.calls_visible_to(_user(request)).filter(pk=pk).first()
    if call is None:
        raise HttpError(404, _("No call you may see has this number."))
    return call


@router.get("/programmes/calls", response=list[CallOut], summary="Calls")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def call_list(request: HttpRequest) -> Any:
    """The calls the caller may see (drafts only for the Secretariat), latest cycle first."""
    return queries.calls_visible_to(_user(request)).prefetch_related("quotas__institution")


@router.get("/programmes/calls/{pk}", response=CallOut, summary="One call")
def call_detail(request: HttpRequest, pk: int) -> Call:
    return _call(request, pk)


@router.get("/programmes/me/applications", response=list[ApplicationOut], summary="My applications")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def my_applications(request: HttpRequest) -> Any:
    """The caller's own applications, drafts included."""
    return queries.applications_of_user(_user(request)).select_related("applicant").order_by("pk")


@router.get(
    "/programmes/calls/{pk}/applications",
    response=list[ApplicationOut],
    summary="A call's applications",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def call_applications(request: HttpRequest, pk: int) -> Any:
    """A call's applications beyond drafts: all for the Secretariat, a coordinator's own
    institution's; 403 for anyone else."""
    user = _user(request)
    call = _call(request, pk)
    if not user.has_perm("programmes.nominate", call):
        raise HttpError(403, _("Only the Secretariat and coordinators read a call's applications."))
    return queries.applications_of_call(call, user)


@router.get("/programmes/calls/{pk}/ranking", response=list[RankedOut], summary="A call's ranking")
def call_ranking(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    """The ranking of the reviewed nominated applications, best first, with the reasons:
    raw and normalised scores, overall and by criterion. For the Secretariat."""
    user = _user(request)
    call = _call(request, pk)
    if not user.has_perm("programmes.select"):
        raise HttpError(403, _("Only the Secretariat reads a call's ranking."))
    return [
        {
            "rank": row.rank,
            "application": row.application_id,
            "normalised": row.normalised,
            "raw": row.raw,
            "reviews": row.reviews,
            "criteria": {c.name: {"raw": raw, "normalised": z} for c, raw, z in row.criteria},
        }
        for row in queries.ranking(call)
    ]


# --- dashboards and members' proposals ---


class StageOut(Schema):
    key: str
    label: str
    count: int
    percent: int = Field(description="Of the applications started, rounded.")


class InstitutionFiguresOut(Schema):
    institution: int | None = Field(description="The institution's id (null when not given).")
    name: str
    applications: int = Field(description="Submitted, beyond drafts, not withdrawn.")
    nominated: int
    awards: int = Field(description="Awarded or accepted.")
    granted: Decimal
    quota: int | None

    @staticmethod
    def resolve_institution(obj: Any) -> int | None:
        return obj.institution_id


class CallDashboardOut(Schema):
    call: int
    funnel: list[StageOut]
    by_status: dict[str, int]
    by_home: list[InstitutionFiguresOut]
    by_host: list[InstitutionFiguresOut]
    reviews_assigned: int
    reviews_done: int
    granted: Decimal = Field(description="The amounts of the awards held, in the call's currency.")
    currency: str

    @staticmethod
    def resolve_call(obj: Any) -> int:
        return int(obj.call.pk)

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return str(obj.call.currency)


class ProposalOut(Schema):
    id: int
    title: str
    institution: str = Field(description="The proposing member's slug.")
    co_proposers: list[str] = Field(description="The co-proposing members' slugs.")
    summary: str
    rationale: str
    target_participants: str
    estimated_budget: Decimal | None
    currency: str
    status: ProposalStatus = Field(description="Once sent to the Board, its motion's outcome.")
    motion: int | None = Field(description="The Board's motion, once sent.")
    submitted_at: datetime.datetime | None
    comments: int

    @staticmethod
    def resolve_institution(obj: Any) -> str:
        return str(obj.institution.slug)

    @staticmethod
    def resolve_co_proposers(obj: Any) -> list[str]:
        return [i.slug for i in obj.co_proposers.all()]

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.current_status)

    @staticmethod
    def resolve_motion(obj: Any) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_comments(obj: Any) -> int:
        return int(obj.n_comments)


@router.get(
    "/programmes/calls/{pk}/dashboard", response=CallDashboardOut, summary="A call's dashboard"
)
def call_dashboard(request: HttpRequest, pk: int) -> Any:
    """A call's figures: the funnel from draft to award, the applications by status, by home
    and by host (with quotas), and the reviews assigned and written. For the Secretariat."""
    call = _call(request, pk)
    if not _user(request).has_perm("programmes.select"):
        raise HttpError(403, _("Only the Secretariat reads a call's dashboard."))
    return queries.call_dashboard(call)


@router.get("/programmes/proposals", response=list[ProposalOut], summary="Programme proposals")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def proposal_list(request: HttpRequest) -> Any:
    """Members' proposals for new programmes, newest first: beyond drafts for the Secretariat
    and coordinators, with a coordinator's own institution's drafts; 403 for anyone else."""
    user = _user(request)
    if not user.has_perm("programmes.view_proposals"):
        raise HttpError(403, _("Only the Secretariat and coordinators read proposals."))
    return queries.proposals_visible_to(user)


# --- awards after the activity: report, host review, certificate, payment ---


class AwardReportOut(Schema):
    stage: str = Field(
        description="upcoming, due, overdue (no report submitted yet), submitted, returned "
        "(sent back) or accepted."
    )
    due_on: datetime.date | None = Field(description="When the report is due.")
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None


class AwardCertificateOut(Schema):
    code: str = Field(description="The verification code printed on the certificate.")
    issued_at: datetime.datetime


class AwardPaymentOut(Schema):
    status: str = Field(description="requested, approved, partly_paid, paid or cancelled.")
    currency: str
    requested: Decimal
    approved: Decimal | None
    paid: Decimal = Field(description="The sum of the payments made.")
    payments: list[dict[str, Any]] = Field(description="Each payment: amount and paid_on.")


class AwardOut(_ApplicationBase):
    report: AwardReportOut
    host_review_received: bool
    certificate: AwardCertificateOut | None
    payment: AwardPaymentOut | None

    @staticmethod
    def resolve_report(obj: Application) -> dict[str, Any]:
        report = getattr(obj, "report", None)
        outcome = outcome_of(obj)
        return {
            "stage": outcome.stage,
            "due_on": outcome.due,
            "submitted_at": report.submitted_at if report else None,
            "decided_at": report.decided_at if report else None,
        }

    @staticmethod
    def resolve_host_review_received(obj: Application) -> bool:
        review = getattr(obj, "host_review", None)
        return bool(review and review.submitted_at)

    @staticmethod
    def resolve_certificate(obj: Application) -> Any:
        return getattr(obj, "certificate", None)

    @staticmethod
    def resolve_payment(obj: Application) -> dict[str, Any] | None:
        grant = getattr(obj, "grant", None)
        if grant is None:
            return None
        return {
            "status": grant.status,
            "currency": grant.currency,
            "requested": grant.requested_amount,
            "approved": grant.approved_amount,
            "paid": grant.paid_total,
            "payments": [{"amount": p.amount, "paid_on": p.paid_on} for p in grant.payments.all()],
        }


@router.get("/programmes/awards", response=list[AwardOut], summary="Awards after the activity")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def award_list(request: HttpRequest) -> Any:
    """Accepted awards with where their report stands, whether the host's review came, the
    certificate and the grant's payment: all for the Secretariat, a coordinator's own
    institution's, and the caller's own."""
    return awards_visible_to(_user(request))
