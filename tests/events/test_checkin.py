"""Check-in at the door: the first scan checks in, a repeat is reported with the first time and
never counted twice (also when two scans of one ticket arrive at the same moment), waiting and
unknown tickets are told apart; the staff page and the attendance list."""

import datetime
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance.core.models import AuditEntry
from alliance.events.enums import RegistrationStatus, ScanResult
from alliance.events.models import Registration, Scan
from alliance.events.services.checkin import scan
from alliance.events.services.registrations import cancel_registration, register
from tests.conftest import client_for, make_user
from tests.events.conftest import make_event

SCRIPT = Path(__file__).with_name("checkin_race_script.py")
PG = os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres")
AT = datetime.datetime(2027, 3, 1, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Singapore


@pytest.fixture
def forum(student_forum):
    student_forum.capacity = 20
    student_forum.quota_applies = False
    student_forum.save()
    return student_forum


@pytest.fixture
def guest(forum, cast, tsinghua):
    return register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)


def test_the_first_scan_checks_in_and_a_repeat_is_reported_with_the_first_time(forum, guest, cast):
    first = scan(forum, actor=cast.secretariat, code=guest.ticket, now=AT)
    assert (first.result, first.first_checked_in_at, first.registration) == (
        ScanResult.CHECKED_IN,
        AT,
        guest,
    )
    later = AT + datetime.timedelta(minutes=20)
    repeat = scan(forum, actor=cast.coordinator_nus, code=f"  {guest.ticket}\n", now=later)
    assert (repeat.result, repeat.first_checked_in_at) == (ScanResult.ALREADY, AT)
    assert Registration.objects.get(pk=guest.pk).checked_in_at == AT
    assert list(Scan.objects.order_by("pk").values_list("result", "scanned_at")) == [
        (ScanResult.CHECKED_IN, AT),
        (ScanResult.ALREADY, later),
    ]
    assert AuditEntry.objects.filter(action="events.registration.check_in").count() == 1


def test_waiting_cancelled_unknown_and_other_events_tickets_are_not_checked_in(
    forum, guest, cast, tsinghua
):
    forum.capacity = 1
    forum.save()
    waiting = register(forum, actor=cast.reviewer, name="Waiting", institution=tsinghua)
    assert waiting.status == RegistrationStatus.WAITLISTED
    gone = register(
        make_event("other-forum"), actor=cast.outsider, name="Elsewhere", institution=None
    )
    cancelled = register(forum, actor=cast.partner, name="Gone", institution=None)
    cancel_registration(cancelled, actor=cast.partner)
    outcomes = {
        code: scan(forum, actor=cast.secretariat, code=code).result
        for code in (waiting.ticket, cancelled.ticket, gone.ticket, "no-such-ticket")
    }
    assert outcomes == {
        waiting.ticket: ScanResult.NOT_CONFIRMED,
        cancelled.ticket: ScanResult.NOT_CONFIRMED,
        gone.ticket: ScanResult.UNKNOWN,
        "no-such-ticket": ScanResult.UNKNOWN,
    }
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0
    assert Scan.objects.count() == 4


@pytest.fixture
def database_url(tmp_path):
    if not PG:
        yield f"sqlite:///{tmp_path / 'door.sqlite3'}"
        return
    import psycopg

    name = f"alliance_door_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_doors_scanning_one_ticket_at_once_check_in_exactly_once(database_url, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": database_url,
        "CHECKIN_SCANS": "12",
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["results"] == ["already"] * 11 + ["checked_in"]
    assert result["first_time_reported"] == [result["checked_in_at"]]
    assert result["scans_kept"] == 12


# --- pages ---


def test_the_check_in_page_has_a_focused_field_and_the_counts(forum, guest, cast):
    for user in (cast.secretariat, cast.coordinator_nus):  # NUS hosts the Student Forum
        response = client_for(user).get(f"/events/{forum.slug}/check-in/")
        assert response.status_code == 200
        assert 'name="code"' in response.text
        assert "autofocus" in response.text
        assert "of 1 confirmed registrant checked in" in response.text
    assert client_for(cast.student).get(f"/events/{forum.slug}/check-in/").status_code == 403


def test_a_scan_from_the_page_answers_with_a_partial_big_and_coloured(forum, guest, cast, nus):
    register(forum, actor=cast.reviewer, name="Second", institution=nus)
    client = client_for(cast.coordinator_nus)
    url = f"/events/{forum.slug}/check-in/"
    first = client.post(url, {"code": guest.ticket}, headers={"HX-Request": "true"})
    assert first.status_code == 200
    assert "<html" not in first.text
    assert 'class="checkin-result checkin-checked_in"' in first.text
    assert "Li Wei" in first.text
    assert "<strong>1</strong> of 2 confirmed registrants checked in" in first.text
    assert "autofocus" in first.text  # the field, empty and focused, for the next badge
    repeat = client.post(url, {"code": guest.ticket}, headers={"HX-Request": "true"})
    assert 'class="checkin-result checkin-already"' in repeat.text
    first_time = Registration.objects.get(pk=guest.pk).checked_in_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=8))
    )
    assert f"First checked in at {first_time:%Y-%m-%d %H:%M} (Asia/Singapore)" in repeat.text
    assert "<strong>1</strong> of 2 confirmed registrants checked in" in repeat.text
    unknown = client.post(url, {"code": "nope"})  # without HTMX: the whole page
    assert "<html" in unknown.text
    assert 'class="checkin-result checkin-unknown"' in unknown.text


def test_the_attendance_list_shows_who_came_by_institution(forum, guest, cast, nus, tsinghua):
    second = register(forum, actor=cast.reviewer, name="Absent Person", institution=tsinghua)
    third = register(forum, actor=cast.partner, name="Came Too", institution=nus)
    scan(forum, actor=cast.secretariat, code=guest.ticket, now=AT)
    scan(forum, actor=cast.secretariat, code=third.ticket, now=AT)
    response = client_for(cast.secretariat).get(f"/events/{forum.slug}/attendance/")
    assert response.status_code == 200
    text = response.text
    assert text.index("National University of Singapore") < text.index("Tsinghua University")
    assert "1 of 1 came" in text
    assert "1 of 2 came" in text
    assert "2027-03-01 09:30" in text
    assert text.index("Li Wei") < text.index(second.name)  # who came first in the group
    assert client_for(cast.student).get(f"/events/{forum.slug}/attendance/").status_code == 403


def test_the_attendance_list_takes_the_same_queries_for_one_or_many(forum, cast, nus, tsinghua):
    client = client_for(cast.secretariat)
    url = f"/events/{forum.slug}/attendance/"
    first = register(forum, actor=make_user("a0@example.org"), name="A 0", institution=nus)
    scan(forum, actor=cast.secretariat, code=first.ticket)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        inst = (nus, tsinghua, None)[n % 3]
        more = register(
            forum, actor=make_user(f"a{n}@example.org"), name=f"A {n}", institution=inst
        )
        if n % 2:
            scan(forum, actor=cast.secretariat, code=more.ticket)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert "A 5" in response.text
    assert "Without a delegation" in response.text
    assert len(six) == len(one)
