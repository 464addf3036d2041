"""Invitation and visa letters: the registrant asks and gives passport details, the Secretariat
issues (a numbered PDF, e-mailed) or refuses, and the details are erased on a retention date.

What is stored, and how:
- the passport details (full name, number, nationality, dates of birth and expiry) as one
  encrypted JSON object (``alliance.core.crypto``);
- the optional scan (PDF, JPEG or PNG, recognised by its content, at most ``SCAN_MAX_BYTES``),
  encrypted too, in the "private" storage, which has no public address: it is served only by a
  view that checks who asks;
- ``erase_after``: the event's last day plus ``RETENTION_DAYS``. From that day the details and
  the scan are erased (``erase_passport_details``, run daily); an issued letter keeps its number.

Audit rows never carry passport data: they say "passport details given: yes".
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_countries import countries
from PIL import Image, UnidentifiedImageError

from alliance.core.crypto import decrypt_bytes, decrypt_json, encrypt_bytes, encrypt_json
from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.enums import LetterStatus, RegistrationStatus
from alliance.events.models import Event, LetterRequest, Registration
from alliance.events.pdf import letter_pdf, local_date
from alliance.events.services.documents import LETTER, next_number

log = logging.getLogger(__name__)

RETENTION_DAYS = 90
SCAN_MAX_BYTES = 5 * 1024 * 1024
SCAN_KINDS = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
PASSPORT_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
REVIEW = "events.review_letters"


@dataclass(frozen=True)
class ScanFile:
    """A passport scan that passed the checks: its kind (a key of SCAN_KINDS) and bytes."""

    kind: str
    content: bytes

    @property
    def content_type(self) -> str:
        return SCAN_KINDS[self.kind]


def scan_storage() -> Storage:
    return storages["private"]


def erase_date(event: Event) -> datetime.date:
    """The day the passport details given for ``event`` are erased."""
    return local_date(event, event.ends_at) + datetime.timedelta(days=RETENTION_DAYS)


def _scan_error(message: str) -> ValidationError:
    return ValidationError({"scan": message}, code="scan")


def check_scan(upload: File) -> ScanFile:
    """The upload's bytes when it is a PDF, JPEG or PNG (judged by its content, not its name)
    of at most SCAN_MAX_BYTES; else a ValidationError on ``scan``."""
    too_large = _("The scan is larger than %(size)s MB. Scan at a lower resolution.") % {
        "size": SCAN_MAX_BYTES // (1024 * 1024)
    }
    if upload.size is not None and upload.size > SCAN_MAX_BYTES:
        raise _scan_error(too_large)
    upload.seek(0)
    content = upload.read(SCAN_MAX_BYTES + 1)
    if len(content) > SCAN_MAX_BYTES:
        raise _scan_error(too_large)
    not_a_scan = _("The scan must be a PDF, JPEG or PNG file.")
    if content.startswith(b"%PDF-"):
        return ScanFile("pdf", content)
    kind = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}.get(
        content[:3] if content.startswith(b"\xff\xd8\xff") else content[:8]
    )
    if kind is None:
        raise _scan_error(not_a_scan)
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
            if image.format != {"jpg": "JPEG", "png": "PNG"}[kind]:
                raise _scan_error(not_a_scan)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _scan_error(_("The scan is damaged: it cannot be read as an image.")) from None
    return ScanFile(kind, content)


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def clean_passport(passport: Mapping[str, Any], *, event: Event) -> dict[str, str]:
    """The passport details, checked and tidied for storing; a ValidationError names each
    field that is wrong."""
    errors: dict[str, str] = {}
    full_name = " ".join(strip_tags(str(passport.get("full_name") or "")).split())[:200]
    if not full_name:
        errors["full_name"] = _("Type your name as it is written in your passport.")
    number = re.sub(r"[\s-]", "", str(passport.get("number") or "")).upper()
    if not PASSPORT_NUMBER.fullmatch(number):
        errors["number"] = _("A passport number has 5 to 20 letters and digits.")
    nationality = str(passport.get("nationality") or "").strip().upper()
    if nationality not in countries:
        errors["nationality"] = _("Choose the country or region that issued your passport.")
    today = timezone.localdate()
    birth = _date(passport.get("birth_date"))
    if birth is None or birth >= today:
        errors["birth_date"] = _("Give your date of birth.")
    expiry = _date(passport.get("expiry_date"))
    if expiry is None:
        errors["expiry_date"] = _("Give the date your passport expires.")
    elif expiry <= local_date(event, event.ends_at):
        errors["expiry_date"] = _(
            "Your passport expires before the event ends. Renew it first: most countries "
            "ask for a passport valid six months beyond the stay."
        )
    if errors or birth is None or expiry is None:
        raise ValidationError(errors)
    return {
        "full_name": full_name,
        "number": number,
        "nationality": nationality,
        "birth_date": birth.isoformat(),
        "expiry_date": expiry.isoformat(),
    }


def _trace(letter: LetterRequest) -> dict[str, Any]:
    """What an audit row may say about a letter: never the passport details themselves."""
    return {
        "status": letter.status,
        "needs_visa": letter.needs_visa,
        "number": letter.number,
        "passport_details_given": "yes" if letter.passport is not None else "no",
        "scan_given": "yes" if letter.passport_scan else "no",
        "erase_after": letter.erase_after,
    }


def request_letter(
    registration: Registration,
    *,
    actor: User,
    passport: Mapping[str, Any],
    scan: File | None = None,
    needs_visa: bool = True,
    now: datetime.datetime | None = None,
) -> LetterRequest:
    """Ask for a letter for a confirmed registration, giving passport details (and a scan).
    A request that waits or was refused is replaced; an issued letter stays as it is."""
    now = now or timezone.now()
    if actor.pk != registration.user_id and not actor.has_perm(REVIEW):
        raise PermissionDenied
    details = clean_passport(passport, event=registration.event)
    checked = check_scan(scan) if scan is not None else None
    storage = scan_storage()
    stored = ""
    if checked is not None:
        stored = storage.save(
            f"events/passports/{now.year}/{secrets.token_hex(16)}.{checked.kind}.enc",
            ContentFile(encrypt_bytes(checked.content)),
        )
    try:
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update()
                .select_related("event")
                .get(pk=registration.pk)
            )
            if registration.status != RegistrationStatus.CONFIRMED:
                raise ValidationError(
                    _("Letters are written for confirmed registrations; yours is: %(status)s.")
                    % {"status": registration.get_status_display()},
                    code="not_confirmed",
                )
            letter = LetterRequest.objects.filter(registration=registration).first()
            before = _trace(letter) if letter is not None else None
            if letter is None:
                letter = LetterRequest(registration=registration, created_at=now)
            elif letter.status == LetterStatus.ISSUED:
                raise ValidationError(
                    _("Your letter was issued already (%(number)s).") % {"number": letter.number},
                    code="issued",
                )
            elif letter.status == LetterStatus.ERASED:
                raise ValidationError(
                    _("This request was closed and its passport details erased."), code="erased"
                )
            replaced_scan = letter.passport_scan.name if stored else ""
            letter.status = LetterStatus.REQUESTED
            letter.refusal_reason = ""
            letter.needs_visa = needs_visa
            letter.passport = encrypt_json(details)
            if stored:
                letter.passport_scan = stored
            letter.erase_after = erase_date(registration.event)
            letter.save()
            record_audit(
                "events.letter.request",
                actor=actor,
                obj=letter,
                before=before,
                after=_trace(letter),
                institution_id=registration.institution_id,
            )
            if replaced_scan:
                transaction.on_commit(lambda: storage.delete(replaced_scan))
    except BaseException:
        if stored:  # nothing half-saved: the new scan goes with the failed request
            storage.delete(stored)
        raise
    return letter


def _locked_for_review(letter: LetterRequest, actor: User) -> LetterRequest:
    if not actor.has_perm(REVIEW):
        raise PermissionDenied
    letter = (
        LetterRequest.objects.select_for_update()
        .select_related("registration__event")
        .get(pk=letter.pk)
    )
    if letter.status == LetterStatus.ISSUED:
        raise ValidationError(
            _("This letter was issued already, as %(number)s.") % {"number": letter.number},
            code="issued",
        )
    if letter.status == LetterStatus.REFUSED:
        raise ValidationError(
            _("This request was refused; the registrant may ask again."), code="refused"
        )
    if letter.status == LetterStatus.ERASED or letter.passport is None:
        raise ValidationError(_("The passport details of this request were erased."), code="erased")
    return letter


def issue_letter(
    letter: LetterRequest, *, actor: User, now: datetime.datetime | None = None
) -> LetterRequest:
    """Issue the letter: it takes this year's next number (AUA-VL-2027-0001) and is e-mailed
    to the registrant as a PDF once saved."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = _locked_for_review(letter, actor)
        registration = letter.registration
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _("The registration is no longer confirmed (%(status)s).")
                % {"status": registration.get_status_display()},
                code="not_confirmed",
            )
        before = _trace(letter)
        letter.number = next_number(LETTER, now=now)
        letter.status = LetterStatus.ISSUED
        letter.issued_at = now
        letter.issued_by = actor
        letter.save(update_fields=["number", "status", "issued_at", "issued_by"])
        record_audit(
            "events.letter.issue",
            actor=actor,
            obj=letter,
            before=before,
            after=_trace(letter),
            institution_id=registration.institution_id,
        )
        transaction.on_commit(partial(email_letter, letter.pk))
    return letter


