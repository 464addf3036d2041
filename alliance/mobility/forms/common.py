"""What every mobility form shares: a service's errors put on the fields they name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class ServiceErrorsMixin:
    def add_service_errors(self, exc: ValidationError) -> None:
        form: Any = self
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc.messages)
            return
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)


def members_queryset() -> Any:
    from alliance.members.enums import Relation
    from alliance.members.models import Institution

    return Institution.objects.filter(relation=Relation.MEMBER).order_by("name")
