"""Who may do what with achievements, experts, challenges and inquiries.

Everything here needs a login. Published achievements and challenges and listed experts are
seen by every logged-in user (members, partners, the Secretariat); the rest only by the
Secretariat and the people of the institution concerned."""

from __future__ import annotations

from typing import Any

import rules

from alliance.knowledge.enums import AchievementStatus, ChallengeStatus
from alliance.members.enums import Role
from alliance.members.rules import (
    coordinates,
    institutions_where,
    is_coordinator,
    is_partner_contact,
    is_secretariat,
)


def _contact_institutions(user: Any) -> set[int]:
    """Institutions the user speaks for: as a coordinator or as a partner contact."""
    return institutions_where(user, Role.COORDINATOR) | institutions_where(
        user, Role.PARTNER_CONTACT
    )


@rules.predicate
def is_public(user: Any, obj: Any) -> bool:
    """A published achievement or challenge (or a closed one), a listed expert; True when asked
    without an object."""
    if obj is None:
        return True
    label = obj._meta.label_lower
    if label == "knowledge.achievement":
        return bool(obj.status == AchievementStatus.PUBLISHED)
    if label == "knowledge.challenge":
        return obj.status in (ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED)
    return bool(getattr(obj, "listed", False))


@rules.predicate
def speaks_for(user: Any, obj: Any) -> bool:
    """Coordinator or partner contact of the object's institution (of any, asked without)."""
    mine = _contact_institutions(user)
    if obj is None:
        return bool(mine)
    return obj.institution_id in mine


@rules.predicate
def is_the_expert(user: Any, profile: Any) -> bool:
    if profile is None:
        return False
    return bool(user.is_authenticated and profile.user_id == user.pk)


@rules.predicate
def may_ask_about(user: Any, achievement: Any) -> bool:
    """A coordinator or partner contact, about a published achievement of another
    institution."""
    mine = _contact_institutions(user)
    if achievement is None:
        return bool(mine)
    return (
        bool(mine)
        and achievement.status == AchievementStatus.PUBLISHED
        and achievement.institution_id not in institutions_where(user, Role.COORDINATOR)
    )


@rules.predicate
def asked(user: Any, inquiry: Any) -> bool:
    if inquiry is None:
        return bool(_contact_institutions(user))
    return bool(user.is_authenticated and inquiry.asker_id == user.pk)


@rules.predicate
def owns_inquiry(user: Any, inquiry: Any) -> bool:
    """Coordinator of the institution whose achievement is asked about."""
    mine = institutions_where(user, Role.COORDINATOR)
    if inquiry is None:
        return bool(mine)
    return inquiry.achievement.institution_id in mine


rules.add_perm("knowledge.view_knowledge", rules.is_authenticated)
rules.add_perm(
    "knowledge.view_achievement",
    rules.is_authenticated & (is_public | is_secretariat | coordinates),
)
rules.add_perm("knowledge.add_achievement", is_secretariat | is_coordinator)
rules.add_perm("knowledge.change_achievement", is_secretariat | coordinates)
rules.add_perm("knowledge.review_achievement", is_secretariat | coordinates)
rules.add_perm(
    "knowledge.view_expert",
    rules.is_authenticated & (is_public | is_secretariat | coordinates | is_the_expert),
)
rules.add_perm("knowledge.view_expert_private", is_secretariat | coordinates | is_the_expert)
rules.add_perm("knowledge.add_expert", is_secretariat | is_coordinator)
rules.add_perm("knowledge.change_expert", is_secretariat | coordinates | is_the_expert)
rules.add_perm(
    "knowledge.view_challenge", rules.is_authenticated & (is_public | is_secretariat | speaks_for)
)
rules.add_perm("knowledge.add_challenge", is_secretariat | is_coordinator | is_partner_contact)
rules.add_perm("knowledge.change_challenge", is_secretariat | speaks_for)
rules.add_perm("knowledge.moderate_challenge", is_secretariat)
rules.add_perm("knowledge.inquire", may_ask_about)
rules.add_perm("knowledge.view_inquiry", is_secretariat | asked | owns_inquiry)
rules.add_perm("knowledge.reply_inquiry", asked | owns_inquiry)
rules.add_perm("knowledge.set_inquiry_status", owns_inquiry)
