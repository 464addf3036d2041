"""Sequential timing of pages over plain HTTP (http.client), as a browser behind a TLS-ending
proxy would ask for them."""

from __future__ import annotations

import http.client
import statistics
from dataclasses import dataclass

# The proxy in front of production ends TLS and says so; the settings trust this header
# (SECURE_PROXY_SSL_HEADER), so the site answers instead of redirecting to https.
HEADERS = {
    "Host": "127.0.0.1",
    "X-Forwarded-Proto": "https",
    "Accept": "text/html",
    "Accept-Language": "en",
    "User-Agent": "alliance-bench",
}


class PageError(RuntimeError):
    pass


@dataclass(frozen=True)
class Timing:
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    per_second: float
    bytes: int


class Client:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, expect: str = "") -> bytes:
        """One GET; the body, or PageError on any status but 200 or a missing ``expect``."""
        try:
            self.conn.request("GET", path, headers=HEADERS)
            response = self.conn.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            # The sync worker closes each connection; start a fresh one and try once more.
            self.conn.close()
            self.conn.request("GET", path, headers=HEADERS)
            response = self.conn.getresponse()
            body = response.read()
        if response.status != 200:
            location = response.getheader("Location", "")
            raise PageError(f"GET {path}: HTTP {response.status} {location}".strip())
        if expect and expect.encode() not in body:
            raise PageError(f"GET {path}: the page does not contain {expect!r}")
        return body

    def close(self) -> None:
        self.conn.close()


def summarise(durations: list[float], elapsed: float, size: int) -> Timing:
    ms = sorted(d * 1000 for d in durations)
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else ms[0]
    return Timing(
        requests=len(ms),
        p50_ms=round(statistics.median(ms), 1),
        p95_ms=round(p95, 1),
        max_ms=round(ms[-1], 1),
        per_second=round(len(ms) / elapsed, 1),
        bytes=size,
    )
