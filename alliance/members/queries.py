"""Reads of institutions, memberships and people, shared by pages, the API and exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.members.enums import InvitationStatus, PositionKind, Relation, Role
from alliance.members.models import (
    Institution,
    Invitation,
    MembershipEvent,
    Person,
    Position,
    RoleAssignment,
)
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


def countries_in_use() -> set[str]:
    """Country codes that at least one institution has: the directory offers only these."""
    return set(Institution.objects.order_by().values_list("country", flat=True).distinct())


def institution_for_page(slug: str) -> Institution:
    """One institution with its names, history and the current holders of the positions its
    page lists (chief executive, liaison officers), or DoesNotExist. Only those kinds are
    fetched: a large member has hundreds of other contacts, listed on its people page."""
    today = timezone.localdate()
    current = Position.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today),
        start__lte=today,
        kind__in=(PositionKind.CHIEF_EXECUTIVE, PositionKind.LIAISON_OFFICER),
    )
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


def institution_with_history(slug: str) -> Institution:
    """One institution with its names and dated history (no people), or DoesNotExist."""
    return Institution.objects.prefetch_related(
        "names",
        Prefetch("membership_events", queryset=MembershipEvent.objects.order_by("date", "id")),
    ).get(slug=slug)


@dataclass(frozen=True)
class MembershipFilter:
    status: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    institution: str = ""  # a slug


def membership_events(filters: MembershipFilter) -> QuerySet[MembershipEvent]:
    """Dated membership steps of all institutions, oldest first, institutions joined."""
    qs = MembershipEvent.objects.select_related("institution")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.since:
        qs = qs.filter(date__gte=filters.since)
    if filters.until:
        qs = qs.filter(date__lte=filters.until)
    if filters.institution:
        qs = qs.filter(institution__slug=filters.institution)
    return qs.order_by("date", "id")


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


# People and positions ---------------------------------------------------------------------------


def institution_with_names(slug: str) -> Institution:
    """One institution with its names (for its display name), or DoesNotExist."""
    return Institution.objects.prefetch_related("names").get(slug=slug)


def _by_kind() -> Case:
    """Positions in the order the kinds are declared: chief executive first."""
    return Case(
        *[When(kind=kind, then=Value(i)) for i, kind in enumerate(PositionKind.values)],
        default=Value(len(PositionKind.values)),
        output_field=IntegerField(),
    )


def _held_on(on: datetime.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def current_contacts(
    institution: Institution, on: datetime.date | None = None
) -> QuerySet[Position]:
    """Positions at the institution held today (or on ``on``), with their people."""
    return (
        Position.objects.filter(_held_on(on or timezone.localdate()), institution=institution)
        .select_related("person")
        .order_by(_by_kind(), "person__full_name", "pk")
    )


def position_history(institution: Institution) -> QuerySet[Position]:
    """Every position ever recorded at the institution, newest first, with their people."""
    return (
        Position.objects.filter(institution=institution)
        .select_related("person")
        .order_by("-start", _by_kind(), "person__full_name", "pk")
    )


def position_holders(
    institution: Institution, kind: PositionKind | str, on: datetime.date
) -> QuerySet[Position]:
    """Who held position ``kind`` at the institution on date ``on`` (end dates inclusive).
    At most one row for a chief executive; possibly several for other kinds."""
    return (
        Position.objects.filter(_held_on(on), institution=institution, kind=kind)
        .select_related("person")
        .order_by("start", "person__full_name", "pk")
    )


def person_at(institution: Institution, person_id: int) -> Person:
    """A person who holds or held any position at the institution, or DoesNotExist."""
    return Person.objects.filter(positions__institution=institution).distinct().get(pk=person_id)


def position_at(institution: Institution, position_id: int) -> Position:
    """One position at the institution with its person, or DoesNotExist."""
    return Position.objects.select_related("person").get(pk=position_id, institution=institution)


@dataclass(frozen=True)
class NextTask:
    """One line of "what to do next" on a person's page; the portal gathers them from domains."""

    label: str
    url: str


