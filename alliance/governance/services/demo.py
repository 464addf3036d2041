"""The demo governance of the alliance, on the demo members (``members.services.demo``):

- the Board: one seat for each of the 15 founding members, held by its demo chief executive,
  with its liaison officer as alternate (for Tsinghua and NUS, their demo coordinators, who can
  log in and vote); the President of the alliance (Tsinghua's chief executive); the Executive
  Committee, two working groups (financial sustainability; admissions of members and
  observers) and the Secretariat with its Secretary-General;
- the Board meeting 2027 in Seoul, hybrid, notice sent, with an agenda, the attendance (one
  member represented by proxy, one absent), a motion of the admissions working group to admit a
  new observer put to a named yes/no poll, and the secret election of the next President. Both
  polls are open: the demo coordinators of Tsinghua and NUS cast their members' ballots, and
  the Secretariat closes and counts.

Everything goes through the governance services, so the audit log tells the story. Loading twice
changes nothing: with a Board already there, nothing is made.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction

from alliance.core.models import User
from alliance.governance.enums import (
    AttendanceStatus,
    BodyKind,
    MeetingMode,
    MotionStatus,
    OfficeKind,
    PollKind,
    Secrecy,
)
from alliance.governance.models import Body
from alliance.governance.services.bodies import add_office, add_seat, create_body
from alliance.governance.services.demo_admissions import load_admissions_demo
from alliance.governance.services.demo_constitution import load_constitution_demo
from alliance.governance.services.meetings import (
    add_agenda_item,
    create_meeting,
    record_attendance,
    send_notice,
)
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.services.polls import create_poll, open_poll
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from alliance.members.services.demo import DEMO_CONTACTS, FOUNDED, NUS, TSINGHUA

SECRETARIAT = "secretariat@demo.alliance.invalid"
COORDINATORS = {
    TSINGHUA: "coordinator.tsinghua@demo.alliance.invalid",
    NUS: "coordinator.nus@demo.alliance.invalid",
}
SEATED_FROM = datetime.date(2022, 1, 1)
YANGON, KING_SAUD, CHULALONGKORN = "038724806", "02f81g417", "028wp3y58"
BODIES = (
    (BodyKind.BOARD, "Board", "The members' chief executives: one seat, one vote per member."),
    (BodyKind.EXECUTIVE_COMMITTEE, "Executive Committee", "Prepares the Board's decisions."),
    (
        BodyKind.WORKING_GROUP,
        "Working group on financial sustainability",
        "Fees, budget and the alliance's long-term finances.",
    ),
    (
        BodyKind.WORKING_GROUP,
        "Working group on admissions",
        "Reviews applications of new members and observers.",
    ),
    (BodyKind.SECRETARIAT, "Secretariat", "Hosted at Tsinghua University."),
)


def _person(institution: Institution, kind: PositionKind) -> Person | None:
    position = (
        Position.objects.filter(institution=institution, kind=kind)
        .select_related("person")
        .order_by("-start")
        .first()
    )
    return position.person if position else None


def _alternate(institution: Institution) -> Person | None:
    email = COORDINATORS.get(institution.ror_id or "")
    if email:
        person = Person.objects.filter(user__email=email).first()
        if person is not None:
            return person
    return _person(institution, PositionKind.LIAISON_OFFICER)


def load_governance_demo(*, actor: User | None = None) -> dict[str, int]:
    """Create the demo governance unless a Board exists; return how much was made."""
    created = {"bodies": 0, "seats": 0, "meetings": 0, "motions": 0, "polls": 0}
    if Body.objects.filter(kind=BodyKind.BOARD).exists():
        return created
    with transaction.atomic():
        actor = actor or User.objects.filter(email=SECRETARIAT).first()
        bodies = {}
        for kind, name, description in BODIES:
            bodies[name] = create_body(actor=actor, kind=kind, name=name, description=description)
            created["bodies"] += 1
        board = bodies["Board"]
        members = {i.ror_id: i for i in Institution.objects.filter(is_founding_member=True)}
        seated: dict[str, Institution] = {}
        heads: dict[str, Person] = {}
        for ror, *_rest in DEMO_CONTACTS:
            institution = members.get(ror)
            head = _person(institution, PositionKind.CHIEF_EXECUTIVE) if institution else None
            if institution is None or head is None:
                continue
            add_seat(
                board,
                actor=actor,
                institution=institution,
                holder=head,
                alternate=_alternate(institution),
                start=SEATED_FROM,
            )
            seated[ror], heads[ror] = institution, head
            created["seats"] += 1
        if TSINGHUA in heads:
            add_office(
                board,
                actor=actor,
                kind=OfficeKind.PRESIDENT,
                person=heads[TSINGHUA],
                start=SEATED_FROM,
            )
        secretary = Person.objects.filter(user__email=SECRETARIAT).first()
        if secretary is not None:
            add_office(
                bodies["Secretariat"],
                actor=actor,
                kind=OfficeKind.SECRETARY_GENERAL,
                person=secretary,
                start=FOUNDED,
            )
        if len(seated) >= 3:
            _board_meeting_2027(board, bodies, seated, heads, actor=actor, created=created)
        # --- constitution: the founding text, and version 2 adopted at the 2027 meeting ---
        load_constitution_demo(actor=actor)
        # --- admissions and fees: the observer application on the 2027 motion, fees ---
        load_admissions_demo(actor=actor)
    return created


def _board_meeting_2027(
    board: Body,
    bodies: dict[str, Body],
    seated: dict[str, Institution],
    heads: dict[str, Person],
    *,
    actor: User | None,
    created: dict[str, int],
) -> None:
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    meeting = create_meeting(
        board,
        actor=actor,
        title="Board meeting 2027",
        mode=MeetingMode.HYBRID,
        starts_at=datetime.datetime(2027, 11, 15, 14, 0, tzinfo=seoul),
        time_zone="Asia/Seoul",
        place="Seoul National University, Hoam Faculty House",
        link="https://meet.alliance.invalid/board-2027",
    )
    created["meetings"] += 1
    send_notice(meeting, actor=actor)
    add_agenda_item(meeting, actor=actor, title="Opening and adoption of the agenda")
    add_agenda_item(meeting, actor=actor, title="Report of the Secretariat")
    admissions = add_agenda_item(meeting, actor=actor, title="Admissions")
    observer_item = add_agenda_item(
        meeting,
        actor=actor,
        title="Admission of a new observer",
        notes="Recommended by the working group on admissions.",
        parent=admissions,
    )
    elections = add_agenda_item(meeting, actor=actor, title="Elections")
    president_item = add_agenda_item(
        meeting, actor=actor, title="Election of the President", parent=elections
    )
    add_agenda_item(meeting, actor=actor, title="Any other business")
    entries: dict[Institution, tuple[str, Person | None]] = dict.fromkeys(
        seated.values(), (AttendanceStatus.PRESENT, None)
    )
    if YANGON in seated and CHULALONGKORN in heads:
        entries[seated[YANGON]] = (AttendanceStatus.PROXY, heads[CHULALONGKORN])
    if KING_SAUD in seated:
        entries[seated[KING_SAUD]] = (AttendanceStatus.ABSENT, None)
    record_attendance(meeting, actor=actor, entries=entries)

    motion = create_motion(
        actor=actor,
        title="Admission of the National University of Mongolia as an observer",
        text=(
            "The Board admits the National University of Mongolia as an "
            "observer of the alliance from 1 January 2028, as the working group on admissions "
            "recommends."
        ),
        by_body=bodies["Working group on admissions"],
    )
    set_motion_status(motion, actor=actor, status=MotionStatus.SUBMITTED)
    set_motion_status(motion, actor=actor, status=MotionStatus.ON_AGENDA, agenda_item=observer_item)
    created["motions"] += 1
    observer = create_poll(
        board,
        actor=actor,
        motion=motion,
        title="Shall the Board admit the National University of Mongolia as an observer?",
        kind=PollKind.YES_NO,
        secrecy=Secrecy.NAMED,
        threshold="two_thirds",
        base="cast",
        quorum_basis="present",
        quorum_share="1/2",
        tie_rule="fails",
    )
    candidates = [heads[ror].full_name for ror in ("04h9pn542", "057zh3y96") if ror in heads] or [
        "Candidate A",
        "Candidate B",
    ]
    election = create_poll(
        board,
        actor=actor,
        agenda_item=president_item,
        title="Election of the next President of the alliance",
        kind=PollKind.ELECTION,
        secrecy=Secrecy.SECRET,
        threshold="absolute",
        base="cast",
        quorum_basis="present",
        quorum_share="2/3",
        tie_rule="fails",
        options=candidates,
    )
    for poll in (observer, election):
        open_poll(poll, actor=actor)
        created["polls"] += 1
