"""The daily run after activities (CELERY_BEAT_SCHEDULE): asks each host whose visitor's activity
is over for their review, and reminds awardees and hosts of what is still due a week before the
due date, on it, the day after and a week after. Each reminder sent is recorded (one per award,
subject and moment), so that running twice, or in two workers at once, sends nothing twice."""

from __future__ import annotations

import datetime
import logging
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from alliance.core.services.audit import record_audit
from alliance.programmes.engine.deadlines import DONE, due_on, reminder_moment
from alliance.programmes.enums import ApplicationStatus, ReminderSubject
from alliance.programmes.models import Application, OutcomeReminder
from alliance.programmes.services.outcome_notifications import send_report_reminder
from alliance.programmes.services.outcomes import request_host_review

log = logging.getLogger(__name__)
# Awards whose activity ended longer ago than this are not looked at again.
HORIZON = datetime.timedelta(days=400)


def _record(application: Application, subject: str, moment: str, email: str) -> bool:
    """Record the reminder; False when it was recorded before (by an earlier run)."""
    try:
        with transaction.atomic():
            OutcomeReminder.objects.create(
                application=application, subject=subject, moment=moment, email=email
            )
    except IntegrityError:
        return False
    return True


def send_outcome_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Ask for host reviews and send the reminders due on ``today`` (the server's date by
    default). Returns how many of each were sent."""
    today = today or timezone.localdate()
    counts = {"host_review_requests": 0, "report_reminders": 0, "host_review_reminders": 0}
    awards = (
        Application.objects.filter(
            status=ApplicationStatus.ACCEPTED,
            ends_on__lt=today,
            ends_on__gte=today - HORIZON,
        )
        .select_related("applicant", "call", "report", "host_review")
        .order_by("pk")
    )
    for application in awards:
        report = getattr(application, "report", None)
        ends_on = (report.actual_ends_on if report else None) or application.ends_on
        assert ends_on is not None  # filtered above
        due = due_on(ends_on, application.call.report_due_days)
        review = getattr(application, "host_review", None)
        moment = reminder_moment(today, due)
        if review is None and application.host_contact_email:
            request_host_review(application, actor=None, first=True)
            counts["host_review_requests"] += 1
            if moment is not None:  # the request is this moment's message to the host
                _record(
                    application, ReminderSubject.HOST_REVIEW, moment, application.host_contact_email
                )
        if moment is None:
            continue
        still_due = report is None or report.status not in DONE
        if still_due and _remind_awardee(application, moment, due):
            counts["report_reminders"] += 1
        if review is not None and review.submitted_at is None:
            with transaction.atomic():
                if _record(application, ReminderSubject.HOST_REVIEW, moment, review.email):
                    request_host_review(application, actor=None, moment=moment)
                    counts["host_review_reminders"] += 1
    return counts


def _remind_awardee(application: Application, moment: str, due: datetime.date) -> bool:
    with transaction.atomic():
        if not _record(application, ReminderSubject.REPORT, moment, application.applicant.email):
            return False
        record_audit(
            "programmes.report.remind",
            actor=None,
            obj=application,
            after={"moment": moment, "due": due},
            institution_id=application.home_id,
        )
        transaction.on_commit(partial(send_report_reminder, application.pk, due=due, moment=moment))
    return True
