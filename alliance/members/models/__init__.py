from alliance.members.models.institutions import Institution, InstitutionName
from alliance.members.models.memberships import MembershipEvent
from alliance.members.models.people import Person, Position
from alliance.members.models.roles import Invitation, RoleAssignment

__all__ = [
    "Institution",
    "InstitutionName",
    "Invitation",
    "MembershipEvent",
    "Person",
    "Position",
    "RoleAssignment",
]
