"""After the activity: the award's page (the awardee's report and its files, the host's review,
the certificate, the grant's payment; the Secretariat accepts or sends back the report and
manages the payment), the list of awards after their activity, the host's review form (by the
e-mailed link, or on their page when they have an account) and the public certificate check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.programmes import outcome_queries as queries
from alliance.programmes.certificate_pdf import certificate_pdf
from alliance.programmes.engine.workdays import working_days
from alliance.programmes.enums import ApplicationStatus, ReportStatus
from alliance.programmes.models import ActivityReport, Application, HostReview
from alliance.programmes.outcome_forms import (
    GrantForm,
    HostReviewForm,
    OutcomeFilterForm,
    ReportDecisionForm,
    ReportFileForm,
    ReportForm,
)
from alliance.programmes.services import grants, outcomes

PAGE = 100  # rows a page


def award_for(request: HttpRequest, pk: int, perm: str) -> Application:
    """The accepted award ``pk`` if ``request.user`` has ``perm`` on it; 404 for anything else."""
    application = queries.award_for_page(pk)
    if application is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, application)
    if application.status != ApplicationStatus.ACCEPTED:
        raise Http404
    return application


def _page(request: HttpRequest, application: Application, **forms: Any) -> HttpResponse:
    """The award's page, with any bound forms given (to show their errors)."""
    report = getattr(application, "report", None)
    mine = application.applicant_id == request.user.pk
    editable = mine and (report is None or report.status in outcomes.EDITABLE)
    manage = request.user.has_perm("programmes.manage_outcomes")
    grant = getattr(application, "grant", None)
    days = None
    if report and report.actual_starts_on and report.actual_ends_on:
        days = working_days(report.actual_starts_on, report.actual_ends_on)
    context = {
        "application": application,
        "call": application.call,
        "outcome": queries.outcome_of(application),
        "report": report,
        "files": list(report.files.all()) if report else [],
        "mine": mine,
        "editable": editable,
        "manage": manage,
        "working_days": days,
        "review": getattr(application, "host_review", None),
        "certificate": getattr(application, "certificate", None),
        "grant": grant,
        "payments": list(grant.payments.all()) if grant else [],
        "report_form": forms.get("report_form")
        or (ReportForm(instance=report or ActivityReport()) if editable else None),
        "file_form": forms.get("file_form") or (ReportFileForm() if editable else None),
        "decision_form": forms.get("decision_form") or ReportDecisionForm(),
        "grant_form": forms.get("grant_form") or GrantForm(),
        "grant_action": forms.get("grant_action", ""),
    }
    if editable and report is not None and report.status != ReportStatus.SUBMITTED:
        context["problems"] = outcomes.report_problems(report, today=timezone.localdate())
    return render(request, "programmes/outcome/detail.html", context)


def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, award_for(request, pk, "programmes.view_application"))


