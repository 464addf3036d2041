"""Who may do what with agreements, rounds, applications and allocation runs."""

from __future__ import annotations

from typing import Any

import rules

from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_coordinator, is_secretariat, roles_of
from alliance.mobility.enums import RoundStatus, Signatory


@rules.predicate
def is_party_coordinator(user: Any, agreement: Any) -> bool:
    """Coordinator of a party to the agreement (of any institution, asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if agreement is None:
        return bool(mine)
    return any(p.institution_id in mine for p in agreement.parties.all())


@rules.predicate
def is_student(user: Any) -> bool:
    """A student (an applicant): they name their home university when they apply."""
    return any(role == Role.APPLICANT for role, _inst in roles_of(user))


@rules.predicate
def can_see_round(user: Any, round_: Any) -> bool:
    if round_ is None:
        return True
    return round_.status != RoundStatus.DRAFT or bool(is_secretariat(user))


@rules.predicate
def nominates_in(user: Any, round_: Any) -> bool:
    """Coordinator of a university taking part in the round (of any, asked without one)."""
    mine = institutions_where(user, Role.COORDINATOR)
    if round_ is None:
        return bool(mine)
    return round_.hosts.filter(institution_id__in=mine).exists()


def sides_of(user: Any, mobility: Any) -> set[str]:
    """The sides ``user`` holds on a mobility: "student", "home", "host" (a coordinator there),
    "secretariat"."""
    sides: set[str] = set()
    if user is None or not user.is_authenticated:
        return sides
    if mobility.student_id == user.pk:
        sides.add(Signatory.STUDENT.value)
    mine = institutions_where(user, Role.COORDINATOR)
    if mobility.home_id in mine:
        sides.add(Signatory.HOME.value)
    if mobility.host_id in mine:
        sides.add(Signatory.HOST.value)
    if is_secretariat(user):
        sides.add("secretariat")
    return sides


@rules.predicate
def takes_part_in(user: Any, mobility: Any) -> bool:
    """The student, a coordinator of the home or the host, or the Secretariat (asked without a
    mobility: anyone who might be one of them)."""
    if mobility is None:
        return True
    return bool(sides_of(user, mobility))


@rules.predicate
def coordinates_either_side(user: Any, mobility: Any) -> bool:
    if mobility is None:
        return bool(institutions_where(user, Role.COORDINATOR))
    return bool(sides_of(user, mobility) & {Signatory.HOME, Signatory.HOST})


rules.add_perm("mobility.view_agreements", is_secretariat | is_coordinator)
rules.add_perm("mobility.view_agreement", is_secretariat | is_party_coordinator)
rules.add_perm("mobility.add_agreement", is_secretariat | is_coordinator)
rules.add_perm("mobility.change_agreement", is_secretariat | is_party_coordinator)
rules.add_perm("mobility.approve_agreement", is_party_coordinator)
rules.add_perm("mobility.view_round", rules.is_authenticated & can_see_round)
rules.add_perm("mobility.manage_round", is_secretariat)
rules.add_perm("mobility.apply", is_student & can_see_round)
rules.add_perm("mobility.nominate", nominates_in & can_see_round)
rules.add_perm("mobility.allocate", is_secretariat)
rules.add_perm("mobility.view_runs", is_secretariat | nominates_in)
rules.add_perm("mobility.view_mobilities", rules.is_authenticated)
rules.add_perm("mobility.view_mobility", rules.is_authenticated & takes_part_in)
rules.add_perm("mobility.date_mobility", is_secretariat | coordinates_either_side)
rules.add_perm("mobility.view_balances", is_secretariat | is_coordinator)
