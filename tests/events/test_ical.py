import datetime
import zoneinfo
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.events.enums import EventStatus, SessionRole, Visibility
from alliance.events.models import SessionRegistration
from alliance.events.services.events import (
    add_room,
    add_session,
    add_session_person,
)
from alliance.events.services.feeds import renew_calendar_feed
from alliance.events.services.registrations import cancel_registration, register
from alliance.members.models import Person
from tests.conftest import client_for
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DOMAIN = urlsplit(settings.SITE_URL).hostname


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2027, 5, day, hour, minute, tzinfo=SHANGHAI)


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def summit(cast, tsinghua):
    event = make_event(
        "aua-summit-2027",
        title={"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
        summary={"en": "Presidents meet."},
        host=tsinghua,
        venue="Main Building",
        address="Tsinghua University, Beijing",
        time_zone="Asia/Shanghai",
        starts_at=at(10, 9),
        ends_at=at(12, 18),
    )
    hall = add_room(event, actor=cast.secretariat, name={"en": "Hall A", "zh-hans": "A厅"})
    add_session(
        event,
        actor=cast.secretariat,
        data={
            "title": {"en": "Opening", "zh-hans": "开幕式"},
            "starts_at": at(10, 9),
            "ends_at": at(10, 10, 30),
            "room": hall,
        },
    )
    return event


def test_the_alliance_calendar_holds_public_events_with_their_time_zone(cast, summit):
    members_only = make_event("board", visibility=Visibility.MEMBERS)
    make_event("draft", status=EventStatus.DRAFT)
    cancelled = make_event(
        "called-off",
        status=EventStatus.CANCELLED,
        time_zone="UTC",
        starts_at=at(20, 9),
        ends_at=at(20, 17),
    )
    calendar = parse(client_for(None).get("/events/calendar.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    found = vevents(calendar)
    assert sorted(found) == sorted(
        [f"event-{summit.pk}@{DOMAIN}", f"event-{cancelled.pk}@{DOMAIN}"]
    )
    assert f"event-{members_only.pk}@{DOMAIN}" not in found

    vevent = found[f"event-{summit.pk}@{DOMAIN}"]
    assert str(vevent["SUMMARY"]) == "AUA Summit 2027"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert vevent.decoded("DTSTART") == at(10, 9)
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=8)
    assert vevent.decoded("DTEND") == at(12, 18)
    assert str(vevent["LOCATION"]) == "Main Building, Tsinghua University, Beijing"
    assert str(vevent["URL"]) == f"{settings.SITE_URL.rstrip('/')}/events/aua-summit-2027/"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["DESCRIPTION"]) == "Presidents meet."
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]

    off = found[f"event-{cancelled.pk}@{DOMAIN}"]
    assert str(off["STATUS"]) == "CANCELLED"
    # An event kept in UTC is written in UTC, without a time zone of its own.
    assert "TZID" not in off["DTSTART"].params
    assert off.to_ical().decode().count("DTSTART:20270520T010000Z") == 1


def test_a_feed_token_gives_the_owners_events_in_their_language(cast, summit):
    board = make_event(
        "board-2027",
        title={"en": "Board meeting", "zh-hans": "理事会会议"},
        visibility=Visibility.MEMBERS,
    )
    cast.coordinator_tsinghua.language = "zh-hans"
    cast.coordinator_tsinghua.save()
    _feed, secret = renew_calendar_feed(cast.coordinator_tsinghua, actor=cast.coordinator_tsinghua)
    found = vevents(parse(client_for(None).get("/events/calendar.ics", {"token": secret})))
    assert str(found[f"event-{summit.pk}@{DOMAIN}"]["SUMMARY"]) == "亚洲大学联盟峰会 2027"
    assert str(found[f"event-{board.pk}@{DOMAIN}"]["SUMMARY"]) == "理事会会议"
    assert client_for(None).get("/events/calendar.ics", {"token": "wrong"}).status_code == 404


