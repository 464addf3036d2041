"""The versioned HTTP API, mounted at /api/v1/. Each domain brings its own router; this module
only puts them together and says how refusals look. The OpenAPI document is served at
/api/v1/openapi.json and a browsable page at /api/v1/docs (Swagger UI, served from our own
static files, so it works under the Content Security Policy with no outside request)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from alliance.core.api import ApiAuthError
from alliance.core.api import router as core_router
from alliance.events.api import router as events_router
from alliance.governance.api import router as governance_router
from alliance.knowledge.api import router as knowledge_router
from alliance.members.api import router as members_router
from alliance.mobility.api import router as mobility_router
from alliance.programmes.api import router as programmes_router
from alliance.reports.api import router as reports_router

DESCRIPTION = """\
Read the alliance's member registry (institutions, their names in every script and their
membership history), its events with their sessions and your own registrations, and, for the
Secretariat, the audit log.

Send a personal access token, created on your account's *API access tokens* page
(/account/tokens/), as `Authorization: Bearer <token>`. Institutions and memberships are public
and may also be read with no token; the audit log needs the `audit:read` scope and a token owned
by a Secretariat administrator. Events need the `events:read` scope; with no token, only public
events are listed, and "my registrations" always needs a token.

Lists are paginated with `limit` (at most 200) and `offset`, and answer `{"items": [...],
"count": N}`. Errors answer `{"detail": "..."}`: 401 for a missing, unknown, expired or revoked
token, 403 for a missing scope or permission, 404 for an unknown address, 422 for a bad filter.
"""

api = NinjaAPI(
    version="1",
    urls_namespace="api-v1",
    title="Alliance API",
    description=DESCRIPTION,
)


@api.exception_handler(ApiAuthError)
def _refused(request: HttpRequest, exc: ApiAuthError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    response["WWW-Authenticate"] = exc.challenge
    return response


api.add_router("", members_router)
api.add_router("", core_router)
api.add_router("", events_router)
api.add_router("", mobility_router)
api.add_router("", governance_router)
api.add_router("", knowledge_router)
api.add_router("", programmes_router)
api.add_router("", reports_router)
