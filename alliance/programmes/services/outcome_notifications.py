"""E-mails after the activity, sent once the transaction that caused them commits: the host's
review request (with its secret link), reminders to the awardee and the host, and the
Secretariat's answer on a report. A failing mail server is logged, never raised."""

from __future__ import annotations

import datetime

from django.urls import reverse

from alliance.programmes.models import ActivityReport, Application, HostReview
from alliance.programmes.services.notifications import _send as send_templated


def _application(pk: int) -> Application:
    return Application.objects.select_related("applicant", "call__programme", "host", "home").get(
        pk=pk
    )


def send_host_review_request(
    review_id: int, secret: str, *, due: datetime.date, moment: str = ""
) -> bool:
    """The link to the host's review form; ``moment`` names the reminder it is, if any."""
    review = HostReview.objects.get(pk=review_id)
    application = _application(review.application_id)
    return send_templated(
        review.email,
        application.applicant.language,
        "host_review",
        {
            "review": review,
            "application": application,
            "due": due,
            "moment": moment,
            "link": reverse("programmes:host_review", args=[secret]),
        },
    )


def send_report_reminder(application_id: int, *, due: datetime.date, moment: str) -> bool:
    application = _application(application_id)
    return send_templated(
        application.applicant.email,
        application.applicant.language,
        "report_reminder",
        {
            "application": application,
            "due": due,
            "moment": moment,
            "link": reverse("programmes:outcome", args=[application.pk]),
        },
    )


def send_report_decision(application_id: int) -> bool:
    application = _application(application_id)
    return send_templated(
        application.applicant.email,
        application.applicant.language,
        "report_decision",
        {
            "application": application,
            "report": ActivityReport.objects.get(application=application),
            "link": reverse("programmes:outcome", args=[application.pk]),
        },
    )
