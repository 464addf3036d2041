from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.members.enums import InvitationStatus, Role


class RoleAssignment(models.Model):
    """A role a user holds, for one institution where the role is institution-bound
    (coordinator, partner contact). Granted and revoked through ``members.services.roles``;
    a revoked role stops working on the user's next request."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    granted_at = models.DateTimeField(default=timezone.now, editable=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"],
                condition=models.Q(institution__isnull=False),
                name="members_role_once_per_institution",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(institution__isnull=True),
                name="members_role_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["coordinator", "partner_contact"])
                | models.Q(institution__isnull=False),
                name="members_institution_role_names_institution",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.institution})" if self.institution_id else ""
        return f"{self.user}: {self.get_role_display()}{where}"


class Invitation(models.Model):
    """An invitation to join with a role, sent by the Secretariat or a coordinator. The link in
    the e-mail carries a secret; only its hash is stored. Sent, accepted and revoked only through
    ``members.services.invitations`` (``cancelled_at`` records a revocation)."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    message = models.TextField(_("personal message"), blank=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.cancelled_at is not None:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING
