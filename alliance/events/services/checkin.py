"""Check-in at the door: a scanned ticket (the QR code on the badge, or the code typed by hand)
checks a confirmed registrant in once. Every scan is kept; a repeat is reported with the time
of the first, never counted twice.

Two scans of one ticket at the same moment (two doors, a double read) check in exactly once:
the check-in is a single ``UPDATE … WHERE checked_in_at IS NULL``, and only the scan whose
update changed the row reports CHECKED_IN. On PostgreSQL the second update waits for the
first's row lock and then finds the column set; on SQLite writers queue at BEGIN IMMEDIATE.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.enums import RegistrationStatus, ScanResult
from alliance.events.models import Event, Registration, Scan

CODE_MAX = Scan._meta.get_field("code").max_length


@dataclass(frozen=True)
class ScanOutcome:
    result: ScanResult
    registration: Registration | None
    first_checked_in_at: datetime.datetime | None
    scan: Scan

    @property
    def counted(self) -> bool:
        return self.result == ScanResult.CHECKED_IN


def clean_code(code: str) -> str:
    """The ticket in what a scanner or a person typed: spaces and a trailing newline dropped;
    a whole address (a QR code that holds a link) reduced to its last part."""
    text = "".join(code.split())
    return text.rstrip("/").rsplit("/", 1)[-1]


def scan(
    event: Event, *, actor: User, code: str, now: datetime.datetime | None = None
) -> ScanOutcome:
    """Record a scan of ``code`` at ``event`` and check its registrant in if this is the
    first time."""
    now = now or timezone.now()
    ticket = clean_code(code)
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("institution")
            .filter(event=event, ticket=ticket)
            .first()
            if ticket
            else None
        )
        first: datetime.datetime | None = None
        if registration is None:
            result = ScanResult.UNKNOWN
        elif registration.status != RegistrationStatus.CONFIRMED:
            result = ScanResult.NOT_CONFIRMED
        else:
            changed = Registration.objects.filter(
                pk=registration.pk,
                status=RegistrationStatus.CONFIRMED,
                checked_in_at__isnull=True,
            ).update(checked_in_at=now)
            if changed:
                result = ScanResult.CHECKED_IN
                registration.checked_in_at = first = now
                record_audit(
                    "events.registration.check_in",
                    actor=actor,
                    obj=registration,
                    after={"checked_in_at": now},
                    institution_id=registration.institution_id,
                )
            else:
                registration.refresh_from_db(fields=["status", "checked_in_at"])
                first = registration.checked_in_at
                result = (
                    ScanResult.ALREADY
                    if registration.checked_in_at is not None
                    else ScanResult.NOT_CONFIRMED
                )
        record = Scan.objects.create(
            event=event,
            registration=registration,
            code=ticket[:CODE_MAX] if ticket else "",
            result=result,
            scanned_by=actor,
            scanned_at=now,
        )
    return ScanOutcome(result, registration, first, record)
