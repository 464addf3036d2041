"""Member institutions for the benchmarks: "Bench University 01", … in the countries and regions
of the Asian Universities Alliance's members, each admitted as a member on the alliance's
founding day. Made through the registry's services, as the site would make them."""

from __future__ import annotations

import datetime

from alliance.core.models import User
from alliance.members.enums import InstitutionKind, MembershipStatus
from alliance.members.models import Institution
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event

COUNTRIES = (
    "AE",
    "CN",
    "CN",
    "HK",
    "ID",
    "IN",
    "JP",
    "KR",
    "KZ",
    "LK",
    "MM",
    "MY",
    "SA",
    "SG",
    "TH",
)
FOUNDED = datetime.date(2017, 4, 29)


def bench_members(count: int, *, actor: User | None) -> list[Institution]:
    """``count`` new member institutions, numbered from 1."""
    width = max(2, len(str(count)))
    members = []
    for n in range(count):
        institution = create_institution(
            actor=actor,
            name=f"Bench University {n + 1:0{width}d}",
            kind=InstitutionKind.UNIVERSITY,
            country=COUNTRIES[n % len(COUNTRIES)],
        )
        record_membership_event(
            institution, actor=actor, status=MembershipStatus.ADMITTED_MEMBER, date=FOUNDED
        )
        institution.refresh_from_db()
        members.append(institution)
    return members
