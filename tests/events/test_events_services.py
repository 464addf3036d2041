import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.events.enums import EventKind, EventStatus, RegistrationStatus, SessionRole
from alliance.events.models import CalendarFeed, Session, SessionPerson
from alliance.events.queries import calendar_feed_owner, hash_feed_secret
from alliance.events.services.events import (
    add_room,
    add_session,
    add_session_person,
    cancel_event,
    create_event,
    delete_room,
    delete_session,
    publish_event,
    remove_session_person,
    update_event,
    update_room,
    update_session,
)
from alliance.events.services.feeds import renew_calendar_feed, stop_calendar_feed
from alliance.events.services.registrations import cancel_registration, register
from alliance.members.models import Person
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in May 2027 on Shanghai clocks."""
    return datetime.datetime(2027, 5, day, hour, minute, tzinfo=SHANGHAI)


def summit_data(**extra):
    return {
        "slug": "aua-summit-2027",
        "kind": EventKind.SUMMIT,
        "title": {"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
        "time_zone": "Asia/Shanghai",
        "starts_at": at(10, 9),
        "ends_at": at(12, 18),
        "languages": ["en", "zh-hans"],
        **extra,
    }


def actions(obj=None) -> list[str]:
    qs = AuditEntry.objects.filter(action__startswith="events.").order_by("pk")
    if obj is not None:
        qs = qs.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return list(qs.values_list("action", flat=True))


# Events -----------------------------------------------------------------------------------------


def test_the_secretariat_creates_a_draft_with_hosts_and_an_audit_row(cast, tsinghua, nus, boao):
    event = create_event(
        actor=cast.secretariat, data=summit_data(host=tsinghua), co_hosts=[boao, nus]
    )
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert event.created_by == cast.secretariat
    assert sorted(i.slug for i in event.co_hosts.all()) == [boao.slug, nus.slug]
    entry = AuditEntry.objects.get(action="events.event.create")
    assert entry.actor == cast.secretariat
    assert entry.institution_id == tsinghua.pk
    assert entry.after["slug"] == "aua-summit-2027"
    assert entry.after["starts_at"] == "2027-05-10T01:00:00+00:00"
    assert entry.after["co_hosts"] == sorted([boao.pk, nus.pk])


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"slug": "new"}, "slug", "This address is taken by a page of the site. Choose another."),
        (
            {"time_zone": "Mars/Olympus"},
            "time_zone",
            "Unknown time zone: choose one from the list.",
        ),
        ({"ends_at": at(9, 9)}, "ends_at", "The event ends before it starts."),
        (
            {"registration_closes_at": at(13, 9)},
            "registration_closes_at",
            "Registration closes after the event is over.",
        ),
        ({"languages": ["en", "klingon"]}, "languages", "Unknown language codes: klingon"),
        ({"title": {}}, "title", "This field cannot be blank."),
    ],
)
def test_an_event_with_bad_details_is_refused_whole(cast, extra, field, message):
    with pytest.raises(ValidationError) as caught:
        create_event(actor=cast.secretariat, data=summit_data(**extra))
    assert caught.value.message_dict[field] == [message]
    assert actions() == []


def test_sub_events_go_one_level_deep(cast, summit):
    board = summit.sub_events.get()
    with pytest.raises(ValidationError) as caught:
        create_event(
            actor=cast.secretariat,
            data=summit_data(slug="board-session", parent=board),
        )
    assert caught.value.message_dict["parent"] == [
        "Board meeting is itself part of another event; choose the main event."
    ]
    with pytest.raises(ValidationError) as caught:
        update_event(summit, actor=cast.secretariat, data={"parent": summit})
    assert caught.value.message_dict["parent"] == ["An event cannot be part of itself."]


def test_an_update_audits_only_what_changed(cast, summit, nus):
    update_event(
        summit,
        actor=cast.coordinator_tsinghua,
        data={"venue": "Main Building", "title": summit.title},
        co_hosts=[nus],
    )
    entry = AuditEntry.objects.get(action="events.event.update")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.before == {"venue": "", "co_hosts": []}
    assert entry.after == {"venue": "Main Building", "co_hosts": [nus.pk]}
    update_event(summit, actor=cast.secretariat, data={"venue": "Main Building"})
    assert actions().count("events.event.update") == 1


def test_more_seats_are_offered_to_the_people_waiting(cast, mailoutbox):
    event = make_event("lecture", capacity=1)
    first = register(event, actor=cast.student, name="Li Wei")
    second = register(event, actor=cast.reviewer, name="Amina Rahman")
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    update_event(event, actor=cast.secretariat, data={"capacity": 2})
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert second.offered_until is not None


def test_the_seats_cannot_drop_below_those_taken(cast):
    event = make_event("lecture", capacity=3)
    register(event, actor=cast.student, name="Li Wei")
    register(event, actor=cast.reviewer, name="Amina Rahman")
    with pytest.raises(ValidationError) as caught:
        update_event(event, actor=cast.secretariat, data={"capacity": 1})
    assert caught.value.message_dict["capacity"] == [
        "2 seats are taken or offered already; the event cannot have fewer."
    ]
    event.refresh_from_db()
    assert event.capacity == 3


def test_only_a_draft_is_published(cast):
    event = make_event("draft-forum", status=EventStatus.DRAFT)
    publish_event(event, actor=cast.secretariat)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert actions(event) == ["events.event.publish"]
    with pytest.raises(ValidationError) as caught:
        publish_event(event, actor=cast.secretariat)
    assert caught.value.messages == ["Only a draft can be published; this event is published."]


def test_cancelling_tells_everyone_still_registered_in_their_language(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(
        "student-forum",
        title={"en": "Student Forum", "zh-hans": "学生论坛"},
        capacity=1,
    )
    cast.reviewer.language = "zh-hans"
    cast.reviewer.save()
    register(event, actor=cast.student, name="Li Wei")
    register(event, actor=cast.reviewer, name="Wang Fang")
    gone = register(event, actor=cast.outsider, name="Sam Lee")
    cancel_registration(gone, actor=cast.outsider)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event, actor=cast.secretariat, reason="The venue is closed.")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == ["reviewer@example.org", "student@example.org"]
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address["student@example.org"].subject == "Cancelled: Student Forum"
    # The title in the registrant's language (the sentence around it follows the catalogue).
    assert "学生论坛" in by_address["reviewer@example.org"].subject
    english = next(m for m in mailoutbox if m.to == ["student@example.org"])
    assert "We are sorry to tell you that Student Forum has been cancelled." in english.body
    assert "/events/student-forum/" in english.body
    entry = AuditEntry.objects.get(action="events.event.cancel")
    assert entry.after == {"status": "cancelled", "reason": "The venue is closed."}
    with pytest.raises(ValidationError):
        cancel_event(event, actor=cast.secretariat)


# Rooms and sessions -----------------------------------------------------------------------------


@pytest.fixture
def summit_in_may(cast, tsinghua):
    return create_event(
        actor=cast.secretariat, data=summit_data(host=tsinghua, status=EventStatus.PUBLISHED)
    )


def test_rooms_are_added_changed_and_removed_with_audit_rows(cast, summit_in_may):
    room = add_room(summit_in_may, actor=cast.secretariat, name={"en": "Hall A"}, capacity=300)
    session = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={
            "title": {"en": "Opening"},
            "starts_at": at(10, 9),
            "ends_at": at(10, 10),
            "room": room,
        },
    )
    update_room(room, actor=cast.secretariat, name={"en": "Hall B"}, capacity=250)
    delete_room(room, actor=cast.secretariat)
    session.refresh_from_db()
    assert session.room is None
    assert actions(room) == ["events.room.create", "events.room.update", "events.room.delete"]


def test_a_session_falls_on_the_days_of_the_event_in_its_time_zone(cast, summit_in_may):
    # 00:30 on 13 May in Shanghai is still 12 May in UTC: refused all the same.
    with pytest.raises(ValidationError) as caught:
        add_session(
            summit_in_may,
            actor=cast.secretariat,
            data={"title": {"en": "Late"}, "starts_at": at(13, 0, 30), "ends_at": at(13, 1)},
        )
    assert caught.value.message_dict["starts_at"] == [
        "Sessions fall on the days of the event: May 10, 2027 to May 12, 2027."
    ]
    # 07:30 on 10 May in Shanghai is 9 May in UTC: accepted.
    early = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={"title": {"en": "Breakfast"}, "starts_at": at(10, 7, 30), "ends_at": at(10, 8, 30)},
    )
    assert early.starts_at == datetime.datetime(2027, 5, 9, 23, 30, tzinfo=datetime.UTC)


def test_a_session_takes_rooms_of_its_own_event_only(cast, summit_in_may):
    other = make_event("other")
    room = add_room(other, actor=cast.secretariat, name={"en": "Elsewhere"})
    with pytest.raises(ValidationError) as caught:
        add_session(
            summit_in_may,
            actor=cast.secretariat,
            data={
                "title": {"en": "X"},
                "starts_at": at(10, 9),
                "ends_at": at(10, 10),
                "room": room,
            },
        )
    assert caught.value.message_dict["room"] == ["This room belongs to another event."]


def test_a_session_is_changed_and_removed_with_audit_rows(cast, summit_in_may):
    session = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={"title": {"en": "Opening"}, "starts_at": at(10, 9), "ends_at": at(10, 10)},
    )
    update_session(session, actor=cast.secretariat, data={"ends_at": at(10, 10, 30)})
    entry = AuditEntry.objects.get(action="events.session.update")
    assert entry.before == {"ends_at": "2027-05-10T02:00:00+00:00"}
    assert entry.after == {"ends_at": "2027-05-10T02:30:00+00:00"}
    with pytest.raises(ValidationError) as caught:
        update_session(session, actor=cast.secretariat, data={"ends_at": at(10, 8)})
    assert caught.value.message_dict["ends_at"] == ["The session ends before it starts."]
    delete_session(session, actor=cast.secretariat)
    assert not Session.objects.exists()
    assert actions(session) == [
        "events.session.create",
        "events.session.update",
        "events.session.delete",
    ]


def test_speakers_are_picked_or_recorded_new(cast, summit_in_may, tsinghua):
    session = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={"title": {"en": "Panel"}, "starts_at": at(10, 9), "ends_at": at(10, 10)},
    )
    known = Person.objects.create(full_name="Wang Xiqin", native_name="王希勤")
    chair = add_session_person(
        session, actor=cast.secretariat, role=SessionRole.CHAIR, person=known
    )
    speaker = add_session_person(
        session,
        actor=cast.secretariat,
        role=SessionRole.SPEAKER,
        new_person={"full_name": "Tan Eng Chye", "native_name": "", "email": ""},
    )
    second = add_session_person(
        session,
        actor=cast.secretariat,
        role=SessionRole.SPEAKER,
        new_person={"full_name": " Amina Rahman ", "native_name": "", "email": ""},
    )
    assert [(e.role, e.person.full_name, e.position) for e in session.people.all()] == [
        ("chair", "Wang Xiqin", 0),
        ("speaker", "Tan Eng Chye", 0),
        ("speaker", "Amina Rahman", 1),
    ]
    # New people are recorded in the member registry, filed under the host.
    created = AuditEntry.objects.filter(action="members.person.create").order_by("pk")
    assert [e.after["full_name"] for e in created] == ["Tan Eng Chye", "Amina Rahman"]
    assert {e.institution_id for e in created} == {tsinghua.pk}
    with pytest.raises(ValidationError) as caught:
        add_session_person(session, actor=cast.secretariat, role=SessionRole.CHAIR, person=known)
    assert caught.value.messages == ["Wang Xiqin is already named as chair of this session."]
    remove_session_person(chair, actor=cast.secretariat)
    assert not SessionPerson.objects.filter(pk=chair.pk).exists()
    assert actions(session)[1:] == [
        "events.session_person.add",
        "events.session_person.add",
        "events.session_person.add",
        "events.session_person.remove",
    ]
    assert speaker.person.full_name == "Tan Eng Chye"
    assert second.person.full_name == "Amina Rahman"


# Calendar feeds ---------------------------------------------------------------------------------


def test_a_feed_keeps_only_the_hash_and_a_new_one_replaces_the_old(cast):
    _feed, first = renew_calendar_feed(cast.student, actor=cast.student)
    assert CalendarFeed.objects.get().secret_hash == hash_feed_secret(first)
    assert first not in CalendarFeed.objects.get().secret_hash
    assert calendar_feed_owner(first) == cast.student
    _feed, second = renew_calendar_feed(cast.student, actor=cast.student)
    assert calendar_feed_owner(first) is None
    assert calendar_feed_owner(second) == cast.student
    assert CalendarFeed.objects.count() == 1
    stop_calendar_feed(cast.student, actor=cast.student)
    assert calendar_feed_owner(second) is None
    assert [a for a in actions() if a.startswith("events.calendar_feed")] == [
        "events.calendar_feed.create",
        "events.calendar_feed.renew",
        "events.calendar_feed.delete",
    ]


def test_a_deactivated_users_feed_stops(cast):
    _feed, secret = renew_calendar_feed(cast.student, actor=cast.student)
    cast.student.is_active = False
    cast.student.save()
    assert calendar_feed_owner(secret) is None
