"""Answers to an event's registration questions, and registering together with them.

``register_with_answers`` registers (``services.registrations.register``) and stores the answers
in one transaction: an answer that fails leaves no registration behind, and a registration that
fails leaves no answers. The rules of a valid answer live here once; the registration form calls
``clean_answers`` to show them field by field, and the service checks them again.

Files are accepted by their content, never by their name: a PDF (it starts with ``%PDF-``), or a
JPEG or PNG image that Pillow can read, no larger than ``settings.UPLOAD_MAX_BYTES``.
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from PIL import Image, UnidentifiedImageError

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.events.enums import QuestionKind, RegistrationStatus
from alliance.events.models import Answer, Event, Question, Registration
from alliance.events.services.notifications import send_to_registrant
from alliance.events.services.questions import CONSENT_GIVEN
from alliance.events.services.registrations import register

log = logging.getLogger(__name__)
K = QuestionKind

MAX_TEXT: dict[str, int] = {K.TEXT: 500, K.LONG_TEXT: 5000}
# What a file may be, found from its first bytes: content type and the extension it is stored as.
PDF = ("application/pdf", "pdf")
IMAGES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
# The e-mail sent to a new registration, by its status.
EMAIL_FOR = {
    RegistrationStatus.CONFIRMED: "registration_confirmed",
    RegistrationStatus.PENDING: "registration_pending",
    RegistrationStatus.WAITLISTED: "registration_waitlisted",
}


def field_name(question: Question) -> str:
    """The name of a question's field in forms: its key, kept apart from the form's own fields."""
    return f"q_{question.key}"


def matches(value: Any, wanted: Iterable[str]) -> bool:
    """Whether an answer is one of ``wanted``: a choice among them, several choices of which
    one is among them, or a consent given (it counts as "yes")."""
    if value is True:
        given = {CONSENT_GIVEN}
    elif isinstance(value, list | tuple | set):
        given = {str(v) for v in value}
    elif value in (None, "", False):
        given = set()
    else:
        given = {str(value)}
    return bool(given & set(wanted))


def is_shown(question: Question, asked: Mapping[int, Any]) -> bool:
    """Whether a question is asked, given the answers (by question id) to the questions asked
    before it: always when it has no condition; else when its earlier question was asked and
    answered with a value it waits for."""
    if question.show_if_id is None:
        return True
    return question.show_if_id in asked and matches(
        asked[question.show_if_id], question.show_if_values
    )


def shown_questions(questions: Iterable[Question], values: Mapping[str, Any]) -> list[Question]:
    """The questions asked, in order, given the answers (keyed by question key)."""
    shown: list[Question] = []
    asked: dict[int, Any] = {}
    for question in questions:
        if is_shown(question, asked):
            shown.append(question)
            asked[question.pk] = values.get(question.key)
    return shown


def check_upload(upload: File) -> tuple[str, str]:
    """(content type, extension) of an uploaded file accepted by its content; a clear error
    for anything too large or not a PDF, JPEG or PNG."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return PDF
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind in IMAGES:
        return IMAGES[kind]
    raise ValidationError(
        _("Only a PDF document or a JPEG or PNG image is accepted; this file is none of them."),
        code="file_type",
    )


@dataclass
class CleanAnswers:
    """Answers checked against the questions: values to store, files to store, and the keys of
    the questions shown (the others are ignored, and any earlier answer to them removed)."""

    values: dict[str, Any] = field(default_factory=dict)
    files: dict[str, tuple[File, str, str]] = field(default_factory=dict)  # file, type, ext
    shown: set[str] = field(default_factory=set)


def clean_answers(
    questions: Iterable[Question],
    answers: Mapping[str, Any],
    files: Mapping[str, File] | None = None,
) -> CleanAnswers:
    """Check the answers (keyed by question key) to the questions shown. Raises one
    ValidationError naming every failing question by its key."""
    files = files or {}
    result = CleanAnswers()
    errors: dict[str, list[str]] = {}
    asked: dict[int, Any] = {}  # question id -> cleaned answer, for the questions shown
    for question in questions:
        if not is_shown(question, asked):
            continue
        result.shown.add(question.key)
        asked[question.pk] = None
        try:
            if question.kind == K.FILE:
                upload = files.get(question.key)
                if upload:
                    content_type, ext = check_upload(upload)
                    result.files[question.key] = (upload, content_type, ext)
                elif question.required:
                    raise ValidationError(_("Attach the file asked for."), code="required")
                continue
            value = _clean_value(question, answers.get(question.key))
        except ValidationError as exc:
            errors[question.key] = exc.messages
            continue
        asked[question.pk] = value
        if value in (None, "", [], False):
            if question.required:
                errors[question.key] = [
                    _("Give your consent to register.")
                    if question.kind == K.CONSENT
                    else _("Answer this question.")
                ]
            continue
        result.values[question.key] = value
    if errors:
        raise ValidationError(errors)
    return result


