"""Reads of programmes, calls, applications, reviews and the ranking, shared by pages and the
API. Each list is already scoped to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.members.enums import Role
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat
from alliance.programmes.engine import normalisation, selection
from alliance.programmes.enums import (
    HOLDS_AWARD,
    ApplicationStatus,
    CallStatus,
    ProposalStatus,  # members' proposals
    QuotaSide,
)
from alliance.programmes.models import (
    Application,
    Assignment,
    Call,
    CallQuota,
    Criterion,
    Endorsement,
    Programme,
    Proposal,
    ProposalComment,
    Score,
)
from alliance.programmes.outcome_queries import outcome_tasks

# --- calls -----------------------------------------------------------------------------------


def calls_visible_to(user: User) -> QuerySet[Call]:
    """Every call for the Secretariat; calls that are not drafts for everyone else."""
    qs = Call.objects.select_related("programme").annotate(
        n_applications=Count(
            "applications", filter=~Q(applications__status=ApplicationStatus.DRAFT)
        )
    )
    if is_secretariat(user):
        return qs.order_by("-cycle", "programme__name", "pk")
    return qs.exclude(status=CallStatus.DRAFT).order_by("-cycle", "programme__name", "pk")


def programmes() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def call_for_page(pk: int) -> Call | None:
    return (
        Call.objects.select_related("programme", "panel")
        .prefetch_related(
            "questions",
            "documents",
            "criteria",
            Prefetch("quotas", queryset=CallQuota.objects.select_related("institution")),
        )
        .filter(pk=pk)
        .first()
    )


def quotas_of(call: Call) -> tuple[dict[int, int], dict[int, int]]:
    home: dict[int, int] = {}
    host: dict[int, int] = {}
    for q in call.quotas.all():
        (home if q.side == QuotaSide.HOME else host)[q.institution_id] = q.places
    return home, host


# --- applications ----------------------------------------------------------------------------


def application_of(call: Call, user: User) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(call=call, applicant=user).first()


def application_for_page(pk: int) -> Application | None:
    return (
        Application.objects.select_related("call__programme", "applicant", "home", "host")
        .prefetch_related("files", "endorsements", "call__questions", "call__documents")
        .filter(pk=pk)
        .first()
    )


def applications_of_user(user: User) -> QuerySet[Application]:
    return Application.objects.filter(applicant=user).select_related(
        "call__programme", "home", "host"
    )


def applications_of_call(call: Call, user: User) -> QuerySet[Application]:
    """The call's applications beyond drafts: all for the Secretariat, a coordinator's own
    institution's otherwise."""
    qs = (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("applicant", "home", "host")
        .order_by("home__name", "nomination_rank", "pk")
    )
    if is_secretariat(user):
        return qs
    return qs.filter(home_id__in=institutions_where(user, Role.COORDINATOR))


def endorsement_by_secret(secret: str) -> Endorsement | None:
    return (
        Endorsement.objects.select_related(
            "application__call__programme",
            "application__applicant",
            "application__home",
            "application__host",
        )
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


# --- reviews ---------------------------------------------------------------------------------


def assignments_of(user: User) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related(
            "application__call__programme",
            "application__home",
            "application__host",
            "application__applicant",
        )
        .order_by("submitted_at", "application__call", "pk")
    )


def assignment_for_page(pk: int) -> Assignment | None:
    return (
        Assignment.objects.select_related(
            "application__call__programme",
            "application__home",
            "application__host",
            "application__applicant",
            "reviewer",
        )
        .prefetch_related("scores", "application__call__criteria")
        .filter(pk=pk)
        .first()
    )


def panel_loads(call: Call) -> list[Any]:
    members = list(call.panel.members.select_related("reviewer", "institution"))
    counts = dict(
        Assignment.objects.filter(application__call=call)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    done = dict(
        Assignment.objects.filter(application__call=call, submitted_at__isnull=False)
        .values_list("reviewer_id")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "n")
    )
    for member in members:
        member.load = counts.get(member.reviewer_id, 0)  # type: ignore[attr-defined]
        member.done = done.get(member.reviewer_id, 0)  # type: ignore[attr-defined]
    return members


# --- ranking and selection -------------------------------------------------------------------


RANKING_FIELDS = (
    "call_id",
    "status",
    "amount",
    "nomination_rank",
    "reserve_rank",
    "decision_note",
    "decided_at",
    "applicant__full_name",
    "applicant__email",
    "home__name",
    "home__slug",
    "host__name",
    "host__slug",
)


