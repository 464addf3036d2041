"""Numbered documents: yearly numbers (AUA-VL-2027-0001) and certificates of attendance.

A number is taken under a row lock on its yearly ``NumberSequence``, inside the transaction
that stores it, so two documents never share a number and a rolled-back issue leaves no gap.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.enums import RegistrationStatus
from alliance.events.models import Certificate, NumberSequence, Registration

LETTER = "VL"  # invitation and visa letters
CERTIFICATE = "CA"  # certificates of attendance


def next_number(kind: str, *, now: datetime.datetime | None = None) -> str:
    """The next number of ``kind`` this year, such as AUA-VL-2027-0001. Call it inside the
    transaction that stores the number."""
    year = timezone.localdate(now or timezone.now()).year
    prefix = f"{settings.ALLIANCE_SHORT_NAME}-{kind}"
    key = prefix[: NumberSequence._meta.get_field("prefix").max_length]
    # Locked until the caller's transaction ends (get_or_create copes with a sequence that
    # another transaction creates at the same moment).
    sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
        prefix=key, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:04d}"


def issue_certificate(
    registration: Registration, *, actor: User, now: datetime.datetime | None = None
) -> Certificate:
    """The registration's certificate of attendance, numbered the first time it is asked
    for; only for someone who checked in. Asking again returns the same certificate."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        existing = Certificate.objects.filter(registration=registration).first()
        if existing is not None:
            return existing
        if registration.status != RegistrationStatus.CONFIRMED or not registration.checked_in_at:
            raise ValidationError(
                _("A certificate of attendance is given to those who checked in at the event."),
                code="not_checked_in",
            )
        certificate = Certificate.objects.create(
            registration=registration, number=next_number(CERTIFICATE, now=now), issued_at=now
        )
        record_audit(
            "events.certificate.issue",
            actor=actor,
            obj=certificate,
            after={"number": certificate.number, "registration": registration.pk},
            institution_id=registration.institution_id,
        )
    return certificate
