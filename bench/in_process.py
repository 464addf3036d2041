"""Pages asked for in-process through Django's test client, with the production settings and
the benchmark database: how many SQL queries each makes, and a profile of one page on request.
Import only after ``django.setup()``."""

from __future__ import annotations

import cProfile
import io
import pstats

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.http_timing import HEADERS

CLIENT_HEADERS = {k: v for k, v in HEADERS.items() if k != "Host"}


def _client() -> Client:
    return Client(HTTP_HOST=HEADERS["Host"], headers=CLIENT_HEADERS)


def _get(client: Client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"in-process GET {path}: HTTP {response.status_code}")


def count_queries(path: str) -> tuple[int, list[str]]:
    """Queries of one warm request (the first request of a process fills caches)."""
    client = _client()
    _get(client, path)
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def profile(path: str, requests: int = 20, top: int = 40, sort: str = "cumulative") -> str:
    """cProfile of ``requests`` warm requests, the ``top`` entries by cumulative time."""
    client = _client()
    _get(client, path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        _get(client, path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
    return out.getvalue()
