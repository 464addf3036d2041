"""A person's account under data-protection law: what it holds (for an export) and its erasure.

Erasure keeps the account row, so that what the person did (registrations, ballots, mobility
records) still adds up in the alliance's records, but nothing in it names them any more: the
e-mail address becomes ``erased-<id>@erased.invalid``, the name and preferences are emptied,
the password cannot be used, and the account cannot log in. Their verified addresses, second
factors and API tokens are deleted. In the audit trail, which is otherwise never changed, their
address and name are replaced by a pseudonym wherever they appear. The domains erase what they
hold themselves (``erase_personal_data`` in each), called by ``portal.privacy``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Q

from alliance.core.models import AccessToken, AuditEntry, User
from alliance.core.services.audit import record_audit


def pseudonym_of(user: User) -> str:
    return f"erased person #{user.pk}"


def erased_email_of(user: User) -> str:
    return f"erased-{user.pk}@erased.invalid"


def account_data(user: User) -> dict[str, Any]:
    """The account itself and what the person did, as the audit trail records it."""
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "second_factor": Authenticator.objects.filter(user=user).exists(),
            "api_tokens": list(
                AccessToken.objects.filter(user=user).values_list("name", flat=True)
            ),
        },
        "actions": [
            {"at": e.created_at.isoformat(), "action": e.action, "object": e.object_repr}
            for e in AuditEntry.objects.filter(actor_id=user.pk).order_by("created_at", "pk")
        ],
    }


def erase_account(
    user: User, *, actor: User | None, other_names: Sequence[str] = ()
) -> dict[str, int]:
    """Erase the person behind ``user`` from the account and the audit trail (see above);
    ``other_names`` are further names the person went by (on a badge, say), pseudonymised in
    the audit trail too. Runs inside the caller's transaction when there is one."""
    label = pseudonym_of(user)
    texts = sorted({user.email, user.full_name, *other_names} - {""}, key=len, reverse=True)
    with transaction.atomic():
        mentions = Q(actor_id=user.pk) | Q(object_type="core.user", object_id=str(user.pk))
        for text in filter(None, texts):
            mentions |= (
                Q(actor_label__contains=text)
                | Q(object_repr__contains=text)
                | Q(before__icontains=text)
                | Q(after__icontains=text)
            )
        audit = AuditEntry.objects.filter(mentions).pseudonymise(
            actor_id=user.pk, texts=texts, label=label
        )
        deleted = {
            "addresses": EmailAddress.objects.filter(user=user).delete()[0],
            "second_factors": Authenticator.objects.filter(user=user).delete()[0],
            "api_tokens": AccessToken.objects.filter(user=user).delete()[0],
        }
        user.email = erased_email_of(user)
        user.full_name = ""
        user.language = ""
        user.time_zone = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        record_audit(
            "core.person.erase",
            actor=actor,
            obj=user,
            after={"pseudonym": label, "audit_entries_pseudonymised": audit, **deleted},
        )
    return {"audit_entries": audit, **deleted}
