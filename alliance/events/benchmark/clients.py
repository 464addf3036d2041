"""The registration rush: concurrent HTTP clients (threads, ``http.client``), each taking the
next person in line, who opens the registration form and sends it, as a browser would.

One attempt: GET the form with the person's session cookie (the page sets the CSRF cookie and
carries the CSRF token and a fresh submission key), then POST the form back with them. It
succeeds when the POST answers with the redirect to the person's registration page. Anything else
is an error: another status (a form sent back with errors answers 200), or an exception (refused
or dropped connection, time-out). No Django import: this runs beside the server, not in it.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

HOST = "127.0.0.1"
# The proxy in front of production ends TLS and says so (SECURE_PROXY_SSL_HEADER); the same
# origin is then https://127.0.0.1, which the CSRF check compares the Origin header with.
ORIGIN = f"https://{HOST}"
HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept": "text/html",
    "Accept-Language": "en",
    "User-Agent": "alliance-bench-registration",
}
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(rb'name="submission_key" value="([0-9a-f]+)"')


@dataclass(frozen=True)
class Person:
    """Who registers: their session (made beforehand) and the delegation they come with."""

    session_key: str
    institution_id: int
    name: str


@dataclass(frozen=True)
class Site:
    port: int
    slug: str
    session_cookie: str
    csrf_cookie: str
    timeout: float = 60.0

    @property
    def form_path(self) -> str:
        return f"/events/{self.slug}/register/"

    @property
    def done_path(self) -> str:
        return f"/events/{self.slug}/my/"


@dataclass
class Outcome:
    """One attempt: ``error`` is empty when the registration was accepted."""

    index: int
    error: str = ""
    form_s: float = 0.0
    post_s: float = 0.0
    finished: float = 0.0  # time.monotonic() when the answer to the POST arrived


class AttemptFailed(Exception):
    pass


def _request(
    site: Site, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    # A new connection for each request: gunicorn's sync workers close it after each answer.
    conn = http.client.HTTPConnection(HOST, site.port, timeout=site.timeout)
    try:
        conn.request(method, path, body=body, headers={**HEADERS, **headers})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def _cookie(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return ""


def attempt(site: Site, index: int, person: Person) -> Outcome:
    """Open the form and send it; the outcome, timed."""
    outcome = Outcome(index)
    cookies = {site.session_cookie: person.session_key}
    try:
        started = time.perf_counter()
        response, body = _request(site, "GET", site.form_path, {"Cookie": _header(cookies)})
        outcome.form_s = time.perf_counter() - started
        if response.status != 200:
            raise AttemptFailed(f"form: HTTP {response.status}")
        token, key = CSRF_FIELD.search(body), SUBMISSION_KEY.search(body)
        csrf = _cookie(response, site.csrf_cookie)
        if token is None or key is None or not csrf:
            raise AttemptFailed("form: no CSRF token or submission key")
        cookies[site.csrf_cookie] = csrf
        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "submission_key": key.group(1).decode(),
                "name": person.name,
                "institution": str(person.institution_id),
                "q_dietary_needs": "vegetarian" if index % 5 == 0 else "",
                "q_code_of_conduct": "on",
            }
        ).encode()
        started = time.perf_counter()
        response, body = _request(
            site,
            "POST",
            site.form_path,
            {
                "Cookie": _header(cookies),
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": ORIGIN,
                "Referer": ORIGIN + site.form_path,
            },
            form,
        )
        outcome.post_s = time.perf_counter() - started
        outcome.finished = time.monotonic()
        location = response.getheader("Location", "")
        if response.status != 302 or not location.endswith(site.done_path):
            raise AttemptFailed(f"registration: HTTP {response.status} {location}".rstrip())
    except AttemptFailed as exc:
        outcome.error = str(exc)
    except (OSError, http.client.HTTPException) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    return outcome


def _header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def rush(site: Site, people: Sequence[Person], clients: int) -> tuple[list[Outcome], float, float]:
    """``clients`` threads, released at once, work through ``people`` in order, one attempt
    each. Returns the outcomes (in the order of ``people``), and the monotonic times of the
    start and the end of the rush."""
    outcomes: list[Outcome | None] = [None] * len(people)
    next_index = iter(range(len(people)))
    lock = threading.Lock()
    gate = threading.Barrier(clients + 1)

    def client() -> None:
        gate.wait()
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            outcomes[index] = attempt(site, index, people[index])

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    gate.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    ended = time.monotonic()
    return (
        [o if o is not None else Outcome(i, "not attempted") for i, o in enumerate(outcomes)],
        started,
        ended,
    )