@dataclass
class RankedRow:
    """A ranked application: its place, scores and what the selection needs; the application
    itself is attached (``with_applications``) only to the rows a page shows."""

    application_id: int
    status: str
    candidate: selection.Candidate
    rank: int
    normalised: float
    raw: float
    reviews: int
    criteria: list[tuple[Criterion, float, float]] = field(default_factory=list)
    application: Application | None = None


def ranking(call: Call) -> list[RankedRow]:
    """Every nominated application with a submitted review, best first, with its raw and
    normalised scores and its per-criterion averages."""
    criteria = list(call.criteria.all())
    engine_criteria = [
        normalisation.Criterion(id=c.pk, weight=float(c.weight), maximum=c.maximum)
        for c in criteria
    ]
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    for assignment_id, criterion_id, value in Score.objects.filter(
        assignment__application__call=call, assignment__submitted_at__isnull=False
    ).values_list("assignment_id", "criterion_id", "value"):
        scores[assignment_id][criterion_id] = float(value)
    reviews = [
        normalisation.Review(reviewer=reviewer, application=app, scores=scores[pk])
        for pk, reviewer, app in Assignment.objects.filter(
            application__call=call,
            submitted_at__isnull=False,
            application__nomination_rank__isnull=False,
        )
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .values_list("pk", "reviewer_id", "application_id")
    ]
    ranked = normalisation.rank(reviews, engine_criteria)
    # Plain facts, not model instances: a call may rank thousands of applications.
    facts = {
        pk: (
            status,
            selection.Candidate(id=pk, home=home or 0, host=host or 0, amount=amount or Decimal(0)),
        )
        for pk, status, home, host, amount in Application.objects.filter(
            pk__in=[r.application for r in ranked]
        ).values_list("pk", "status", "home_id", "host_id", "amount")
    }
    return [
        RankedRow(
            application_id=r.application,
            status=facts[r.application][0],
            candidate=facts[r.application][1],
            rank=r.rank,
            normalised=r.normalised,
            raw=r.raw,
            reviews=r.reviews,
            criteria=[
                (c, r.criteria_raw.get(c.pk, 0.0), r.criteria_normalised.get(c.pk, 0.0))
                for c in criteria
            ],
        )
        for r in ranked
    ]


def with_applications(rows: list[RankedRow]) -> list[RankedRow]:
    """``rows`` with their applications attached (one query), for a page to show."""
    apps = (
        Application.objects.select_related("applicant", "home", "host")
        .only(*RANKING_FIELDS)
        .in_bulk([r.application_id for r in rows])
    )
    for row in rows:
        row.application = apps[row.application_id]
    return rows


def as_candidate(application: Application) -> selection.Candidate:
    return selection.Candidate(
        id=application.pk,
        home=application.home_id or 0,
        host=application.host_id or 0,
        amount=application.amount if application.amount is not None else Decimal(0),
    )


def limits_of(call: Call) -> selection.Limits:
    home, host = quotas_of(call)
    return selection.Limits(
        awards=call.awards, budget=call.budget, home_quotas=home, host_quotas=host
    )


def held_awards(call: Call) -> list[Application]:
    return list(Application.objects.filter(call=call, status__in=HOLDS_AWARD))


@dataclass
class Suggestion:
    rows: list[RankedRow]
    selected: set[int]
    reasons: dict[int, str]  # application id -> engine reason code
    spent: Decimal
    already: int


def suggestion(call: Call) -> Suggestion:
    """The suggested selection among the ranked applications not decided yet, besides the
    awards already made."""
    rows = ranking(call)
    open_rows = [r for r in rows if r.status == ApplicationStatus.SUBMITTED]
    already = held_awards(call)
    result = selection.suggest(
        [r.candidate for r in open_rows],
        limits_of(call),
        already=[as_candidate(a) for a in already],
    )
    return Suggestion(
        rows=rows,
        selected=set(result.selected),
        reasons=dict(result.skipped),
        spent=result.spent,
        already=len(already),
    )


# --- the person's page -----------------------------------------------------------------------


def next_tasks(user: Any) -> list[NextTask]:
    """What programmes ask of ``user`` now: an award to accept or decline, a draft in an open
    call, reviews to write."""
    if not user.is_authenticated:
        return []
    tasks: list[NextTask] = []
    mine = Application.objects.filter(
        applicant=user, status__in=[ApplicationStatus.AWARDED, ApplicationStatus.DRAFT]
    ).select_related("call__programme")
    for application in mine.order_by("pk"):
        if application.status == ApplicationStatus.AWARDED:
            text = _("Accept or decline your award: %(call)s") % {"call": application.call}
        elif application.call.status == CallStatus.OPEN:
            text = _("Finish and submit your application: %(call)s") % {"call": application.call}
        else:
            continue
        tasks.append(NextTask(text, reverse("programmes:application", args=[application.pk])))
    to_review = Assignment.objects.filter(
        reviewer=user,
        submitted_at__isnull=True,
        application__status=ApplicationStatus.SUBMITTED,
    ).count()
    if to_review:
        tasks.append(
            NextTask(
                ngettext("%(n)d review to write", "%(n)d reviews to write", to_review)
                % {"n": to_review},
                reverse("programmes:reviews"),
            )
        )
    # After the activity (outcome_queries.py): reports and host reviews due, reports to accept.
    tasks += outcome_tasks(user)
    return tasks


