"""Sessions with their own seats: joined up to the limit, once per person, freed on cancel."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.events.enums import RegistrationStatus
from alliance.events.models import Session, SessionRegistration
from alliance.events.services.registrations import cancel_registration, register
from alliance.events.services.session_seats import join_session, leave_session
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(student_forum) -> Session:
    return Session.objects.create(
        event=student_forum,
        title={"en": "Workshop on AI", "zh-hans": "人工智能工作坊"},
        starts_at=student_forum.starts_at + datetime.timedelta(hours=2),
        ends_at=student_forum.starts_at + datetime.timedelta(hours=4),
        capacity=2,
    )


def seated(event, institution, label):
    user = make_user(f"{label}@example.org")
    return register(event, actor=user, name=label.title(), institution=institution)


def test_a_session_takes_people_up_to_its_seats(student_forum, workshop, tsinghua, nus):
    a, b, c = (
        seated(student_forum, inst, n) for inst, n in [(tsinghua, "a"), (nus, "b"), (nus, "c")]
    )
    join_session(a, workshop, actor=a.user)
    join_session(b, workshop, actor=b.user)
    with pytest.raises(ValidationError) as info:
        join_session(c, workshop, actor=c.user)
    assert info.value.messages == ["Workshop on AI is full (2 seats)."]
    assert SessionRegistration.objects.filter(session=workshop).count() == 2
    assert AuditEntry.objects.filter(action="events.session.join").count() == 2


def test_joining_twice_keeps_one_seat_and_leaving_frees_it(student_forum, workshop, tsinghua):
    a = seated(student_forum, tsinghua, "a")
    first = join_session(a, workshop, actor=a.user)
    assert join_session(a, workshop, actor=a.user) == first
    leave_session(a, workshop, actor=a.user)
    assert not SessionRegistration.objects.exists()


def test_cancelling_the_registration_frees_its_session_seats(student_forum, workshop, tsinghua):
    a = seated(student_forum, tsinghua, "a")
    join_session(a, workshop, actor=a.user)
    cancel_registration(a, actor=a.user)
    assert not SessionRegistration.objects.exists()


def test_someone_waiting_for_a_seat_cannot_join_a_session(student_forum, workshop, tsinghua):
    people = [seated(student_forum, tsinghua, f"p{n}") for n in range(4)]
    waiting = people[3]
    assert waiting.status == RegistrationStatus.WAITLISTED
    with pytest.raises(ValidationError) as info:
        join_session(waiting, workshop, actor=waiting.user)
    assert info.value.messages == ["Only people with a seat at the event can join its sessions."]


def test_the_timetable_shows_seats_and_lets_a_registrant_join(student_forum, workshop, tsinghua):
    a = seated(student_forum, tsinghua, "a")
    client = client_for(a.user)
    page = client.get(f"/events/{student_forum.slug}/timetable/").content.decode()
    assert "0 of 2 seats taken" in page
    assert f'action="/events/{student_forum.slug}/timetable/{workshop.pk}/join/"' in page
    response = client.post(f"/events/{student_forum.slug}/timetable/{workshop.pk}/join/")
    assert response.status_code == 302
    page = client.get(f"/events/{student_forum.slug}/timetable/").content.decode()
    assert "1 of 2 seats taken" in page
    assert "You have a seat" in page


def test_without_a_seat_at_the_event_the_join_address_is_404(cast, student_forum, workshop):
    response = client_for(cast.student).post(
        f"/events/{student_forum.slug}/timetable/{workshop.pk}/join/"
    )
    assert response.status_code == 404
