"""Personal access tokens for the API."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from alliance.core.hashing import hash_secret
from alliance.core.models import AccessToken, User
from alliance.core.services.audit import record_audit

TOKEN_PREFIX = "all_"


def create_access_token(
    user: User, *, actor: User, name: str, scopes: list[str], expires_at: datetime.datetime | None
) -> tuple[AccessToken, str]:
    """Create a token; return it with its secret, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=user,
            name=name,
            prefix=secret[:12],
            secret_hash=hash_secret(secret),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
        record_audit(
            "core.token.create",
            actor=actor,
            obj=token,
            after={"name": name, "scopes": token.scopes, "expires_at": expires_at},
        )
    return token, secret


def revoke_access_token(token: AccessToken, *, actor: User) -> AccessToken:
    with transaction.atomic():
        token = AccessToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_audit("core.token.revoke", actor=actor, obj=token, after={"revoked": True})
    return token


def authenticate_token(secret: str) -> AccessToken | None:
    """The active token with this secret, or None. Marks when it was last used (at most once a
    minute, so that a busy client does not write on every request)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user")
        .filter(secret_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
