"""The membership lifecycle: invited, applied, admitted, suspended, reinstated, withdrawn."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import MembershipStatus
from alliance.members.lifecycle import LifecycleError, relation_after
from alliance.members.models import Institution, MembershipEvent


def record_membership_event(
    institution: Institution,
    *,
    actor: User | None,
    status: MembershipStatus,
    date: datetime.date,
    note: str = "",
) -> MembershipEvent:
    """Add a dated step to the history and move the institution's relation accordingly.
    A step that the history does not allow (a withdrawn member being suspended) is refused."""
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        steps = list(
            institution.membership_events.order_by("date", "recorded_at", "id").values_list(
                "date", "status"
            )
        )
        if steps and date < steps[-1][0]:
            raise ValidationError(
                {
                    "date": _(
                        "The history already has a step on %(date)s; "
                        "a new step cannot be dated before it."
                    )
                    % {"date": steps[-1][0].isoformat()}
                }
            )
        try:
            relation = relation_after([s for _, s in steps] + [status])
        except LifecycleError as exc:
            raise ValidationError({"status": str(exc)}) from exc
        before = institution.relation
        event = MembershipEvent.objects.create(
            institution=institution,
            status=status,
            date=date,
            note=note,
            recorded_by=actor if actor and actor.is_authenticated else None,
        )
        institution.relation = relation
        institution.save(update_fields=["relation"])
        record_audit(
            "members.membership.record",
            actor=actor,
            obj=institution,
            before={"relation": before},
            after={"relation": relation, "step": status, "date": date, "note": note},
            institution_id=institution.pk,
        )
    return event
