"""The data side of the annual report's API: the indicator handbook and the public statistics
(public, no token needed), and the yearly submissions (a token of the reports:read scope, owned
by the Secretariat, who reads every member's, or by a coordinator or head, who reads their own
institution's)."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_secretariat
from alliance.reports import queries
from alliance.reports.enums import SubmissionStatus, ValueState
from alliance.reports.handbook import INDICATORS
from alliance.reports.models import Entry, PublicValue, Submission
from alliance.reports.rules import headed_institutions

router = Router(tags=["reports"])
reports_read = TokenAuth(TokenScope.REPORTS_READ)
PUBLIC: dict[str, Any] = {"security": [{}]}


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str = Field(description='"count", "percent", "fte", "usd" or "ratio".')
    source: str = Field(description='"member", "public" or "platform".')
    formula: str = Field(description="For derived indicators; empty otherwise.")
    breakdowns: list[str]
    may_exceed_100: bool
    chapter: str


@router.get(
    "/report/indicators",
    response=list[IndicatorOut],
    summary="The indicator handbook",
    openapi_extra=PUBLIC,
)
def indicator_list(request: HttpRequest) -> list[IndicatorOut]:
    """Every indicator of the annual report with its definition, unit, source and formula, in
    the language the request asks for (Accept-Language)."""
    return [
        IndicatorOut(
            code=i.code,
            name=str(i.name),
            definition=str(i.definition),
            unit=i.unit,
            source=i.source,
            formula=i.formula,
            breakdowns=list(i.breakdowns),
            may_exceed_100=i.may_exceed_100,
            chapter=i.chapter,
        )
        for i in INDICATORS
    ]


class PublicValueOut(Schema):
    code: str
    country: str = Field(description="ISO 3166 alpha-3 code.")
    country_name: str
    year: int
    breakdown: str
    value: float
    flags: list[str] = Field(description='E.g. ["estimate"]; empty for plain country data.')
    source: str
    licence: str

    @staticmethod
    def resolve_country(obj: PublicValue) -> str:
        return obj.country.iso3

    @staticmethod
    def resolve_country_name(obj: PublicValue) -> str:
        return obj.country.name

    @staticmethod
    def resolve_flags(obj: PublicValue) -> list[str]:
        return [f for f in obj.flags.split(",") if f]


class PublicValueQuery(Schema):
    code: str = Field("", description="A public indicator's code, e.g. GER_TERTIARY.")
    country: str = Field("", description="ISO 3166 alpha-3 code, e.g. CHN.")
    breakdown: str | None = Field(None, description="e.g. total, female, male.")
    year_from: int | None = None
    year_to: int | None = None


@router.get(
    "/report/public-values",
    response=list[PublicValueOut],
    summary="Public statistics",
    openapi_extra=PUBLIC,
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def public_value_list(
    request: HttpRequest, filters: Query[PublicValueQuery]
) -> QuerySet[PublicValue]:
    """Values of the public indicators (UNESCO UIS, World Bank, OWID) with flags, source and
    licence, by indicator, country, year."""
    return queries.public_values(**filters.model_dump())


class EntryOut(Schema):
    code: str
    state: ValueState = Field(
        description='"value", "withheld", "not_available" or "" (no answer yet).'
    )
    value: Decimal | None
    comment: str


class SubmissionOut(Schema):
    year: int
    institution: str = Field(description="The institution's slug.")
    institution_name: str
    status: SubmissionStatus
    submitted_at: Any = None
    signed_off_at: Any = None
    head_name: str
    values: list[EntryOut]

    @staticmethod
    def resolve_year(obj: Submission) -> int:
        return obj.collection.year

    @staticmethod
    def resolve_institution(obj: Submission) -> str:
        return obj.institution.slug

    @staticmethod
    def resolve_institution_name(obj: Submission) -> str:
        return obj.institution.name

    @staticmethod
    def resolve_values(obj: Submission) -> list[Entry]:
        return list(obj.entries.all())


class SubmissionQuery(Schema):
    year: int | None = None


@router.get(
    "/report/submissions",
    response=list[SubmissionOut],
    summary="Members' submissions to the annual report",
    auth=reports_read,
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def submission_list(request: HttpRequest, filters: Query[SubmissionQuery]) -> QuerySet[Submission]:
    """Every member's submission for the Secretariat; one's own institution's for its
    coordinators and head. 403 for anyone else."""
    user = request.user
    if not (
        is_secretariat(user)
        or institutions_where(user, Role.COORDINATOR)
        or headed_institutions(user)
    ):
        raise HttpError(
            403, _("Only the Secretariat, coordinators and heads of members read submissions.")
        )
    qs = queries.submissions_visible_to(user).prefetch_related(
        Prefetch("entries", queryset=Entry.objects.order_by("code"))
    )
    if filters.year is not None:
        qs = qs.filter(collection__year=filters.year)
    return qs.order_by("-collection__year", "institution__name")
