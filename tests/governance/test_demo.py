"""The governance demo: the Board of the 15 founding members with their chief executives, the
Board meeting 2027 with its agenda, attendance, the observer motion and the secret election,
both polls open for the demo coordinators; loading twice changes nothing."""

import pytest

from alliance.core.models import User
from alliance.governance.enums import MotionStatus, PollStatus
from alliance.governance.models import Body, Meeting, Motion, Poll, Seat
from alliance.governance.queries import agenda, may_cast_for, person_of
from alliance.governance.services.demo import load_governance_demo
from alliance.governance.services.polls import cast_ballot
from alliance.members.models import Position
from alliance.members.services.demo import load_demo

pytestmark = pytest.mark.django_db


def test_it_loads_the_board_and_its_2027_meeting():
    load_demo()
    created = load_governance_demo()
    assert created == {"bodies": 5, "seats": 15, "meetings": 1, "motions": 1, "polls": 2}
    board = Body.objects.get(name="Board")
    seats = Seat.objects.filter(body=board)
    assert seats.count() == 15
    for seat in seats:
        assert Position.objects.filter(
            person=seat.holder, institution=seat.institution, kind="chief_executive"
        ).exists()
    meeting = Meeting.objects.get(title="Board meeting 2027")
    assert meeting.notice_sent_at is not None
    assert not meeting.notice_late
    numbers = [(line.number, line.item.title) for line in agenda(meeting)]
    assert ("3.1", "Admission of a new observer") in numbers
    assert ("4.1", "Election of the President") in numbers
    # (the constitution's amendment motion and its closed poll: tests/governance/test_constitution.py)
    assert Motion.objects.get(amendments=None).status == MotionStatus.ON_AGENDA
    named, secret = Poll.objects.exclude(motion__amendments__isnull=False).order_by("pk")
    assert (named.secrecy, secret.secrecy) == ("named", "secret")
    assert named.status == secret.status == PollStatus.OPEN
    assert len(named.frozen_electorate["weights"]) == 15
    assert len(named.frozen_electorate["present"]) == 14  # one absent, one by proxy

    coordinator = User.objects.get(email="coordinator.tsinghua@demo.alliance.invalid")
    [(tsinghua_id, capacity)] = may_cast_for(person_of(coordinator), named).items()
    assert capacity == "alternate"
    tsinghua = Seat.objects.get(body=board, institution_id=tsinghua_id).institution
    receipt = cast_ballot(secret, actor=coordinator, institution=tsinghua, choice=secret.options[0])
    assert receipt

    assert load_governance_demo() == {
        "bodies": 0,
        "seats": 0,
        "meetings": 0,
        "motions": 0,
        "polls": 0,
    }
