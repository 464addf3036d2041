"""After the activity: the awardee writes and submits the activity report (the actual dates,
what was done, the outcomes, attachments accepted by their content); the Secretariat accepts it
(the certificate is issued) or sends it back with a reason; the host reviews the visit through
an e-mailed link."""

from __future__ import annotations

import datetime
import os
import secrets
import uuid
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.events.services.answers import check_upload
from alliance.programmes.engine.deadlines import due_on
from alliance.programmes.enums import ApplicationStatus, ObjectivesMet, ReportStatus
from alliance.programmes.models import (
    ActivityReport,
    Application,
    Certificate,
    HostReview,
    ReportAttachment,
)
from alliance.programmes.services.outcome_notifications import (
    send_host_review_request,
    send_report_decision,
)

REPORT_FIELDS = ("actual_starts_on", "actual_ends_on", "summary", "outcomes")
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
MAX_ATTACHMENTS = 5
MAX_TEXT = 10_000
# Letters and digits that cannot be mistaken for one another when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def report_due_on(application: Application) -> datetime.date | None:
    """When the report and the host's review are due: the call's number of days after the
    activity's last day (the actual one once the report gives it)."""
    report = getattr(application, "report", None)
    ends_on = (report.actual_ends_on if report else None) or application.ends_on
    if ends_on is None:
        return None
    return due_on(ends_on, application.call.report_due_days)