# --- the person's own data (the privacy export) ---------------------------------------------


def personal_data(user: User) -> dict[str, Any]:
    """The person's applications (what they wrote, the files they attached, who endorsed them
    and how, the decision; after the activity, their report, its files, the certificate and the
    grant's payments) and the reviews they wrote."""
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("call__programme", "home", "host", "report", "certificate", "grant")
        .prefetch_related("files", "endorsements", "report__files", "grant__payments")
        .order_by("created_at", "pk")
    )
    reviews = (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__call__programme")
        .order_by("assigned_at", "pk")
    )
    return {
        "applications": [
            {
                "call": str(a.call),
                "status": a.status,
                "home": a.home.name if a.home else None,
                "host": a.host.name if a.host else None,
                "activity": [
                    a.starts_on.isoformat() if a.starts_on else None,
                    a.ends_on.isoformat() if a.ends_on else None,
                ],
                "title": a.title,
                "plan": a.plan,
                "answers": a.answers,
                "home_head": [a.home_head_name, a.home_head_email],
                "host_contact": [a.host_contact_name, a.host_contact_email],
                "files": [f.name for f in a.files.all()],
                "endorsements": [
                    {"kind": e.kind, "name": e.name, "approved": e.approved, "comment": e.comment}
                    for e in a.endorsements.all()
                ],
                "amount": str(a.amount) if a.amount is not None else None,
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                **_after_the_activity(a),
            }
            for a in applications
        ],
        "reviews_written": [
            {"call": str(r.application.call), "comment": r.comment} for r in reviews
        ],
    }


def _after_the_activity(application: Application) -> dict[str, Any]:
    report = getattr(application, "report", None)
    certificate = getattr(application, "certificate", None)
    grant = getattr(application, "grant", None)
    return {
        "report": None
        if report is None
        else {
            "status": report.status,
            "actual_dates": [
                report.actual_starts_on.isoformat() if report.actual_starts_on else None,
                report.actual_ends_on.isoformat() if report.actual_ends_on else None,
            ],
            "summary": report.summary,
            "outcomes": report.outcomes,
            "files": [f.name for f in report.files.all()],
        },
        "certificate": None if certificate is None else certificate.code,
        "grant": None
        if grant is None
        else {
            "status": grant.status,
            "currency": grant.currency,
            "requested": str(grant.requested_amount),
            "approved": None if grant.approved_amount is None else str(grant.approved_amount),
            "payments": [[str(p.amount), p.paid_on.isoformat()] for p in grant.payments.all()],
        },
    }


# --- members' proposals for new programmes ---------------------------------------------------


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    """Proposals beyond drafts for the Secretariat and every coordinator, plus a coordinator's
    own institution's drafts; nothing for anyone else. Newest first."""
    qs = (
        Proposal.objects.select_related("institution", "motion", "proposed_by")
        .prefetch_related("co_proposers")
        .annotate(n_comments=Count("comments"))
        .order_by("-created_at", "-pk")
    )
    mine = institutions_where(user, Role.COORDINATOR)
    if not (is_secretariat(user) or mine):
        return qs.none()
    return qs.filter(~Q(status=ProposalStatus.DRAFT) | Q(institution_id__in=mine))


def proposal_for_page(pk: int) -> Proposal | None:
    return (
        Proposal.objects.select_related("institution", "motion", "proposed_by")
        .prefetch_related(
            "co_proposers",
            Prefetch(
                "comments",
                queryset=ProposalComment.objects.select_related("author", "institution"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


# --- dashboards and the annual report (dashboards.py) ----------------------------------------

from alliance.programmes.dashboards import (  # noqa: E402 (a section of its own, re-exported)
    award_figures as award_figures,
)
from alliance.programmes.dashboards import call_dashboard as call_dashboard  # noqa: E402
from alliance.programmes.dashboards import call_summary as call_summary  # noqa: E402
from alliance.programmes.dashboards import (  # noqa: E402
    candidates_of_institution as candidates_of_institution,
)
from alliance.programmes.dashboards import (  # noqa: E402
    institution_dashboard as institution_dashboard,
)
