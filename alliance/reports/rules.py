"""Who may do what in the annual report's data collection.

The Secretariat opens collections, reviews, raises queries, accepts and corrects. A member's
coordinator fills its submission, answers queries and may record the head's sign-off. The head
of the institution (a person with a current chief-executive position whose account is linked)
signs off. The handbook and the public statistics are public."""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from alliance.members.enums import PositionKind, Role
from alliance.members.rules import institutions_where, is_secretariat

_HEADS_ATTR = "_alliance_headed_institutions"


def headed_institutions(user: Any) -> set[int]:
    """Institutions whose current chief executive is this user's person (read once per
    request, cached on the user object)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, _HEADS_ATTR, None)
    if cached is None:
        from alliance.members.models import Position

        today = timezone.localdate()
        cached = set(
            Position.objects.filter(
                person__user=user, kind=PositionKind.CHIEF_EXECUTIVE, start__lte=today
            )
            .exclude(end__lt=today)
            .values_list("institution_id", flat=True)
        )
        setattr(user, _HEADS_ATTR, cached)
    return cached


def head_person(user: Any, institution_id: int) -> Any:
    """The user's person if they head this institution now, else None."""
    if institution_id not in headed_institutions(user):
        return None
    return user.person


def _institution_id(obj: Any) -> int | None:
    label = obj._meta.label_lower
    if label == "reports.submission":
        return int(obj.institution_id)
    if label == "reports.query":
        return int(obj.submission.institution_id)
    if label == "reports.entry":
        return int(obj.submission.institution_id)
    return None


@rules.predicate
def coordinates_it(user: Any, obj: Any) -> bool:
    mine = institutions_where(user, Role.COORDINATOR)
    if obj is None:
        return bool(mine)
    return _institution_id(obj) in mine


@rules.predicate
def heads_it(user: Any, obj: Any) -> bool:
    mine = headed_institutions(user)
    if obj is None:
        return bool(mine)
    return _institution_id(obj) in mine


rules.add_perm("reports.view_collections", is_secretariat | coordinates_it | heads_it)
rules.add_perm("reports.manage_collections", is_secretariat)
rules.add_perm("reports.fill_submission", coordinates_it)
rules.add_perm("reports.review_submission", is_secretariat)
rules.add_perm("reports.view_query", is_secretariat | coordinates_it | heads_it)
rules.add_perm("reports.answer_query", coordinates_it)
rules.add_perm("reports.sign_off", heads_it | coordinates_it)
rules.add_perm("reports.correct_value", is_secretariat)


# --- editions (H8) ---


@rules.predicate
def is_published_edition(user: Any, edition: Any) -> bool:
    """A published edition (anyone may read it); True when asked without an edition."""
    return edition is None or edition.published_at is not None


rules.add_perm("reports.view_edition", is_published_edition | is_secretariat)
rules.add_perm("reports.manage_editions", is_secretariat)