def refuse_letter(
    letter: LetterRequest, *, actor: User, reason: str, now: datetime.datetime | None = None
) -> LetterRequest:
    """Refuse the request, saying why; the registrant is told and may ask again."""
    reason = " ".join(strip_tags(reason).split())[:300]
    if not reason:
        raise ValidationError({"reason": _("Say why the letter is refused.")})
    with transaction.atomic():
        letter = _locked_for_review(letter, actor)
        before = _trace(letter)
        letter.status = LetterStatus.REFUSED
        letter.refusal_reason = reason
        letter.save(update_fields=["status", "refusal_reason"])
        record_audit(
            "events.letter.refuse",
            actor=actor,
            obj=letter,
            before=before,
            after={**_trace(letter), "reason": reason},
            institution_id=letter.registration.institution_id,
        )
        transaction.on_commit(partial(email_refusal, letter.pk))
    return letter


def record_passport_view(letter: LetterRequest, *, actor: User) -> None:
    """Leave a trace that ``actor`` saw a letter request's passport details or scan."""
    with transaction.atomic():
        record_audit(
            "events.letter.view_passport",
            actor=actor,
            obj=letter,
            after={"passport_details_shown": "yes", "scan_given": bool(letter.passport_scan)},
            institution_id=letter.registration.institution_id,
        )


