"""The demo events: the Summit 2027 with its four sub-events and timetable, the Student Forum with
quotas, a full house, a waiting list, an offered seat and a visa letter; loading twice changes
nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db.models import Count

from alliance.core.models import AuditEntry, User
from alliance.events.enums import (
    EventKind,
    LetterStatus,
    QuestionKind,
    RegistrationStatus,
    SessionRole,
    Visibility,
)
from alliance.events.models import (
    Answer,
    Event,
    LetterRequest,
    Question,
    Quota,
    Registration,
    Room,
    Session,
    SessionPerson,
)
from alliance.events.queries import sessions_of
from alliance.events.services.demo import (
    FORUM_CAPACITY,
    FORUM_SLUG,
    SUMMIT_SLUG,
    load_events_demo,
)
from alliance.events.services.letters import passport_details
from alliance.events.services.registrations import waiting_position
from alliance.members.models import Institution
from alliance.members.services.demo import load_demo

S = RegistrationStatus
# A day while the demo's registration is open (1 September 2026 to 31 May 2027).
OPEN = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(db):
    with time_machine.travel(OPEN, tick=False):
        load_demo()
        created = load_events_demo()
    return created


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Event,
            Room,
            Session,
            SessionPerson,
            Quota,
            Question,
            Registration,
            Answer,
            LetterRequest,
            User,
            AuditEntry,
        )
    )


def statuses(event: Event) -> dict[str, int]:
    return dict(
        event.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )


def test_loading_the_demo_twice_changes_nothing(demo):
    assert demo == {"events": 7, "sessions": 11, "users": 45, "registrations": 49}
    before = counts()
    with time_machine.travel(OPEN + datetime.timedelta(days=1), tick=False):
        again = load_events_demo()
    assert again == {"events": 0, "sessions": 0, "users": 0, "registrations": 0}
    assert counts() == before


def test_the_summit_holds_the_board_meeting_the_presidents_forum_and_two_working_groups(demo):
    summit = Event.objects.get(slug=SUMMIT_SLUG)
    seoul = Institution.objects.get(ror_id="04h9pn542")
    assert (summit.kind, summit.host, summit.time_zone) == (EventKind.SUMMIT, seoul, "Asia/Seoul")
    assert summit.title == {
        "en": "AUA Summit 2027",
        "zh-hans": "亚洲大学联盟 2027 年峰会",
        "ar": "قمة تحالف الجامعات الآسيوية 2027",
    }
    assert summit.starts_at == datetime.datetime(2027, 11, 15, 0, 0, tzinfo=datetime.UTC)
    subs = {
        e.slug: (e.kind, e.visibility, e.title["en"], sorted(e.title))
        for e in summit.sub_events.all()
    }
    languages = ["ar", "en", "zh-hans"]
    assert subs == {
        "aua-board-meeting-2027": (
            EventKind.BOARD_MEETING,
            Visibility.MEMBERS,
            "Board meeting",
            languages,
        ),
        "aua-presidents-forum-2027": (
            EventKind.FORUM,
            Visibility.PUBLIC,
            "Presidents Forum",
            languages,
        ),
        "aua-wg-financial-sustainability-2027": (
            EventKind.WORKING_GROUP,
            Visibility.MEMBERS,
            "Working group: Financial sustainability",
            languages,
        ),
        "aua-wg-admission-2027": (
            EventKind.WORKING_GROUP,
            Visibility.MEMBERS,
            "Working group: Admission of new members and observers",
            languages,
        ),
    }
    board = Event.objects.get(slug="aua-board-meeting-2027")
    assert list(board.quotas.values_list("seats", flat=True)) == [2] * 15
    assert board.capacity == 30
    assert sorted(board.registrations.values_list("institution__acronym", "status")) == [
        ("NUS", S.CONFIRMED),
        ("THU", S.CONFIRMED),
    ]


def test_the_timetable_has_rooms_speakers_and_chairs_from_the_members_contacts(demo):
    forum = Event.objects.get(slug="aua-presidents-forum-2027")
    rows = [
        (
            s.title["en"],
            s.room.name["en"],
            [(p.role, p.person.full_name) for p in s.people.all()],
        )
        for s in sessions_of(forum)
    ]
    assert rows == [
        (
            "Keynote: Asian universities in a changing world",
            "Main auditorium",
            [(SessionRole.SPEAKER, "Kim Cheol-su (demo)")],
        ),
        (
            "Panel: Talent, mobility and the future of work",
            "Main auditorium",
            [
                (SessionRole.MODERATOR, "Chan Ka-ming (demo)"),
                (SessionRole.SPEAKER, "Tanaka Hiroshi (demo)"),
                (SessionRole.SPEAKER, "Somchai Jaidee (demo)"),
                (SessionRole.SPEAKER, "Abdullah Al Otaibi (demo)"),
            ],
        ),
    ]
    board = Event.objects.get(slug="aua-board-meeting-2027")
    chairs = SessionPerson.objects.filter(session__event=board, role=SessionRole.CHAIR)
    assert {c.person.full_name for c in chairs} == {"Zhao Mingyuan (demo)"}
    # Every session has its room on its own event, and at least one person.
    for session in Session.objects.select_related("room"):
        assert session.room is not None
        assert session.room.event_id == session.event_id
        assert session.people.exists(), session


def test_the_student_forum_has_quotas_for_every_member_and_a_real_waiting_list(demo):
    forum = Event.objects.get(slug=FORUM_SLUG)
    uaeu = Institution.objects.get(ror_id="01km6p862")
    assert (forum.host, forum.time_zone, forum.capacity) == (uaeu, "Asia/Dubai", 40)
    quotas = dict(forum.quotas.values_list("institution__acronym", "seats"))
    assert len(quotas) == 15
    assert set(quotas.values()) == {3}
    assert sum(quotas.values()) > FORUM_CAPACITY
    assert statuses(forum) == {
        S.CONFIRMED: 39,
        S.OFFERED: 1,
        S.WAITLISTED: 5,
        S.CANCELLED: 1,
    }
    # Never more than the capacity confirmed, and no member beyond its quota.
    held = forum.registrations.filter(status__in=(S.CONFIRMED, S.OFFERED))
    assert held.count() == FORUM_CAPACITY
    per_member = held.values("institution__acronym").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_member) == 3
    # The seat freed by the cancellation went to the first in line, of Yangon.
    cancelled = forum.registrations.get(status=S.CANCELLED)
    offered = forum.registrations.get(status=S.OFFERED)
    assert (cancelled.institution.acronym, offered.institution.acronym) == ("SNU", "UY")
    assert offered.offered_until is not None
    waiting = forum.registrations.filter(status=S.WAITLISTED).order_by("waitlisted_at", "pk")
    assert [(r.name, waiting_position(r)) for r in waiting] == [
        ("Tan Jia Hui (demo)", 1),
        ("Saud Al Mutairi (demo)", 2),
        ("Arjun Pillai (demo)", 3),
        ("Kittipat Wongsa (demo)", 4),
        ("Nguyen An (demo)", 5),
    ]
    assert waiting.last().user.email == "student@demo.alliance.invalid"


def test_the_student_forum_asks_its_questions_and_holds_a_visa_letter_request(demo):
    forum = Event.objects.get(slug=FORUM_SLUG)
    questions = list(forum.questions.order_by("position"))
    assert [(q.key, q.kind, q.required, q.for_host) for q in questions] == [
        ("dietary_needs", QuestionKind.TEXT, False, True),
        ("access_needs", QuestionKind.TEXT, False, True),
        ("invitation_letter", QuestionKind.CHOICE, True, False),
        ("passport_country", QuestionKind.COUNTRY, True, False),
        ("code_of_conduct", QuestionKind.CONSENT, True, False),
    ]
    follow_up = questions[3]
    assert (follow_up.show_if, follow_up.show_if_values) == (questions[2], ["visa"])
    assert questions[2].label["zh-hans"] == "您是否需要邀请函？"
    # Everyone consented; only those who need a visa gave their passport's country.
    consent = Answer.objects.filter(question__key="code_of_conduct", value=True)
    assert consent.count() == 46
    assert (
        Answer.objects.filter(question__key="passport_country").count()
        == Answer.objects.filter(question__key="invitation_letter", value="visa").count()
    )
    assert Answer.objects.filter(question__key="dietary_needs", value="Halal").exists()
    letter = LetterRequest.objects.select_related("registration__institution").get()
    assert (letter.status, letter.needs_visa, letter.registration.institution.acronym) == (
        LetterStatus.REQUESTED,
        True,
        "UY",
    )
    assert passport_details(letter)["number"] == "MH4821907"
    assert b"MH4821907" not in bytes(letter.passport)


def test_the_demo_students_are_marked_and_log_in_with_the_demo_password(demo):
    students = User.objects.filter(email__startswith="student", email__endswith=".invalid")
    assert students.count() == 46
    assert all(u.full_name.endswith("(demo)") for u in students)
    htet = User.objects.get(email="student1.uy@demo.alliance.invalid")
    assert htet.check_password("demo-alliance-2027")


def test_once_the_forums_registration_closed_the_demo_still_loads_without_its_students(db):
    with time_machine.travel(datetime.datetime(2027, 6, 10, tzinfo=datetime.UTC), tick=False):
        load_demo()
        created = load_events_demo()
    assert (created["events"], created["users"]) == (7, 0)
    assert not Registration.objects.filter(event__slug=FORUM_SLUG).exists()
    # The Summit's registration is still open: the coordinators and the scholar are in.
    assert created["registrations"] == Registration.objects.count() == 3
