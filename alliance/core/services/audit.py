"""The audit trail: one row for every change of state, written inside the change's transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from alliance.core.context import current_request_id
from alliance.core.models import AuditEntry, User


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        return value.name or None
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as a JSON-safe dict (foreign keys as their ids)."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        result[field.name] = _plain(getattr(obj, field.attname))
    return result


def record_audit(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    institution_id: int | None = None,
) -> AuditEntry:
    """Append one audit entry. Call it inside the service's transaction."""
    actor_user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=actor_user,
        actor_label=actor_user.email if actor_user else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        institution_id=institution_id,
        request_id=current_request_id(),
    )
