"""The annual report's API. Sections per side of the app; keep them apart.

Editions: published editions are public and may be read with no token; with a token of the
reports:read scope, the Secretariat also sees the editions not published yet."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from alliance.core.api import TokenAuth
from alliance.core.enums import TokenScope
from alliance.reports import queries_editions
from alliance.reports.enums import EditionStatus
from alliance.reports.publication.build import pdf_name

reports_read_or_anonymous = TokenAuth(TokenScope.REPORTS_READ, anonymous=True)
router = Router(tags=["reports"], auth=reports_read_or_anonymous)
# The OpenAPI document adds the empty requirement: these endpoints may be read with no token.
PUBLIC: dict[str, Any] = {"security": [{}]}


# --- editions (H8) ---------------------------------------------------------------------------


class EditionOut(Schema):
    year: int
    status: EditionStatus
    published_at: datetime.datetime | None
    url: str = Field(description="The web edition's permanent address.")
    pdf_url: str | None = Field(description="The PDF, once built.")
    data_url: str | None = Field(description="The open data's index, once built.")


def _edition_out(request: HttpRequest, edition: Any) -> EditionOut:
    built = bool(edition.files)
    year = edition.year
    return EditionOut(
        year=year,
        status=edition.status,
        published_at=edition.published_at,
        url=request.build_absolute_uri(reverse("reports:edition", args=[year])),
        pdf_url=request.build_absolute_uri(reverse("reports:edition_pdf", args=[year]))
        if built and pdf_name(year) in edition.files
        else None,
        data_url=request.build_absolute_uri(
            reverse("reports:edition_data_file", args=[year, "index.json"])
        )
        if built
        else None,
    )


@router.get(
    "/report/editions",
    response=list[EditionOut],
    summary="Editions of the annual report",
    openapi_extra=PUBLIC,
)
def edition_list(request: HttpRequest) -> list[EditionOut]:
    """The editions, latest first: the published ones, and for the Secretariat every one."""
    return [_edition_out(request, e) for e in queries_editions.editions_visible_to(request.user)]


# --- data collection and statistics (H7): endpoints in api_collection.py ---------------------
from alliance.reports.api_collection import router as _collection_router  # noqa: E402

router.add_router("", _collection_router)
