"""Background tasks of core. Thin: they take ids or nothing, and call a service."""

from __future__ import annotations

import socket

from celery import shared_task


@shared_task(name="core.ping")
def ping() -> str:
    """Answer from the worker: `alliance check-worker` sends it to see that a worker listens."""
    return f"pong from {socket.gethostname()}"
