"""Granting and revoking roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import INSTITUTION_ROLES, Role
from alliance.members.models import Institution, RoleAssignment


def grant_role(
    user: User, *, actor: User | None, role: Role, institution: Institution | None = None
) -> RoleAssignment:
    if role in INSTITUTION_ROLES and institution is None:
        raise ValidationError({"institution": f"A {role.label} acts for one institution: name it."})
    if role not in INSTITUTION_ROLES:
        institution = None
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            institution=institution,
            defaults={"granted_by": actor if actor and actor.is_authenticated else None},
        )
        if created:
            record_audit(
                "members.role.grant",
                actor=actor,
                obj=assignment,
                after={
                    "user": user.email,
                    "role": role,
                    "institution": institution.pk if institution else None,
                },
                institution_id=institution.pk if institution else None,
            )
    return assignment


def revoke_role(assignment: RoleAssignment, *, actor: User | None) -> None:
    with transaction.atomic():
        record_audit(
            "members.role.revoke",
            actor=actor,
            obj=assignment,
            before={
                "user": assignment.user.email,
                "role": assignment.role,
                "institution": assignment.institution_id,
            },
            institution_id=assignment.institution_id,
        )
        assignment.delete()
