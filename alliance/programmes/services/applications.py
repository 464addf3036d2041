"""Applications: a draft saved as it is typed, files uploaded to the private storage, the
endorsements asked for by e-mail, the submission (every eligibility rule checked, every problem
listed at once, nothing lost) and the withdrawal."""

from __future__ import annotations

import datetime
import os
import secrets
import uuid
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.events.services.answers import check_upload
from alliance.members.enums import Relation
from alliance.programmes.engine.workdays import working_days
from alliance.programmes.enums import (
    ApplicantCategory,
    ApplicationStatus,
    EndorsementKind,
    QuestionKind,
)
from alliance.programmes.models import Application, ApplicationFile, Call, Endorsement
from alliance.programmes.services.nominations import drop_from_ranking
from alliance.programmes.services.notifications import send_endorsement_request

DRAFT_FIELDS = (
    "category",
    "home",
    "host",
    "starts_on",
    "ends_on",
    "title",
    "plan",
    "home_head_name",
    "home_head_email",
    "host_contact_name",
    "host_contact_email",
)
MAX_ANSWER: dict[str, int] = {QuestionKind.TEXT: 500, QuestionKind.LONG_TEXT: 5000}
WITHDRAWABLE = (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.RESERVE)


def start_application(call: Call, *, actor: User) -> Application:
    """A new, empty draft of ``actor`` in ``call``; refused when they have one already (one
    application per person and call)."""
    if Application.objects.filter(call=call, applicant=actor).exists():
        raise ValidationError(_("You already have an application to this call."), code="duplicate")
    _check_accepting(call)
    try:
        with transaction.atomic():
            application = Application.objects.create(call=call, applicant=actor)
            record_audit("programmes.application.start", actor=actor, obj=application)
    except IntegrityError:
        raise ValidationError(
            _("You already have an application to this call."), code="duplicate"
        ) from None
    return application


def save_draft(
    application: Application, *, actor: User, data: Mapping[str, Any], answers: Mapping[str, Any]
) -> Application:
    """Keep what was typed (``data``: DRAFT_FIELDS; ``answers``: by question key). Nothing is
    checked for completeness here: the submission does that."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application)
        before = snapshot(application, [*DRAFT_FIELDS, "answers"])
        for field in DRAFT_FIELDS:
            if field in data:
                setattr(
                    application, field, data[field] if data[field] is not None else _empty(field)
                )
        keys = {q.key: q for q in application.call.questions.all()}
        kept = {k: v for k, v in application.answers.items() if k in keys}
        for key, value in answers.items():
            if key in keys and keys[key].kind != QuestionKind.FILE:
                kept[key] = value
        application.answers = kept
        application.updated_at = timezone.now()
        application.save()
        after = snapshot(application, [*DRAFT_FIELDS, "answers"])
        changed = [k for k in after if after[k] != before[k]]
        if changed:
            record_audit(
                "programmes.application.draft",
                actor=actor,
                obj=application,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    return application


def _empty(field: str) -> Any:
    return None if field in ("home", "host", "starts_on", "ends_on") else ""


def upload_file(
    application: Application, *, actor: User, key: str, upload: File
) -> ApplicationFile:
    """Store ``upload`` for the file question or required document ``key``, replacing an
    earlier one. Refused, with a clear message, when its content is not a PDF, JPEG or PNG
    (whatever its name says) or when it is too large."""
    call = application.call
    keys = {q.key for q in call.questions.all() if q.kind == QuestionKind.FILE}
    keys |= {d.key for d in call.documents.all()}
    if key not in keys:
        raise ValidationError({"file": [_("This call asks for no such file.")]})
    try:
        content_type, ext = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application)
        old = ApplicationFile.objects.filter(application=application, key=key).first()
        if old is not None:
            old_name = str(old.file.name)
            old.delete()
            transaction.on_commit(partial(old.file.storage.delete, old_name))
        stored = ApplicationFile(
            application=application,
            key=key,
            name=os.path.basename(str(upload.name or ""))[:200] or key,
            content_type=content_type,
            size=int(upload.size or 0),
        )
        upload.seek(0)
        stored.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
        stored.save()
        record_audit(
            "programmes.application.upload",
            actor=actor,
            obj=application,
            after={"key": key, "name": stored.name, "content_type": content_type},
        )
    return stored


def request_endorsements(application: Application, *, actor: User) -> dict[str, str]:
    """E-mail the head of the applicant's unit and the host (as the call requires) a link to
    approve. An approval already given to the same address is kept; any other request is made
    anew (the old link stops working). Returns the new links' secrets by kind."""
    call = application.call
    wanted: list[tuple[EndorsementKind, str, str]] = []
    problems: dict[str, list[str]] = {}
    if call.needs_home_approval:
        if not application.home_head_email:
            problems["home_head_email"] = [_("Give the e-mail address of the head of your unit.")]
        wanted.append(
            (EndorsementKind.HOME_HEAD, application.home_head_name, application.home_head_email)
        )
    if call.needs_host_acceptance:
        if not application.host_contact_email:
            problems["host_contact_email"] = [_("Give the e-mail address of your host.")]
        wanted.append(
            (EndorsementKind.HOST, application.host_contact_name, application.host_contact_email)
        )
    if not wanted:
        raise ValidationError(_("This call asks for no endorsement."))
    if problems:
        raise ValidationError(problems)
    sent: dict[str, str] = {}
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _check_editable(application)
        for kind, name, email in wanted:
            current = Endorsement.objects.filter(application=application, kind=kind).first()
            if current and current.approved and current.email.lower() == email.lower():
                continue
            if current is not None:
                current.delete()
            secret = secrets.token_urlsafe(32)
            endorsement = Endorsement.objects.create(
                application=application,
                kind=kind,
                name=name.strip() or email,
                email=email.strip().lower(),
                secret_hash=hash_secret(secret),
            )
            sent[kind.value] = secret
            record_audit(
                "programmes.endorsement.request",
                actor=actor,
                obj=application,
                after={"kind": kind.value, "email": endorsement.email},
            )
            transaction.on_commit(partial(send_endorsement_request, endorsement.pk, secret))
    return sent


