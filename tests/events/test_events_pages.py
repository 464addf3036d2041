import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.events.enums import (
    EventKind,
    EventStatus,
    RegistrationStatus,
    SessionRole,
    Visibility,
)
from alliance.events.models import Event, Quota, Room, Session
from alliance.events.queries import events_visible_to
from alliance.events.services.events import (
    add_room,
    add_session,
    add_session_person,
)
from alliance.events.services.feeds import renew_calendar_feed
from alliance.events.services.registrations import register
from tests.conftest import client_for
from tests.events.conftest import make_event
from tests.permission_matrix import ACTORS

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2027, 5, day, hour, minute, tzinfo=SHANGHAI)


def text(response) -> str:
    """The page's text with tags removed and spaces collapsed."""
    body = response.content.decode()
    body = body[body.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split()).replace(" ,", ",")


def titles(response) -> list[str]:
    return [e.title["en"] for _month, events in response.context["months"] for e in events]


def user_of(cast, actor):
    return None if actor == "anonymous" else getattr(cast, actor)


# Visibility -------------------------------------------------------------------------------------


@pytest.fixture
def four_events(cast, nus):
    public = make_event("open-lecture", title={"en": "Open lecture"})
    members = make_event(
        "members-meeting", title={"en": "Members meeting"}, visibility=Visibility.MEMBERS
    )
    invited = make_event(
        "presidents-dinner", title={"en": "Presidents dinner"}, visibility=Visibility.INVITATION
    )
    Quota.objects.create(event=invited, institution=nus, seats=2)
    register(invited, actor=cast.outsider, name="Sam Lee")
    draft = make_event("draft-school", title={"en": "Draft school"}, status=EventStatus.DRAFT)
    return public, members, invited, draft


SEES = {
    "anonymous": ["Open lecture"],
    "secretariat": ["Open lecture", "Members meeting", "Presidents dinner", "Draft school"],
    "coordinator_tsinghua": ["Open lecture", "Members meeting"],
    # NUS has a quota at the dinner: its coordinator is invited.
    "coordinator_nus": ["Open lecture", "Members meeting", "Presidents dinner"],
    "reviewer": ["Open lecture", "Members meeting"],
    "student": ["Open lecture", "Members meeting"],
    # A partner's contact is not a member; the outsider registered for the dinner.
    "partner": ["Open lecture"],
    "outsider": ["Open lecture", "Presidents dinner"],
}


@pytest.mark.parametrize("actor", ACTORS)
def test_the_calendar_lists_what_each_actor_may_see(cast, four_events, actor):
    response = client_for(user_of(cast, actor)).get("/events/")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(SEES[actor])


def test_the_visibility_query_agrees_with_the_rule_for_everyone(cast, four_events):
    from django.contrib.auth.models import AnonymousUser

    for actor in ACTORS:
        user = user_of(cast, actor) or AnonymousUser()
        by_query = set(events_visible_to(user))
        by_rule = {e for e in Event.objects.all() if user.has_perm("events.view_event", e)}
        assert by_query == by_rule, actor


def test_an_event_page_answers_as_its_visibility_says(cast, four_events):
    _public, members, invited, draft = four_events
    assert client_for(cast.partner).get(f"/events/{members.slug}/").status_code == 404
    assert client_for(cast.student).get(f"/events/{members.slug}/").status_code == 200
    anonymous = client_for(None).get(f"/events/{members.slug}/")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next=/events/{members.slug}/"
    assert client_for(cast.coordinator_tsinghua).get(f"/events/{invited.slug}/").status_code == 404
    assert client_for(cast.outsider).get(f"/events/{invited.slug}/").status_code == 200
    assert client_for(cast.student).get(f"/events/{draft.slug}/").status_code == 404
    assert client_for(cast.secretariat).get(f"/events/{draft.slug}/").status_code == 200


def test_the_host_coordinator_previews_their_own_draft(cast, tsinghua):
    draft = make_event("draft-summit", host=tsinghua, status=EventStatus.DRAFT)
    response = client_for(cast.coordinator_tsinghua).get(f"/events/{draft.slug}/")
    assert response.status_code == 200
    assert response.context["can_manage"] is True
    assert client_for(cast.coordinator_nus).get(f"/events/{draft.slug}/").status_code == 404


