from __future__ import annotations

from django.db import transaction

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot


def update_preferences(user: User, *, actor: User, full_name: str, time_zone: str) -> User:
    with transaction.atomic():
        before = snapshot(user, ("full_name", "time_zone"))
        user.full_name, user.time_zone = full_name, time_zone
        user.save(update_fields=["full_name", "time_zone"])
        after = snapshot(user, ("full_name", "time_zone"))
        if before != after:
            record_audit("core.user.preferences", actor=actor, obj=user, before=before, after=after)
    return user
