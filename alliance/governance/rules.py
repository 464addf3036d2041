"""Who may do what in governance. Bodies, meetings, motions and polls are read by the
Secretariat, the coordinators of institutions and anyone who sits (or sat) on a body, holds an
office or was named a proxy; only the Secretariat manages them. Who may cast which ballot is
decided by the poll's frozen electorate, in ``services.polls.cast_ballot``."""

from __future__ import annotations

from typing import Any

import rules

from alliance.governance.queries import sits_somewhere
from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_coordinator, is_secretariat


@rules.predicate
def sits_on_a_body(user: Any) -> bool:
    return sits_somewhere(user)


reader = is_secretariat | is_coordinator | sits_on_a_body

rules.add_perm("governance.view", reader)
rules.add_perm("governance.manage", is_secretariat)
rules.add_perm("governance.vote", reader)


# --- constitution ---
# The text and its history are public (no permission). Amendments are proposed by the
# coordinators of members (for their institution) and by the Secretariat; read by governance
# readers; withdrawn by their proposer's coordinators or the Secretariat.


@rules.predicate
def coordinates_proposer(user: Any, amendment: Any) -> bool:
    mine = institutions_where(user, Role.COORDINATOR)
    if amendment is None:
        return bool(mine)
    return amendment.by_institution_id in mine


rules.add_perm("governance.amend_constitution", is_secretariat | is_coordinator)
rules.add_perm("governance.withdraw_amendment", is_secretariat | coordinates_proposer)


# --- admissions, membership cases, fees ---
# Applications are read by the Secretariat and by whoever sits on the working group reviewing
# them (another group's application answers 404); invoices by the Secretariat and the
# coordinators of the invoiced institution; a withdrawal notice is given by the Secretariat or
# the member's coordinator. Everything else is the Secretariat's.

from django.utils import timezone  # noqa: E402

from alliance.governance.queries import review_bodies_of  # noqa: E402
from alliance.members.rules import coordinates  # noqa: E402


@rules.predicate
def sits_on_review_body(user: Any, application: Any = None) -> bool:
    bodies = review_bodies_of(user, timezone.localdate())
    if application is None:
        return bool(bodies)
    return application.review_body_id in bodies


rules.add_perm("governance.view_admissions", is_secretariat | sits_on_review_body)
rules.add_perm("governance.recommend_admission", sits_on_review_body)
rules.add_perm("governance.manage_admissions", is_secretariat)
rules.add_perm("governance.view_invoices", is_secretariat | coordinates)
rules.add_perm("governance.manage_fees", is_secretariat)
rules.add_perm("governance.view_membership_case", is_secretariat | coordinates)
rules.add_perm("governance.give_withdrawal_notice", is_secretariat | coordinates)
rules.add_perm("governance.manage_membership_cases", is_secretariat)
