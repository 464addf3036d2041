"""Who may do what with members, roles and the audit log.

Each permission asked without an object answers "may this user do it to some object?"; asked
with an object, "to this one?". Views use the pair to answer 403 (never allowed) or 404 (allowed
elsewhere, not here: another institution's object)."""

from __future__ import annotations

from typing import Any

import rules

from alliance.members.enums import Role

_CACHE_ATTR = "_alliance_roles"


def roles_of(user: Any) -> frozenset[tuple[str, int | None]]:
    """The user's (role, institution id) pairs, read once per request (cached on the user
    object, which Django builds anew for every request, so a revoked role stops at once)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from alliance.members.models import RoleAssignment

        cached = frozenset(
            RoleAssignment.objects.filter(user=user).values_list("role", "institution_id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def institutions_where(user: Any, role: Role) -> set[int]:
    return {inst for r, inst in roles_of(user) if r == role and inst is not None}


def _institution_id(obj: Any) -> int | None:
    """The institution an object belongs to: an Institution itself or anything with one."""
    if obj is None:
        return None
    if obj._meta.label_lower == "members.institution":
        return int(obj.pk)
    return getattr(obj, "institution_id", None)


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.is_superuser or any(r == Role.SECRETARIAT for r, _ in roles_of(user)))
    )


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return bool(institutions_where(user, Role.COORDINATOR))


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return any(r == Role.REVIEWER for r, _ in roles_of(user))


@rules.predicate
def is_partner_contact(user: Any) -> bool:
    return bool(institutions_where(user, Role.PARTNER_CONTACT))


@rules.predicate
def coordinates(user: Any, obj: Any) -> bool:
    """Coordinator of the object's institution (of any institution when asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if obj is None:
        return bool(mine)
    return _institution_id(obj) in mine


is_authenticated = rules.is_authenticated

rules.add_perm("members.change_institution", is_secretariat | coordinates)
rules.add_perm("members.add_institution", is_secretariat)
rules.add_perm("members.record_membership", is_secretariat)
rules.add_perm("members.import_institutions", is_secretariat)
rules.add_perm("members.manage_roles", is_secretariat)
rules.add_perm("members.invite", is_secretariat | coordinates)
rules.add_perm("members.view_contacts", is_secretariat | is_coordinator)
rules.add_perm("members.manage_positions", is_secretariat | coordinates)
rules.add_perm("core.view_audit", is_secretariat)
rules.add_perm("core.use_api_tokens", is_authenticated)
rules.add_perm("core.manage_personal_data", is_secretariat)
