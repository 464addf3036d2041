"""Who may do what with events, registrations and letters."""

from __future__ import annotations

from typing import Any

import rules

from alliance.events.enums import EventStatus, Visibility
from alliance.members.enums import Relation, Role
from alliance.members.rules import institutions_where, is_secretariat, roles_of


def acts_for_a_member(user: Any) -> bool:
    """Someone acting for a member or observer institution, or with an alliance-wide role."""
    if not user or not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    from alliance.members.models import Institution

    mine = {inst for _role, inst in roles_of(user) if inst is not None}
    if any(r in (Role.REVIEWER, Role.APPLICANT) for r, _i in roles_of(user)):
        return True
    return Institution.objects.filter(
        pk__in=mine, relation__in=(Relation.MEMBER, Relation.OBSERVER)
    ).exists()


@rules.predicate
def can_see_event(user: Any, event: Any) -> bool:
    if event is None:
        return True
    if event.status == EventStatus.DRAFT:
        return bool(is_secretariat(user))
    if event.visibility == Visibility.PUBLIC:
        return True
    if event.visibility == Visibility.MEMBERS:
        return acts_for_a_member(user)
    # By invitation: the Secretariat, and whoever holds a registration or a quota.
    if not user or not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    mine = institutions_where(user, Role.COORDINATOR)
    return (
        event.registrations.filter(user=user).exists()
        or event.quotas.filter(institution__in=mine).exists()
    )


@rules.predicate
def organises(user: Any, event: Any) -> bool:
    """The Secretariat organises every event; a host's coordinators help with theirs."""
    if is_secretariat(user):
        return True
    mine = institutions_where(user, Role.COORDINATOR)
    if event is None:  # asked without an event: do they host any?
        from alliance.events.models import Event

        return bool(mine) and Event.objects.filter(host_id__in=mine).exists()
    return event.host_id is not None and event.host_id in mine


@rules.predicate
def leads_a_delegation(user: Any, event: Any) -> bool:
    """A coordinator of an institution with a quota at the event (of any, asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if event is None:
        return bool(mine)
    return event.quotas.filter(institution__in=mine).exists()


def may_exceed_quota(user: Any, event: Any) -> bool:
    return bool(is_secretariat(user))


rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.register", rules.is_authenticated & can_see_event)
rules.add_perm("events.manage_event", organises)
rules.add_perm("events.add_event", is_secretariat)
rules.add_perm("events.set_quotas", is_secretariat)
rules.add_perm("events.manage_delegation", is_secretariat | leads_a_delegation)
rules.add_perm("events.check_in", organises)
rules.add_perm("events.review_letters", is_secretariat)
