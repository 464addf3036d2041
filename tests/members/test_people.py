"""People and their positions at institutions: services, queries, pages and demo data."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliance.core.models import AuditEntry, User
from alliance.members import queries
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from alliance.members.services.demo import DEMO_CONTACTS, load_demo
from alliance.members.services.people import (
    add_contact,
    create_person,
    end_position,
    start_position,
    update_person,
)
from tests.conftest import client_for

CE = PositionKind.CHIEF_EXECUTIVE
LO = PositionKind.LIAISON_OFFICER
D = datetime.date
LONG_AGO = D(2020, 1, 1)
NAMES_IN_SCRIPTS = [
    "김철수",
    "สมชาย ใจดี",
    "محمد",
    "王小明",
    "田中 宏",
    "राजेश कुमार शर्मा",
    "Нұрлан Әбенов",
    "චමින්ද පෙරේරා",
    "အောင်ကျော်မင်း",
    "Nguyễn Thị Minh Khai",
]


def person(name: str = "Wang Xiaoming", **fields) -> Person:
    return create_person(actor=None, full_name=name, **fields)


def hold(
    who: Person,
    institution: Institution,
    kind: PositionKind = LO,
    start: datetime.date = LONG_AGO,
    end: datetime.date | None = None,
    title: str = "",
) -> Position:
    return start_position(
        who, actor=None, institution=institution, kind=kind, title=title, start=start, end=end
    )


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# Services ---------------------------------------------------------------------------------------


def test_it_creates_a_person_with_an_audit_row(cast, tsinghua):
    created = create_person(
        actor=cast.secretariat,
        full_name="  Wang Xiaoming ",
        native_name="王小明",
        email="wang@tsinghua.example.org",
        phone="+86 10 6278 5001",
        institution=tsinghua,
    )
    created.refresh_from_db()
    assert (created.full_name, created.native_name) == ("Wang Xiaoming", "王小明")
    entry = AuditEntry.objects.get(action="members.person.create")
    assert entry.actor == cast.secretariat
    assert entry.institution_id == tsinghua.pk
    assert entry.object_id == str(created.pk)
    assert entry.before is None
    assert entry.after == {
        "full_name": "Wang Xiaoming",
        "native_name": "王小明",
        "email": "wang@tsinghua.example.org",
        "phone": "+86 10 6278 5001",
        "is_demo": False,
    }


@pytest.mark.parametrize("name", NAMES_IN_SCRIPTS)
def test_names_in_any_script_round_trip_unchanged(db, name):
    created = create_person(actor=None, full_name=name, native_name=name)
    again = Person.objects.get(pk=created.pk)
    assert again.full_name == name
    assert again.native_name == name
    assert Person.objects.filter(native_name=name).get() == again


def test_it_refuses_a_person_without_a_name_or_with_a_bad_email(db):
    with pytest.raises(ValidationError) as exc:
        create_person(actor=None, full_name="  ", email="not-an-address")
    assert set(messages_of(exc)) == {"full_name", "email"}
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_it_updates_a_person_and_audits_only_what_changed(cast, tsinghua):
    someone = person("Kim Cheol-su", email="kim@snu.example.org")
    hold(someone, tsinghua)
    update_person(
        someone,
        actor=cast.coordinator_tsinghua,
        data={"native_name": "김철수", "email": "kim@snu.example.org"},
    )
    someone.refresh_from_db()
    assert someone.native_name == "김철수"
    entry = AuditEntry.objects.get(action="members.person.update")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.before == {"native_name": ""}
    assert entry.after == {"native_name": "김철수"}
    # filed under the institution of the person's latest position when none is named
    assert entry.institution_id == tsinghua.pk


def test_an_update_that_changes_nothing_leaves_no_trace(cast):
    someone = person("Somchai Jaidee", native_name="สมชาย ใจดี")
    update_person(someone, actor=cast.secretariat, data={"native_name": "สมชาย ใจดี"})
    assert not AuditEntry.objects.filter(action="members.person.update").exists()


def test_an_update_with_a_bad_email_changes_nothing(cast):
    someone = person("Somchai Jaidee", email="somchai@chula.example.org")
    with pytest.raises(ValidationError) as exc:
        update_person(someone, actor=cast.secretariat, data={"email": "somchai at chula"})
    assert list(messages_of(exc)) == ["email"]
    someone.refresh_from_db()
    assert someone.email == "somchai@chula.example.org"


def test_update_refuses_fields_it_does_not_know(cast):
    with pytest.raises(TypeError):
        update_person(person(), actor=cast.secretariat, data={"is_demo": True})


def test_it_starts_a_position_with_an_audit_row_filed_under_the_institution(cast, tsinghua):
    someone = person()
    position = start_position(
        someone,
        actor=cast.coordinator_tsinghua,
        institution=tsinghua,
        kind=LO,
        title="Director, Global Engagement",
        start=D(2024, 9, 1),
    )
    entry = AuditEntry.objects.get(action="members.position.start")
    assert entry.institution_id == tsinghua.pk
    assert entry.object_type == "members.position"
    assert entry.object_id == str(position.pk)
    assert entry.after == {
        "person": someone.pk,
        "institution": tsinghua.pk,
        "kind": "liaison_officer",
        "title": "Director, Global Engagement",
        "start": "2024-09-01",
        "end": None,
    }


def test_it_ends_a_position_with_before_and_after(cast, tsinghua):
    position = hold(person(), tsinghua, start=D(2020, 1, 1))
    end_position(position, actor=cast.coordinator_tsinghua, end=D(2024, 6, 30))
    position.refresh_from_db()
    assert position.end == D(2024, 6, 30)
    entry = AuditEntry.objects.get(action="members.position.end")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.institution_id == tsinghua.pk
    assert entry.before == {"end": None}
    assert entry.after == {"end": "2024-06-30"}


def test_it_refuses_an_end_before_the_start(tsinghua):
    position = hold(person(), tsinghua, start=D(2024, 1, 10))
    with pytest.raises(ValidationError) as exc:
        end_position(position, actor=None, end=D(2024, 1, 9))
    assert messages_of(exc) == {
        "end": [
            "The end date (2024-01-09) is before the start date (2024-01-10). "
            "Choose an end date on or after 2024-01-10."
        ]
    }
    position.refresh_from_db()
    assert position.end is None
    assert not AuditEntry.objects.filter(action="members.position.end").exists()


def test_it_refuses_to_start_a_position_that_ends_before_it_starts(tsinghua):
    with pytest.raises(ValidationError) as exc:
        hold(person(), tsinghua, start=D(2024, 1, 10), end=D(2023, 1, 1))
    assert list(messages_of(exc)) == ["end"]
    assert Position.objects.count() == 0


def test_a_position_may_end_on_the_day_it_starts(tsinghua):
    position = hold(person(), tsinghua, start=D(2024, 1, 10))
    end_position(position, actor=None, end=D(2024, 1, 10))
    assert Position.objects.get().end == D(2024, 1, 10)


def test_a_second_current_chief_executive_is_refused(tsinghua):
    hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        hold(person("Qian Lei"), tsinghua, CE, start=D(2025, 7, 1))
    assert messages_of(exc) == {
        NON_FIELD_ERRORS: [
            "Tsinghua University has one chief executive at a time, and Zhao Mingyuan holds "
            "that position since 2022-01-01. End Zhao Mingyuan's position first (on the day "
            "before the new one starts), then record the new chief executive."
        ]
    }
    assert Position.objects.filter(kind=CE).count() == 1


def test_a_successor_is_accepted_once_the_predecessor_position_is_ended(tsinghua):
    first = hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    end_position(first, actor=None, end=D(2025, 6, 30))
    second = hold(person("Qian Lei"), tsinghua, CE, start=D(2025, 7, 1))
    assert second.pk is not None
    assert Position.objects.filter(kind=CE).count() == 2


def test_a_successor_may_not_start_on_the_predecessor_last_day(tsinghua):
    first = hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    end_position(first, actor=None, end=D(2025, 6, 30))
    with pytest.raises(ValidationError) as exc:
        hold(person("Qian Lei"), tsinghua, CE, start=D(2025, 6, 30))
    assert "until 2025-06-30" in messages_of(exc)[NON_FIELD_ERRORS][0]


def test_an_earlier_chief_executive_may_be_added_to_the_history(tsinghua):
    hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    earlier = hold(person("Qiu Yong"), tsinghua, CE, start=D(2015, 3, 1), end=D(2021, 12, 31))
    assert earlier.end == D(2021, 12, 31)


def test_extending_a_chief_executive_into_the_successor_term_is_refused(tsinghua):
    earlier = hold(person("Qiu Yong"), tsinghua, CE, start=D(2015, 3, 1), end=D(2021, 12, 31))
    hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        end_position(earlier, actor=None, end=D(2022, 5, 1))
    assert list(messages_of(exc)) == ["end"]
    earlier.refresh_from_db()
    assert earlier.end == D(2021, 12, 31)


def test_chief_executives_of_different_institutions_do_not_clash(tsinghua, nus):
    hold(person("Zhao Mingyuan"), tsinghua, CE)
    hold(person("Lim Wei Jie"), nus, CE)
    assert Position.objects.filter(kind=CE).count() == 2


def test_two_liaison_officers_at_once_are_allowed(tsinghua):
    hold(person("Sun Lijuan"), tsinghua, LO)
    hold(person("Liu Fang"), tsinghua, LO)
    assert Position.objects.filter(kind=LO).count() == 2


def test_the_same_person_in_the_same_position_twice_at_once_is_refused(tsinghua):
    someone = person("Sun Lijuan")
    hold(someone, tsinghua, LO, start=D(2020, 1, 1), end=D(2023, 12, 31))
    with pytest.raises(ValidationError) as exc:
        hold(someone, tsinghua, LO, start=D(2023, 6, 1))
    assert messages_of(exc) == {
        NON_FIELD_ERRORS: [
            "Sun Lijuan already held the position Liaison officer at Tsinghua University from "
            "2020-01-01 until 2023-12-31. Change the dates so the two do not overlap."
        ]
    }
    # the next day is fine; so is another kind, or the same kind elsewhere
    hold(someone, tsinghua, LO, start=D(2024, 1, 1))
    hold(someone, tsinghua, PositionKind.HEAD_OF_IO, start=D(2023, 6, 1))


def test_the_same_person_may_hold_the_same_kind_at_two_institutions(tsinghua, nus):
    someone = person("Sun Lijuan")
    hold(someone, tsinghua, LO)
    hold(someone, nus, LO)
    assert someone.positions.count() == 2


def test_add_contact_is_all_or_nothing(tsinghua):
    hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    with pytest.raises(ValidationError):
        add_contact(
            tsinghua, actor=None, person={"full_name": "Qian Lei"}, kind=CE, start=D(2025, 1, 1)
        )
    assert not Person.objects.filter(full_name="Qian Lei").exists()
    assert not AuditEntry.objects.filter(object_repr="Qian Lei").exists()


# Queries ----------------------------------------------------------------------------------------


def test_it_tells_who_held_a_position_on_a_date(tsinghua, nus):
    qiu = person("Qiu Yong")
    zhao = person("Zhao Mingyuan")
    hold(qiu, tsinghua, CE, start=D(2015, 3, 1), end=D(2021, 12, 31))
    hold(zhao, tsinghua, CE, start=D(2022, 1, 1))
    hold(person("Lim Wei Jie"), nus, CE, start=D(2010, 1, 1))

    def holders(on: datetime.date) -> list[str]:
        return [p.person.full_name for p in queries.position_holders(tsinghua, CE, on)]

    assert holders(D(2014, 12, 31)) == []
    assert holders(D(2015, 3, 1)) == ["Qiu Yong"]
    assert holders(D(2021, 12, 31)) == ["Qiu Yong"]
    assert holders(D(2022, 1, 1)) == ["Zhao Mingyuan"]
    assert holders(D(2030, 1, 1)) == ["Zhao Mingyuan"]
    assert holders(D(2018, 5, 4)) == ["Qiu Yong"]
    assert [p.person.full_name for p in queries.position_holders(tsinghua, LO, D(2018, 5, 4))] == []


def test_current_contacts_leave_out_ended_and_future_positions(tsinghua, nus):
    today = timezone.localdate()
    hold(person("Ended"), tsinghua, LO, start=D(2015, 1, 1), end=today - datetime.timedelta(1))
    hold(person("Upcoming"), tsinghua, LO, start=today + datetime.timedelta(1))
    hold(person("Liaison"), tsinghua, LO, start=D(2020, 1, 1))
    hold(person("Chief"), tsinghua, CE, start=D(2020, 1, 1), end=today)
    hold(person("Elsewhere"), nus, CE, start=D(2020, 1, 1))
    current = list(queries.current_contacts(tsinghua))
    assert [(p.person.full_name, p.kind) for p in current] == [("Chief", CE), ("Liaison", LO)]
    history = [p.person.full_name for p in queries.position_history(tsinghua)]
    assert history == ["Upcoming", "Chief", "Liaison", "Ended"]


# Pages ------------------------------------------------------------------------------------------


@pytest.fixture
def zhao(tsinghua) -> Position:
    return hold(
        person("Zhao Mingyuan", native_name="赵明远", email="zhao@tsinghua.example.org"),
        tsinghua,
        CE,
        start=D(2022, 1, 1),
        title="President",
    )


def manage_urls(slug: str, position: Position) -> list[str]:
    return [
        f"/members/{slug}/people/add/",
        f"/members/{slug}/people/{position.person_id}/edit/",
        f"/members/{slug}/people/{position.person_id}/positions/add/",
        f"/members/{slug}/people/positions/{position.pk}/end/",
    ]


def test_a_coordinator_sees_and_manages_their_own_contacts(cast, tsinghua, zhao):
    response = client_for(cast.coordinator_tsinghua).get(f"/members/{tsinghua.slug}/people/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zhao Mingyuan" in page
    assert "赵明远" in page
    assert "zhao@tsinghua.example.org" in page
    assert f"/members/{tsinghua.slug}/people/add/" in page
    assert f"/members/{tsinghua.slug}/people/positions/{zhao.pk}/end/" in page


def test_a_coordinator_adds_a_person_with_a_position(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    form = client.get(f"/members/{tsinghua.slug}/people/add/")
    assert form.status_code == 200
    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in form.content.decode()  # the start date defaults to today
    response = client.post(
        f"/members/{tsinghua.slug}/people/add/",
        {
            "person-full_name": "Sun Lijuan",
            "person-native_name": "孙丽娟",
            "person-email": "sun@tsinghua.example.org",
            "person-phone": "",
            "position-kind": "liaison_officer",
            "position-title": "",
            "position-start": "2023-09-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/members/{tsinghua.slug}/people/"
    position = Position.objects.select_related("person").get()
    assert (position.person.full_name, position.person.native_name) == ("Sun Lijuan", "孙丽娟")
    assert (position.institution, position.kind, position.start) == (tsinghua, LO, D(2023, 9, 1))
    actions = list(
        AuditEntry.objects.filter(institution_id=tsinghua.pk, actor=cast.coordinator_tsinghua)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["members.person.create", "members.position.start"]


@pytest.mark.parametrize("name", ["김철수", "สมชาย ใจดี", "محمد", "王小明"])
def test_names_typed_in_any_script_come_back_unchanged_on_the_page(cast, tsinghua, name):
    client = client_for(cast.coordinator_tsinghua)
    client.post(
        f"/members/{tsinghua.slug}/people/add/",
        {
            "person-full_name": name,
            "person-native_name": name,
            "position-kind": "contact",
            "position-start": "2024-01-01",
        },
    )
    saved = Person.objects.get()
    assert (saved.full_name, saved.native_name) == (name, name)
    assert name in client.get(f"/members/{tsinghua.slug}/people/").content.decode()


def test_the_page_says_what_to_do_about_a_second_chief_executive(cast, tsinghua, zhao):
    response = client_for(cast.coordinator_tsinghua).post(
        f"/members/{tsinghua.slug}/people/add/",
        {
            "person-full_name": "Qian Lei",
            "position-kind": "chief_executive",
            "position-start": "2025-07-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "End Zhao Mingyuan&#x27;s position first" in page
    assert "nothing was saved yet" in page
    assert not Person.objects.filter(full_name="Qian Lei").exists()


def test_a_coordinator_edits_a_person(cast, tsinghua, zhao):
    client = client_for(cast.coordinator_tsinghua)
    url = f"/members/{tsinghua.slug}/people/{zhao.person_id}/edit/"
    assert "赵明远" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "full_name": "Zhao Mingyuan",
            "native_name": "赵明远",
            "email": "president@tsinghua.example.org",
            "phone": "+86 10 6278 5001",
        },
    )
    assert response.status_code == 302
    zhao.person.refresh_from_db()
    assert zhao.person.email == "president@tsinghua.example.org"
    entry = AuditEntry.objects.get(action="members.person.update")
    assert entry.institution_id == tsinghua.pk
    assert entry.before == {"email": "zhao@tsinghua.example.org", "phone": ""}
    assert entry.after == {"email": "president@tsinghua.example.org", "phone": "+86 10 6278 5001"}


def test_a_coordinator_ends_a_position_and_the_page_moves_it_to_the_history(cast, tsinghua, zhao):
    client = client_for(cast.coordinator_tsinghua)
    url = f"/members/{tsinghua.slug}/people/positions/{zhao.pk}/end/"
    response = client.post(url, {"end": "2024-06-30"})
    assert response.status_code == 302
    zhao.refresh_from_db()
    assert zhao.end == D(2024, 6, 30)
    page = client.get(f"/members/{tsinghua.slug}/people/").content.decode()
    assert "No current positions are recorded." in page
    assert 'datetime="2024-06-30"' in page


def test_ending_before_the_start_is_explained_on_the_page(cast, tsinghua, zhao):
    response = client_for(cast.coordinator_tsinghua).post(
        f"/members/{tsinghua.slug}/people/positions/{zhao.pk}/end/", {"end": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "Choose an end date on or after 2022-01-01." in response.content.decode()
    zhao.refresh_from_db()
    assert zhao.end is None


def test_a_coordinator_adds_a_second_position_for_a_person(cast, tsinghua, zhao):
    response = client_for(cast.coordinator_tsinghua).post(
        f"/members/{tsinghua.slug}/people/{zhao.person_id}/positions/add/",
        {"kind": "liaison_officer", "title": "", "start": "2023-01-01"},
    )
    assert response.status_code == 302
    assert sorted(zhao.person.positions.values_list("kind", flat=True)) == [CE, LO]


def test_another_coordinator_views_but_may_not_manage(cast, tsinghua, zhao):
    client = client_for(cast.coordinator_nus)
    page = client.get(f"/members/{tsinghua.slug}/people/")
    assert page.status_code == 200
    assert "Zhao Mingyuan" in page.content.decode()
    assert "/people/add/" not in page.content.decode()
    for url in manage_urls(tsinghua.slug, zhao):
        assert client.get(url).status_code == 404, url
    for url in manage_urls(tsinghua.slug, zhao):
        assert client.post(url, {"end": "2024-01-01", "full_name": "X"}).status_code == 404, url
    zhao.refresh_from_db()
    assert (zhao.end, zhao.person.full_name) == (None, "Zhao Mingyuan")
    assert Person.objects.count() == 1


@pytest.mark.parametrize("who", ["student", "reviewer", "partner", "outsider"])
def test_users_without_the_permission_get_403(cast, tsinghua, zhao, who):
    client = client_for(getattr(cast, who))
    assert client.get(f"/members/{tsinghua.slug}/people/").status_code == 403
    for url in manage_urls(tsinghua.slug, zhao):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"end": "2024-01-01"}).status_code == 403, url
    zhao.refresh_from_db()
    assert zhao.end is None


def test_anonymous_visitors_are_sent_to_log_in(tsinghua, zhao):
    client = client_for(None)
    for url in [f"/members/{tsinghua.slug}/people/", *manage_urls(tsinghua.slug, zhao)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=/members/"), url


def test_a_person_or_position_of_another_institution_is_not_found_here(cast, tsinghua, nus):
    elsewhere = hold(person("Lim Wei Jie"), nus, CE)
    client = client_for(cast.coordinator_tsinghua)
    for url in manage_urls(tsinghua.slug, elsewhere)[1:]:
        assert client.get(url).status_code == 404, url
    assert client.get("/members/no-such-place/people/").status_code == 404


def test_the_secretariat_manages_any_institution(cast, nus):
    response = client_for(cast.secretariat).post(
        f"/members/{nus.slug}/people/add/",
        {
            "person-full_name": "Lim Wei Jie",
            "person-native_name": "林伟杰",
            "position-kind": "chief_executive",
            "position-start": "2022-01-01",
        },
    )
    assert response.status_code == 302
    assert queries.current_contacts(nus).get().person.native_name == "林伟杰"


def test_the_institution_page_lists_contacts_only_for_those_who_may_see_them(cast, tsinghua, zhao):
    hold(person("Sun Lijuan", native_name="孙丽娟"), tsinghua, LO)
    hold(person("Someone Else"), tsinghua, PositionKind.CONTACT)
    url = f"/members/{tsinghua.slug}/"
    seen = client_for(cast.coordinator_nus).get(url).content.decode()
    contacts = seen.split('id="contacts"')[1]
    assert "Zhao Mingyuan" in contacts
    assert "Sun Lijuan" in contacts
    assert "zhao@tsinghua.example.org" in contacts
    assert "Someone Else" not in contacts
    assert f"/members/{tsinghua.slug}/people/" in contacts
    for viewer in (None, cast.student):
        page = client_for(viewer).get(url).content.decode()
        assert 'id="contacts"' not in page
        assert f"/members/{tsinghua.slug}/people/" not in page


def _contacts_page_queries(user: User, slug: str) -> int:
    client = client_for(user)
    client.get(f"/members/{slug}/people/")  # warm up: session, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/members/{slug}/people/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_contacts_page_makes_as_many_queries_for_one_person_as_for_many(cast, tsinghua):
    hold(person("Zhao Mingyuan"), tsinghua, CE, start=D(2022, 1, 1))
    one = _contacts_page_queries(cast.secretariat, tsinghua.slug)
    hold(person("Qiu Yong"), tsinghua, CE, start=D(2015, 1, 1), end=D(2021, 12, 31))
    for n in range(6):
        hold(person(f"Liaison {n}", native_name=f"联络员{n}", email=f"l{n}@example.org"), tsinghua)
    hold(person("Future"), tsinghua, start=timezone.localdate() + datetime.timedelta(30))
    many = _contacts_page_queries(cast.secretariat, tsinghua.slug)
    assert one == many
    assert one == 7  # session, user, institution, its names, roles, current positions, history


# Demo data --------------------------------------------------------------------------------------


def test_the_demo_gives_every_founding_member_a_chief_executive_and_liaison_officer(db):
    created = load_demo()
    assert created["people"] == 2 * len(DEMO_CONTACTS) == 30
    founding = Institution.objects.filter(is_founding_member=True)
    assert founding.count() == 15
    for institution in founding:
        current = queries.current_contacts(institution)
        assert current.filter(kind=CE, person__is_demo=True).count() == 1, institution
        assert current.filter(kind=LO, person__is_demo=True).count() == 1, institution
    chula = Institution.objects.get(ror_id="028wp3y58")
    chief = queries.current_contacts(chula).get(kind=CE).person
    assert (chief.full_name, chief.native_name) == ("Somchai Jaidee (demo)", "สมชาย ใจดี")
    assert Person.objects.filter(native_name="김철수", is_demo=True).exists()


def test_loading_the_demo_twice_changes_nothing(db):
    load_demo()
    counts = (
        Institution.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEntry.objects.count(),
    )
    again = load_demo()
    assert again == {"institutions": 0, "users": 0, "people": 0}
    assert (
        Institution.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Position.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
