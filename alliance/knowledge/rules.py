"""Who may do what with achievements, experts, challenges and inquiries.

Everything here needs a login. Published achievements and challenges and listed experts are
seen by every logged-in user (members, partners, the Secretariat); the rest only by the
Secretariat and the people of the institution concerned."""

from __future__ import annotations

from typing import Any

import rules

from alliance.knowledge.enums import AchievementStatus, ChallengeStatus, CourseKind, CourseStatus
from alliance.members.enums import Role
from alliance.members.rules import (
    coordinates,
    institutions_where,
    is_coordinator,
    is_partner_contact,
    is_secretariat,
    roles_of,
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
    if label == "knowledge.sharedcourse":
        return bool(obj.status == CourseStatus.OPEN)
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


# --- shared courses and enrolment requests (views/courses.py) ---


def _is_student(user: Any) -> bool:
    return any(r == Role.APPLICANT for r, _ in roles_of(user))


@rules.predicate
def may_request_place(user: Any, course: Any) -> bool:
    """A student (an applicant), or a coordinator of another member asking for one of their
    students, for an open course (not a resource). Students of the offering institution are
    refused by the service, which knows their home institution."""
    if not user.is_authenticated:
        return False
    others = institutions_where(user, Role.COORDINATOR)
    if course is None:
        return _is_student(user) or bool(others)
    if course.kind != CourseKind.COURSE or course.status != CourseStatus.OPEN:
        return False
    return _is_student(user) or bool(others - {course.institution_id})


@rules.predicate
def is_enrolment_party(user: Any, request: Any) -> bool:
    """The student, or whoever asked on their behalf."""
    if request is None:
        return bool(user.is_authenticated)
    return bool(user.is_authenticated and user.pk in (request.student_id, request.requested_by_id))


@rules.predicate
def coordinates_offering(user: Any, request: Any) -> bool:
    mine = institutions_where(user, Role.COORDINATOR)
    if request is None:
        return bool(mine)
    return request.course.institution_id in mine


@rules.predicate
def coordinates_home(user: Any, request: Any) -> bool:
    mine = institutions_where(user, Role.COORDINATOR)
    if request is None:
        return bool(mine)
    return request.home_id in mine


rules.add_perm(
    "knowledge.view_course", rules.is_authenticated & (is_public | is_secretariat | coordinates)
)
rules.add_perm("knowledge.add_course", is_secretariat | is_coordinator)
rules.add_perm("knowledge.change_course", is_secretariat | coordinates)
rules.add_perm("knowledge.request_place", may_request_place)
rules.add_perm(
    "knowledge.view_enrolment",
    is_secretariat | is_enrolment_party | coordinates_offering | coordinates_home,
)
rules.add_perm("knowledge.decide_enrolment", coordinates_offering)
rules.add_perm("knowledge.withdraw_enrolment", is_enrolment_party | coordinates_home)
