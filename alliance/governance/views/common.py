"""What every governance view shares: fetch-or-404 after the permission check, and a stored
private PDF served."""

from __future__ import annotations

from typing import TypeVar, cast

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from alliance.core.models import User
from alliance.core.permissions import check_permission

T = TypeVar("T")


def found(request: HttpRequest, obj: T | None, perm: str) -> T:
    """Check ``perm`` (403 for a user who may never do it), then 404 if there is nothing."""
    check_permission(request, perm)
    if obj is None:
        raise Http404
    return obj


def acting(request: HttpRequest) -> User:
    """The logged-in user the services act for (every view checks a permission first, so an
    anonymous visitor never gets this far)."""
    return cast(User, request.user)


def private_pdf(stored: FieldFile, filename: str) -> FileResponse:
    """A stored PDF (checked by content when it was uploaded), never cached, never sniffed; 404
    when the file has gone from the storage."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
