"""Faults under load, on the whole stack (tests/production/stack.py) with RabbitMQ as the broker:

- a web worker is killed (SIGKILL) while four clients keep sending invitations: every invitation
  the site acknowledged is in the database, and every invitation in the database has its one
  audit entry (nothing half-written);
- the Celery worker is killed (SIGKILL) in the middle of the scheduler's job that lapses expired
  seat offers; the broker gives the unacknowledged job to the next worker, which finishes it:
  every expired offer lapsed exactly once, and every freed seat was offered exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest

from tests.production.stack import PROJECT, SETUP, Browser, needs_services, production_stack

pytestmark = [pytest.mark.services]
EVENTS, CAPACITY, WAITING = 160, 3, 4  # enough lapses that the kill lands mid-job
INVITATIONS = 80  # enough to be mid-write when the worker dies, few enough to mail quickly
EXPIRED = EVENTS * CAPACITY

OFFERS = (
    SETUP.replace("print(tsinghua.pk, item.pk)", "")
    + f"""
import uuid
from django.utils import timezone
from alliance.events.models import Registration
from tests.events.conftest import make_event
past = timezone.now() - datetime.timedelta(hours=1)
people = User.objects.bulk_create(
    User(email=f"p{{n}}@example.org", full_name=f"Person {{n}}")
    for n in range({EVENTS} * ({CAPACITY} + {WAITING}))
)
rows, n = [], 0
for e in range({EVENTS}):
    event = make_event(f"fault-{{e}}", capacity={CAPACITY}, offer_hours=24)
    for k in range({CAPACITY} + {WAITING}):
        offered = k < {CAPACITY}
        rows.append(Registration(
            event=event, user=people[n], name=f"Person {{n}}", email=people[n].email,
            status="offered" if offered else "waitlisted",
            offered_until=past if offered else None,
            waitlisted_at=past - datetime.timedelta(minutes=k),
            ticket=uuid.uuid4().hex,
        ))
        n += 1
Registration.objects.bulk_create(rows)
print(tsinghua.pk, item.pk)
"""
)


def rabbit(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def vhost():
    reason = needs_services()
    if reason:
        pytest.skip(reason)
    name = f"alliance-faults-{uuid.uuid4().hex[:8]}"
    try:
        rabbit("add_vhost", name)
        rabbit("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    except (OSError, subprocess.SubprocessError):
        pytest.skip("no RabbitMQ to manage on this machine")
    yield name
    rabbit("delete_vhost", name)


def count(database: str, sql: str) -> int:
    with psycopg.connect(database) as conn:
        return int(conn.execute(sql).fetchone()[0])


def test_killed_workers_lose_nothing_committed_and_run_the_job_exactly_once(tmp_path, vhost):
    broker = f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    with production_stack(tmp_path, broker=broker, setup=OFFERS) as stack:
        database = stack.env["ALLIANCE_DATABASE_URL"]
        office = Browser(stack.web.port)
        assert office.log_in("office@alliance.example.org") == 302
        token = office.csrf_token("/members/invitations/send/")

        # Four clients send invitations; half a second in, one web worker is killed.
        acknowledged: list[str] = []
        failed: list[str] = []
        stop = time.monotonic() + 5

        def invite(client: int) -> None:
            n = 0
            while time.monotonic() < stop and len(acknowledged) < INVITATIONS:
                email = f"guest-{client}-{n}@example.org"
                n += 1
                browser = Browser(stack.web.port, dict(office.cookies))
                body = (
                    f"email={email}&role=secretariat&message=&csrfmiddlewaretoken={token}"
                ).encode()
                try:
                    status, _h, _b = browser.request(
                        "POST",
                        "/members/invitations/send/",
                        body,
                        "application/x-www-form-urlencoded",
                    )
                except OSError:
                    failed.append(email)
                    continue
                (acknowledged if status == 302 else failed).append(email)

        clients = [threading.Thread(target=invite, args=(c,)) for c in range(4)]
        for thread in clients:
            thread.start()
        time.sleep(0.5)
        victim = stack.web.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        for thread in clients:
            thread.join()
        assert victim not in stack.web.worker_pids()  # gunicorn replaced it
        assert len(acknowledged) >= 20

        # Every acknowledged write is there, and no write is there without its audit entry.
        in_db = count(database, "SELECT count(*) FROM members_invitation")
        audited = count(
            database,
            "SELECT count(*) FROM core_auditentry WHERE action = 'members.invitation.send'",
        )
        emails = ", ".join(f"'{e}'" for e in acknowledged)
        assert count(
            database, f"SELECT count(*) FROM members_invitation WHERE email IN ({emails})"
        ) == len(acknowledged)
        assert in_db == audited
        assert in_db <= len(acknowledged) + len(failed)

        # The scheduler's job, killed mid-run and finished by the next worker.
        lapsed_sql = "SELECT count(*) FROM events_registration WHERE status = 'lapsed'"
        send = subprocess.run(
            [sys.executable, "-c", "import django; django.setup();"
             "from alliance.events.tasks import lapse_offers_task; lapse_offers_task.delay()"],
            env=stack.env, cwd=PROJECT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert send.returncode == 0, send.stderr
        deadline = time.monotonic() + 240  # after the invitations' e-mails queued before it
        while (done := count(database, lapsed_sql)) == 0:
            assert time.monotonic() < deadline, stack.worker_log.read_text()[-3000:]
            time.sleep(0.01)
        assert stack.worker is not None
        stack.worker.send_signal(signal.SIGKILL)
        stack.worker.wait(timeout=10)
        at_kill = count(database, lapsed_sql)
        assert 0 < done <= at_kill < EXPIRED  # killed in the middle
        stack.start_worker()
        deadline = time.monotonic() + 120
        while count(database, lapsed_sql) < EXPIRED:
            assert time.monotonic() < deadline, "the job was not run again"
            time.sleep(0.2)

        def audit(action: str) -> int:
            return count(
                database, f"SELECT count(*) FROM core_auditentry WHERE action = '{action}'"
            )

        assert audit("events.registration.lapse") == EXPIRED
        assert audit("events.registration.offer") == EXPIRED
        per_event = (
            "SELECT max(n) FROM (SELECT count(*) AS n FROM events_registration "
            "WHERE status = 'offered' GROUP BY event_id) AS offered"
        )
        assert (
            count(database, "SELECT count(*) FROM events_registration WHERE status = 'offered'")
            == EXPIRED
        )
        assert count(database, per_event) == CAPACITY