def erase_passport_details(*, now: datetime.datetime | None = None) -> int:
    """Erase the passport details and scans whose day has come; returns how many requests
    were erased. An issued letter keeps its number and status."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = LetterRequest.objects.filter(erase_after__lte=today, erased_at__isnull=True)
    erased = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            letter = (
                LetterRequest.objects.select_for_update().select_related("registration").get(pk=pk)
            )
            if letter.erased_at is not None:
                continue
            erase_passport(letter, actor=None, now=now)
            erased += 1
    return erased


def erase_passport(letter: LetterRequest, *, actor: User | None, now: datetime.datetime) -> None:
    """Erase one request's passport details and scan now (inside the caller's transaction, on
    a locked row); an issued letter keeps its number and status."""
    before = _trace(letter)
    if letter.passport_scan.name:
        scan_storage().delete(letter.passport_scan.name)
    letter.passport = None
    letter.passport_scan = ""
    letter.erased_at = now
    if letter.status != LetterStatus.ISSUED:
        letter.status = LetterStatus.ERASED
    letter.save(update_fields=["passport", "passport_scan", "erased_at", "status"])
    record_audit(
        "events.letter.erase_passport",
        actor=actor,
        obj=letter,
        before=before,
        after=_trace(letter),
        institution_id=letter.registration.institution_id,
    )


# --- reads of the encrypted details, for the pages that may show them ---


def passport_details(letter: LetterRequest) -> dict[str, Any] | None:
    """The decrypted passport details (dates as dates), or None once erased."""
    if letter.passport is None:
        return None
    details = decrypt_json(letter.passport)
    for key in ("birth_date", "expiry_date"):
        details[key] = datetime.date.fromisoformat(details[key])
    details["nationality_name"] = str(countries.name(details["nationality"]))
    return details


def read_scan(letter: LetterRequest) -> ScanFile | None:
    """The decrypted scan, or None when none was given, it was erased or the file is gone."""
    name = letter.passport_scan.name
    if not name:
        return None
    storage = scan_storage()
    try:
        with storage.open(name, "rb") as stored:
            content = decrypt_bytes(stored.read())
    except FileNotFoundError:
        log.warning("letter request %s: scan %s is missing from storage", letter.pk, name)
        return None
    kind = name.rsplit(".", 2)[-2]
    return ScanFile(kind if kind in SCAN_KINDS else "pdf", content)


# --- e-mails, sent after the transaction commits, in the registrant's language ---


def _language_of(registration: Registration) -> str:
    chosen = registration.user.language
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _email(letter: LetterRequest, template: str, attachment: bytes | None = None) -> None:
    registration = letter.registration
    with translation.override(_language_of(registration)):
        context = {
            "letter": letter,
            "registration": registration,
            "event": registration.event,
            "site_url": settings.SITE_URL.rstrip("/"),
            "alliance": settings.ALLIANCE_NAME,
        }
        subject = render_to_string(f"events/email/letter_{template}_subject.txt", context)
        body = render_to_string(f"events/email/letter_{template}_body.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [registration.email])
    if attachment is not None:
        message.attach(f"{letter.number}.pdf", attachment, "application/pdf")
    try:
        message.send()
    except OSError:  # smtplib's errors are OSErrors too
        log.exception("could not send the letter_%s e-mail for letter %s", template, letter.pk)


def email_letter(letter_id: int) -> None:
    """E-mail the issued letter, as a PDF, to the registrant."""
    letter = LetterRequest.objects.select_related(
        "registration__event", "registration__user", "registration__institution"
    ).get(pk=letter_id)
    _email(letter, "issued", attachment=letter_pdf(letter, passport_details(letter)))


def email_refusal(letter_id: int) -> None:
    letter = LetterRequest.objects.select_related("registration__event", "registration__user").get(
        pk=letter_id
    )
    _email(letter, "refused")
