"""Reads of the annual report's data side: the plain records the edition reads (see
alliance/reports/sources.py), and the querysets the collection pages, the API and the dashboard
share, each scoped to what the user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from alliance.members.enums import Role
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat
from alliance.reports import sources
from alliance.reports.enums import QueryStatus, SubmissionStatus, ValueState
from alliance.reports.handbook import by_code
from alliance.reports.models import (
    Collection,
    Correction,
    Country,
    Entry,
    PublicValue,
    Query,
    Submission,
)
from alliance.reports.rules import headed_institutions

# --- what the edition reads (sources.py shapes) ---


def public_series(code: str, breakdown: str | None = None) -> list[sources.PublicPoint]:
    """Every value of a public indicator, by country name then year. For an indicator with
    breakdowns, `breakdown` picks one (default: the first, e.g. "total")."""
    indicator = by_code(code)
    if breakdown is None:
        breakdown = indicator.breakdowns[0] if indicator.breakdowns else ""
    rows = (
        PublicValue.objects.filter(code=code, breakdown=breakdown)
        .select_related("country")
        .order_by("country__name", "year")
    )
    return [
        sources.PublicPoint(
            country_iso3=v.country.iso3,
            country_name=v.country.name,
            year=v.year,
            value=v.value,
            flags=v.flags,
            source=v.source,
            licence=v.licence,
            breakdown=v.breakdown,
        )
        for v in rows
    ]


def countries() -> list[sources.Country]:
    return [
        sources.Country(c.iso3, c.name, c.subregion, c.income_group)
        for c in Country.objects.order_by("name")
    ]


def _iso3_by_iso2() -> dict[str, str]:
    return dict(Country.objects.values_list("iso2", "iso3"))


def member_values(year: int) -> list[sources.MemberValue]:
    """Every answer of the signed-off submissions of `year`, by institution then code."""
    iso3 = _iso3_by_iso2()
    entries = (
        Entry.objects.filter(
            submission__collection__year=year, submission__status=SubmissionStatus.SIGNED_OFF
        )
        .select_related("submission__institution")
        .prefetch_related("submission__institution__names")
        .order_by("submission__institution__name", "code")
    )
    result = []
    for e in entries:
        institution = e.submission.institution
        native = next((n for n in institution.names.all() if n.language != "en"), None)
        result.append(
            sources.MemberValue(
                institution_id=institution.pk,
                institution_name=institution.name,
                native_name=native.name if native else "",
                country_iso3=iso3.get(str(institution.country), ""),
                code=e.code,
                value=e.value if e.state == ValueState.VALUE else None,
                state=e.state,
                locked=True,
                comment=e.comment,
            )
        )
    return result


def corrections(year: int, since: datetime.datetime | None = None) -> list[sources.CorrectionRow]:
    """Corrections of signed-off values of `year`, oldest first; with `since` (an edition's
    publication), only those made after it."""
    qs = Correction.objects.filter(entry__submission__collection__year=year).select_related(
        "entry__submission__institution"
    )
    if since is not None:
        qs = qs.filter(corrected_at__gt=since)
    return [
        sources.CorrectionRow(
            date=c.corrected_at.date(),
            institution_name=c.entry.submission.institution.name,
            code=c.entry.code,
            old=c.old_value,
            new=c.new_value,
            reason=c.reason,
            old_state=c.old_state,
            new_state=c.new_state,
        )
        for c in qs
    ]


# --- pages and API ---


def open_query_count() -> Any:
    return Count("queries", filter=~Q(queries__status=QueryStatus.RESOLVED), distinct=True)


def collections_overview() -> QuerySet[Collection]:
    """Collections, newest first, with how many submissions stand where."""
    return Collection.objects.annotate(
        total=Count("submissions", distinct=True),
        signed_off=Count(
            "submissions", filter=Q(submissions__status=SubmissionStatus.SIGNED_OFF), distinct=True
        ),
    )


def submissions_of_collection(collection: Collection) -> QuerySet[Submission]:
    """The Secretariat's overview: every member's submission with status and open queries."""
    return (
        collection.submissions.select_related("institution")
        .annotate(open_queries=open_query_count())
        .order_by("institution__name")
    )


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    """All submissions for the Secretariat; one's own institutions' for coordinators and heads."""
    qs = Submission.objects.select_related("institution", "collection")
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR) | headed_institutions(user)
    return qs.filter(institution_id__in=mine)


def submission_for_page(year: int, slug: str) -> Submission | None:
    return (
        Submission.objects.select_related("collection", "institution")
        .filter(collection__year=year, institution__slug=slug)
        .first()
    )


def query_for_page(pk: int) -> Query | None:
    return (
        Query.objects.select_related("submission__collection", "submission__institution")
        .prefetch_related("messages__author")
        .filter(pk=pk)
        .first()
    )


def entries_by_code(submission: Submission) -> dict[str, Entry]:
    return {e.code: e for e in submission.entries.all()}


def previous_entries(submission: Submission) -> dict[str, Entry]:
    return {
        e.code: e
        for e in Entry.objects.filter(
            submission__institution_id=submission.institution_id,
            submission__collection__year=submission.collection.year - 1,
        )
    }


def queries_of(submission: Submission) -> QuerySet[Query]:
    return submission.queries.prefetch_related("messages").order_by("raised_at")


def corrections_of(submission: Submission) -> QuerySet[Correction]:
    return Correction.objects.filter(entry__submission=submission).select_related(
        "corrected_by", "entry"
    )


def public_values(
    *,
    code: str = "",
    country: str = "",
    breakdown: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> QuerySet[PublicValue]:
    """Public values filtered as the statistics browser and the API ask."""
    qs = PublicValue.objects.select_related("country").order_by(
        "code", "country__name", "year", "breakdown"
    )
    if code:
        qs = qs.filter(code=code)
    if country:
        qs = qs.filter(country__iso3=country.upper())
    if breakdown is not None:
        qs = qs.filter(breakdown=breakdown)
    if year_from is not None:
        qs = qs.filter(year__gte=year_from)
    if year_to is not None:
        qs = qs.filter(year__lte=year_to)
    return qs


def value_as_number(entry: Entry) -> Decimal | None:
    return entry.value if entry.state == ValueState.VALUE else None


def next_tasks(user: Any) -> list[NextTask]:
    """What the annual report asks of ``user`` now: a submission to complete, a query to
    answer (coordinators), a sign-off awaiting (heads and coordinators)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_authenticated:
        return []
    tasks: list[NextTask] = []
    coordinated = institutions_where(user, Role.COORDINATOR)
    headed = headed_institutions(user)
    for s in Submission.objects.filter(
        institution_id__in=coordinated, status=SubmissionStatus.DRAFT
    ).select_related("collection", "institution"):
        tasks.append(
            NextTask(
                _("Complete the %(year)s report figures of %(institution)s (due %(deadline)s)")
                % {
                    "year": s.collection.year,
                    "institution": s.institution.name,
                    "deadline": s.collection.deadline.isoformat(),
                },
                reverse("reports:submission", args=[s.collection.year, s.institution.slug]),
            )
        )
    for q in Query.objects.filter(
        submission__institution_id__in=coordinated,
        status=QueryStatus.OPEN,
        submission__status=SubmissionStatus.SUBMITTED,
    ).select_related("submission__institution"):
        tasks.append(
            NextTask(
                _("Answer the Secretariat's query on “%(indicator)s” (%(institution)s)")
                % {"indicator": by_code(q.code).name, "institution": q.submission.institution.name},
                reverse("reports:query", args=[q.pk]),
            )
        )
    for s in Submission.objects.filter(
        institution_id__in=coordinated | headed, status=SubmissionStatus.ACCEPTED
    ).select_related("collection", "institution"):
        tasks.append(
            NextTask(
                _("Sign off the %(year)s report figures of %(institution)s")
                % {"year": s.collection.year, "institution": s.institution.name},
                reverse("reports:sign_off", args=[s.collection.year, s.institution.slug]),
            )
        )
    if is_secretariat(user):
        answered = Query.objects.filter(status=QueryStatus.ANSWERED).count()
        if answered:
            tasks.append(
                NextTask(
                    _("Answered report queries waiting for you: %(count)s") % {"count": answered},
                    reverse("reports:collections"),
                )
            )
    return tasks
