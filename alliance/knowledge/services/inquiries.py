"""Inquiries: a partner's contact or another member's coordinator asks about a published
achievement through the platform; the coordinators of its institution answer and track the
inquiry's status (new, in discussion, under NDA, licensed, declined). Neither side sees the
other's e-mail address: each is told by e-mail that a message waits on the platform."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.knowledge.enums import InquiryStatus
from alliance.knowledge.models import Achievement, Inquiry, InquiryMessage
from alliance.knowledge.services.cleaning import require
from alliance.members.enums import Role
from alliance.members.models import RoleAssignment
from alliance.members.rules import institutions_where

log = logging.getLogger(__name__)
MESSAGE_MAX_CHARS = 10000


def _asker_institution(actor: User) -> int | None:
    mine = sorted(
        institutions_where(actor, Role.PARTNER_CONTACT)
        | institutions_where(actor, Role.COORDINATOR)
    )
    return mine[0] if mine else None


def open_inquiry(achievement: Achievement, *, actor: User, subject: str, message: str) -> Inquiry:
    """Ask about a published achievement of another institution."""
    problems: dict[str, list[str]] = {}
    subject = require(problems, "subject", subject, 200)
    message = require(problems, "message", message, MESSAGE_MAX_CHARS)
    if problems:
        raise ValidationError(problems)
    if not actor.has_perm("knowledge.inquire", achievement):
        raise ValidationError(
            _("Only partners and other members may ask about a published achievement.")
        )
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            achievement=achievement,
            asker=actor,
            asker_institution_id=_asker_institution(actor),
            subject=subject,
        )
        InquiryMessage.objects.create(inquiry=inquiry, author=actor, body=message)
        record_audit(
            "knowledge.inquiry.open",
            actor=actor,
            obj=inquiry,
            after={"achievement": achievement.pk, "subject": subject, "status": inquiry.status},
            institution_id=achievement.institution_id,
        )
        transaction.on_commit(partial(notify, inquiry.pk, to_owner=True))
    return inquiry


def reply_to_inquiry(inquiry: Inquiry, *, actor: User, message: str) -> InquiryMessage:
    """A message from the asker or from the owner's side. The owner's first answer moves a
    new inquiry into discussion."""
    problems: dict[str, list[str]] = {}
    message = require(problems, "message", message, MESSAGE_MAX_CHARS)
    if problems:
        raise ValidationError(problems)
    if not actor.has_perm("knowledge.reply_inquiry", inquiry):
        raise ValidationError(_("You may not write in this conversation."))
    from_owner = actor.pk != inquiry.asker_id
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update().select_related("achievement").get(pk=inquiry.pk)
        )
        before = inquiry.status
        posted = InquiryMessage.objects.create(
            inquiry=inquiry, author=actor, from_owner=from_owner, body=message
        )
        if from_owner and inquiry.status == InquiryStatus.NEW:
            inquiry.status = InquiryStatus.DISCUSSION
        inquiry.updated_at = timezone.now()
        inquiry.save()
        record_audit(
            "knowledge.inquiry.reply",
            actor=actor,
            obj=inquiry,
            before={"status": before},
            after={"status": inquiry.status, "message": posted.pk, "from_owner": from_owner},
            institution_id=inquiry.achievement.institution_id,
        )
        transaction.on_commit(partial(notify, inquiry.pk, to_owner=not from_owner))
    return posted


def set_inquiry_status(inquiry: Inquiry, *, actor: User, status: str) -> Inquiry:
    """The owner's side records where the inquiry stands."""
    if status not in InquiryStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    if not actor.has_perm("knowledge.set_inquiry_status", inquiry):
        raise ValidationError(_("Only the achievement's institution sets the status."))
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update().select_related("achievement").get(pk=inquiry.pk)
        )
        if inquiry.status == status:
            return inquiry
        before = inquiry.status
        inquiry.status = status
        inquiry.updated_at = timezone.now()
        inquiry.save()
        record_audit(
            "knowledge.inquiry.status",
            actor=actor,
            obj=inquiry,
            before={"status": before},
            after={"status": status},
            institution_id=inquiry.achievement.institution_id,
        )
    return inquiry


def notify(inquiry_id: int, *, to_owner: bool) -> None:
    """Tell the other side that a message waits on the platform; the e-mail holds a link, not
    the message, nor anyone's address. A failing mail server is logged."""
    inquiry = Inquiry.objects.select_related("achievement", "asker").get(pk=inquiry_id)
    if to_owner:
        recipients = list(
            RoleAssignment.objects.filter(
                role=Role.COORDINATOR, institution_id=inquiry.achievement.institution_id
            )
            .order_by("user__email")
            .values_list("user__email", flat=True)
        )
    else:
        recipients = [inquiry.asker.email]
    context = {
        "inquiry": inquiry,
        "url": settings.SITE_URL.rstrip("/") + reverse("knowledge:inquiry", args=[inquiry.pk]),
        "alliance": settings.ALLIANCE_NAME,
    }
    subject = render_to_string("knowledge/email/inquiry_subject.txt", context)
    body = render_to_string("knowledge/email/inquiry_body.txt", context)
    for recipient in recipients:
        try:
            send_mail(" ".join(subject.split()), body, None, [recipient])
        except OSError:
            log.exception("could not send the inquiry e-mail for inquiry %s", inquiry_id)
