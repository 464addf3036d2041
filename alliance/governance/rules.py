"""Who may do what in governance. Bodies, meetings, motions and polls are read by the
Secretariat, the coordinators of institutions and anyone who sits (or sat) on a body, holds an
office or was named a proxy; only the Secretariat manages them. Who may cast which ballot is
decided by the poll's frozen electorate, in ``services.polls.cast_ballot``."""

from __future__ import annotations

from typing import Any

import rules

from alliance.governance.queries import sits_somewhere
from alliance.members.rules import is_coordinator, is_secretariat


@rules.predicate
def sits_on_a_body(user: Any) -> bool:
    return sits_somewhere(user)


reader = is_secretariat | is_coordinator | sits_on_a_body

rules.add_perm("governance.view", reader)
rules.add_perm("governance.manage", is_secretariat)
rules.add_perm("governance.vote", reader)
