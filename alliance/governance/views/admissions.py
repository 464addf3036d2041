"""Admissions: the public application form and the applicant's private page; the Secretariat's
list, invitation and steps; the working group's recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.governance import queries
from alliance.governance.enums import ADMISSION_TRANSITIONS, AdmissionStatus
from alliance.governance.forms_admissions import (
    ApplicantDetailsForm,
    ApplicationForm,
    BoardForm,
    ConclusionForm,
    DecisionForm,
    RecommendationForm,
    ReviewForm,
    WithdrawApplicationForm,
)
from alliance.governance.models import AdmissionApplication
from alliance.governance.services import admissions as service
from alliance.governance.views.common import acting, found, private_pdf

FORM = "governance/common/form.html"
DETAILS = ("institution_name", "country", "website", "ror_id", "contact_name", "contact_email")


def _application(request: HttpRequest, pk: int, perm: str) -> AdmissionApplication:
    application = found(request, queries.application_for_page(pk), perm)
    check_permission(request, perm, application)
    return application


# --- the applicant (public) --------------------------------------------------------------------


# The public form sends e-mail to the address typed in: a few submissions per hour per address
# (counted in the shared cache, so the limit holds across web workers).
SUBMISSIONS_PER_HOUR = 10


def _over_the_limit(request: HttpRequest) -> bool:
    key = f"governance:apply:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > SUBMISSIONS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


def apply(request: HttpRequest) -> HttpResponse:
    """The public application form."""
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and _over_the_limit(request):
        form.add_error(None, _("Too many applications from this address; try again in an hour."))
    elif request.method == "POST" and form.is_valid():
        try:
            service.submit_application(
                actor=acting(request) if request.user.is_authenticated else None,
                language=get_language() or "en",
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return render(request, "governance/admission/received.html")
    return render(request, "governance/admission/apply.html", {"form": form})


def apply_follow(request: HttpRequest, secret: str) -> HttpResponse:
    """The applicant's private page: the prefilled form while invited, then where the
    application stands, with the choice to withdraw it."""
    application = service.find_by_secret(secret)
    if application is None:
        raise Http404
    if application.status != AdmissionStatus.INVITED:
        return render(
            request,
            "governance/admission/follow.html",
            {
                "application": application,
                "secret": secret,
                "may_withdraw": AdmissionStatus.WITHDRAWN
                in ADMISSION_TRANSITIONS[application.status],
            },
        )
    initial = {f: getattr(application, f) for f in (*DETAILS, "category")}
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.submit_application(
                actor=None,
                language=get_language() or "en",
                invited=application,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return render(request, "governance/admission/received.html")
    return render(request, "governance/admission/apply.html", {"form": form, "invited": True})


@require_POST
def apply_withdraw(request: HttpRequest, secret: str) -> HttpResponse:
    application = service.find_by_secret(secret)
    if application is None:
        raise Http404
    try:
        service.withdraw_application(application, actor=None, note="by the applicant")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("governance:apply_follow", secret)


# --- the Secretariat and the working group -----------------------------------------------------


def admission_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view_admissions")
    return render(
        request,
        "governance/admission/list.html",
        {
            "applications": queries.applications_visible_to(request.user, timezone.localdate()),
            "may_manage": request.user.has_perm("governance.manage_admissions"),
        },
    )


def admission_invite(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage_admissions")
    form = ApplicantDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, _secret = service.invite_applicant(
                actor=acting(request), language=get_language() or "en", **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": application.contact_email},
            )
            return redirect("governance:admission", application.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Invite a university to apply"),
            "back_url": reverse("governance:admissions"),
        },
    )


def admission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.view_admissions")
    status = application.status
    reviewing = queries.reviewing_institutions(application, request.user)
    return render(
        request,
        "governance/admission/detail.html",
        {
            "application": application,
            "may_manage": request.user.has_perm("governance.manage_admissions"),
            "may_recommend": status == AdmissionStatus.UNDER_REVIEW and bool(reviewing),
            "review_form": ReviewForm() if status == AdmissionStatus.SUBMITTED else None,
            "may_conclude": status == AdmissionStatus.UNDER_REVIEW,
            "may_put_to_board": status
            in (AdmissionStatus.RECOMMENDED, AdmissionStatus.NOT_RECOMMENDED),
            "decision_form": DecisionForm() if status == AdmissionStatus.AT_BOARD else None,
            "may_withdraw": AdmissionStatus.WITHDRAWN in ADMISSION_TRANSITIONS[status],
        },
    )


def admission_letter(request: HttpRequest, pk: int) -> FileResponse:
    application = _application(request, pk, "governance.view_admissions")
    if not application.letter:
        raise Http404
    return private_pdf(application.letter, f"admission-{application.pk}-letter.pdf")


@require_POST
def admission_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.manage_admissions")
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the working group that reviews the application."))
        service.start_review(application, actor=acting(request), body=form.cleaned_data["body"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The working group can now record its recommendations."))
    return redirect("governance:admission", application.pk)


def admission_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.recommend_admission")
    form = RecommendationForm(
        request.POST or None,
        institutions=queries.reviewing_institutions(application, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.record_recommendation(application, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your recommendation is recorded."))
            return redirect("governance:admission", application.pk)
    return _form(request, form, _("Recommend on %(name)s") % {"name": application}, application)


def _form(
    request: HttpRequest, form: object, title: str, application: AdmissionApplication
) -> HttpResponse:
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": title,
            "back_url": reverse("governance:admission", args=[application.pk]),
        },
    )


def admission_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.manage_admissions")
    form = ConclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.conclude_review(application, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The working group's conclusion is recorded."))
            return redirect("governance:admission", application.pk)
    return _form(
        request,
        form,
        _("Conclusion of the working group on %(name)s") % {"name": application},
        application,
    )


def admission_board(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.manage_admissions")
    form = BoardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = service.put_to_board(
                application,
                actor=acting(request),
                agenda_item=form.cleaned_data["agenda_item"],
                rule=form.rule(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The motion and its poll are on the Board's agenda; open the poll there."),
            )
            return redirect("governance:motion", application.motion_id)
    return _form(request, form, _("Put %(name)s to the Board") % {"name": application}, application)


@require_POST
def admission_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.manage_admissions")
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the date as YYYY-MM-DD, or leave it empty."))
        application = service.record_board_decision(
            application, actor=acting(request), effective_on=form.cleaned_data["effective_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The Board's decision is recorded: %(status)s. The applicant is told by e-mail.")
            % {"status": application.get_status_display()},
        )
    return redirect("governance:admission", application.pk)


@require_POST
def admission_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk, "governance.manage_admissions")
    form = WithdrawApplicationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service.withdraw_application(application, actor=acting(request), note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The application is recorded as withdrawn."))
    return redirect("governance:admission", application.pk)
