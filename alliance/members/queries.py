"""Reads of institutions, memberships and people, shared by pages, the API and exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from alliance.members.enums import Relation, Role
from alliance.members.models import Institution, MembershipEvent, Position, RoleAssignment
from alliance.members.rules import institutions_where, is_secretariat
from alliance.members.search import fold

COMMUNITY = (Relation.MEMBER, Relation.OBSERVER, Relation.PARTNER)


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    country: str = ""
    subregion: str = ""
    relation: str = "community"  # "community" (members, observers, partners), "all", or a Relation
    kind: str = ""


def directory(filters: DirectoryFilter) -> QuerySet[Institution]:
    """Institutions for the public directory and the list endpoint, names prefetched."""
    qs = Institution.objects.all()
    if filters.relation == "community":
        qs = qs.filter(relation__in=COMMUNITY)
    elif filters.relation and filters.relation != "all":
        qs = qs.filter(relation=filters.relation)
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.subregion:
        qs = qs.filter(subregion=filters.subregion)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q.strip():
        for word in fold(filters.q).split():
            qs = qs.filter(search_text__contains=word)
    return qs.prefetch_related("names").order_by("name", "pk")


def institution_for_page(slug: str) -> Institution:
    """One institution with its names, history and current positions, or DoesNotExist."""
    today = timezone.localdate()
    current = Position.objects.filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
    return Institution.objects.prefetch_related(
        "names",
        Prefetch("membership_events", queryset=MembershipEvent.objects.order_by("date", "id")),
        Prefetch(
            "positions",
            queryset=current.select_related("person").order_by("kind", "person__full_name"),
            to_attr="current_positions",
        ),
    ).get(slug=slug)


def membership_history(institution: Institution) -> QuerySet[MembershipEvent]:
    return institution.membership_events.order_by("date", "id")


def editable_institutions(user: Any) -> QuerySet[Institution]:
    if is_secretariat(user):
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=institutions_where(user, Role.COORDINATOR))


def alliance_at_a_glance() -> dict[str, Any]:
    """Counts for the home page."""
    counts = dict(
        Institution.objects.filter(relation__in=COMMUNITY)
        .values_list("relation")
        .annotate(n=Count("pk"))
        .values_list("relation", "n")
    )
    countries = (
        Institution.objects.filter(relation=Relation.MEMBER).values("country").distinct().count()
    )
    return {
        "members": counts.get(Relation.MEMBER, 0),
        "observers": counts.get(Relation.OBSERVER, 0),
        "partners": counts.get(Relation.PARTNER, 0),
        "countries": countries,
    }


def members_for_home() -> QuerySet[Institution]:
    return (
        Institution.objects.filter(relation=Relation.MEMBER)
        .prefetch_related("names")
        .order_by("country", "name")
    )


def roles_for_user(user: Any) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("institution").order_by("role")
