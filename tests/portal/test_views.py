import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for, make_member

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_alliance_at_a_glance(cast):
    response = client_for(None).get("/")
    assert response.context["glance"] == {
        "members": 2,
        "countries": 2,
        "observers": 0,
        "partners": 1,
    }
    # Ordered by country code, then name: CN before SG.
    assert [i.name for i in response.context["members"]] == [
        "Tsinghua University",
        "National University of Singapore",
    ]
    assert "Founded on April 29, 2017." in response.content.decode()


def test_the_home_page_names_members_in_the_readers_language(cast):
    response = client_for(None).get("/", headers={"Accept-Language": "zh-hans"})
    body = response.content.decode()
    assert ">清华大学</a>" in body
    assert ">新加坡国立大学</a>" in body


def test_the_home_page_query_count_does_not_grow_with_members(cast):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client_for(None).get("/")
        return len(ctx.captured_queries)

    before = count()
    for n in range(6):
        make_member(f"University {n}", "KR", None, [("ko", f"대학교{n}")])
    assert count() == before


def test_each_role_sees_what_to_do_next(cast, tsinghua):
    def tasks(user) -> list[tuple[str, str]]:
        return [(t.label, t.url) for t in client_for(user).get("/dashboard/").context["tasks"]]

    assert tasks(cast.secretariat) == [
        ("Review recent changes in the audit log", "/audit/"),
        ("Import institutions from a ROR file", "/members/import/"),
    ]
    assert tasks(cast.coordinator_tsinghua) == [
        ("Keep Tsinghua University's details up to date", f"/members/{tsinghua.slug}/edit/")
    ]
    assert tasks(cast.student) == []
    body = client_for(cast.outsider).get("/dashboard/").content.decode()
    assert "You have no role yet." in body
    assert "Nothing waits for you right now." in body


def test_the_founding_date_is_written_the_readers_way(cast):
    body = client_for(None).get("/", headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "2017年4月29日" in body