# The calendar ----------------------------------------------------------------------------------


def test_the_calendar_groups_by_month_nests_sub_events_and_filters(cast, summit, nus):
    soon = timezone.now() + datetime.timedelta(days=60)
    make_event("lecture-a", kind=EventKind.LECTURE, host=nus, starts_at=soon, ends_at=soon)
    later = soon + datetime.timedelta(days=62)
    make_event("lecture-b", kind=EventKind.LECTURE, starts_at=later, ends_at=later)
    past = timezone.now() - datetime.timedelta(days=30)
    make_event("old-forum", starts_at=past, ends_at=past)

    member = client_for(cast.student).get("/events/")
    months = member.context["months"]
    assert len(months) >= 2
    assert [e.slug for e in months[-1][1]] == ["lecture-b"]
    listed = [e.slug for _m, events in months for e in events]
    # The Board meeting is part of the Summit, not listed on its own.
    assert sorted(listed) == ["lecture-a", "lecture-b", "summit-2027"]
    summit_row = next(e for _m, events in months for e in events if e.slug == "summit-2027")
    assert [s.slug for s in summit_row.visible_sub_events] == ["board-meeting-2027"]
    assert "Board meeting" in text(member)
    # The members-only Board meeting stays hidden from the public.
    anonymous = client_for(None).get("/events/")
    summit_row = next(
        e for _m, events in anonymous.context["months"] for e in events if e.slug == "summit-2027"
    )
    assert summit_row.visible_sub_events == []
    assert "/events/board-meeting-2027/" not in anonymous.content.decode()

    lectures = client_for(None).get("/events/", {"kind": "lecture"})
    assert titles(lectures) == ["Lecture A", "Lecture B"]
    hosted = client_for(None).get("/events/", {"host": nus.slug})
    assert titles(hosted) == ["Lecture A"]
    gone = client_for(None).get("/events/", {"when": "past"})
    assert titles(gone) == ["Old Forum"]
    assert 'href="/events/calendar.ics"' in member.content.decode()


def test_a_public_sub_event_of_a_hidden_event_is_listed_on_its_own(cast):
    hidden = make_event("closed-summit", visibility=Visibility.INVITATION)
    make_event("open-workshop", parent=hidden, title={"en": "Open workshop"})
    assert titles(client_for(None).get("/events/")) == ["Open workshop"]