def _clean_value(question: Question, value: Any) -> Any:
    """The value as stored (JSON): text, a choice's value, a list of values, an ISO date, a
    country code or True."""
    kind = question.kind
    if kind in MAX_TEXT:
        text = "" if value is None else str(value).strip()
        if len(text) > MAX_TEXT[kind]:
            raise ValidationError(
                _("Keep the answer under %(n)d characters.") % {"n": MAX_TEXT[kind]}
            )
        return text
    known = [c["value"] for c in question.choices or []]
    if kind == K.CHOICE:
        if value in (None, ""):
            return ""
        if str(value) not in known:
            raise ValidationError(_("Choose one of the answers offered."))
        return str(value)
    if kind == K.MULTIPLE:
        chosen = [value] if isinstance(value, str) else list(value or [])
        if any(str(v) not in known for v in chosen):
            raise ValidationError(_("Choose among the answers offered."))
        return [v for v in known if v in {str(c) for c in chosen}]
    if kind == K.DATE:
        if value in (None, ""):
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        try:
            return datetime.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Give a date as YYYY-MM-DD.")) from None
    if kind == K.COUNTRY:
        if value in (None, ""):
            return ""
        code = str(value).upper()
        if code not in dict(countries):
            raise ValidationError(_("Choose a country or region from the list."))
        return code
    if kind == K.CONSENT:
        return value is True or str(value).lower() in ("true", "on", "yes", "1")
    raise ValidationError(_("This kind of question cannot be answered here."))


def save_answers(
    registration: Registration,
    *,
    actor: User,
    answers: Mapping[str, Any],
    files: Mapping[str, File] | None = None,
) -> list[Answer]:
    """Store a registration's answers (keyed by question key), replacing earlier ones; answers to
    questions not shown are removed. Checks everything before writing anything."""
    questions = list(
        Question.objects.filter(event_id=registration.event_id).order_by("position", "pk")
    )
    cleaned = clean_answers(questions, answers, files)
    with transaction.atomic():
        return _store(registration, questions, cleaned, actor=actor)


def _store(
    registration: Registration, questions: list[Question], cleaned: CleanAnswers, *, actor: User
) -> list[Answer]:
    stored: list[Answer] = []
    written: list[Answer] = []  # files written to storage, removed again should anything fail
    try:
        for question in questions:
            if question.key in cleaned.values:
                answer, _created = Answer.objects.update_or_create(
                    registration=registration,
                    question=question,
                    defaults={"value": cleaned.values[question.key], "file": ""},
                )
                stored.append(answer)
            elif question.key in cleaned.files:
                upload, content_type, ext = cleaned.files[question.key]
                answer = Answer.objects.filter(
                    registration=registration, question=question
                ).first() or Answer(registration=registration, question=question)
                answer.value = {
                    "name": os.path.basename(str(upload.name or ""))[:200],
                    "type": content_type,
                    "size": upload.size,
                }
                upload.seek(0)
                answer.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
                written.append(answer)
                answer.save()
                stored.append(answer)
            else:
                Answer.objects.filter(registration=registration, question=question).delete()
        record_audit(
            "events.answers.save",
            actor=actor,
            obj=registration,
            after={
                "answered": sorted(cleaned.values),
                "files": sorted(cleaned.files),
            },
            institution_id=registration.institution_id,
        )
    except BaseException:
        for answer in written:
            answer.file.delete(save=False)
        raise
    return stored


def register_with_answers(
    event: Event,
    *,
    actor: User,
    answers: Mapping[str, Any] | None = None,
    files: Mapping[str, File] | None = None,
    user: User | None = None,
    name: str,
    email: str = "",
    institution: Any = None,
    code: str = "",
    submission_key: str | None = None,
    over_quota_reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register (see ``register``) and store the answers in one transaction, then e-mail the
    registrant: confirmed, awaiting approval or on the waiting list.

    ``answers`` None means the form was not put to the person (a coordinator names a delegate,
    the Secretariat registers someone beyond a quota): no answers are asked or stored. The same
    ``submission_key`` again (a double click) returns the first registration and changes
    nothing."""
    now = now or timezone.now()
    questions = list(Question.objects.filter(event=event).order_by("position", "pk"))
    cleaned = clean_answers(questions, answers, files) if answers is not None else None
    with transaction.atomic():
        registration = register(
            event,
            actor=actor,
            user=user,
            name=name,
            email=email,
            institution=institution,
            code=code,
            submission_key=submission_key,
            over_quota_reason=over_quota_reason,
            now=now,
        )
        if registration.created_at != now:
            # register() found the registration made earlier with this submission key.
            return registration
        if cleaned is not None:
            _store(registration, questions, cleaned, actor=actor)
        template = EMAIL_FOR.get(RegistrationStatus(registration.status))
        if template:
            transaction.on_commit(lambda: send_to_registrant(registration.pk, template))
    return registration
