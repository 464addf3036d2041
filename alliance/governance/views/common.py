"""What every governance view shares: fetch-or-404 after the permission check."""

from __future__ import annotations

from typing import TypeVar, cast

from django.http import Http404, HttpRequest

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
