"""The demo constitution: the founding text agreed at the preparatory meeting in 2017, and one
amendment (the fees clause of Article 11, proposed by the working group on financial
sustainability) adopted at the Board meeting 2027 by a named two-thirds poll, closed and
counted, which makes version 2. Everything goes through the governance services. Loading twice
changes nothing: with a version already there, nothing is made."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from alliance.core.models import User
from alliance.governance.enums import AmendmentKind, BodyKind, MotionStatus, PollKind, Secrecy
from alliance.governance.models import Body, Clause, ConstitutionVersion, Meeting
from alliance.governance.services.constitution import (
    adopt_amendments,
    create_founding_version,
    propose_amendment,
    put_amendments_to_motion,
)
from alliance.governance.services.meetings import add_agenda_item
from alliance.governance.services.motions import set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from alliance.members.models import Institution, Person
from alliance.members.services.demo import FOUNDED

FOUNDING_NOTE = "Agreed at the preparatory meeting"
FOUNDING_TEXT = """
# Article 1 Name
1.1 The name of the association is the Alliance (the "Alliance"), a network of leading research universities of Asia.
1.2 The Alliance is a non-profit association; its working language is English.
# Article 2 Mission
2.1 The Alliance promotes cooperation among its members in education, research and service to society, and speaks for Asian higher education in the world.
2.2 To this end it supports the exchange of students, scholars and staff, joint programmes and research, and the sharing of knowledge with governments, industry and the public.
# Article 3 Membership
3.1 Members are universities of Asia that share the mission of the Alliance and are admitted by the Board.
3.2 The founding members are the universities that signed the founding declaration.
3.3 The Board may admit observers, which take part in the activities of the Alliance without a vote.
# Article 4 The Board
4.1 The Board is the highest decision-making body of the Alliance. It is composed of the presidents of the member universities, or their representatives.
4.2 Each member has one seat and one vote on the Board.
4.3 The Board sets the strategy of the Alliance, admits members and observers, adopts the budget and the fees, elects the officers and amends this constitution.
# Article 5 Officers
5.1 The Board elects from among its members a President and a Vice-President for a term of two years, renewable once.
5.2 The President chairs the meetings of the Board and represents the Alliance.
# Article 6 Secretariat
6.1 The Secretariat conducts the daily business of the Alliance. It is hosted by a member university designated by the Board.
6.2 The Secretariat is headed by a Secretary-General, appointed by the Board on the proposal of the President.
6.3 The Secretariat keeps the records of the Alliance, including this constitution and the decisions of the Board.
# Article 7 Working groups
7.1 The Board may establish working groups on particular tasks and appoint their members and chairs.
7.2 Working groups report to the Board at each of its ordinary meetings.
# Article 8 Meetings and quorum
8.1 The Board meets in ordinary session at least once a year. An extraordinary meeting is convened at the request of the President or of one third of the members.
8.2 Notice of a meeting, with its agenda, is sent at least fifteen days in advance.
8.3 The Board may decide only when more than half of its members are present or represented.
# Article 9 Voting
9.1 Unless this constitution provides otherwise, the Board decides by a simple majority of the votes cast.
9.2 The admission of members and the amendment of this constitution require a two-thirds majority of the votes cast.
9.3 A member may be represented by proxy by another member; no member may hold more than one proxy.
# Article 10 Amendment
10.1 Any member, and the Secretariat on behalf of a body of the Alliance, may propose an amendment to this constitution.
10.2 A proposed amendment is circulated to the members with the notice of the meeting at which it is to be voted.
# Article 11 Finances
11.1 The Alliance is financed by the annual fees of its members, by contributions of the host university of the Secretariat and by grants.
11.2 The annual fee is set by the Board and is the same for every member.
11.3 The Secretariat presents the accounts of the past year and the budget of the coming year to the Board at its ordinary meeting.
# Article 12 Withdrawal
12.1 A member may withdraw from the Alliance by written notice to the Secretariat six months before the end of a calendar year.
12.2 A withdrawing member pays the fee of the year in which its withdrawal takes effect.
"""

AMENDED_FEES = (
    "The annual fee is set by the Board on the proposal of the working group on financial "
    "sustainability. The Board may set a reduced fee for members from lower-income economies "
    "and for observers."
)
AMENDMENT_REASON = (
    "One fee for all weighs heavily on members from lower-income economies; the working group "
    "proposes that the Board may set reduced fees."
)


def _clause(version: ConstitutionVersion, number: str) -> Clause:
    return Clause.objects.get(version=version, number=number)


def _cast_every_ballot_we_can(poll: Any, *, at: datetime.datetime) -> int:
    """Yes from every institution whose holder, alternate or proxy can log in (in the demo: the
    coordinators of Tsinghua and NUS, who are their alternates)."""
    cast = 0
    for key, casters in (poll.frozen_electorate or {}).get("casters", {}).items():
        present = poll.frozen_electorate.get("present")
        if present is not None and key not in present:
            continue
        for person_id in casters.values():
            person = Person.objects.filter(pk=person_id).select_related("user").first()
            user = person.user if person is not None else None
            if user is not None:
                institution = Institution.objects.get(pk=int(key))
                cast_ballot(poll, actor=user, institution=institution, choice="yes", now=at)
                cast += 1
                break
    return cast


def load_constitution_demo(*, actor: User | None) -> int:
    """Create the demo constitution unless one exists; return how many versions were made."""
    if ConstitutionVersion.objects.exists():
        return 0
    with transaction.atomic():
        founding = create_founding_version(
            actor=actor, text=FOUNDING_TEXT, adopted_on=FOUNDED, note=FOUNDING_NOTE
        )
        board = Body.objects.filter(kind=BodyKind.BOARD).first()
        meeting = Meeting.objects.filter(body=board, title="Board meeting 2027").first()
        group = Body.objects.filter(name="Working group on financial sustainability").first()
        if board is None or meeting is None or group is None:
            return 1
        fees = _clause(founding, "11.2")
        amendment = propose_amendment(
            fees.key,
            actor=actor,
            written_against=founding,
            kind=AmendmentKind.REPLACE,
            text=AMENDED_FEES,
            reason=AMENDMENT_REASON,
            by_body=group,
        )
        motion = put_amendments_to_motion([amendment], actor=actor)
        item = add_agenda_item(
            meeting,
            actor=actor,
            title="Amendment of the constitution: Article 11.2 (fees)",
            notes="Proposed by the working group on financial sustainability.",
        )
        set_motion_status(motion, actor=actor, status=MotionStatus.SUBMITTED)
        set_motion_status(motion, actor=actor, status=MotionStatus.ON_AGENDA, agenda_item=item)
        poll = create_poll(
            board,
            actor=actor,
            motion=motion,
            title="Shall the Board amend Article 11.2 of the constitution as proposed?",
            kind=PollKind.YES_NO,
            secrecy=Secrecy.NAMED,
            threshold="two_thirds",
            base="cast",
            quorum_basis="present",
            quorum_share="1/2",
            tie_rule="fails",
        )
        starts = meeting.starts_at
        poll = open_poll(poll, actor=actor, now=starts + datetime.timedelta(minutes=60))
        _cast_every_ballot_we_can(poll, at=starts + datetime.timedelta(minutes=65))
        close_poll(poll, actor=actor, now=starts + datetime.timedelta(minutes=80))
        motion.refresh_from_db()
        if motion.status != MotionStatus.ADOPTED:
            return 1
        adopt_amendments(motion, actor=actor)
    return 2
