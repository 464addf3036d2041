import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.events.enums import EventKind, SessionRole, Visibility
from alliance.events.models import Registration
from alliance.events.services.events import add_room, add_session, add_session_person
from alliance.events.services.registrations import register, waiting_position
from tests.conftest import make_user
from tests.events.conftest import make_event
from tests.test_api import bearer

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2027, 5, day, hour, minute, tzinfo=SHANGHAI)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


@pytest.fixture
def summit_in_may(cast, tsinghua, nus):
    event = make_event(
        "aua-summit-2027",
        kind=EventKind.SUMMIT,
        title={"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
        host=tsinghua,
        venue="Main Building",
        time_zone="Asia/Shanghai",
        starts_at=at(10, 9),
        ends_at=at(12, 18),
        registration_closes_at=at(1, 12),
    )
    event.co_hosts.set([nus])
    return event


def test_it_gives_one_public_event_exactly(cast, summit_in_may):
    response = Client().get("/api/v1/events", {"when": "all"})
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "slug": "aua-summit-2027",
                "kind": "summit",
                "title": {"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
                "summary": {},
                "status": "published",
                "visibility": "public",
                "parent": None,
                "host": "tsinghua-university",
                "co_hosts": ["national-university-of-singapore"],
                "venue": "Main Building",
                "address": "",
                "online_url": "",
                "time_zone": "Asia/Shanghai",
                "starts_at": "2027-05-10T01:00:00Z",
                "ends_at": "2027-05-12T10:00:00Z",
                "languages": ["en", "zh-hans"],
                "registration_open": summit_in_may.is_open_for_registration(),
                "url": "http://testserver/events/aua-summit-2027/",
            }
        ],
    }


def test_the_list_shows_each_caller_what_they_may_see(cast, summit):
    invited = make_event("dinner", visibility=Visibility.INVITATION)
    register(invited, actor=cast.outsider, name="Sam Lee")
    assert slugs(Client().get("/api/v1/events")) == ["summit-2027"]
    member = bearer(cast.student, TokenScope.EVENTS_READ)
    assert sorted(slugs(Client().get("/api/v1/events", headers=member))) == [
        "board-meeting-2027",
        "summit-2027",
    ]
    outsider = bearer(cast.outsider, TokenScope.EVENTS_READ)
    assert sorted(slugs(Client().get("/api/v1/events", headers=outsider))) == [
        "dinner",
        "summit-2027",
    ]


def test_a_token_without_the_events_scope_is_refused(cast, summit):
    headers = bearer(cast.student, TokenScope.MEMBERS_READ)
    response = Client().get("/api/v1/events", headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This token lacks the scope events:read, which this request needs."
    }


def test_the_list_filters_like_the_calendar(cast, summit, nus):
    past = make_event(
        "old-lecture",
        kind=EventKind.LECTURE,
        host=nus,
        starts_at=at(1, 9) - datetime.timedelta(days=900),
        ends_at=at(1, 10) - datetime.timedelta(days=900),
    )
    assert slugs(Client().get("/api/v1/events", {"when": "past"})) == [past.slug]
    assert slugs(Client().get("/api/v1/events", {"when": "all", "kind": "lecture"})) == [past.slug]
    assert slugs(Client().get("/api/v1/events", {"when": "all", "host": nus.slug})) == [past.slug]
    assert Client().get("/api/v1/events", {"when": "soon"}).status_code == 422


def test_one_event_comes_with_the_sub_events_the_caller_may_see(cast, summit):
    public = Client().get("/api/v1/events/summit-2027").json()
    assert public["sub_events"] == []
    member = bearer(cast.student, TokenScope.EVENTS_READ)
    detail = Client().get("/api/v1/events/summit-2027", headers=member).json()
    assert [s["slug"] for s in detail["sub_events"]] == ["board-meeting-2027"]
    assert detail["sub_events"][0]["parent"] == "summit-2027"
    hidden = Client().get("/api/v1/events/board-meeting-2027")
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": "No event you may see has this address."}
    assert Client().get("/api/v1/events/atlantis").status_code == 404


