"""Written resolutions: a motion put to a body's members between meetings.

The Secretariat opens one on a submitted motion with a deadline: the motion goes on no
meeting's agenda, a poll is created and opened (its rule and the electorate of today's seats
frozen as for any poll; the quorum counts the members returning a ballot), and every person who
may cast an institution's ballot (seat holder, alternate, registered proxy) gets a personal
link by e-mail. The ballot goes through ``services.polls.cast_ballot`` like any other (one per
institution, none at or after the deadline). Once the deadline passes the poll is closed and
counted: by the scheduled task, or by whoever opens a link or the page first. Two days before
the deadline, those whose institution has not voted are reminded once (a new link replaces the
old, since only the hash of a secret is kept)."""

from __future__ import annotations

import datetime
import secrets
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance.enums import MotionStatus, PollKind, PollStatus, QuorumBasis
from alliance.governance.models import (
    Body,
    Motion,
    Poll,
    VoterRecord,
    VotingLink,
    WrittenResolution,
)
from alliance.governance.services.circulation import send_voting_link
from alliance.governance.services.motions import set_motion_status
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from alliance.members.models import Person

CAPACITIES = ("holder", "alternate", "proxy")


def reminder_lead() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.GOVERNANCE_REMINDER_DAYS))


def _new_link(
    resolution: WrittenResolution, institution_id: int, person_id: int, cast_as: str
) -> tuple[VotingLink, str]:
    secret = secrets.token_urlsafe(32)
    link = VotingLink.objects.create(
        resolution=resolution,
        institution_id=institution_id,
        person_id=person_id,
        cast_as=cast_as,
        secret_hash=hash_secret(secret),
    )
    return link, secret


def open_written_resolution(
    body: Body,
    *,
    actor: User,
    motion: Motion,
    deadline: datetime.datetime,
    secrecy: str,
    threshold: str,
    base: str,
    quorum_share: str = "",
    quorum_strict: bool = False,
    tie_rule: str,
    now: datetime.datetime | None = None,
) -> WrittenResolution:
    """Put ``motion`` to ``body``'s members in writing until ``deadline`` and send each voter
    a personal link. Refuses a deadline not in the future, a motion not submitted, a rule the
    poll cannot apply and a body with no seats today; nothing is saved on a refusal."""
    now = now or timezone.now()
    if deadline <= now:
        raise ValidationError({"deadline": _("Choose a deadline in the future.")})
    with transaction.atomic():
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        if motion.status not in (MotionStatus.SUBMITTED, MotionStatus.VOTED):
            raise ValidationError(
                {"motion": _("Only a submitted motion can be put to a written resolution.")}
            )
        set_motion_status(motion, actor=actor, status=MotionStatus.ON_AGENDA, between_meetings=True)
        poll = create_poll(
            body,
            actor=actor,
            motion=motion,
            title=motion.title,
            kind=PollKind.YES_NO,
            secrecy=secrecy,
            threshold=threshold,
            base=base,
            quorum_basis=QuorumBasis.ENTITLED,
            quorum_share=quorum_share,
            quorum_strict=quorum_strict,
            tie_rule=tie_rule,
        )
        resolution = WrittenResolution.objects.create(
            poll=poll, deadline=deadline, created_by=actor
        )
        poll = open_poll(poll, actor=actor, now=now)
        resolution.poll = poll
        sent = 0
        for institution, casters in (poll.frozen_electorate or {})["casters"].items():
            for capacity in CAPACITIES:
                if casters.get(capacity):
                    link, secret = _new_link(
                        resolution, int(institution), casters[capacity], capacity
                    )
                    transaction.on_commit(partial(send_voting_link, link.pk, secret))
                    sent += 1
        record_audit(
            "governance.written.open",
            actor=actor,
            obj=resolution,
            after={"poll": poll.pk, "deadline": deadline, "links": sent},
        )
    return resolution


def close_if_due(resolution: WrittenResolution, *, now: datetime.datetime | None = None) -> bool:
    """Close and count the poll if its deadline has passed and it is still open. Returns
    whether this call closed it (a second caller finds it closed and does nothing)."""
    now = now or timezone.now()
    if not resolution.past(now):
        return False
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=resolution.poll_id)
        if poll.status != PollStatus.OPEN:
            return False
        close_poll(poll, actor=None, now=now)
        record_audit("governance.written.close", actor=None, obj=resolution, after={"at": now})
    return True


def close_due_resolutions(now: datetime.datetime | None = None) -> int:
    """Close every written resolution past its deadline (the scheduled task)."""
    now = now or timezone.now()
    due = WrittenResolution.objects.filter(deadline__lte=now, poll__status=PollStatus.OPEN)
    return sum(close_if_due(r, now=now) for r in due)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind, once, every voter whose institution has not voted when the deadline is less than
    the reminder lead away (two days by default). Each reminder carries a new link (the old one
    stops working). Returns how many reminders were sent; running again sends none twice."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        links = list(
            VotingLink.objects.select_for_update()
            .filter(
                reminded_at__isnull=True,
                resolution__poll__status=PollStatus.OPEN,
                resolution__deadline__gt=now,
                resolution__deadline__lte=now + reminder_lead(),
            )
            .select_related("resolution")
        )
        voted = set(
            VoterRecord.objects.filter(
                poll_id__in={link.resolution.poll_id for link in links}
            ).values_list("poll_id", "institution_id")
        )
        for link in links:
            if (link.resolution.poll_id, link.institution_id) in voted:
                continue
            secret = secrets.token_urlsafe(32)
            link.secret_hash = hash_secret(secret)
            link.reminded_at = now
            link.save(update_fields=["secret_hash", "reminded_at"])
            record_audit(
                "governance.written.remind",
                actor=None,
                obj=link.resolution,
                after={"person": link.person_id, "institution": link.institution_id},
                institution_id=link.institution_id,
            )
            transaction.on_commit(partial(send_voting_link, link.pk, secret, reminder=True))
            sent += 1
    return sent


def vote_by_link(link: VotingLink, *, choice: Any, now: datetime.datetime | None = None) -> str:
    """Cast the institution's ballot through the personal link, as its person (no login).
    Everything ``cast_ballot`` refuses is refused here; returns the receipt of a secret
    ballot."""
    now = now or timezone.now()
    with transaction.atomic():
        link = (
            VotingLink.objects.select_for_update(of=("self",))
            .select_related("person__user", "institution", "resolution__poll")
            .get(pk=link.pk)
        )
        person: Person = link.person
        receipt = cast_ballot(
            link.resolution.poll,
            actor=person.user,
            person=person,
            institution=link.institution,
            choice=choice,
            now=now,
        )
        link.used_at = now
        link.save(update_fields=["used_at"])
        record_audit(
            "governance.written.vote",
            actor=person.user,
            obj=link.resolution,
            after={"person": person.pk, "cast_as": link.cast_as},
            institution_id=link.institution_id,
        )
    return receipt
