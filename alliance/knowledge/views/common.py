"""What the knowledge views share: fetching an object with its permission checked, and the
institutions a user may write for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from alliance.core.permissions import check_permission
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where, is_secretariat

T = TypeVar("T")


def fetch(request: HttpRequest, getter: Callable[[int], T | None], pk: int, perm: str) -> T:
    """The object, or 404; then the permission (403 if never allowed, 404 if not this one)."""
    obj = getter(pk)
    if obj is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, obj)
    return obj


def writable_institutions(user: Any, *, partners: bool = False) -> QuerySet[Institution]:
    """Members (and partners, for challenges) the user may write for: all of them for the
    Secretariat; else those the user coordinates (or is a partner contact of)."""
    relations = (Relation.MEMBER, Relation.PARTNER) if partners else (Relation.MEMBER,)
    qs = Institution.objects.filter(relation__in=relations).order_by("name")
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    if partners:
        mine |= institutions_where(user, Role.PARTNER_CONTACT)
    return qs.filter(pk__in=mine)
