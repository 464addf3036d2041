"""What every mobility form shares: a service's errors put on the fields they name."""

from __future__ import annotations

from typing import Any

from alliance.core.forms import ServiceErrorsMixin

__all__ = ["ServiceErrorsMixin", "members_queryset"]


def members_queryset() -> Any:
    from alliance.members.enums import Relation
    from alliance.members.models import Institution

    return Institution.objects.filter(relation=Relation.MEMBER).order_by("name")
