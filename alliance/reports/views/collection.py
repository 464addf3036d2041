"""Pages of the yearly data collection: the list of collections, opening one, the Secretariat's
overview, a member's submission form (with autosave), the review page, a query's thread, the
sign-off and the correction of a signed-off value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.forms import add_service_errors
from alliance.core.permissions import check_permission
from alliance.members.rules import is_secretariat
from alliance.reports import queries
from alliance.reports.checks import ERROR
from alliance.reports.enums import QueryStatus, SubmissionStatus
from alliance.reports.findings import finding_message
from alliance.reports.forms import (
    AnswerQueryForm,
    CorrectionForm,
    OpenCollectionForm,
    RaiseQueryForm,
    ReplyQueryForm,
    SignOffForm,
    SubmissionForm,
)
from alliance.reports.handbook import by_code, submitted_indicators
from alliance.reports.models import Submission
from alliance.reports.rules import head_person
from alliance.reports.services import collection as service


def _fetch(request: HttpRequest, getter: Callable[[], Any], perm: str) -> Any:
    """The object, or 404; then the permission (403 if never allowed, 404 if not this one)."""
    obj = getter()
    if obj is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, obj)
    return obj


def _submission(request: HttpRequest, year: int, slug: str, perm: str) -> Submission:
    return _fetch(request, lambda: queries.submission_for_page(year, slug), perm)


def collections(request: HttpRequest) -> HttpResponse:
    check_permission(request, "reports.view_collections")
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "reports/collection/list.html",
        {
            "collections": queries.collections_overview() if secretariat else None,
            # The Secretariat reaches members' submissions through each collection's overview.
            "submissions": []
            if secretariat
            else queries.submissions_visible_to(request.user).order_by(
                "-collection__year", "institution__name"
            ),
        },
    )


def collection_open(request: HttpRequest) -> HttpResponse:
    check_permission(request, "reports.manage_collections")
    form = OpenCollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = service.open_collection(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The collection is open; members can fill their figures."))
            return redirect("reports:collection", collection.year)
    return render(request, "reports/collection/open.html", {"form": form})


def collection_overview(request: HttpRequest, year: int) -> HttpResponse:
    from alliance.reports.models import Collection

    collection = _fetch(
        request, lambda: Collection.objects.filter(year=year).first(), "reports.review_submission"
    )
    return render(
        request,
        "reports/collection/overview.html",
        {"collection": collection, "submissions": queries.submissions_of_collection(collection)},
    )


def _form_context(submission: Submission, form: SubmissionForm, *, checked: bool) -> dict[str, Any]:
    """Rows by topic with last year's values; the checks' messages once the form was checked."""
    findings = service.findings_for(submission) if checked else []
    errors: dict[str, list[str]] = {}
    warnings: dict[str, list[str]] = {}
    for finding in findings:
        target = errors if finding.severity == ERROR else warnings
        target.setdefault(finding.code, []).append(finding_message(finding))
    return {
        "submission": submission,
        "form": form,
        "topics": form.rows_by_topic(queries.previous_entries(submission), errors, warnings),
        "editable": submission.status == SubmissionStatus.DRAFT,
        "queries": queries.queries_of(submission),
        "previous_year": submission.collection.year - 1,
    }


def submission_form(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    submission = _submission(request, year, slug, "reports.fill_submission")
    entries = queries.entries_by_code(submission)
    form = SubmissionForm(request.POST or None, entries=entries)
    editable = submission.status == SubmissionStatus.DRAFT
    if request.method == "POST" and editable:
        valid = form.is_valid()
        try:
            service.save_answers(submission, actor=request.user, answers=form.answers)  # type: ignore[arg-type]
            if valid and "submit" in request.POST:
                service.submit_submission(submission, actor=request.user)  # type: ignore[arg-type]
                messages.success(request, _("Your figures are sent to the Secretariat for review."))
                return redirect("reports:submission", year, slug)
        except ValidationError as exc:
            _errors_next_to_fields(form, exc)
        submission.refresh_from_db()
        if valid and "submit" not in request.POST:
            messages.success(request, _("Your draft is saved."))
            return redirect("reports:submission", year, slug)
        if not valid:
            messages.warning(
                request, _("Everything else is saved; the fields marked below are not saved yet.")
            )
    checked = request.method == "POST" or submission.status != SubmissionStatus.DRAFT
    return render(
        request, "reports/submission/form.html", _form_context(submission, form, checked=checked)
    )


def _errors_next_to_fields(form: SubmissionForm, exc: ValidationError) -> None:
    """A service error naming an indicator goes next to that indicator's value field; the
    checks' messages are shown from the findings, so only other errors are added here."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    codes = {i.code for i in submitted_indicators()}
    form.add_error(
        None,
        _(
            "Some figures need your attention before they can be sent; see the messages next to the fields."
        )
        if set(exc.message_dict) <= codes
        else exc.messages,
    )