def answer_endorsement(
    endorsement: Endorsement, *, approved: bool, comment: str = ""
) -> Endorsement:
    """The endorser's yes or no, given once, through the e-mailed link (no account needed)."""
    with transaction.atomic():
        endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if endorsement.answered_at is not None:
            raise ValidationError(_("This request has been answered already."), code="answered")
        if endorsement.application.status == ApplicationStatus.WITHDRAWN:
            raise ValidationError(_("The application was withdrawn."), code="withdrawn")
        endorsement.approved = approved
        endorsement.comment = comment.strip()
        endorsement.answered_at = timezone.now()
        endorsement.save()
        record_audit(
            "programmes.endorsement.answer",
            actor=None,
            obj=endorsement.application,
            after={"kind": endorsement.kind, "email": endorsement.email, "approved": approved},
        )
    return endorsement


def eligibility_problems(
    application: Application, *, at: datetime.datetime | None = None
) -> dict[str, list[str]]:
    """Everything that stops ``application`` from being submitted, by field ("__all__" for
    the deadline and the endorsements)."""
    call = application.call
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    moment = at or timezone.now()
    if not call.accepts_at(moment):
        closes = date_format(call.closes_local, "DATETIME_FORMAT")
        if moment >= call.closes_at:
            add(
                "__all__",
                _("The call closed on %(when)s (%(zone)s); applications are no longer accepted.")
                % {"when": closes, "zone": call.time_zone},
            )
        else:
            add("__all__", _("The call is not open for applications."))
    if not application.category:
        add("category", _("Say who you are at your home institution."))
    elif application.category not in call.eligible_categories:
        allowed = ", ".join(str(ApplicantCategory(c).label) for c in call.eligible_categories)
        add("category", _("This call is for: %(allowed)s.") % {"allowed": allowed})
    if application.home is None:
        add("home", _("Choose your home institution."))
    elif application.home.relation != Relation.MEMBER:
        add("home", _("Your home institution must be a member of the alliance."))
    if application.host is None:
        add("host", _("Choose your host institution."))
    elif application.host.relation != Relation.MEMBER:
        add("host", _("The host must be a member of the alliance."))
    elif application.host_id == application.home_id:
        add("host", _("The host must differ from your home institution."))
    _check_dates(application, add)
    if not application.title.strip():
        add("title", _("Give the activity a title."))
    if not application.plan.strip():
        add("plan", _("Describe the plan of the activity."))
    files = {f.key for f in application.files.all()}
    for question in call.questions.all():
        value = application.answers.get(question.key)
        if question.kind == QuestionKind.FILE:
            if question.required and question.key not in files:
                add("__all__", _("Upload a file for “%(q)s”.") % {"q": question.label})
            continue
        if question.required and not str(value or "").strip():
            add("__all__", _("Answer “%(q)s”.") % {"q": question.label})
        elif question.kind == QuestionKind.CHOICE and value and value not in question.choices:
            add(
                "__all__",
                _("Choose one of the offered answers to “%(q)s”.") % {"q": question.label},
            )
        elif question.kind in MAX_ANSWER and len(str(value or "")) > MAX_ANSWER[question.kind]:
            add(
                "__all__",
                _("Keep the answer to “%(q)s” under %(n)d characters.")
                % {"q": question.label, "n": MAX_ANSWER[question.kind]},
            )
    for document in call.documents.all():
        if document.key not in files:
            add("__all__", _("Upload the document “%(d)s”.") % {"d": document.label})
    _check_endorsements(application, add)
    return problems


