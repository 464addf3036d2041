"""Invitations: the way into the platform with a role, sent by the Secretariat or a coordinator.

The e-mailed link carries a secret; only its SHA-256 is stored, so a copy of the database
accepts no one's invitation. Who may invite whom:

- the Secretariat invites anyone to any role, for any institution or none;
- a coordinator invites coordinators and applicants for their own institution only.

An invitation is open for 14 days unless the sender chooses otherwise; after that, or once
revoked or used, its link only says what to do next (ask the sender for a new one).

The e-mail goes out from a background task once the invitation is committed. A mail server in
trouble never undoes a saved invitation: the sender is given the link to pass on by hand.
The reads (who may invite whom, finding an invitation) live in ``members.queries``."""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable
from functools import partial

from celery.exceptions import Retry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import INSTITUTION_ROLES, InvitationStatus, Role
from alliance.members.models import Institution, Invitation, RoleAssignment
from alliance.members.queries import email_belongs_to, hash_secret, roles_invitable
from alliance.members.rules import forget_roles
from alliance.members.services.invitation_email import invitation_link
from alliance.members.services.roles import grant_role
from alliance.members.tasks import MAIL_FAILURES, send_invitation_email_task

log = logging.getLogger(__name__)

INVITATION_VALIDITY = datetime.timedelta(days=14)


# Writes --------------------------------------------------------------------------------------


def send_invitation(
    *,
    actor: User,
    email: str,
    role: Role,
    institution: Institution | None,
    message: str = "",
    valid_for: datetime.timedelta = INVITATION_VALIDITY,
    on_email_failure: Callable[[str], object] | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``role`` (for ``institution``); return the invitation and the secret
    of its link, which is e-mailed once the transaction commits and never stored.

    When the e-mail can be neither sent (no broker: the task runs in-process) nor queued,
    the invitation stays saved, the failure is logged and ``on_email_failure`` is called with
    the link, so that the sender can pass it on themselves."""
    role = Role(role)
    email = email.strip().lower()
    if role not in roles_invitable(actor, institution):
        raise PermissionDenied("This user may not invite to this role for this institution.")
    if role in INSTITUTION_ROLES and institution is None:
        raise ValidationError(
            {
                "institution": ValidationError(
                    _("Choose the institution: the role “%(role)s” acts for one institution."),
                    params={"role": role.label},
                    code="institution_required",
                )
            }
        )
    if _already_holds(email, role, institution):
        raise ValidationError(
            {
                "email": ValidationError(
                    _("This person already holds this role."), code="already_holds"
                )
            }
        )
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            institution=institution,
            message=message.strip(),
            secret_hash=hash_secret(secret),
            invited_by=actor,
            created_at=now,
            expires_at=now + valid_for,
        )
        record_audit(
            "members.invitation.send",
            actor=actor,
            obj=invitation,
            after={
                "email": email,
                "role": role,
                "institution": institution.pk if institution else None,
                "expires_at": invitation.expires_at,
            },
            institution_id=institution.pk if institution else None,
        )
        language = _email_language(email, actor)
        transaction.on_commit(
            partial(_queue_email, invitation.pk, secret, language, on_email_failure)
        )
    return invitation, secret


def accept_invitation(invitation: Invitation, *, user: User) -> RoleAssignment:
    """Give ``user`` the invited role and close the invitation. Refused (ValidationError with
    code ``expired``, ``revoked``, ``accepted`` or ``wrong_account``) when it cannot be used."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_usable(invitation)
        if not email_belongs_to(user, invitation.email):
            raise ValidationError(
                _("This invitation was sent to another e-mail address."), code="wrong_account"
            )
        assignment = grant_role(
            user,
            actor=invitation.invited_by,
            role=Role(invitation.role),
            institution=invitation.institution,
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record_audit(
            "members.invitation.accept",
            actor=user,
            obj=invitation,
            before={"status": InvitationStatus.PENDING},
            after={"status": InvitationStatus.ACCEPTED, "user": user.email},
            institution_id=invitation.institution_id,
        )
    forget_roles(user)
    return assignment


def revoke_invitation(invitation: Invitation, *, actor: User) -> Invitation:
    """Close a pending invitation so that its link no longer works."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_usable(invitation)
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        record_audit(
            "members.invitation.revoke",
            actor=actor,
            obj=invitation,
            before={"status": InvitationStatus.PENDING},
            after={"status": InvitationStatus.REVOKED},
            institution_id=invitation.institution_id,
        )
    return invitation


# Inside --------------------------------------------------------------------------------------


def _check_usable(invitation: Invitation) -> None:
    status = invitation.status
    if status == InvitationStatus.PENDING:
        return
    reasons = {
        InvitationStatus.ACCEPTED: _("This invitation has already been used."),
        InvitationStatus.REVOKED: _("This invitation was withdrawn by its sender."),
        InvitationStatus.EXPIRED: _("This invitation has expired."),
    }
    raise ValidationError(reasons[status], code=status.value)


def _already_holds(email: str, role: Role, institution: Institution | None) -> bool:
    held = RoleAssignment.objects.filter(user__email__iexact=email, role=role)
    if role in INSTITUTION_ROLES:
        held = held.filter(institution=institution)
    return held.exists()


def _email_language(email: str, actor: User) -> str:
    """The recipient's language when they have an account and chose one, else the sender's,
    else the language of the page the invitation was sent from."""
    recipient = User.objects.filter(email__iexact=email).exclude(language="").first()
    for candidate in (recipient.language if recipient else "", actor.language):
        if candidate and candidate in dict(settings.LANGUAGES):
            return candidate
    return translation.get_language() or settings.LANGUAGE_CODE


def _queue_email(
    invitation_id: int,
    secret: str,
    language: str,
    on_failure: Callable[[str], object] | None,
) -> None:
    """Queue the invitation's e-mail; run once the invitation is committed. Without a broker
    the task runs here and now (``CELERY_TASK_ALWAYS_EAGER``), so a failing mail server, like
    an unreachable broker, would surface in the sender's request: it is logged instead, and
    ``on_failure`` gets the link. (Run here, a failed attempt raises ``Retry``: a retry cannot
    wait in-process, so there is one attempt.)"""
    try:
        send_invitation_email_task.delay(invitation_id, secret, language)
    except (Retry, *MAIL_FAILURES, BrokerUnavailable):
        log.exception("The e-mail of invitation %d could not be sent", invitation_id)
        if on_failure is not None:
            on_failure(invitation_link(secret))
