"""Membership lifecycle: which relation a dated history of steps leads to. Pure; no database."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from alliance.members.enums import MembershipStatus, Relation

_RELATION_AFTER = {
    MembershipStatus.INVITED: Relation.INVITED,
    MembershipStatus.APPLIED: Relation.APPLICANT,
    MembershipStatus.ADMITTED_MEMBER: Relation.MEMBER,
    MembershipStatus.ADMITTED_OBSERVER: Relation.OBSERVER,
    MembershipStatus.PARTNERED: Relation.PARTNER,
    MembershipStatus.SUSPENDED: Relation.SUSPENDED,
    MembershipStatus.WITHDRAWN: Relation.FORMER,
}

# Which steps may follow the current relation. Anything else is refused with a reason.
ALLOWED_STEPS: dict[Relation, frozenset[MembershipStatus]] = {
    Relation.NONE: frozenset(
        {
            MembershipStatus.INVITED,
            MembershipStatus.APPLIED,
            MembershipStatus.ADMITTED_MEMBER,
            MembershipStatus.ADMITTED_OBSERVER,
            MembershipStatus.PARTNERED,
        }
    ),
    Relation.INVITED: frozenset(
        {
            MembershipStatus.APPLIED,
            MembershipStatus.ADMITTED_MEMBER,
            MembershipStatus.ADMITTED_OBSERVER,
            MembershipStatus.WITHDRAWN,
        }
    ),
    Relation.APPLICANT: frozenset(
        {
            MembershipStatus.ADMITTED_MEMBER,
            MembershipStatus.ADMITTED_OBSERVER,
            MembershipStatus.WITHDRAWN,
        }
    ),
    Relation.MEMBER: frozenset({MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN}),
    Relation.OBSERVER: frozenset(
        {
            MembershipStatus.APPLIED,
            MembershipStatus.ADMITTED_MEMBER,
            MembershipStatus.SUSPENDED,
            MembershipStatus.WITHDRAWN,
        }
    ),
    Relation.PARTNER: frozenset(
        {MembershipStatus.INVITED, MembershipStatus.APPLIED, MembershipStatus.WITHDRAWN}
    ),
    Relation.SUSPENDED: frozenset({MembershipStatus.REINSTATED, MembershipStatus.WITHDRAWN}),
    Relation.FORMER: frozenset(
        {MembershipStatus.INVITED, MembershipStatus.APPLIED, MembershipStatus.PARTNERED}
    ),
}


class LifecycleError(ValueError):
    pass


def relation_after(steps: Iterable[MembershipStatus | str]) -> Relation:
    """Replay the steps in order; 'reinstated' returns to the last admitted relation."""
    relation = Relation.NONE
    admitted = Relation.MEMBER
    for raw in steps:
        step = MembershipStatus(raw)
        allowed = ALLOWED_STEPS[relation]
        if step not in allowed:
            raise LifecycleError(
                _("“%(step)s” cannot follow “%(relation)s”.")
                % {"step": step.label, "relation": relation.label}
            )
        if step == MembershipStatus.REINSTATED:
            relation = admitted
            continue
        relation = _RELATION_AFTER[step]
        if relation in (Relation.MEMBER, Relation.OBSERVER):
            admitted = relation
    return relation