def _check_dates(application: Application, add: Any) -> None:
    call = application.call
    if application.starts_on is None or application.ends_on is None:
        add("starts_on", _("Give the first and last day of the activity."))
        return
    if application.ends_on < application.starts_on:
        add("ends_on", _("The activity must end after it starts."))
        return
    if application.starts_on < call.activity_from or application.ends_on > call.activity_until:
        add(
            "starts_on",
            _("The activity must take place within the cycle, from %(start)s to %(end)s.")
            % {
                "start": date_format(call.activity_from),
                "end": date_format(call.activity_until),
            },
        )
    days = working_days(application.starts_on, application.ends_on)
    if days < call.min_working_days:
        add(
            "ends_on",
            _(
                "The activity lasts %(days)d working days (Monday to Friday); this call asks "
                "for at least %(min)d."
            )
            % {"days": days, "min": call.min_working_days},
        )


def _check_endorsements(application: Application, add: Any) -> None:
    call = application.call
    given = {e.kind: e for e in application.endorsements.all()}
    needed = []
    if call.needs_home_approval:
        needed.append(EndorsementKind.HOME_HEAD)
    if call.needs_host_acceptance:
        needed.append(EndorsementKind.HOST)
    for kind in needed:
        endorsement = given.get(kind)
        if endorsement is None:
            add("__all__", _("%(what)s has not been asked for.") % {"what": kind.label})
        elif endorsement.approved is None:
            add(
                "__all__",
                _("%(what)s: %(who)s has not answered yet.")
                % {"what": kind.label, "who": endorsement.name},
            )
        elif not endorsement.approved:
            add(
                "__all__",
                _("%(what)s: %(who)s declined.") % {"what": kind.label, "who": endorsement.name},
            )


def submit_application(
    application: Application, *, actor: User, at: datetime.datetime | None = None
) -> Application:
    """Submit a draft: refused with every problem listed when it is not eligible or complete;
    the draft stays as it was."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.DRAFT:
            raise ValidationError(_("Only a draft can be submitted."))
        problems = eligibility_problems(application, at=at)
        if problems:
            raise ValidationError(problems)
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = at or timezone.now()
        application.amount = application.call.grant
        application.save()
        record_audit(
            "programmes.application.submit",
            actor=actor,
            obj=application,
            before={"status": ApplicationStatus.DRAFT},
            after={"status": ApplicationStatus.SUBMITTED, "amount": application.amount},
            institution_id=application.home_id,
        )
    return application


def withdraw_application(application: Application, *, actor: User) -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in WITHDRAWABLE:
            raise ValidationError(
                _("An application that is “%(status)s” cannot be withdrawn.")
                % {"status": application.get_status_display()}
            )
        before = application.status
        drop_from_ranking(application)
        application.status = ApplicationStatus.WITHDRAWN
        application.reserve_rank = None
        application.save()
        record_audit(
            "programmes.application.withdraw",
            actor=actor,
            obj=application,
            before={"status": before},
            after={"status": ApplicationStatus.WITHDRAWN},
            institution_id=application.home_id,
        )
    return application


def _check_accepting(call: Call) -> None:
    if not call.accepts_at(timezone.now()):
        raise ValidationError(_("The call is not open for applications."), code="closed")


def _check_editable(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("A submitted application can no longer change."))
    _check_accepting(application.call)
