"""What the members API sends out: institutions, their names and their membership history."""

from __future__ import annotations

import datetime
from typing import Any

from django_countries import countries
from ninja import Field, Schema

from alliance.members.enums import InstitutionKind, MembershipStatus, Relation
from alliance.members.models import Institution, InstitutionName, MembershipEvent
from alliance.members.regions import SubRegion


class NameOut(Schema):
    language: str = Field(description="Language code, such as zh, ja or ar.")
    name: str
    preferred: bool = Field(description="The name shown to readers of this language.")

    @staticmethod
    def resolve_preferred(obj: InstitutionName) -> bool:
        return obj.is_preferred


class MembershipEventOut(Schema):
    institution: str = Field(description="The institution's slug.")
    status: MembershipStatus
    date: datetime.date
    note: str

    @staticmethod
    def resolve_institution(obj: MembershipEvent) -> str:
        return obj.institution.slug


class InstitutionOut(Schema):
    slug: str
    name: str = Field(description="The name in English.")
    acronym: str
    kind: InstitutionKind
    relation: Relation = Field(description="How the institution stands to the alliance today.")
    is_founding_member: bool
    country: str = Field(description="ISO 3166 code of the country or region.")
    country_name: str
    subregion: SubRegion
    city: str
    time_zone: str
    website: str
    ror_id: str | None
    wikidata_id: str
    names: list[NameOut] = Field(description="Its names in other languages and scripts.")
    url: str = Field(description="The institution's page.")

    @staticmethod
    def resolve_country(obj: Institution) -> str:
        return str(obj.country)

    @staticmethod
    def resolve_country_name(obj: Institution) -> str:
        return str(countries.name(str(obj.country)))

    @staticmethod
    def resolve_names(obj: Institution) -> list[InstitutionName]:
        return list(obj.names.all())

    @staticmethod
    def resolve_url(obj: Institution, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(obj.get_absolute_url()))


class InstitutionDetailOut(InstitutionOut):
    established: int | None
    grid_id: str
    summary: str
    memberships: list[MembershipEventOut] = Field(description="Its dated membership history.")

    @staticmethod
    def resolve_memberships(obj: Institution) -> list[MembershipEvent]:
        return list(obj.membership_events.all())
