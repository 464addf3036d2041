"""Builders for what comes after the activity: an accepted award whose activity ended some days
ago (the call's cycle placed around it), and one walked on to an accepted report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alliance.programmes.enums import ApplicationStatus, CallStatus
from alliance.programmes.models import Application
from alliance.programmes.services.applications import submit_application
from alliance.programmes.services.calls import set_call_status
from alliance.programmes.services.nominations import nominate
from alliance.programmes.services.outcomes import accept_report, save_report, submit_report
from alliance.programmes.services.selection import decide_application, respond_to_award
from tests.programmes.conftest import build_call, endorse_all, fill_draft

ACTIVITY_DAYS = 20  # three weeks: fifteen working days


def activity_dates(ended_days_ago: int) -> tuple[datetime.date, datetime.date]:
    end = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    return end - datetime.timedelta(days=ACTIVITY_DAYS), end


def accepted_award(
    secretariat, applicant, home, host, *, ended_days_ago: int = 5, name: str = "Scholars Award"
) -> Application:
    """``applicant``'s accepted award (from ``home`` to ``host``) in a call of its own, the
    activity having ended ``ended_days_ago`` days ago (negative: it ends in the future)."""
    start, end = activity_dates(ended_days_ago)
    call = build_call(
        secretariat,
        name=name,
        activity_from=start - datetime.timedelta(days=60),
        activity_until=end + datetime.timedelta(days=60),
    )
    application = fill_draft(call, applicant, home, host, starts_on=start, ends_on=end)
    endorse_all(application, applicant)
    application = submit_application(application, actor=applicant)
    nominate(application, actor=secretariat)
    set_call_status(call, actor=secretariat, status=CallStatus.CLOSED)
    decide_application(application, actor=secretariat, decision=ApplicationStatus.AWARDED)
    respond_to_award(application, actor=applicant, accept=True)
    application.refresh_from_db()
    return application


def written_report(application: Application) -> None:
    save_report(
        application,
        actor=application.applicant,
        data={
            "actual_starts_on": application.starts_on,
            "actual_ends_on": application.ends_on,
            "summary": "Six lectures and a joint seminar on catalysis.",
            "outcomes": "A joint proposal to the national science foundation.",
        },
    )


def certified_award(secretariat, applicant, home, host, **options):
    """An accepted award whose report was submitted and accepted: its certificate is issued."""
    application = accepted_award(secretariat, applicant, home, host, **options)
    written_report(application)
    submit_report(application, actor=applicant)
    return application, accept_report(application, actor=secretariat)
