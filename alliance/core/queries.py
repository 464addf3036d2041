"""Reads of the audit log."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from alliance.core.models import AccessToken, AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    institution_id: int | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_entries(filters: AuditFilter) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if filters.actor:
        qs = qs.filter(actor_label__icontains=filters.actor)
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.institution_id:
        qs = qs.filter(institution_id=filters.institution_id)
    if filters.since:
        qs = qs.filter(created_at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__date__lte=filters.until)
    return qs.order_by("-created_at", "-id")


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def tokens_of(user: Any) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(user=user).order_by("-created_at")