@require_POST
def submission_autosave(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    """Save what can be read of the draft (htmx, on change); answer a one-line status."""
    submission = _submission(request, year, slug, "reports.fill_submission")
    form = SubmissionForm(request.POST, entries=queries.entries_by_code(submission))
    form.is_valid()
    try:
        service.save_answers(submission, actor=request.user, answers=form.answers)  # type: ignore[arg-type]
    except ValidationError as exc:
        return render(
            request, "reports/submission/autosave.html", {"error": " ".join(exc.messages)}
        )
    submission.refresh_from_db()
    unread = len({name.split("__")[0] for name in form.errors})
    return render(
        request, "reports/submission/autosave.html", {"submission": submission, "unread": unread}
    )


def review(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    submission = _submission(request, year, slug, "reports.review_submission")
    form = RaiseQueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            query = service.raise_query(submission, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The query is sent to the institution."))
            return redirect("reports:query", query.pk)
    entries = queries.entries_by_code(submission)
    previous = queries.previous_entries(submission)
    findings = service.findings_for(submission)
    rows = [
        {
            "indicator": i,
            "entry": entries.get(i.code),
            "previous": previous.get(i.code),
            "findings": [finding_message(f) for f in findings if f.code == i.code],
        }
        for i in submitted_indicators()
    ]
    return render(
        request,
        "reports/submission/review.html",
        {
            "submission": submission,
            "rows": rows,
            "form": form,
            "queries": queries.queries_of(submission),
            "corrections": queries.corrections_of(submission),
            "can_raise": submission.status == SubmissionStatus.SUBMITTED,
        },
    )


@require_POST
def accept(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    submission = _submission(request, year, slug, "reports.review_submission")
    try:
        service.accept_submission(submission, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Accepted. The head of the institution is asked to sign off."))
    return redirect("reports:review", year, slug)


def query_thread(request: HttpRequest, pk: int) -> HttpResponse:
    query = _fetch(request, lambda: queries.query_for_page(pk), "reports.view_query")
    user = request.user
    answering = user.has_perm("reports.answer_query", query)
    replying = user.has_perm("reports.review_submission")
    form: Any = None
    if (
        query.status != QueryStatus.RESOLVED
        and query.submission.status == SubmissionStatus.SUBMITTED
    ):
        if answering and query.status == QueryStatus.OPEN:
            form = AnswerQueryForm(request.POST or None)
        elif replying:
            form = ReplyQueryForm(request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if isinstance(form, AnswerQueryForm):
                service.answer_query(
                    query, actor=user, body=form.cleaned_data["body"], change=form.change
                )  # type: ignore[arg-type]
                done = _("Your answer is sent to the Secretariat.")
            else:
                resolve = "resolve" in request.POST
                service.reply_to_query(
                    query, actor=user, body=form.cleaned_data["body"], resolve=resolve
                )  # type: ignore[arg-type]
                done = _("The query is resolved.") if resolve else _("Your message is sent.")
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, done)
            return redirect("reports:query", pk)
    entry = query.submission.entries.filter(code=query.code).first()
    return render(
        request,
        "reports/query/thread.html",
        {
            "query": query,
            "indicator": by_code(query.code),
            "entry": entry,
            "form": form,
            "answering": isinstance(form, AnswerQueryForm),
        },
    )


def sign_off(request: HttpRequest, year: int, slug: str) -> HttpResponse:
    submission = _submission(request, year, slug, "reports.sign_off")
    is_head = head_person(request.user, submission.institution_id) is not None
    form = SignOffForm(request.POST or None, is_head=is_head)
    can_sign = submission.status == SubmissionStatus.ACCEPTED
    if request.method == "POST" and can_sign and form.is_valid():
        try:
            service.sign_off_submission(
                submission,
                actor=request.user,
                head_name=form.cleaned_data.get("head_name", ""),  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Signed off. The figures are now locked."))
            return redirect("reports:sign_off", year, slug)
    entries = queries.entries_by_code(submission)
    rows = [(i, entries.get(i.code)) for i in submitted_indicators()]
    return render(
        request,
        "reports/submission/sign_off.html",
        {
            "submission": submission,
            "rows": rows,
            "form": form if can_sign else None,
            "is_head": is_head,
        },
    )


def correct(request: HttpRequest, year: int, slug: str, code: str) -> HttpResponse:
    submission = _submission(request, year, slug, "reports.correct_value")
    entry = submission.entries.filter(code=code).first()
    if entry is None:
        raise Http404
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.answer is not None:
        try:
            service.correct_entry(
                entry, actor=request.user, answer=form.answer, reason=form.cleaned_data["reason"]
            )  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The correction is recorded and will be published."))
            return redirect("reports:review", year, slug)
    return render(
        request,
        "reports/submission/correct.html",
        {"submission": submission, "entry": entry, "indicator": by_code(code), "form": form},
    )