def test_the_sessions_come_with_rooms_and_people(cast, summit_in_may):
    hall = add_room(summit_in_may, actor=cast.secretariat, name={"en": "Hall A"})
    opening = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={
            "title": {"en": "Opening"},
            "starts_at": at(10, 9),
            "ends_at": at(10, 10),
            "room": hall,
        },
    )
    add_session_person(
        opening,
        actor=cast.secretariat,
        role=SessionRole.CHAIR,
        new_person={"full_name": "Wang Xiqin", "native_name": "王希勤"},
    )
    response = Client().get("/api/v1/events/aua-summit-2027/sessions")
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": opening.pk,
                "kind": "talk",
                "title": {"en": "Opening"},
                "description": {},
                "room": {"en": "Hall A"},
                "starts_at": "2027-05-10T01:00:00Z",
                "ends_at": "2027-05-10T02:00:00Z",
                "capacity": None,
                "people": [{"role": "chair", "name": "Wang Xiqin", "native_name": "王希勤"}],
            }
        ],
    }


def test_my_registrations_need_a_token_and_give_places_in_line(cast):
    assert Client().get("/api/v1/me/registrations").status_code == 401
    full = make_event("full-forum", capacity=1)
    register(full, actor=cast.outsider, name="Sam Lee")
    register(full, actor=cast.reviewer, name="Amina Rahman")
    mine = register(full, actor=cast.student, name="Li Wei")
    lecture = make_event("lecture")
    register(lecture, actor=cast.student, name="Li Wei")
    headers = bearer(cast.student, TokenScope.EVENTS_READ)
    items = Client().get("/api/v1/me/registrations", headers=headers).json()["items"]
    assert [(i["event"], i["status"], i["waiting_position"]) for i in items] == [
        ("lecture", "confirmed", None),
        ("full-forum", "waitlisted", 2),
    ]
    assert waiting_position(mine) == 2
    assert items[1]["event_title"] == {"en": "Full Forum"}
    assert items[1]["name"] == "Li Wei"


def test_the_annotated_positions_agree_with_the_service(cast):
    from alliance.events.queries import registrations_with_positions

    event = make_event("busy", capacity=1)
    people = [make_user(f"p{n}@example.org") for n in range(6)]
    for person in people:
        register(event, actor=person, name=person.email)
    for person in people:
        (annotated,) = registrations_with_positions(person)
        assert annotated.waiting_position == waiting_position(
            Registration.objects.get(pk=annotated.pk)
        )


def count_queries(url: str, headers: dict | None = None) -> int:
    # A token's first use of the minute also notes when it was used: not a query per row.
    Client().get(url, headers=headers or {})
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(url, headers=headers or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_the_event_list_query_count_does_not_grow(cast, tsinghua, nus, boao):
    headers = bearer(cast.student, TokenScope.EVENTS_READ)
    make_event("first", host=tsinghua).co_hosts.set([nus])
    one = count_queries("/api/v1/events", headers)
    for n in range(5):
        main = make_event(f"event-{n}", host=nus)
        main.co_hosts.set([boao, tsinghua])
        make_event(f"event-{n}-workshop", parent=main, host=boao)
    assert count_queries("/api/v1/events", headers) == one


def test_the_session_list_query_count_does_not_grow(cast, summit_in_may):
    hall = add_room(summit_in_may, actor=cast.secretariat, name={"en": "Hall A"})

    def session(n: int) -> None:
        made = add_session(
            summit_in_may,
            actor=cast.secretariat,
            data={
                "title": {"en": f"S{n}"},
                "starts_at": at(10, 9),
                "ends_at": at(10, 10),
                "room": hall,
            },
        )
        add_session_person(
            made,
            actor=cast.secretariat,
            role=SessionRole.SPEAKER,
            new_person={"full_name": f"P{n}"},
        )

    session(0)
    one = count_queries("/api/v1/events/aua-summit-2027/sessions")
    for n in range(1, 6):
        session(n)
    assert count_queries("/api/v1/events/aua-summit-2027/sessions") == one


def test_my_registrations_query_count_does_not_grow(cast, tsinghua):
    headers = bearer(cast.student, TokenScope.EVENTS_READ)
    first = make_event("first", capacity=1)
    register(first, actor=cast.reviewer, name="Amina Rahman", institution=tsinghua)
    register(first, actor=cast.student, name="Li Wei", institution=tsinghua)
    one = count_queries("/api/v1/me/registrations", headers)
    for n in range(5):
        event = make_event(f"event-{n}", capacity=1)
        if n % 2:
            register(event, actor=cast.reviewer, name="Amina Rahman")
        register(event, actor=cast.student, name="Li Wei", institution=tsinghua)
    assert count_queries("/api/v1/me/registrations", headers) == one
