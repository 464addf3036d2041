"""Invitations: the way into the platform with a role, sent by the Secretariat or a coordinator.

The e-mailed link carries a secret; only its SHA-256 is stored, so a copy of the database
accepts no one's invitation. Who may invite whom:

- the Secretariat invites anyone to any role, for any institution or none;
- a coordinator invites coordinators and applicants for their own institution only.

An invitation is open for 14 days unless the sender chooses otherwise; after that, or once
revoked or used, its link only says what to do next (ask the sender for a new one)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.enums import INSTITUTION_ROLES, Relation, Role
from alliance.members.models import Institution, Invitation, RoleAssignment
from alliance.members.models.roles import InvitationStatus
from alliance.members.rules import forget_roles, institutions_where, is_secretariat
from alliance.members.services.roles import grant_role

INVITATION_VALIDITY = datetime.timedelta(days=14)
COORDINATOR_MAY_INVITE = (Role.COORDINATOR, Role.APPLICANT)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# Who may invite whom --------------------------------------------------------------------------


def roles_invitable(user: Any, institution: Institution | None) -> list[Role]:
    """The roles ``user`` may invite someone to, for ``institution`` (or for none)."""
    if is_secretariat(user):
        return list(Role)
    if institution is not None and institution.pk in institutions_where(user, Role.COORDINATOR):
        return list(COORDINATOR_MAY_INVITE)
    return []


def institutions_invitable(user: Any, *, also: Institution | None = None) -> QuerySet[Institution]:
    """The institutions ``user`` may send invitations for, to choose from: for the Secretariat,
    those with a relation to the alliance (not the thousands of imported ones with none) and
    ``also`` (an institution asked for by name)."""
    if is_secretariat(user):
        related = ~Q(relation=Relation.NONE)
        if also is not None:
            related |= Q(pk=also.pk)
        return Institution.objects.filter(related).order_by("name")
    return Institution.objects.filter(pk__in=institutions_where(user, Role.COORDINATOR)).order_by(
        "name"
    )


def invitations_visible_to(user: Any) -> QuerySet[Invitation]:
    """The invitations ``user`` may see and revoke: all for the Secretariat, their
    institutions' for a coordinator, none otherwise. Newest first, ready for a list page."""
    qs = Invitation.objects.select_related(
        "institution", "invited_by", "accepted_by"
    ).prefetch_related("institution__names")
    if is_secretariat(user):
        return qs.order_by("-created_at", "-pk")
    return qs.filter(institution__in=institutions_where(user, Role.COORDINATOR)).order_by(
        "-created_at", "-pk"
    )


def filter_by_status(qs: QuerySet[Invitation], status: str) -> QuerySet[Invitation]:
    """Narrow ``qs`` to one ``InvitationStatus`` (the same rule as ``Invitation.status``)."""
    now = timezone.now()
    if status == InvitationStatus.ACCEPTED:
        return qs.filter(accepted_at__isnull=False)
    if status == InvitationStatus.REVOKED:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=False)
    if status == InvitationStatus.EXPIRED:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__lte=now)
    if status == InvitationStatus.PENDING:
        return qs.filter(accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)
    return qs


def find_invitation(secret: str) -> Invitation | None:
    """The invitation whose link carries ``secret``, in whatever state, or None."""
    if not secret:
        return None
    return (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def open_invitation(pk: int) -> Invitation | None:
    """The invitation ``pk`` if it can still be accepted, else None."""
    invitation = Invitation.objects.select_related("institution").filter(pk=pk).first()
    return invitation if invitation is not None and invitation.is_open else None


def email_belongs_to(user: User, email: str) -> bool:
    """Whether ``email`` is the user's address or one of their verified addresses."""
    from allauth.account.models import EmailAddress

    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


# Writes --------------------------------------------------------------------------------------


def send_invitation(
    *,
    actor: User,
    email: str,
    role: Role,
    institution: Institution | None,
    message: str = "",
    valid_for: datetime.timedelta = INVITATION_VALIDITY,
) -> tuple[Invitation, str]:
    """Invite ``email`` to ``role`` (for ``institution``); return the invitation and the secret
    of its link, which is e-mailed once the transaction commits and never stored."""
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
        transaction.on_commit(lambda: _send_invitation_email(invitation, secret, language))
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


def _send_invitation_email(invitation: Invitation, secret: str, language: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("members:invitation_accept", args=[secret])
    inviter = invitation.invited_by
    with translation.override(language), timezone.override(datetime.UTC):
        context = {
            "invitation": invitation,
            "link": link,
            "inviter": inviter.get_full_name() if inviter else settings.ALLIANCE_NAME,
            "role": Role(invitation.role).label,
            "institution": (
                invitation.institution.display_name(language) if invitation.institution else ""
            ),
            "message": invitation.message,
            "alliance": settings.ALLIANCE_NAME,
            "short_name": settings.ALLIANCE_SHORT_NAME,
            "expires_at": invitation.expires_at,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
    ).send()
