"""The members API: the institutions of the public directory and their membership history.

What these endpoints return is public on the web pages, so they may be read with no token; a
token that is sent must be good and carry the members:read scope."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from alliance.core.api import MAX_PAGE, members_read_or_anonymous
from alliance.members import queries
from alliance.members.enums import InstitutionKind, MembershipStatus, Relation
from alliance.members.models import Institution, MembershipEvent
from alliance.members.regions import SubRegion
from alliance.members.schemas import InstitutionDetailOut, InstitutionOut, MembershipEventOut

RELATION_FILTERS = ["community", "all", *Relation.values]
_RELATION_ENUM: dict[str, Any] = {"enum": RELATION_FILTERS}

router = Router(tags=["members"], auth=members_read_or_anonymous)
# The OpenAPI document adds the empty requirement: these endpoints may be read with no token.
PUBLIC: dict[str, Any] = {"security": [{}]}


class DirectoryQuery(Schema):
    """The filters of the member directory page."""

    q: str = Field(
        "",
        max_length=200,
        description="Any of the institution's names, in any script: 清华, Tokyo.",
    )
    country: str = Field("", description="ISO 3166 code of a country or region, e.g. CN.")
    subregion: SubRegion | None = None
    relation: str = Field(
        "community",
        description="community (members, observers and partners), all, or one relation.",
        json_schema_extra=_RELATION_ENUM,
    )
    kind: InstitutionKind | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code and not countries.alpha2(code):
            raise ValueError(_("Unknown country or region code: %(code)s") % {"code": value})
        return code

    @field_validator("relation")
    @classmethod
    def _known_relation(cls, value: str) -> str:
        value = value or "community"
        if value not in RELATION_FILTERS:
            raise ValueError(
                _("Relation must be one of: %(choices)s") % {"choices": ", ".join(RELATION_FILTERS)}
            )
        return value


class MembershipQuery(Schema):
    status: MembershipStatus | None = None
    since: datetime.date | None = Field(None, description="Steps dated on or after this day.")
    until: datetime.date | None = Field(None, description="Steps dated on or before this day.")
    institution: str = Field("", max_length=80, description="One institution's slug.")


def _institution_or_404(slug: str) -> Institution:
    try:
        return queries.institution_with_history(slug)
    except Institution.DoesNotExist:
        raise HttpError(404, _("No institution has this address.")) from None


@router.get(
    "/institutions", response=list[InstitutionOut], summary="Institutions", openapi_extra=PUBLIC
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def institution_list(request: HttpRequest, filters: Query[DirectoryQuery]) -> Any:
    """The member directory: members, observers and partners unless `relation` says otherwise,
    ordered by name."""
    data = {k: v for k, v in filters.model_dump().items() if v}
    return queries.directory(queries.DirectoryFilter(**data))


@router.get(
    "/institutions/{slug}",
    response=InstitutionDetailOut,
    summary="One institution",
    openapi_extra=PUBLIC,
)
def institution_detail(request: HttpRequest, slug: str) -> Institution:
    """One institution, any relation, with its membership history."""
    return _institution_or_404(slug)


@router.get(
    "/institutions/{slug}/memberships",
    response=list[MembershipEventOut],
    summary="One institution's membership history",
    openapi_extra=PUBLIC,
)
def institution_memberships(request: HttpRequest, slug: str) -> list[MembershipEvent]:
    """The dated steps of one institution's membership, oldest first."""
    return list(_institution_or_404(slug).membership_events.all())


@router.get(
    "/memberships",
    response=list[MembershipEventOut],
    summary="Membership history",
    openapi_extra=PUBLIC,
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def membership_list(request: HttpRequest, filters: Query[MembershipQuery]) -> Any:
    """The dated membership steps of all institutions, oldest first."""
    data = {k: v for k, v in filters.model_dump().items() if v}
    return queries.membership_events(queries.MembershipFilter(**data))
