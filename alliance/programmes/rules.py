"""Who may do what with programmes, calls, applications, reviews and the selection."""

from __future__ import annotations

from typing import Any

import rules

from alliance.members.enums import Role
from alliance.members.rules import (
    institutions_where,
    is_coordinator,
    is_reviewer,
    is_secretariat,
    roles_of,
)
from alliance.programmes.enums import ApplicationStatus, CallStatus


@rules.predicate
def is_applicant(user: Any) -> bool:
    """A person who may apply (faculty, staff, student): the applicant role."""
    return any(role == Role.APPLICANT for role, _inst in roles_of(user))


@rules.predicate
def can_see_call(user: Any, call: Any) -> bool:
    if call is None:
        return True
    return call.status != CallStatus.DRAFT or bool(is_secretariat(user))


@rules.predicate
def owns_application(user: Any, application: Any) -> bool:
    if application is None:
        return bool(is_applicant(user))
    return bool(user.is_authenticated and application.applicant_id == user.pk)


@rules.predicate
def coordinates_home(user: Any, application: Any) -> bool:
    """Coordinator of the application's home (of any institution, asked without one); drafts
    stay the applicant's own."""
    mine = institutions_where(user, Role.COORDINATOR)
    if application is None:
        return bool(mine)
    return application.status != ApplicationStatus.DRAFT and application.home_id in mine


@rules.predicate
def reviews_it(user: Any, assignment: Any) -> bool:
    if assignment is None:
        return bool(is_reviewer(user))
    return bool(user.is_authenticated and assignment.reviewer_id == user.pk)


@rules.predicate
def reviews_openly(user: Any, application: Any) -> bool:
    """A reviewer of the application in a review that is not anonymised (of some application,
    asked without one)."""
    if application is None:
        return bool(is_reviewer(user))
    if application.call.anonymised_review:
        return False
    return bool(
        user.is_authenticated and application.assignments.filter(reviewer_id=user.pk).exists()
    )


rules.add_perm("programmes.view_calls", rules.is_authenticated)
rules.add_perm("programmes.view_call", rules.is_authenticated & can_see_call)
rules.add_perm("programmes.manage_calls", is_secretariat)
rules.add_perm("programmes.apply", is_applicant & can_see_call)
rules.add_perm("programmes.change_application", owns_application)
rules.add_perm("programmes.view_application", owns_application | is_secretariat | coordinates_home)
rules.add_perm(
    "programmes.view_files",
    owns_application | is_secretariat | coordinates_home | reviews_openly,
)
rules.add_perm("programmes.nominate", (is_secretariat | is_coordinator) & can_see_call)
rules.add_perm("programmes.nominate_application", is_secretariat | coordinates_home)
rules.add_perm("programmes.review", reviews_it)
rules.add_perm("programmes.select", is_secretariat)


# --- members' proposals for new programmes ---


@rules.predicate
def proposes(user: Any, proposal: Any) -> bool:
    """Coordinator of the proposing institution (of any institution, asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if proposal is None:
        return bool(mine)
    return proposal.institution_id in mine


@rules.predicate
def proposal_is_submitted(user: Any, proposal: Any) -> bool:
    """Beyond a draft: drafts stay their institution's own."""
    return proposal is None or proposal.status != "draft"


rules.add_perm("programmes.view_proposals", is_secretariat | is_coordinator)
rules.add_perm(
    "programmes.view_proposal",
    proposes | ((is_secretariat | is_coordinator) & proposal_is_submitted),
)
rules.add_perm("programmes.propose", is_coordinator)
rules.add_perm("programmes.change_proposal", proposes)
rules.add_perm(
    "programmes.comment_proposal", (is_secretariat | is_coordinator) & proposal_is_submitted
)
rules.add_perm("programmes.manage_proposals", is_secretariat)

# --- dashboards and exports ---


@rules.predicate
def coordinates_institution(user: Any, institution: Any) -> bool:
    """Coordinator of this institution (of any, asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if institution is None:
        return bool(mine)
    return institution.pk in mine


rules.add_perm("programmes.view_institution_dashboard", is_secretariat | coordinates_institution)


# --- after the activity: reports, host reviews, certificates, grants (views/outcomes.py) ---


@rules.predicate
def hosts_visit(user: Any, review: Any) -> bool:
    """The host asked to review the visit, when they have an account under the address the
    request went to (any logged-in person, asked without a review)."""
    if review is None:
        return bool(user.is_authenticated)
    return bool(user.is_authenticated and user.email.lower() == review.email.lower())


rules.add_perm("programmes.view_outcomes", is_secretariat | is_coordinator)
rules.add_perm("programmes.manage_outcomes", is_secretariat)
rules.add_perm("programmes.review_visit", hosts_visit)
