"""The whole production stack on 127.0.0.1, for the tests of tests/production: a PostgreSQL
database of its own, Redis as cache (rate limits) and broker, moto's S3 server for stored files,
gunicorn with two workers and a Celery worker, all in production mode. Everything started is
stopped at the end, whatever happens.

``Browser`` is a small HTTP client that speaks to gunicorn as the proxy in front would (HTTPS
announced by X-Forwarded-Proto), keeps the ``__Host-`` cookies itself, and sends the CSRF token."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import boto3
import psycopg
import redis
from moto.server import ThreadedMotoServer

from alliance.core.benchmarking import Gunicorn, gunicorn_command, production_env
from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]
PG_SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
REDIS = "redis://127.0.0.1:6379"
CACHE_DB, BROKER_DB = 12, 13
BUCKET = "alliance-stack"
# Each access-log line: the worker's pid, the method, the path, the status.
ACCESS_LOG = ("--access-logfile", "-", "--access-logformat", "ACCESS %(p)s %(m)s %(U)s %(s)s")

SETUP = """
import django, datetime; django.setup()
from django.utils import timezone
from alliance.core.models import User
from alliance.members.enums import Role
from alliance.members.services.institutions import create_institution
from alliance.members.services.roles import grant_role
from alliance.governance.services.bodies import create_body
from alliance.governance.services.meetings import add_agenda_item, create_meeting
tsinghua = create_institution(actor=None, name="Tsinghua University", country="CN")
for email, role, inst in (("office@alliance.example.org", Role.SECRETARIAT, None),
                          ("student@alliance.example.org", Role.APPLICANT, None)):
    user = User.objects.create_user(email, "{password}", full_name=email.split("@")[0])
    from allauth.account.models import EmailAddress
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    grant_role(user, actor=None, role=role, institution=inst)
board = create_body(actor=None, kind="board", name="Board")
meeting = create_meeting(board, actor=None, title="Board meeting 2027", mode="online",
                         starts_at=timezone.now() + datetime.timedelta(days=30),
                         time_zone="Asia/Shanghai", link="https://meet.example.org/board")
item = add_agenda_item(meeting, actor=None, title="Admissions")
print(tsinghua.pk, item.pk)
""".replace("{password}", PASSWORD)


def pg_answers() -> bool:
    try:
        psycopg.connect(PG_SERVER, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.exceptions.ConnectionError:
        return False


@dataclass
class Stack:
    env: dict[str, str]
    web: Gunicorn
    web_log: Path
    worker_log: Path
    s3_endpoint: str
    ids: list[int]
    workers: ExitStack = field(default_factory=ExitStack)
    worker: subprocess.Popen[bytes] | None = None

    def start_worker(self) -> subprocess.Popen[bytes]:
        """A (further) Celery worker, writing to the same log; stopped with the stack."""
        self.worker = self.workers.enter_context(_celery_worker(self.env, self.worker_log))
        return self.worker

    def s3_keys(self, prefix: str) -> list[str]:
        client = boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    def access_log(self) -> list[tuple[int, str, str, int]]:
        """(worker pid, method, path, status) of every request served so far."""
        found = re.findall(r"ACCESS <?(\d+)>? (\w+) (\S+) (\d+)", self.web_log.read_text())
        return [(int(pid), m, path, int(status)) for pid, m, path, status in found]

    def worker_output(self, contains: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.worker_log.read_text(errors="replace")
            if contains in text:
                return text
            time.sleep(0.3)
        raise AssertionError(f"the Celery worker never wrote {contains!r}:\n{text[-3000:]}")


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def _database() -> Iterator[str]:
    name = f"alliance_stack_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def s3_server(bucket: str = BUCKET) -> Iterator[str]:
    """moto's S3 server on a free port of 127.0.0.1 with ``bucket`` made; yields its address."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._server.server_port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    try:
        yield endpoint
    finally:
        server.stop()


@contextmanager
def _celery_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    started = log.read_bytes().count(b"ready.") if log.exists() else 0
    with log.open("ab") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "alliance",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            env=env,
            cwd=PROJECT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while log.read_bytes().count(b"ready.") <= started:
            if worker.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the Celery worker did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=5)


@contextmanager
def production_stack(tmp_path: Path, *, broker: str = "", setup: str = SETUP) -> Iterator[Stack]:
    """The stack; ``broker`` replaces the Redis broker (an amqp:// URL), ``setup`` the Python
    run once before the processes start (it prints the ids the test needs)."""
    for db in (CACHE_DB, BROKER_DB):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()
    with ExitStack() as stack:
        database = stack.enter_context(_database())
        endpoint = stack.enter_context(s3_server())
        env = production_env(
            tmp_path / "data",
            ALLIANCE_DATABASE_URL=database,
            ALLIANCE_CACHE_URL=f"{REDIS}/{CACHE_DB}",
            ALLIANCE_BROKER_URL=broker or f"{REDIS}/{BROKER_DB}",
            ALLIANCE_S3_BUCKET=BUCKET,
            ALLIANCE_S3_ENDPOINT_URL=endpoint,
            ALLIANCE_S3_REGION="us-east-1",
            ALLIANCE_S3_ACCESS_KEY_ID="testing",
            ALLIANCE_S3_SECRET_ACCESS_KEY="testing",
            ALLIANCE_SSL_REDIRECT="0",
            ALLIANCE_SITE_URL="https://127.0.0.1",
        )
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        _run(env, "-m", "django", "migrate", "-v0")
        _run(env, "-m", "django", "collectstatic", "--noinput", "-v0")
        ids = [int(n) for n in _run(env, "-c", setup).split()]
        worker_log = tmp_path / "celery.log"
        web_log = tmp_path / "gunicorn.log"
        web = stack.enter_context(
            Gunicorn(
                gunicorn_command(),
                env,
                PROJECT,
                web_log,
                workers=2,
                extra_args=ACCESS_LOG,
            )
        )
        running = Stack(env, web, web_log, worker_log, endpoint, ids)
        with running.workers:
            running.start_worker()
            yield running


@dataclass
class Browser:
    """One person's HTTP conversation with the stack, one connection per request."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "",
        connection: http.client.HTTPConnection | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + path,
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, dict(response.headers), data

    def csrf_token(self, path: str) -> str:
        _status, _headers, page = self.request("GET", path)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, page[:500]
        return found.group(1).decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        token = self.csrf_token(path)
        body = urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def log_in(self, email: str, password: str = PASSWORD) -> int:
        status, _headers, _page = self.post_form(
            "/accounts/login/", {"login": email, "password": password}
        )
        return status


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = f"----alliance{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, kind) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def needs_services() -> str | None:
    """Why the stack cannot run here, or None."""
    if not pg_answers():
        return "no PostgreSQL on 127.0.0.1:5432"
    if not redis_answers():
        return "no Redis on 127.0.0.1:6379"
    if os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres") is False:
        return "the stack runs in the PostgreSQL pass of the suite"
    return None
