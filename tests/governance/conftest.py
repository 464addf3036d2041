"""What governance tests share: a Board of three members (Tsinghua, NUS and Tokyo), each seat
held by a person with a login, an alternate for Tsinghua, and a meeting with attendance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from alliance.core.models import User
from alliance.governance.enums import AttendanceStatus, BodyKind, MeetingMode
from alliance.governance.models import AgendaItem, Body, Meeting, Seat
from alliance.governance.services.bodies import add_seat, create_body
from alliance.governance.services.meetings import (
    add_agenda_item,
    create_meeting,
    record_attendance,
)
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from tests.conftest import make_member, make_user

SEATED_FROM = datetime.date(2026, 1, 1)


def make_person(
    institution: Institution, email: str | None, name: str
) -> tuple[Person, User | None]:
    user = make_user(email) if email else None
    person = Person.objects.create(full_name=name, email=email or "", user=user)
    Position.objects.create(
        person=person,
        institution=institution,
        kind=PositionKind.CHIEF_EXECUTIVE,
        start=datetime.date(2020, 1, 1),
    )
    return person, user


@dataclass
class Board:
    body: Body
    members: list[Institution]
    seats: list[Seat]
    holders: list[User]
    alternate: User  # Tsinghua's alternate
    meeting: Meeting
    item: AgendaItem


def build_board(secretariat, tsinghua, nus, *, attendance: bool = True) -> Board:
    tokyo = make_member("University of Tokyo", "JP", None)
    members = [tsinghua, nus, tokyo]
    body = create_body(actor=secretariat, kind=BodyKind.BOARD, name="Board")
    seats, holders = [], []
    alternate_person, alternate = make_person(tsinghua, "alt@tsinghua.example.org", "Alt Tsinghua")
    for n, inst in enumerate(members):
        person, user = make_person(inst, f"head{n}@{inst.slug}.example.org", f"Head {n}")
        holders.append(user)
        seats.append(
            add_seat(
                body,
                actor=secretariat,
                institution=inst,
                holder=person,
                alternate=alternate_person if inst == tsinghua else None,
                start=SEATED_FROM,
            )
        )
    meeting = create_meeting(
        body,
        actor=secretariat,
        title="Board meeting",
        mode=MeetingMode.HYBRID,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        time_zone="Asia/Seoul",
        place="Seoul",
        link="https://meet.example.org/board",
    )
    item = add_agenda_item(meeting, actor=secretariat, title="Decisions")
    if attendance:
        record_attendance(
            meeting,
            actor=secretariat,
            entries=dict.fromkeys(members, (AttendanceStatus.PRESENT, None)),
        )
    return Board(body, members, seats, holders, alternate, meeting, item)


@pytest.fixture
def board(cast, tsinghua, nus) -> Board:
    return build_board(cast.secretariat, tsinghua, nus)
