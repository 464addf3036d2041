"""Optional read replicas (``ALLIANCE_DATABASE_REPLICA_URLS``): reads go to a replica, writes to
the primary, and a person who has just written reads from the primary for a while, so that they
never see their own change missing because a replica lags behind.

``PrimaryAfterWriteMiddleware`` pins a request to the primary when it is a write (any method but
GET, HEAD, OPTIONS) or when its ``alliance_primary`` cookie, set by an earlier write, has not run
out (``ALLIANCE_REPLICA_LAG_SECONDS``); ``ReplicaRouter`` reads that pin. Code inside a
transaction reads from the primary too. Without replicas, both do nothing.
"""

from __future__ import annotations

import contextvars
import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
COOKIE = "alliance_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

pinned_to_primary: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pinned_to_primary", default=False
)


def replicas() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        available = replicas()
        if not available or pinned_to_primary.get() or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(available)

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class PrimaryAfterWriteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replicas():
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        try:
            recent = float(request.COOKIES.get(COOKIE, "0")) > time.time()
        except ValueError:
            recent = False
        token = pinned_to_primary.set(writes or recent)
        try:
            response = self.get_response(request)
        finally:
            pinned_to_primary.reset(token)
        if writes:
            lag = settings.REPLICA_LAG_SECONDS
            response.set_cookie(
                COOKIE,
                f"{time.time() + lag:.0f}",
                max_age=lag,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
