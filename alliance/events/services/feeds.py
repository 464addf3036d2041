"""Personal calendar feeds: a secret address per person, for calendar apps that cannot log in.
Only the SHA-256 of the secret is stored."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.models import CalendarFeed
from alliance.events.queries import hash_feed_secret


def renew_calendar_feed(user: User, *, actor: User) -> tuple[CalendarFeed, str]:
    """Give ``user`` a new secret feed address; an earlier one stops working at once. Returns
    the feed and its secret, which is shown once and never stored."""
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        earlier = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if earlier is None:
            feed = CalendarFeed.objects.create(user=user, secret_hash=hash_feed_secret(secret))
            action = "events.calendar_feed.create"
        else:
            earlier.secret_hash = hash_feed_secret(secret)
            earlier.created_at = timezone.now()
            earlier.save(update_fields=["secret_hash", "created_at"])
            feed = earlier
            action = "events.calendar_feed.renew"
        record_audit(action, actor=actor, obj=feed, after={"user": user.email})
    return feed, secret


def stop_calendar_feed(user: User, *, actor: User) -> None:
    """Turn the personal feed off: its address answers 404 from now on."""
    with transaction.atomic():
        feed = CalendarFeed.objects.filter(user=user).first()
        if feed is None:
            return
        record_audit(
            "events.calendar_feed.delete", actor=actor, obj=feed, before={"user": user.email}
        )
        feed.delete()
