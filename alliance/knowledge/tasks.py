"""Background tasks of knowledge exchange. Thin: they take ids, call a service, log the outcome."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.knowledge.services.index import embed_entries

log = logging.getLogger(__name__)


@shared_task(name="knowledge.embed_entries")
def embed_entries_task(entry_ids: list[int]) -> int:
    """Compute the embeddings of these search entries whose text changed. Returns how many."""
    done = embed_entries(entry_ids)
    log.info("embed_entries: %d of %d entries embedded", done, len(entry_ids))
    return done
