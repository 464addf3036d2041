"""Challenges: posted by a partner's contact, a member's coordinator or the Secretariat for
their institution; the Secretariat publishes them (or does not, saying why). A published
challenge is findable until it is closed. Changing a challenge sends it back to moderation."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.knowledge.enums import ChallengeStatus, EntryKind, ResearchField
from alliance.knowledge.models import Challenge
from alliance.knowledge.services.cleaning import clean_list, require
from alliance.knowledge.services.index import index_object, unindex
from alliance.members.models import Institution

CONTENT = ("title", "problem", "field", "keywords", "wanted_outcome", "deadline")


def clean_challenge(data: Mapping[str, Any], *, today: datetime.date) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    content: dict[str, Any] = {
        "title": require(problems, "title", data.get("title", ""), 300),
        "problem": require(problems, "problem", data.get("problem", ""), 20000),
        "field": data.get("field", ""),
        "keywords": clean_list(data.get("keywords")),
        "wanted_outcome": require(
            problems, "wanted_outcome", data.get("wanted_outcome", ""), 10000
        ),
        "deadline": data.get("deadline") or None,
    }
    if content["field"] not in ResearchField.values:
        problems.setdefault("field", []).append(_("Choose a field from the list."))
    deadline = content["deadline"]
    if deadline is not None and not isinstance(deadline, datetime.date):
        try:
            content["deadline"] = deadline = datetime.date.fromisoformat(str(deadline))
        except ValueError:
            problems.setdefault("deadline", []).append(_("Give the deadline as a date."))
            deadline = None
    if isinstance(deadline, datetime.date) and deadline < today:
        problems.setdefault("deadline", []).append(_("The deadline has passed."))
    if problems:
        raise ValidationError(problems)
    return content


def post_challenge(
    *, actor: User, institution: Institution, data: Mapping[str, Any], is_demo: bool = False
) -> Challenge:
    """A challenge for ``institution`` (the actor's, unless the actor is the Secretariat),
    awaiting moderation."""
    content = clean_challenge(data, today=timezone.localdate())
    if not actor.has_perm("knowledge.change_challenge", Challenge(institution=institution)):
        raise ValidationError({"institution": [_("Post challenges for your own institution.")]})
    with transaction.atomic():
        challenge = Challenge.objects.create(
            institution=institution, posted_by=actor, is_demo=is_demo, **content
        )
        record_audit(
            "knowledge.challenge.post",
            actor=actor,
            obj=challenge,
            after=snapshot(challenge, CONTENT),
            institution_id=institution.pk,
        )
    return challenge


def update_challenge(challenge: Challenge, *, actor: User, data: Mapping[str, Any]) -> Challenge:
    """Change a challenge that is not closed; it goes back to moderation."""
    content = clean_challenge(data, today=timezone.localdate())
    if not actor.has_perm("knowledge.change_challenge", challenge):
        raise ValidationError(_("You may not change this challenge."))
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == ChallengeStatus.CLOSED:
            raise ValidationError(_("A closed challenge cannot be changed."), code="state")
        before = snapshot(challenge, [*CONTENT, "status"])
        for name, value in content.items():
            setattr(challenge, name, value)
        after = snapshot(challenge, CONTENT)
        changed = [k for k in CONTENT if before[k] != after[k]]
        if not changed:
            return challenge
        challenge.status = ChallengeStatus.PENDING
        challenge.updated_at = timezone.now()
        challenge.save()
        record_audit(
            "knowledge.challenge.update",
            actor=actor,
            obj=challenge,
            before={k: before[k] for k in [*changed, "status"]},
            after={**{k: after[k] for k in changed}, "status": challenge.status},
            institution_id=challenge.institution_id,
        )
        unindex(EntryKind.CHALLENGE, challenge.pk)
    return challenge


def moderate_challenge(
    challenge: Challenge, *, actor: User, publish: bool, note: str = ""
) -> Challenge:
    """The Secretariat publishes a pending challenge, or declines it saying why."""
    if not actor.has_perm("knowledge.moderate_challenge", challenge):
        raise ValidationError(_("Only the Secretariat moderates challenges."))
    note = note.strip()
    if not publish and not note:
        raise ValidationError({"note": [_("Tell the poster why it is not accepted.")]})
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status != ChallengeStatus.PENDING:
            raise ValidationError(_("This challenge is not awaiting moderation."), code="state")
        before = snapshot(challenge, ["status", "moderation_note"])
        challenge.status = ChallengeStatus.PUBLISHED if publish else ChallengeStatus.REJECTED
        challenge.moderation_note = note[:5000]
        challenge.moderated_by = actor
        challenge.moderated_at = timezone.now()
        challenge.save()
        record_audit(
            "knowledge.challenge.publish" if publish else "knowledge.challenge.reject",
            actor=actor,
            obj=challenge,
            before=before,
            after=snapshot(challenge, ["status", "moderation_note"]),
            institution_id=challenge.institution_id,
        )
        if publish:
            index_object(challenge)
    return challenge


def close_challenge(challenge: Challenge, *, actor: User) -> Challenge:
    """The poster's institution or the Secretariat closes a challenge: no longer findable."""
    if not actor.has_perm("knowledge.change_challenge", challenge):
        raise ValidationError(_("You may not close this challenge."))
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == ChallengeStatus.CLOSED:
            return challenge
        before = snapshot(challenge, ["status"])
        challenge.status = ChallengeStatus.CLOSED
        challenge.updated_at = timezone.now()
        challenge.save()
        record_audit(
            "knowledge.challenge.close",
            actor=actor,
            obj=challenge,
            before=before,
            after={"status": challenge.status},
            institution_id=challenge.institution_id,
        )
        unindex(EntryKind.CHALLENGE, challenge.pk)
    return challenge
