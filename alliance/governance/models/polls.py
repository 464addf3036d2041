from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.governance.enums import (
    Base,
    CastAs,
    Outcome,
    PollKind,
    PollStatus,
    QuorumBasis,
    Secrecy,
    Threshold,
    TieRule,
)


class Poll(models.Model):
    """A vote of a body's member institutions on a motion or an agenda item.

    While a draft its rule may change. ``open_poll`` freezes the rule (``frozen_rule``) and the
    electorate (``frozen_electorate``: weights, who is present, and who may cast each
    institution's ballot) as JSON; nothing later changes them. ``close_poll`` runs the tally
    and stores ``result``, ``explanation``, ``document`` and ``fingerprint``. Only
    ``governance.services.polls`` changes a poll.
    """

    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="polls")
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="polls",
    )
    motion = models.ForeignKey(
        "governance.Motion", null=True, blank=True, on_delete=models.PROTECT, related_name="polls"
    )
    title = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=12, choices=PollKind.choices, default=PollKind.YES_NO
    )
    secrecy = models.CharField(
        _("secrecy"), max_length=8, choices=Secrecy.choices, default=Secrecy.NAMED
    )
    threshold = models.CharField(
        _("threshold"), max_length=16, choices=Threshold.choices, default=Threshold.SIMPLE
    )
    base = models.CharField(_("base"), max_length=16, choices=Base.choices, default=Base.CAST)
    quorum_basis = models.CharField(
        _("quorum counts"),
        max_length=12,
        choices=QuorumBasis.choices,
        default=QuorumBasis.PRESENT,
    )
    quorum_share = models.CharField(
        _("quorum share"),
        max_length=12,
        blank=True,
        help_text=_("A fraction of the members entitled to vote, e.g. 1/2 or 2/3; empty: none."),
    )
    quorum_strict = models.BooleanField(_("more than the share"), default=False)
    tie_rule = models.CharField(
        _("tie rule"), max_length=16, choices=TieRule.choices, default=TieRule.FAILS
    )
    options = models.JSONField(_("options or candidates"), default=list, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1)
    objection_days = models.PositiveSmallIntegerField(
        _("objection period (days)"), null=True, blank=True
    )
    status = models.CharField(max_length=8, choices=PollStatus.choices, default=PollStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    objections_until = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    frozen_rule = models.JSONField(null=True, blank=True, editable=False)
    frozen_electorate = models.JSONField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    result = models.JSONField(null=True, blank=True, editable=False)
    explanation = models.JSONField(default=list, blank=True, editable=False)
    document = models.TextField(blank=True, editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def secret(self) -> bool:
        return self.secrecy == Secrecy.SECRET


class VoterRecord(models.Model):
    """That an institution voted in a poll: who cast its ballot, in what capacity, when. Never
    what it chose (for a secret poll the choice is in ``SecretBallot``, with no link here).
    The unique constraint is the guarantee of one ballot per institution per poll."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="voters")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="+"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_as = models.CharField(max_length=12, choices=CastAs.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["poll", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "institution"], name="governance_one_ballot_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} voted in {self.poll}"


class NamedBallot(models.Model):
    """The choice of one institution in a named poll (published with its name)."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="named_ballots")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.JSONField()
    weight = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["poll", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "institution"], name="governance_one_named_ballot_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.choice}"


class SecretBallot(models.Model):
    """The choice of a secret ballot: its receipt code, its choice and its weight, and nothing
    that leads back to the voter (a random key rather than a counting id, no time stamp)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="secret_ballots")
    receipt = models.CharField(max_length=32)
    choice = models.JSONField()
    weight = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["poll", "receipt"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "receipt"], name="governance_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.receipt}: {self.choice}"