def _lock_award(application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted award has an activity report."))
    return application


def _lock_report(application: Application, *, actor: User) -> ActivityReport:
    """The awardee's report, locked and created when missing; only its awardee writes it."""
    if application.applicant_id != actor.pk:
        raise PermissionDenied
    application = _lock_award(application)
    report, _created = ActivityReport.objects.select_for_update().get_or_create(
        application=application
    )
    return report


def _check_editable(report: ActivityReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            _("A report that is “%(status)s” can no longer change.")
            % {"status": report.get_status_display()}
        )


def save_report(
    application: Application, *, actor: User, data: Mapping[str, Any]
) -> ActivityReport:
    """Keep what the awardee wrote (``data``: REPORT_FIELDS); nothing is checked for
    completeness here, the submission does that."""
    problems: dict[str, list[str]] = {}
    start, end = data.get("actual_starts_on"), data.get("actual_ends_on")
    if start and end and end < start:
        problems["actual_ends_on"] = [_("The activity must end after it starts.")]
    for field in ("summary", "outcomes"):
        if len(str(data.get(field) or "")) > MAX_TEXT:
            problems[field] = [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        report = _lock_report(application, actor=actor)
        _check_editable(report)
        before = snapshot(report, REPORT_FIELDS)
        for field in REPORT_FIELDS:
            if field in data:
                value = data[field]
                setattr(report, field, value.strip() if isinstance(value, str) else value)
        report.updated_at = timezone.now()
        report.save()
        after = snapshot(report, REPORT_FIELDS)
        changed = [k for k in after if after[k] != before[k]]
        if changed:
            record_audit(
                "programmes.report.save",
                actor=actor,
                obj=report,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                institution_id=application.home_id,
            )
    return report


def report_problems(report: ActivityReport, *, today: datetime.date) -> dict[str, list[str]]:
    """Everything that stops the report from being submitted, by field."""
    problems: dict[str, list[str]] = {}
    if report.actual_starts_on is None or report.actual_ends_on is None:
        problems["actual_starts_on"] = [_("Give the first and last day of the activity.")]
    elif report.actual_ends_on > today:
        problems["actual_ends_on"] = [
            _("The report is sent after the activity; its last day is still to come.")
        ]
    if not report.summary.strip():
        problems["summary"] = [_("Say what was done during the activity.")]
    if not report.outcomes.strip():
        problems["outcomes"] = [_("Say what came of the activity.")]
    return problems


def submit_report(application: Application, *, actor: User) -> ActivityReport:
    """Submit the report to the Secretariat: refused, with every problem listed, when it is
    incomplete; what was written stays."""
    with transaction.atomic():
        report = _lock_report(application, actor=actor)
        _check_editable(report)
        problems = report_problems(report, today=timezone.localdate())
        if problems:
            raise ValidationError(problems)
        before = report.status
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.save()
        record_audit(
            "programmes.report.submit",
            actor=actor,
            obj=report,
            before={"status": before},
            after={"status": ReportStatus.SUBMITTED},
            institution_id=report.application.home_id,
        )
    return report


def add_report_file(application: Application, *, actor: User, upload: File) -> ReportAttachment:
    """Attach ``upload`` to the report: refused, with a clear message, when its content is not
    a PDF, JPEG or PNG (whatever its name says), when it is too large, or when the report has
    its number of files already."""
    try:
        content_type, ext = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    with transaction.atomic():
        report = _lock_report(application, actor=actor)
        _check_editable(report)
        if report.files.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                {
                    "file": [
                        _("A report has at most %(n)d files; remove one first.")
                        % {"n": MAX_ATTACHMENTS}
                    ]
                }
            )
        stored = ReportAttachment(
            report=report,
            name=os.path.basename(str(upload.name or ""))[:200] or "file",
            content_type=content_type,
            size=int(upload.size or 0),
        )
        upload.seek(0)
        stored.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
        stored.save()
        record_audit(
            "programmes.report.attach",
            actor=actor,
            obj=report,
            after={"name": stored.name, "content_type": content_type},
            institution_id=report.application.home_id,
        )
    return stored


def remove_report_file(application: Application, *, actor: User, attachment_id: int) -> None:
    with transaction.atomic():
        report = _lock_report(application, actor=actor)
        _check_editable(report)
        stored = report.files.filter(pk=attachment_id).first()
        if stored is None:
            raise ValidationError(_("The report has no such file."))
        name = str(stored.file.name)
        stored.delete()
        transaction.on_commit(partial(stored.file.storage.delete, name))
        record_audit(
            "programmes.report.detach",
            actor=actor,
            obj=report,
            before={"name": stored.name},
            institution_id=report.application.home_id,
        )


def _lock_submitted(application: Application) -> ActivityReport:
    report = (
        ActivityReport.objects.select_for_update()
        .select_related("application__applicant", "application__call__programme")
        .filter(application_id=application.pk)
        .first()
    )
    if report is None or report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted or sent back."))
    return report


def accept_report(application: Application, *, actor: User) -> Certificate:
    """The Secretariat accepts the report; the certificate is issued with it."""
    with transaction.atomic():
        report = _lock_submitted(application)
        report.status = ReportStatus.ACCEPTED
        report.decided_at = timezone.now()
        report.decided_by = actor
        report.return_reason = ""
        report.save()
        record_audit(
            "programmes.report.accept",
            actor=actor,
            obj=report,
            before={"status": ReportStatus.SUBMITTED},
            after={"status": ReportStatus.ACCEPTED},
            institution_id=report.application.home_id,
        )
        certificate = _issue_certificate(report, actor=actor)
        transaction.on_commit(partial(send_report_decision, report.application_id))
    return certificate


def return_report(application: Application, *, actor: User, reason: str) -> ActivityReport:
    """The Secretariat sends the report back to the awardee, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the report goes back.")]})
    with transaction.atomic():
        report = _lock_submitted(application)
        report.status = ReportStatus.RETURNED
        report.decided_at = timezone.now()
        report.decided_by = actor
        report.return_reason = reason
        report.save()
        record_audit(
            "programmes.report.return",
            actor=actor,
            obj=report,
            before={"status": ReportStatus.SUBMITTED},
            after={"status": ReportStatus.RETURNED, "reason": reason},
            institution_id=report.application.home_id,
        )
        transaction.on_commit(partial(send_report_decision, report.application_id))
    return report


def new_certificate_code() -> str:
    """Twelve characters in three groups (ABCD-EF23-GH45): about 60 bits, not guessable."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _n in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _issue_certificate(report: ActivityReport, *, actor: User) -> Certificate:
    application = Application.objects.select_related("applicant", "call__programme", "host").get(
        pk=report.application_id
    )
    existing = Certificate.objects.filter(application=application).first()
    if existing is not None:
        return existing
    starts_on = report.actual_starts_on or application.starts_on
    ends_on = report.actual_ends_on or application.ends_on
    # A submitted report has its dates.
    assert starts_on is not None
    assert ends_on is not None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    application=application,
                    code=new_certificate_code(),
                    holder_name=application.applicant.full_name or application.applicant.email,
                    programme_name=application.call.programme.name,
                    host_name=application.host.name if application.host else "",
                    starts_on=starts_on,
                    ends_on=ends_on,
                    issued_by=actor,
                )
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:  # pragma: no cover - sixty bits do not collide five times
        raise RuntimeError("could not draw a unique certificate code")
    record_audit(
        "programmes.certificate.issue",
        actor=actor,
        obj=certificate,
        after={"code": certificate.code, "application": application.pk},
        institution_id=application.home_id,
    )
    return certificate


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this code, typed with or without dashes, in any case."""
    clean = "".join(c for c in code.upper() if c.isalnum())
    if len(clean) != 12:
        return None
    return Certificate.objects.filter(code=f"{clean[:4]}-{clean[4:8]}-{clean[8:]}").first()


# --- the host's review ---------------------------------------------------------------------


def request_host_review(
    application: Application, *, actor: User | None, moment: str = "", first: bool = False
) -> tuple[HostReview, str]:
    """E-mail the host (the contact the application named) a link to review the visit. Asked
    again (a reminder, or the Secretariat's new request) it sends a new link and the old one
    stops working; with ``first``, a review asked for already is left alone (secret "").
    Refused once the review is in. Returns the review and the link's secret."""
    with transaction.atomic():
        application = _lock_award(application)
        if not application.host_contact_email:
            raise ValidationError(_("The application names no host contact to ask."))
        review = HostReview.objects.select_for_update().filter(application=application).first()
        if review is not None and first:
            return review, ""
        if review is not None and review.submitted_at is not None:
            raise ValidationError(_("The host has reviewed the visit already."))
        secret = secrets.token_urlsafe(32)
        if review is None:
            review = HostReview.objects.create(
                application=application,
                name=application.host_contact_name.strip() or application.host_contact_email,
                email=application.host_contact_email.strip().lower(),
                secret_hash=hash_secret(secret),
            )
        else:
            review.secret_hash = hash_secret(secret)
            review.requested_at = timezone.now()
            review.save(update_fields=["secret_hash", "requested_at"])
        record_audit(
            "programmes.host_review.request",
            actor=actor,
            obj=application,
            after={"email": review.email, "moment": moment},
            institution_id=application.host_id,
        )
        due = report_due_on(application) or timezone.localdate()
        transaction.on_commit(
            partial(send_host_review_request, review.pk, secret, due=due, moment=moment)
        )
    return review, secret


def submit_host_review(review: HostReview, *, data: Mapping[str, Any]) -> HostReview:
    """The host's review, given once (through the link, or their page when they have an
    account)."""
    if data.get("objectives_met") not in ObjectivesMet.values:
        raise ValidationError({"objectives_met": [_("Say whether the objectives were met.")]})
    with transaction.atomic():
        review = HostReview.objects.select_for_update().get(pk=review.pk)
        if review.submitted_at is not None:
            raise ValidationError(_("This review has been sent already."), code="answered")
        review.objectives_met = data["objectives_met"]
        review.contribution = str(data.get("contribution") or "").strip()[:MAX_TEXT]
        review.would_host_again = data.get("would_host_again")
        review.comment = str(data.get("comment") or "").strip()[:MAX_TEXT]
        review.submitted_at = timezone.now()
        review.save()
        record_audit(
            "programmes.host_review.submit",
            actor=None,
            obj=review.application,
            after={"email": review.email, "objectives_met": review.objectives_met},
            institution_id=review.application.host_id,
        )
    return review
