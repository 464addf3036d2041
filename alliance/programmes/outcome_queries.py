"""Reads after the activity, shared by pages, the API and the dashboard: the awards each person
may follow (their own, their home institution's, all for the Secretariat) with their report,
host review, certificate and payment, and what is due from whom."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.members.enums import Role
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat
from alliance.programmes.engine.deadlines import due_on, stage
from alliance.programmes.enums import ApplicationStatus, ReportStage, ReportStatus
from alliance.programmes.models import Application, GrantPayment, HostReview

AWARD_RELATIONS = (
    "call__programme",
    "applicant",
    "home",
    "host",
    "report",
    "host_review",
    "certificate",
    "grant",
)


def _awards() -> QuerySet[Application]:
    return (
        Application.objects.filter(status=ApplicationStatus.ACCEPTED)
        .select_related(*AWARD_RELATIONS)
        .prefetch_related(
            Prefetch("grant__payments", queryset=GrantPayment.objects.order_by("paid_on", "pk"))
        )
    )


def awards_visible_to(user: User) -> QuerySet[Application]:
    """Accepted awards: all for the Secretariat, the home institution's for a coordinator,
    the person's own for everyone."""
    qs = _awards().order_by("ends_on", "pk")
    if is_secretariat(user):
        return qs
    homes = institutions_where(user, Role.COORDINATOR)
    if homes:
        return qs.filter(Q(home_id__in=homes) | Q(applicant=user))
    return qs.filter(applicant=user)


def award_for_page(pk: int) -> Application | None:
    """One award with everything after its activity (any status: the page answers 404 for
    one that is not an accepted award)."""
    return (
        Application.objects.select_related(*AWARD_RELATIONS)
        .prefetch_related(
            "report__files",
            Prefetch("grant__payments", queryset=GrantPayment.objects.order_by("paid_on", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class Outcome:
    """Where an award stands after its activity (``stage``: a ReportStage value)."""

    stage: str
    due: datetime.date | None
    ends_on: datetime.date | None

    @property
    def stage_label(self) -> str:
        return str(ReportStage(self.stage).label)

    @property
    def overdue(self) -> bool:
        return self.stage == ReportStage.OVERDUE


def outcome_of(application: Application, today: datetime.date | None = None) -> Outcome:
    today = today or timezone.localdate()
    report = getattr(application, "report", None)
    ends_on = (report.actual_ends_on if report else None) or application.ends_on
    if ends_on is None:
        return Outcome(ReportStage.UPCOMING, None, None)
    due = due_on(ends_on, application.call.report_due_days)
    status = report.status if report else ReportStatus.DRAFT
    return Outcome(stage(today, ends_on, due, status), due, ends_on)


def paid_total(application: Application) -> Decimal | None:
    grant = getattr(application, "grant", None)
    return grant.paid_total if grant is not None else None


def with_outcomes(awards: Any, today: datetime.date | None = None) -> list[Application]:
    """``awards`` with their ``outcome`` attached, for a page or the API to show."""
    today = today or timezone.localdate()
    rows = list(awards)
    for application in rows:
        application.outcome = outcome_of(application, today)
    return rows


def host_review_by_secret(secret: str) -> HostReview | None:
    return (
        HostReview.objects.select_related(
            "application__call__programme",
            "application__applicant",
            "application__home",
            "application__host",
        )
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def host_review_for_page(pk: int) -> HostReview | None:
    return (
        HostReview.objects.select_related(
            "application__call__programme",
            "application__applicant",
            "application__home",
            "application__host",
        )
        .filter(pk=pk)
        .first()
    )


def outcome_tasks(user: Any) -> list[NextTask]:
    """What is due after activities: the awardee's report (due, overdue, sent back), the
    host's review for a host who has an account, reports to accept for the Secretariat."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    tasks: list[NextTask] = []
    mine = _awards().filter(applicant=user, ends_on__lt=today).order_by("ends_on", "pk")
    for application in mine:
        outcome = outcome_of(application, today)
        link = reverse("programmes:outcome", args=[application.pk])
        values = {"call": application.call, "due": date_format(outcome.due or today)}
        if outcome.stage == ReportStage.DUE:
            text = _("Send your activity report for %(call)s by %(due)s") % values
        elif outcome.stage == ReportStage.OVERDUE:
            text = _("Your activity report for %(call)s was due on %(due)s: send it now") % values
        elif outcome.stage == ReportStage.RETURNED:
            text = _("Your activity report for %(call)s was sent back: change and resend it") % {
                "call": application.call
            }
        else:
            continue
        tasks.append(NextTask(text, link))
    reviews = HostReview.objects.filter(
        email__iexact=user.email,
        submitted_at__isnull=True,
        application__status=ApplicationStatus.ACCEPTED,
    ).select_related("application__applicant")
    for review in reviews.order_by("pk"):
        visitor = review.application.applicant
        tasks.append(
            NextTask(
                _("Review the visit of %(who)s") % {"who": visitor.full_name or visitor.email},
                reverse("programmes:host_review_mine", args=[review.pk]),
            )
        )
    if is_secretariat(user):
        waiting = Application.objects.filter(
            status=ApplicationStatus.ACCEPTED, report__status=ReportStatus.SUBMITTED
        ).count()
        if waiting:
            tasks.append(
                NextTask(
                    ngettext(
                        "%(n)d activity report to accept",
                        "%(n)d activity reports to accept",
                        waiting,
                    )
                    % {"n": waiting},
                    reverse("programmes:outcomes") + f"?stage={ReportStage.SUBMITTED.value}",
                )
            )
    return tasks
