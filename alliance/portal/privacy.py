"""A person's data across every domain: the export (the right of access) and the erasure (the
right to be forgotten). The portal composes what each domain offers: ``personal_data(user)`` in
its queries, ``erase_personal_data(user, *, actor)`` in its services where it holds personal data
of its own; ``core.services.privacy`` then erases the account and pseudonymises the audit trail.
Both are recorded in the audit trail: who exported or erased whose data, and when."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.core.services.privacy import account_data, erase_account, erased_email_of
from alliance.events import queries as events
from alliance.events.services import privacy as events_privacy
from alliance.governance import queries as governance
from alliance.knowledge import queries as knowledge
from alliance.knowledge.services import privacy as knowledge_privacy
from alliance.members import queries as members
from alliance.members.services import people
from alliance.mobility import queries as mobility
from alliance.programmes import queries as programmes
from alliance.programmes.services import privacy as programmes_privacy

SOURCES = (
    ("members", members),
    ("events", events),
    ("mobility", mobility),
    ("governance", governance),
    ("programmes", programmes),
    ("knowledge", knowledge),
)
ERASERS = (
    people.erase_personal_data,
    events_privacy.erase_personal_data,
    programmes_privacy.erase_personal_data,
    knowledge_privacy.erase_personal_data,
)


def export_personal_data(user: User, *, actor: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, by domain, ready to be written as JSON."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(), **account_data(user)}
    for name, domain in SOURCES:
        data[name] = domain.personal_data(user)
    with transaction.atomic():
        record_audit("core.person.export", actor=actor, obj=user, after={"domains": len(SOURCES)})
    return data


def erase_person(user: User, *, actor: User) -> dict[str, int]:
    """Erase ``user`` everywhere (irreversible). Nobody erases their own account this way."""
    if user.pk == actor.pk:
        raise ValidationError(
            _("You cannot erase your own account; ask another Secretariat member.")
        )
    if not user.is_active and user.email == erased_email_of(user):
        raise ValidationError(_("This account is already erased."))
    counts: dict[str, int] = {}
    with transaction.atomic():
        names = events.names_used_by(user)
        for erase in ERASERS:
            counts.update(erase(user, actor=actor))
        counts.update(erase_account(user, actor=actor, other_names=names))
    return counts
