from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.programmes.enums import ProposalStatus

# What a decided motion makes of a proposal sent to the Board (governance MotionStatus values).
MOTION_OUTCOMES = {
    "adopted": ProposalStatus.APPROVED,
    "rejected": ProposalStatus.DECLINED,
    "withdrawn": ProposalStatus.WITHDRAWN,
}


class Proposal(models.Model):
    """A member's proposal for a new programme, made by a coordinator on behalf of their
    institution, with other members as co-proposers. Its status changes only through
    ``programmes.services.proposals``; once sent to the Board it follows the Board's motion
    (``current_status``): adopted is approved, rejected is declined."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="programme_proposals",
        verbose_name=_("proposing member"),
    )
    co_proposers = models.ManyToManyField(
        "members.Institution",
        blank=True,
        related_name="programme_proposals_backed",
        verbose_name=_("co-proposing members"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    rationale = models.TextField(_("why the alliance needs it"), blank=True)
    target_participants = models.CharField(_("who takes part"), max_length=300, blank=True)
    estimated_budget = models.DecimalField(
        _("estimated budget a year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    motion = models.OneToOneField(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_proposal",
        verbose_name=_("the Board's motion"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("programme proposal")
        verbose_name_plural = _("programme proposals")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "institution"], name="programmes_proposal_status")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def current_status(self) -> str:
        """The stored status, or, once sent to the Board, the outcome of its motion."""
        if self.status == ProposalStatus.BOARD and self.motion is not None:
            return MOTION_OUTCOMES.get(self.motion.status, ProposalStatus.BOARD)
        return self.status

    def get_current_status_display(self) -> str:
        return str(ProposalStatus(self.current_status).label)


class ProposalComment(models.Model):
    """A remark in a proposal's discussion, by a coordinator (for their institution) or by the
    Secretariat (``institution`` empty)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(
        "members.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("comment on a proposal")
        verbose_name_plural = _("comments on proposals")
        ordering = ["proposal", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