def test_the_calendar_query_count_does_not_grow_with_events(cast, tsinghua, nus, boao):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client_for(cast.student).get("/events/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    first = make_event("first", host=tsinghua)
    first.co_hosts.set([nus])
    one = count()
    for n in range(5):
        event = make_event(f"event-{n}", host=nus if n % 2 else tsinghua)
        event.co_hosts.set([boao, tsinghua])
        make_event(f"event-{n}-workshop", parent=event, host=boao)
    assert count() == one


def test_the_home_page_shows_what_is_coming_up_in_constant_queries(cast, tsinghua):
    make_event("first-forum", title={"en": "First forum"}, host=tsinghua).co_hosts.set([tsinghua])

    def home():
        with CaptureQueriesContext(connection) as ctx:
            response = client_for(None).get("/")
        return response, len(ctx.captured_queries)

    response, one = home()
    assert [e.slug for e in response.context["upcoming_events"]] == ["first-forum"]
    assert "What is coming up" in text(response)
    for n in range(6):
        make_event(f"forum-{n}", host=tsinghua).co_hosts.set([tsinghua])
    response, several = home()
    assert several == one
    assert len(response.context["upcoming_events"]) == 5


# The event page --------------------------------------------------------------------------------


@pytest.fixture
def summit_in_may(cast, tsinghua, nus, boao):
    event = make_event(
        "aua-summit-2027",
        kind=EventKind.SUMMIT,
        title={"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
        summary={"en": "Presidents meet.", "zh-hans": "校长们会面。"},
        host=tsinghua,
        venue="Main Building",
        address="30 Shuangqing Road, Beijing",
        time_zone="Asia/Shanghai",
        starts_at=at(10, 9),
        ends_at=at(12, 18),
        languages=["en", "zh-hans"],
        registration_closes_at=at(1, 12),
    )
    event.co_hosts.set([nus, boao])
    return event


def test_the_event_page_in_the_readers_language(cast, summit_in_may):
    response = client_for(None).get(
        "/events/aua-summit-2027/", headers={"Accept-Language": "zh-hans"}
    )
    page = text(response)
    assert "亚洲大学联盟峰会 2027" in page
    assert "校长们会面。" in page
    assert "清华大学" in page  # the host, named in Chinese
    assert "新加坡国立大学" in page
    assert "English, 简体中文" in page


def test_the_event_page_shows_host_venue_languages_and_both_clocks(cast, summit_in_may):
    cast.student.time_zone = "Europe/Berlin"
    cast.student.save()
    page = text(client_for(cast.student).get("/events/aua-summit-2027/"))
    assert "AUA Summit 2027" in page
    assert "Host Tsinghua University" in page
    assert "Co-hosts Boao Forum for Asia, National University of Singapore" in page
    assert "Venue Main Building, 30 Shuangqing Road, Beijing" in page
    assert "Languages English, 简体中文" in page
    assert "2027-05-10 09:00 – 2027-05-12 18:00 Asia/Shanghai" in page
    # Berlin is six hours behind Shanghai in May (summer time).
    assert "Your time: 2027-05-10 03:00 – 2027-05-12 12:00 Europe/Berlin" in page


def test_a_viewer_in_the_events_zone_sees_one_clock(cast, summit_in_may):
    client = client_for(None)
    client.cookies["alliance_tz"] = "Asia/Shanghai"
    page = text(client.get("/events/aua-summit-2027/"))
    assert "2027-05-10 09:00 – 2027-05-12 18:00 Asia/Shanghai" in page
    assert "Your time" not in page


def test_the_register_button_shows_while_registration_is_open(cast, summit_in_may):
    with_button = client_for(cast.student).get("/events/aua-summit-2027/").content.decode()
    assert 'href="/events/aua-summit-2027/register/"' in with_button
    Event.objects.filter(pk=summit_in_may.pk).update(registration_closes_at=timezone.now())
    closed = client_for(cast.student).get("/events/aua-summit-2027/").content.decode()
    assert "/register/" not in closed


def test_a_registrant_sees_their_registration_instead(cast, summit_in_may):
    register(summit_in_may, actor=cast.student, name="Li Wei")
    page = client_for(cast.student).get("/events/aua-summit-2027/").content.decode()
    assert 'href="/events/aua-summit-2027/my/"' in page
    assert "My registration: Confirmed" in page
    assert "/register/" not in page


def test_the_event_page_lists_its_visible_sub_events(cast, summit):
    member = text(client_for(cast.student).get("/events/summit-2027/"))
    assert "Part of this event Board meeting" in member
    public = text(client_for(None).get("/events/summit-2027/"))
    assert "Board meeting" not in public
    board = text(client_for(cast.student).get("/events/board-meeting-2027/"))
    assert board.startswith("AUA Summit 2027 › Board meeting")


# The timetable ---------------------------------------------------------------------------------


@pytest.fixture
def timetable(cast, summit_in_may):
    hall = add_room(summit_in_may, actor=cast.secretariat, name={"en": "Hall A", "zh-hans": "A厅"})
    opening = add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={
            "title": {"en": "Opening", "zh-hans": "开幕式"},
            "starts_at": at(10, 9),
            "ends_at": at(10, 10, 30),
            "room": hall,
        },
    )
    add_session_person(
        opening,
        actor=cast.secretariat,
        role=SessionRole.CHAIR,
        new_person={"full_name": "Wang Xiqin", "native_name": "王希勤"},
    )
    add_session_person(
        opening,
        actor=cast.secretariat,
        role=SessionRole.SPEAKER,
        new_person={"full_name": "Tan Eng Chye"},
    )
    add_session(
        summit_in_may,
        actor=cast.secretariat,
        data={
            "title": {"en": "Board meeting"},
            "starts_at": at(11, 14),
            "ends_at": at(11, 17),
            "kind": "meeting",
        },
    )
    return summit_in_may


def test_the_timetable_gives_sessions_by_day_with_rooms_people_and_both_clocks(cast, timetable):
    cast.student.time_zone = "Europe/Berlin"
    cast.student.save()
    response = client_for(cast.student).get("/events/aua-summit-2027/timetable/")
    assert [
        (day.isoformat(), [s.title["en"] for s in ss]) for day, ss in response.context["days"]
    ] == [
        ("2027-05-10", ["Opening"]),
        ("2027-05-11", ["Board meeting"]),
    ]
    page = text(response)
    assert "Monday, 2027-05-10" in page
    assert (
        "09:00 – 10:30 Your time: 2027-05-10 03:00–04:30 Europe/Berlin Opening Talk "
        "Chair: Wang Xiqin 王希勤 Speaker: Tan Eng Chye Hall A"
    ) in page
    assert "Tuesday, 2027-05-11" in page


def test_the_timetable_in_chinese(cast, timetable):
    page = text(
        client_for(None).get(
            "/events/aua-summit-2027/timetable/", headers={"Accept-Language": "zh-hans"}
        )
    )
    assert "开幕式" in page
    assert "A厅" in page


def test_the_timetable_query_count_does_not_grow_with_sessions(cast, timetable):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client_for(cast.student).get("/events/aua-summit-2027/timetable/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = count()
    room = Room.objects.get()
    for n in range(5):
        session = add_session(
            timetable,
            actor=cast.secretariat,
            data={
                "title": {"en": f"Talk {n}"},
                "starts_at": at(12, 9 + n),
                "ends_at": at(12, 10 + n),
                "room": room,
            },
        )
        add_session_person(
            session,
            actor=cast.secretariat,
            role=SessionRole.SPEAKER,
            new_person={"full_name": f"Speaker {n}"},
        )
    assert count() == before


# Organisers ------------------------------------------------------------------------------------


def event_post(**extra) -> dict:
    return {
        "slug": "summer-school-2027",
        "title_0": "Summer School 2027",
        "title_1": "2027 暑期学校",
        "title_2": "",
        "summary_0": "",
        "summary_1": "",
        "summary_2": "",
        "kind": "school",
        "time_zone": "Asia/Shanghai",
        "starts_at": "2027-07-05T09:00",
        "ends_at": "2027-07-16T17:00",
        "languages": ["en", "zh-hans"],
        "visibility": "public",
        "offer_hours": "48",
        "waiting_list": "on",
        "letter_language": "en",
        **extra,
    }


def test_the_secretariat_creates_an_event_with_times_on_its_clock(cast, tsinghua, nus):
    response = client_for(cast.secretariat).post(
        "/events/new/", event_post(host=str(tsinghua.pk), co_hosts=[str(nus.pk)], capacity="40")
    )
    assert response.status_code == 302
    assert response["Location"] == "/events/summer-school-2027/"
    event = Event.objects.get(slug="summer-school-2027")
    assert event.title == {"en": "Summer School 2027", "zh-hans": "2027 暑期学校"}
    assert event.status == EventStatus.DRAFT
    assert event.starts_at == datetime.datetime(2027, 7, 5, 1, 0, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2027, 7, 16, 9, 0, tzinfo=datetime.UTC)
    assert event.host == tsinghua
    assert list(event.co_hosts.all()) == [nus]
    assert event.capacity == 40
    assert event.waiting_list is True
    assert (
        AuditEntry.objects.filter(action="events.event.create", actor=cast.secretariat).count() == 1
    )


def test_a_bad_event_form_saves_nothing_and_says_why(cast):
    response = client_for(cast.secretariat).post(
        "/events/new/", event_post(ends_at="2027-07-01T09:00")
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": ["The event ends before it starts."]}
    assert not Event.objects.exists()


def test_a_coordinator_may_not_create_events(cast):
    assert (
        client_for(cast.coordinator_tsinghua).post("/events/new/", event_post()).status_code == 403
    )
    assert not Event.objects.exists()


def test_the_host_coordinator_edits_but_cannot_move_the_event(cast, summit_in_may, nus):
    client = client_for(cast.coordinator_tsinghua)
    form = client.get("/events/aua-summit-2027/edit/").context["form"]
    assert form.initial["starts_at"] == datetime.datetime(2027, 5, 10, 9, 0)
    assert form.fields["host"].disabled
    data = {
        "title_0": "AUA Summit 2027",
        "title_1": "亚洲大学联盟峰会 2027",
        "title_2": "",
        "summary_0": "Presidents meet.",
        "summary_1": "",
        "summary_2": "",
        "kind": "summit",
        "host": str(nus.pk),  # ignored: the field is fixed for them
        "venue": "New Hall",
        "time_zone": "Asia/Shanghai",
        "starts_at": "2027-05-10T10:00",
        "ends_at": "2027-05-12T18:00",
        "languages": ["en"],
        "visibility": "members",
        "offer_hours": "24",
        "letter_language": "zh-hans",
    }
    response = client.post("/events/aua-summit-2027/edit/", data)
    assert response.status_code == 302
    summit_in_may.refresh_from_db()
    assert summit_in_may.host.slug == "tsinghua-university"
    assert summit_in_may.venue == "New Hall"
    assert summit_in_may.starts_at == datetime.datetime(2027, 5, 10, 2, 0, tzinfo=datetime.UTC)
    assert summit_in_may.visibility == Visibility.MEMBERS
    entry = AuditEntry.objects.get(action="events.event.update")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.before["venue"] == "Main Building"
    assert entry.after["venue"] == "New Hall"


def test_publish_and_cancel_are_buttons_for_organisers(
    cast, tsinghua, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_event("forum-draft", host=tsinghua, status=EventStatus.DRAFT)
    client = client_for(cast.coordinator_tsinghua)
    assert client.get("/events/forum-draft/publish/").status_code == 405
    assert client.post("/events/forum-draft/publish/")["Location"] == "/events/forum-draft/"
    draft.refresh_from_db()
    assert draft.status == EventStatus.PUBLISHED
    register(draft, actor=cast.student, name="Li Wei")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/events/forum-draft/cancel/", {"reason": "Typhoon"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == EventStatus.CANCELLED
    assert [m.to for m in mailoutbox] == [["student@example.org"]]
    page = text(client_for(cast.student).get("/events/forum-draft/"))
    assert "This event is cancelled." in page
    assert draft.registrations.get().status == RegistrationStatus.CONFIRMED


def test_the_sessions_editor_adds_a_session_with_a_room_and_a_speaker(cast, summit_in_may):
    room = add_room(summit_in_may, actor=cast.secretariat, name={"en": "Hall A"})
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        "/events/aua-summit-2027/sessions/",
        {
            "title_0": "Opening",
            "title_1": "",
            "title_2": "",
            "description_0": "",
            "description_1": "",
            "description_2": "",
            "kind": "talk",
            "starts_at": "2027-05-10T09:00",
            "ends_at": "2027-05-10T10:00",
            "room": str(room.pk),
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2027, 5, 10, 1, 0, tzinfo=datetime.UTC)
    assert session.room == room
    response = client.post(
        f"/events/aua-summit-2027/sessions/{session.pk}/people/add/",
        {"role": "speaker", "full_name": "Tan Eng Chye"},
    )
    assert response["Location"] == f"/events/aua-summit-2027/sessions/{session.pk}/"
    assert [(p.role, p.person.full_name) for p in session.people.select_related("person")] == [
        ("speaker", "Tan Eng Chye")
    ]
    both = client.post(
        f"/events/aua-summit-2027/sessions/{session.pk}/people/add/",
        {"role": "chair", "full_name": "X", "person": str(session.people.get().person_id)},
    )
    assert both.status_code == 200
    assert both.context["person_form"].non_field_errors() == [
        "Choose someone recorded already, or type the name of someone new; not both."
    ]
    response = client.post(f"/events/aua-summit-2027/sessions/{session.pk}/delete/")
    assert response["Location"] == "/events/aua-summit-2027/sessions/"
    assert not Session.objects.exists()


def test_a_session_outside_the_event_days_is_refused_on_the_form(cast, summit_in_may):
    response = client_for(cast.secretariat).post(
        "/events/aua-summit-2027/sessions/",
        {
            "title_0": "Late",
            "kind": "talk",
            "starts_at": "2027-05-13T09:00",
            "ends_at": "2027-05-13T10:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "starts_at": ["Sessions fall on the days of the event: May 10, 2027 to May 12, 2027."]
    }


def test_the_sessions_editor_query_count_does_not_grow(cast, timetable):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client_for(cast.secretariat).get("/events/aua-summit-2027/sessions/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(4):
        session = add_session(
            timetable,
            actor=cast.secretariat,
            data={
                "title": {"en": f"Talk {n}"},
                "starts_at": at(12, 9 + n),
                "ends_at": at(12, 10 + n),
                "room": Room.objects.get(),
            },
        )
        add_session_person(
            session,
            actor=cast.secretariat,
            role=SessionRole.CHAIR,
            new_person={"full_name": f"C{n}"},
        )
    assert count() == before


def test_rooms_are_listed_with_their_sessions_in_constant_queries(cast, timetable):
    def count() -> tuple[list, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = client_for(cast.secretariat).get("/events/aua-summit-2027/rooms/")
        return [(r.name["en"], r.session_count) for r in response.context["rooms"]], len(
            ctx.captured_queries
        )

    rooms, before = count()
    assert rooms == [("Hall A", 1)]
    for n in range(3):
        add_room(timetable, actor=cast.secretariat, name={"en": f"Room {n}"})
    rooms, after = count()
    assert len(rooms) == 4
    assert after == before


# The feed page and what to do next -------------------------------------------------------------


def test_the_feed_page_shows_the_address_once(cast):
    client = client_for(cast.student)
    first = client.get("/events/my/calendar/")
    assert first.context["feed"] is None
    made = client.post("/events/my/calendar/", {"action": "renew"})
    mine = made.context["urls"]["mine"]
    assert re.fullmatch(r"http://testserver/events/my/[\w-]+/calendar\.ics", mine)
    assert made.context["urls"]["alliance"].startswith(
        "http://testserver/events/calendar.ics?token="
    )
    again = client.get("/events/my/calendar/")
    assert again.context["urls"] is None
    assert mine not in again.content.decode()
    assert client_for(None).get(mine.removeprefix("http://testserver")).status_code == 200
    client.post("/events/my/calendar/", {"action": "stop"})
    assert client_for(None).get(mine.removeprefix("http://testserver")).status_code == 404


def test_organisers_and_registrants_see_what_to_do_next(cast, tsinghua, nus):
    approval = make_event(
        "approval-forum", title={"en": "Approval forum"}, host=tsinghua, requires_approval=True
    )
    register(approval, actor=cast.student, name="Li Wei")
    register(approval, actor=cast.reviewer, name="Amina Rahman")
    full = make_event("full-lecture", title={"en": "Full lecture"}, capacity=1)
    first = register(full, actor=cast.outsider, name="Sam Lee")
    register(full, actor=cast.student, name="Li Wei")
    from alliance.events.services.registrations import cancel_registration

    cancel_registration(first, actor=cast.outsider)

    def tasks(user):
        return [(t.label, t.url) for t in client_for(user).get("/dashboard/").context["tasks"]]

    assert (
        "2 registrations await your approval: Approval forum",
        "/events/approval-forum/registrations/",
    ) in tasks(cast.coordinator_tsinghua)
    assert (
        "2 registrations await your approval: Approval forum",
        "/events/approval-forum/registrations/",
    ) in tasks(cast.secretariat)
    assert [t for t in tasks(cast.coordinator_nus) if "approval" in t[0]] == []
    offer = [t for t in tasks(cast.student) if t[0].startswith("Your seat offer")]
    assert len(offer) == 1
    assert offer[0][0].startswith("Your seat offer for Full lecture lapses at ")
    assert offer[0][1] == "/events/full-lecture/my/"


def test_the_feed_is_made_through_the_service(cast):
    _feed, secret = renew_calendar_feed(cast.student, actor=cast.student)
    assert client_for(None).get(f"/events/my/{secret}/calendar.ics").status_code == 200
