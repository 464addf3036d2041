"""Events every events test may use: a published Student Forum with quotas for Tsinghua and
NUS, and a Summit with a Board meeting inside it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from alliance.events.enums import EventKind, EventStatus, Visibility
from alliance.events.models import Event, Quota


def make_event(slug: str, **fields) -> Event:
    start = timezone.now() + datetime.timedelta(days=60)
    values = {
        "kind": EventKind.FORUM,
        "title": {"en": slug.replace("-", " ").title()},
        "starts_at": start,
        "ends_at": start + datetime.timedelta(days=2),
        "time_zone": "Asia/Shanghai",
        "status": EventStatus.PUBLISHED,
        "visibility": Visibility.PUBLIC,
        "languages": ["en", "zh-hans"],
        **fields,
    }
    return Event.objects.create(slug=slug, **values)


@pytest.fixture
def student_forum(db, tsinghua, nus) -> Event:
    return build_student_forum(tsinghua, nus)


@pytest.fixture
def summit(db, tsinghua) -> Event:
    return build_summit(tsinghua)


def build_student_forum(tsinghua, nus) -> Event:
    event = make_event(
        "student-forum-2027",
        kind=EventKind.STUDENT_FORUM,
        title={"en": "AUA Student Forum 2027", "zh-hans": "亚洲大学联盟学生论坛 2027"},
        host=nus,
        capacity=6,
        quota_applies=True,
        time_zone="Asia/Singapore",
    )
    Quota.objects.create(event=event, institution=tsinghua, seats=3)
    Quota.objects.create(event=event, institution=nus, seats=3)
    return event


def build_summit(tsinghua) -> Event:
    summit = make_event(
        "summit-2027",
        kind=EventKind.SUMMIT,
        title={"en": "AUA Summit 2027", "zh-hans": "亚洲大学联盟峰会 2027"},
        host=tsinghua,
    )
    make_event(
        "board-meeting-2027",
        parent=summit,
        kind=EventKind.BOARD_MEETING,
        title={"en": "Board meeting", "zh-hans": "理事会会议"},
        host=tsinghua,
        visibility=Visibility.MEMBERS,
        starts_at=summit.starts_at,
        ends_at=summit.starts_at + datetime.timedelta(hours=3),
    )
    return summit
