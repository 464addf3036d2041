"""The core domain's part of the API: personal-access-token authentication, which every router
uses, and the audit log.

A request carries a token as ``Authorization: Bearer <token>``. An endpoint names the scope it
needs; a token that is unknown, expired or revoked answers 401, a good token without that scope
403. Public data may also be read with no token at all, but a token that is sent must be good.
The token's owner is loaded afresh on every request, so a revoked role or token takes effect at
once."""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from alliance.core import queries
from alliance.core.enums import TokenScope
from alliance.core.models import AccessToken
from alliance.core.schemas import AuditEntryOut
from alliance.core.services.tokens import authenticate_token

MAX_PAGE = 200


class ApiAuthError(HttpError):
    """A refused request, with the ``WWW-Authenticate`` challenge of RFC 6750 to send back."""

    def __init__(self, status_code: int, message: str, challenge: str) -> None:
        super().__init__(status_code, message)
        self.challenge = challenge


class TokenAuth(HttpBearer):
    """Bearer-token authentication requiring one scope. With ``anonymous=True`` a request with
    no ``Authorization`` header is let through as an anonymous caller (public data)."""

    def __init__(self, scope: TokenScope, *, anonymous: bool = False) -> None:
        super().__init__()
        self.scope = scope
        self.anonymous = anonymous

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            if self.anonymous:
                request.user = AnonymousUser()
                return request.user
            raise ApiAuthError(
                401,
                _(
                    "Authentication required: send a personal access token as 'Authorization: Bearer <token>'."
                ),
                'Bearer realm="api"',
            )
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise ApiAuthError(
                401,
                _("The Authorization header must read 'Bearer <token>'."),
                'Bearer realm="api", error="invalid_request"',
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AccessToken:
        access = authenticate_token(token)
        if access is None:
            raise ApiAuthError(
                401,
                _("The token is unknown, expired or revoked."),
                'Bearer realm="api", error="invalid_token"',
            )
        if self.scope not in access.scopes:
            raise ApiAuthError(
                403,
                _("This token lacks the scope %(scope)s, which this request needs.")
                % {"scope": self.scope.value},
                f'Bearer realm="api", error="insufficient_scope", scope="{self.scope.value}"',
            )
        request.user = access.user
        return access


members_read_or_anonymous = TokenAuth(TokenScope.MEMBERS_READ, anonymous=True)
audit_read = TokenAuth(TokenScope.AUDIT_READ)

router = Router(tags=["audit"], auth=audit_read)


class AuditQuery(Schema):
    """The filters of the audit page."""

    actor: str = Field("", max_length=254, description="Part of the actor's e-mail address.")
    action: str = Field(
        "", max_length=100, description="An action or its start, e.g. members.institution."
    )
    object_type: str = Field("", max_length=100, description="e.g. members.institution")
    institution_id: int | None = Field(None, description="Entries about this institution.")
    since: datetime.date | None = Field(None, description="On or after this day (UTC).")
    until: datetime.date | None = Field(None, description="On or before this day (UTC).")


@router.get(
    "/audit",
    response=list[AuditEntryOut],
    summary="Audit log",
    description="Every recorded change of state, newest first. Needs the audit:read scope and "
    "a token owned by a Secretariat administrator.",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def audit_list(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    if not request.user.has_perm("core.view_audit"):
        raise HttpError(403, _("Reading the audit log is for the Secretariat."))
    return queries.audit_entries(queries.AuditFilter(**filters.model_dump()))
