"""The whole stack in production mode on 127.0.0.1 (tests/production/stack.py): gunicorn with two
web workers, a Celery worker, PostgreSQL, Redis, and moto's S3 server. An uploaded document goes
to object storage and comes back byte for byte; an invitation e-mail is sent by the Celery worker,
not by the web worker; and the failed-login limit holds across both web workers, which is shown
by keeping one worker busy while the other serves."""

from __future__ import annotations

import http.client

import pytest

from tests.production.stack import Browser, multipart, needs_services, production_stack

pytestmark = [pytest.mark.services]
PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 200 + b"%%EOF\n"
TOO_MANY = b"Too many failed login attempts. Try again later."


@pytest.fixture
def stack(tmp_path):
    reason = needs_services()
    if reason:
        pytest.skip(reason)
    with production_stack(tmp_path) as running:
        yield running


def test_upload_background_job_and_rate_limit_across_workers(stack):
    port = stack.web.port
    office = Browser(port)
    assert office.log_in("office@alliance.example.org") == 302

    # An upload: a PDF attached to an agenda item lands in the bucket, under private/.
    _institution, item = stack.ids
    token = office.csrf_token(f"/governance/items/{item}/documents/new/")
    body, kind = multipart(
        {"title": "Admission file", "csrfmiddlewaretoken": token},
        {"file": ("admission.pdf", PDF, "application/pdf")},
    )
    status, _headers, page = office.request(
        "POST", f"/governance/items/{item}/documents/new/", body, kind
    )
    assert status == 302, page[:2000]
    (key,) = stack.s3_keys("private/")
    assert key.endswith(".pdf")
    assert stack.s3_keys("media/") == []

    # A background job: the invitation e-mail is written by the Celery worker (the console
    # backend prints it to the worker's log), after the web worker answered.
    status, _headers, _page = office.post_form(
        "/members/invitations/send/",
        {"email": "new.colleague@alliance.example.org", "role": "secretariat", "message": ""},
    )
    assert status == 302
    log = stack.worker_output("new.colleague@alliance.example.org")
    assert "Task members.send_invitation_email[" in log
    assert "To: new.colleague@alliance.example.org" in log
    assert "new.colleague@alliance.example.org" not in stack.web_log.read_text()

    # The failed-login limit (5 per account in 5 minutes) in the shared cache: worker A is kept
    # busy reading an unfinished request while worker B takes four failures; then A takes the
    # fifth; the sixth is refused, whichever worker takes it.
    student = Browser(port)
    token = student.csrf_token("/accounts/login/")
    wrong = (
        f"login=student%40alliance.example.org&password=wrong&csrfmiddlewaretoken={token}"
    ).encode()
    held = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    held.connect()
    cookie = "; ".join(f"{k}={v}" for k, v in student.cookies.items())
    origin = f"https://127.0.0.1:{port}"
    held.sock.sendall(
        (
            f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"X-Forwarded-Proto: https\r\nOrigin: {origin}\r\nReferer: {origin}/accounts/login/\r\n"
            f"Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(wrong)}\r\nConnection: close\r\n\r\n"
        ).encode()
    )
    for _ in range(4):
        status, _headers, page = student.request(
            "POST", "/accounts/login/", wrong, "application/x-www-form-urlencoded"
        )
        assert status == 200
        assert TOO_MANY not in page
    held.sock.sendall(wrong)
    fifth = held.sock.makefile("rb").read()
    held.close()
    assert fifth.startswith(b"HTTP/1.1 200")
    assert TOO_MANY not in fifth
    status, _headers, page = student.request(
        "POST", "/accounts/login/", wrong, "application/x-www-form-urlencoded"
    )
    assert TOO_MANY in page

    failures = [
        pid
        for pid, method, path, _s in stack.access_log()
        if (method, path) == ("POST", "/accounts/login/")
    ]
    student_attempts = failures[-6:]  # the office's login came before them
    assert len(failures) >= 6
    assert len(set(student_attempts[:5])) == 2  # the five counted failures came through both