@require_POST
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the report; with ``submit``, submit it too. Errors show on the page, nothing typed
    is lost."""
    application = award_for(request, pk, "programmes.change_application")
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            outcomes.save_report(application, actor=request.user, data=form.cleaned_data)
            if "submit" in request.POST:
                outcomes.submit_report(application, actor=request.user)
        except ValidationError as exc:
            form.add_service_errors(exc)
    if form.errors:
        return _page(request, queries.award_for_page(pk) or application, report_form=form)
    done = "submit" in request.POST
    messages.success(
        request,
        _("Your report is submitted to the Secretariat.") if done else _("Your report is saved."),
    )
    return redirect("programmes:outcome", application.pk)


@require_POST
def report_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.change_application")
    form = ReportFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            outcomes.add_report_file(
                application, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
    if form.errors:
        return _page(request, application, file_form=form)
    messages.success(request, _("The file is attached to your report."))
    return redirect("programmes:outcome", application.pk)


def report_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    application = award_for(request, pk, "programmes.view_application")
    report = getattr(application, "report", None)
    stored = report.files.filter(pk=file).first() if report else None
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )


@require_POST
def report_file_remove(request: HttpRequest, pk: int, file: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.change_application")
    try:
        outcomes.remove_report_file(application, actor=request.user, attachment_id=file)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file is removed from your report."))
    return redirect("programmes:outcome", application.pk)


@require_POST
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.manage_outcomes")
    form = ReportDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                outcomes.accept_report(application, actor=request.user)
            else:
                outcomes.return_report(
                    application, actor=request.user, reason=form.cleaned_data["reason"]
                )
        except ValidationError as exc:
            form.add_service_errors(exc)
    if form.errors:
        return _page(request, application, decision_form=form)
    accepted = form.cleaned_data["decision"] == "accept"
    messages.success(
        request,
        _("The report is accepted and the certificate issued.")
        if accepted
        else _("The report is sent back to the awardee."),
    )
    return redirect("programmes:outcome", application.pk)


@require_POST
def host_review_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.manage_outcomes")
    try:
        review, _secret = outcomes.request_host_review(application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("A link to the review is sent to %(email)s.") % {"email": review.email}
        )
    return redirect("programmes:outcome", application.pk)


def _grant_step(application: Application, data: dict[str, Any], actor: Any) -> str:
    """Run the Secretariat's payment step; returns the message to show."""
    action, grant = data["action"], getattr(application, "grant", None)
    if action == "request":
        grants.request_grant(application, actor=actor, amount=data.get("amount"))
        return _("The payment is requested.")
    if grant is None:
        raise ValidationError(_("Request the payment first."))
    if action == "approve":
        grants.approve_grant(grant, actor=actor, amount=data.get("amount"))
        return _("The payment is approved.")
    if action == "pay":
        grants.record_payment(
            grant,
            actor=actor,
            amount=data["amount"],
            paid_on=data["paid_on"],
            reference=data.get("reference") or "",
        )
        return _("The payment is recorded.")
    grants.cancel_grant(grant, actor=actor, reason=data.get("reason") or "")
    return _("The payment is cancelled.")


@require_POST
def grant_change(request: HttpRequest, pk: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.manage_outcomes")
    form = GrantForm(request.POST)
    done = ""
    if form.is_valid():
        try:
            done = _grant_step(application, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_service_errors(exc)
    if form.errors:
        action = request.POST.get("action", "")
        return _page(request, application, grant_form=form, grant_action=action)
    messages.success(request, done)
    return redirect("programmes:outcome", application.pk)


def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    application = award_for(request, pk, "programmes.view_application")
    issued = getattr(application, "certificate", None)
    if issued is None:
        raise Http404
    response = HttpResponse(certificate_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{issued.code}.pdf"'
    return response


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether a certificate with this code was issued, and what it certifies."""
    issued = outcomes.certificate_by_code(code)
    return render(
        request,
        "programmes/outcome/verify.html",
        {"certificate": issued, "code": code},
        status=200 if issued else 404,
    )


def outcome_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.view_outcomes")
    form = OutcomeFilterForm(request.GET or None)
    awards = queries.awards_visible_to(request.user)
    stage = ""
    if form.is_valid():
        if form.cleaned_data["call"]:
            awards = awards.filter(call=form.cleaned_data["call"])
        stage = form.cleaned_data["stage"]
    rows = [a for a in queries.with_outcomes(awards) if not stage or a.outcome.stage == stage]
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "programmes/outcome/list.html", {"form": form, "page": page})


def _host_review_page(request: HttpRequest, review: HostReview, back: str) -> HttpResponse:
    form = HostReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.submit_host_review(review, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Thank you: your review is recorded."))
            return redirect(back)
    return render(
        request,
        "programmes/outcome/host_review.html",
        {"review": review, "application": review.application, "form": form},
    )


def host_review(request: HttpRequest, secret: str) -> HttpResponse:
    """The host's form, reached by the e-mailed link without an account."""
    review = queries.host_review_by_secret(secret)
    if review is None or review.application.status != ApplicationStatus.ACCEPTED:
        raise Http404
    return _host_review_page(request, review, request.path)


def host_review_mine(request: HttpRequest, pk: int) -> HttpResponse:
    """The same form for a host who has an account under the address asked."""
    review = queries.host_review_for_page(pk)
    if review is None:
        check_permission(request, "programmes.review_visit")
        raise Http404
    check_permission(request, "programmes.review_visit", review)
    return _host_review_page(request, review, request.path)
