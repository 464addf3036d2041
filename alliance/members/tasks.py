"""Background tasks of members. Thin: they take ids and call a service."""

from __future__ import annotations

import logging

from celery import shared_task

from alliance.members.models import Institution
from alliance.members.services.institutions import refresh_search_text

log = logging.getLogger(__name__)


@shared_task(name="members.refresh_search_text")
def refresh_search_text_task(institution_ids: list[int]) -> int:
    """Rebuild the search text (every name folded) of these institutions; returns how many."""
    done = 0
    for institution in Institution.objects.filter(pk__in=institution_ids):
        refresh_search_text(institution)
        done += 1
    if done < len(institution_ids):
        log.warning(
            "refresh_search_text: %d of %d ids not found",
            len(institution_ids) - done,
            len(institution_ids),
        )
    return done
