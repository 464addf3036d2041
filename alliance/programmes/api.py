"""The programmes API: calls, the caller's own applications, a call's applications (the
Secretariat's, or a coordinator's own institution's) and a call's ranking (the Secretariat's).

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
from alliance.programmes.enums import ApplicationStatus, CallStatus, ProgrammeKind, QuotaSide
from alliance.programmes.models import Application, Call

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


class ApplicationOut(Schema):
    id: int
    call: int
    applicant: str = Field(description="The applicant's e-mail address.")
    status: ApplicationStatus
    home: str | None = Field(description="The home institution's slug.")
    host: str | None = Field(description="The host institution's slug.")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    title: str
    amount: Decimal | None
    nomination_rank: int | None
    reserve_rank: int | None
    submitted_at: datetime.datetime | None

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