def test_an_event_feed_holds_the_event_and_its_sessions(cast, summit):
    calendar = parse(client_for(None).get("/events/aua-summit-2027/event.ics"))
    session = summit.sessions.get()
    found = vevents(calendar)
    assert sorted(found) == sorted(
        [f"event-{summit.pk}@{DOMAIN}", f"session-{session.pk}@{DOMAIN}"]
    )
    opening = found[f"session-{session.pk}@{DOMAIN}"]
    assert str(opening["SUMMARY"]) == "Opening"
    assert opening["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert opening.decoded("DTEND") == at(10, 10, 30)
    assert str(opening["LOCATION"]) == "Hall A, Main Building, Tsinghua University, Beijing"
    assert str(opening["URL"]).endswith("/events/aua-summit-2027/timetable/")
    chinese = parse(
        client_for(None).get(
            "/events/aua-summit-2027/event.ics", headers={"Accept-Language": "zh-hans"}
        )
    )
    assert str(vevents(chinese)[f"session-{session.pk}@{DOMAIN}"]["SUMMARY"]) == "开幕式"


def test_an_event_feed_is_as_private_as_the_event(cast):
    board = make_event("board-2027", visibility=Visibility.MEMBERS)
    assert client_for(cast.partner).get(f"/events/{board.slug}/event.ics").status_code == 404
    assert client_for(cast.student).get(f"/events/{board.slug}/event.ics").status_code == 200


def test_the_personal_feed_lists_only_the_owners_registrations_and_sessions(cast, summit):
    forum = make_event("forum", title={"en": "Forum", "zh-hans": "论坛"}, capacity=1)
    lecture = make_event("lecture", title={"en": "Lecture", "zh-hans": "讲座"})
    dropped = make_event("dropped", title={"en": "Dropped"})
    others = make_event("others-only", title={"en": "Others only"})
    register(forum, actor=cast.outsider, name="Sam Lee")
    waiting = register(forum, actor=cast.student, name="Li Wei")
    mine = register(summit, actor=cast.student, name="Li Wei")
    register(lecture, actor=cast.student, name="Li Wei")
    cancel_registration(register(dropped, actor=cast.student, name="Li Wei"), actor=cast.student)
    register(others, actor=cast.reviewer, name="Amina Rahman")
    # A workshop the student signed up for, and a panel they chair.
    workshop = summit.sessions.get()
    SessionRegistration.objects.create(session=workshop, registration=mine)
    panel = add_session(
        lecture,
        actor=cast.secretariat,
        data={
            "title": {"en": "Panel", "zh-hans": "圆桌"},
            "starts_at": lecture.starts_at,
            "ends_at": lecture.ends_at,
        },
    )
    me = Person.objects.create(full_name="Li Wei", user=cast.student)
    add_session_person(panel, actor=cast.secretariat, role=SessionRole.CHAIR, person=me)
    cast.student.language = "zh-hans"
    cast.student.save()
    _feed, secret = renew_calendar_feed(cast.student, actor=cast.student)

    calendar = parse(client_for(None).get(f"/events/my/{secret}/calendar.ics"))
    found = vevents(calendar)
    assert sorted(found) == sorted(
        [
            f"event-{forum.pk}@{DOMAIN}",
            f"event-{summit.pk}@{DOMAIN}",
            f"event-{lecture.pk}@{DOMAIN}",
            f"session-{workshop.pk}@{DOMAIN}",
            f"session-{panel.pk}@{DOMAIN}",
        ]
    )
    assert waiting.status == "waitlisted"
    assert str(found[f"event-{forum.pk}@{DOMAIN}"]["STATUS"]) == "TENTATIVE"
    assert str(found[f"event-{summit.pk}@{DOMAIN}"]["STATUS"]) == "CONFIRMED"
    assert str(found[f"event-{summit.pk}@{DOMAIN}"]["SUMMARY"]) == "亚洲大学联盟峰会 2027"
    assert (
        str(found[f"session-{workshop.pk}@{DOMAIN}"]["SUMMARY"]) == "开幕式 · 亚洲大学联盟峰会 2027"
    )
    assert str(found[f"session-{panel.pk}@{DOMAIN}"]["SUMMARY"]) == "圆桌 · 讲座"


def test_a_wrong_or_replaced_personal_feed_address_is_404(cast):
    _feed, old = renew_calendar_feed(cast.student, actor=cast.student)
    renew_calendar_feed(cast.student, actor=cast.student)
    assert client_for(None).get(f"/events/my/{old}/calendar.ics").status_code == 404
    assert client_for(None).get("/events/my/guessed-token/calendar.ics").status_code == 404


def test_the_calendar_feed_query_count_does_not_grow_with_events(cast, tsinghua, nus):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            parse(client_for(None).get("/events/calendar.ics"))
        return len(ctx.captured_queries)

    make_event("first", host=tsinghua).co_hosts.set([nus])
    one = count()
    for n in range(6):
        make_event(
            f"event-{n}", host=nus, time_zone="Asia/Tokyo" if n % 2 else "Asia/Singapore"
        ).co_hosts.set([tsinghua])
    assert count() == one


def test_the_personal_feed_query_count_does_not_grow(cast, summit):
    _feed, secret = renew_calendar_feed(cast.student, actor=cast.student)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            parse(client_for(None).get(f"/events/my/{secret}/calendar.ics"))
        return len(ctx.captured_queries)

    register(summit, actor=cast.student, name="Li Wei")
    one = count()
    for n in range(5):
        event = make_event(f"event-{n}")
        registration = register(event, actor=cast.student, name="Li Wei")
        session = add_session(
            event,
            actor=cast.secretariat,
            data={"title": {"en": f"S{n}"}, "starts_at": event.starts_at, "ends_at": event.ends_at},
        )
        SessionRegistration.objects.create(session=session, registration=registration)
    assert count() == one