def next_tasks(user: Any) -> list[NextTask]:
    """What the members domain asks of this user now."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    tasks = []
    if is_secretariat(user):
        tasks.append(NextTask(_("Review recent changes in the audit log"), reverse("core:audit")))
        tasks.append(NextTask(_("Import institutions from a ROR file"), reverse("members:import")))
    for institution in Institution.objects.filter(
        pk__in=institutions_where(user, Role.COORDINATOR)
    ).prefetch_related("names"):
        tasks.append(
            NextTask(
                _("Keep %(name)s's details up to date") % {"name": institution.display_name()},
                reverse("members:institution_edit", args=[institution.slug]),
            )
        )
    return tasks


# Invitations: who may invite whom, and finding an invitation -------------------------------------

COORDINATOR_MAY_INVITE = (Role.COORDINATOR, Role.APPLICANT)


def roles_invitable(user: Any, institution: Institution | None) -> list[Role]:
    """The roles ``user`` may invite someone to, for ``institution`` (or for none): any role
    for the Secretariat, coordinator or applicant for a coordinator's own institution."""
    if is_secretariat(user):
        return list(Role)
    if institution is not None and institution.pk in institutions_where(user, Role.COORDINATOR):
        return list(COORDINATOR_MAY_INVITE)
    return []


def institutions_invitable(user: Any, *, also: Institution | None = None) -> QuerySet[Institution]:
    """The institutions ``user`` may send invitations for, to choose from: for the Secretariat,
    those with a relation to the alliance (not the thousands of imported ones with none) and
    ``also`` (an institution asked for by name)."""
    if is_secretariat(user):
        related = ~Q(relation=Relation.NONE)
        if also is not None:
            related |= Q(pk=also.pk)
        return Institution.objects.filter(related).order_by("name")
    return Institution.objects.filter(pk__in=institutions_where(user, Role.COORDINATOR)).order_by(
        "name"
    )


def invitations_visible_to(user: Any) -> QuerySet[Invitation]:
    """The invitations ``user`` may see and revoke: all for the Secretariat, their
    institutions' for a coordinator, none otherwise. Newest first, ready for a list page."""
    qs = Invitation.objects.select_related(
        "institution", "invited_by", "accepted_by"
    ).prefetch_related("institution__names")
    if is_secretariat(user):
        return qs.order_by("-created_at", "-pk")
    return qs.filter(institution__in=institutions_where(user, Role.COORDINATOR)).order_by(
        "-created_at", "-pk"
    )


def filter_by_status(qs: QuerySet[Invitation], status: str) -> QuerySet[Invitation]:
    """Narrow ``qs`` to one ``InvitationStatus`` (the same rule as ``Invitation.status``)."""
    now = timezone.now()
    if status == InvitationStatus.ACCEPTED:
        return qs.filter(accepted_at__isnull=False)
    if status == InvitationStatus.REVOKED:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=False)
    if status == InvitationStatus.EXPIRED:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__lte=now)
    if status == InvitationStatus.PENDING:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)
    return qs


def find_invitation(secret: str) -> Invitation | None:
    """The invitation whose link carries ``secret``, in whatever state, or None."""
    if not secret:
        return None
    return (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def open_invitation(pk: int) -> Invitation | None:
    """The invitation ``pk`` if it can still be accepted, else None."""
    invitation = (
        Invitation.objects.select_related("institution", "invited_by").filter(pk=pk).first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def email_belongs_to(user: User, email: str) -> bool:
    """Whether ``email`` is the user's address or one of their verified addresses."""
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def account_exists(email: str) -> bool:
    """Whether someone has an account with this address (case does not matter)."""
    return User.objects.filter(email__iexact=email).exists()


# The person's own data (the privacy export) ----------------------------------------------------


def personal_data(user: Any) -> dict[str, Any]:
    """The roles the person holds and the directory entry linked to their account."""
    person = Person.objects.filter(user=user).prefetch_related("positions__institution").first()
    return {
        "roles": [
            {"role": r.role, "institution": r.institution.name if r.institution else None}
            for r in roles_for_user(user)
        ],
        "directory_entry": None
        if person is None
        else {
            "full_name": person.full_name,
            "native_name": person.native_name,
            "email": person.email,
            "phone": person.phone,
            "positions": [
                {
                    "institution": p.institution.name,
                    "kind": p.kind,
                    "title": p.title,
                    "from": p.start.isoformat(),
                    "until": p.end.isoformat() if p.end else None,
                }
                for p in person.positions.all()
            ],
        },
    }
