"""The programmes demo: both calls, applications in every state, and safe to load twice."""

from collections import Counter

from alliance.members.services.demo import load_demo
from alliance.programmes.enums import ApplicationStatus, CallStatus
from alliance.programmes.models import Application, Call
from alliance.programmes.services.demo import load_programmes_demo


def test_it_loads_both_calls_with_applications_in_every_state_and_only_once(db):
    load_demo()
    first = load_programmes_demo()
    assert first["calls"] == 2
    scholars = Call.objects.get(programme__name="Scholars Award", cycle="2027-2028")
    staff = Call.objects.get(programme__name="Staff Exchange", cycle="2027-2028")
    assert (scholars.status, scholars.awards, str(scholars.grant)) == (
        CallStatus.CLOSED,
        60,
        "2500.00",
    )
    assert (staff.status, staff.awards, str(staff.grant)) == (CallStatus.OPEN, 15, "1500.00")
    states = Counter(Application.objects.values_list("status", flat=True))
    assert set(states) == set(ApplicationStatus.values)
    held = Application.objects.filter(
        call=scholars, status__in=[ApplicationStatus.AWARDED, ApplicationStatus.ACCEPTED]
    ).count()
    assert held == 60
    scholar = Application.objects.get(
        call=scholars, applicant__email="scholar@demo.alliance.invalid"
    )
    assert scholar.status == ApplicationStatus.AWARDED
    before = Application.objects.count()
    assert load_programmes_demo() == {"programmes": 0, "calls": 0, "applications": 0, "reviews": 0}
    assert Application.objects.count() == before
