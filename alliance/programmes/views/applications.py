"""An applicant's pages: the draft (saved as it is typed), files, endorsement requests,
submission, withdrawal and the answer to an award; and the endorser's page, reached by the
e-mailed link without an account."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.programmes import queries
from alliance.programmes.enums import HOLDS_AWARD, ApplicationStatus
from alliance.programmes.forms import ApplicationForm, EndorsementForm, UploadForm
from alliance.programmes.models import Application
from alliance.programmes.pdf import award_letter_pdf
from alliance.programmes.services import applications as services
from alliance.programmes.services.selection import respond_to_award
from alliance.programmes.views.calls import call_for


def application_for(request: HttpRequest, pk: int, perm: str) -> Application:
    application = queries.application_for_page(pk)
    if application is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, application)
    return application


def _save(request: HttpRequest, pk: int) -> tuple[ApplicationForm, Application | None, bool]:
    """Bind the draft form to the posted data and save it (starting the application when there
    is none yet). Returns the form, the application and whether it was saved."""
    call = call_for(request, pk, "programmes.apply")
    application = queries.application_of(call, request.user)
    form = ApplicationForm(request.POST, call=call, instance=application or Application(call=call))
    if not form.is_valid():
        return form, application, False
    try:
        if application is None:
            application = services.start_application(call, actor=request.user)
        services.save_draft(
            application, actor=request.user, data=form.data_for_service(), answers=form.answers()
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
        return form, application, False
    return form, application, True


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        form, application, saved = _save(request, pk)
        if saved and application is not None:
            messages.success(request, _("Your draft is saved."))
            return redirect("programmes:application", application.pk)
        call = form.call
    else:
        call = call_for(request, pk, "programmes.apply")
        application = queries.application_of(call, request.user)
        if application is not None and not application.is_draft:
            return redirect("programmes:application", application.pk)
        form = ApplicationForm(call=call, instance=application or Application(call=call))
    return render(
        request,
        "programmes/application/edit.html",
        {"call": call, "form": form, "application": application},
    )


@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft saved while it is typed (htmx); answers with the saving status."""
    form, _application, saved = _save(request, pk)
    return render(
        request,
        "programmes/application/autosave.html",
        {"saved": saved, "form": form, "at": timezone.now()},
    )


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "programmes.view_application")
    mine = application.applicant_id == request.user.pk
    problems = services.eligibility_problems(application) if mine and application.is_draft else {}
    return render(
        request,
        "programmes/application/detail.html",
        {
            "application": application,
            "call": application.call,
            "mine": mine,
            "problems": problems,
            "upload_form": UploadForm(call=application.call) if mine else None,
            "files": {f.key: f for f in application.files.all()},
            "can_decide": request.user.has_perm("programmes.select"),
            "has_award": application.status in HOLDS_AWARD,
        },
    )


@require_POST
def application_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "programmes.change_application")
    form = UploadForm(request.POST, request.FILES, call=application.call)
    if form.is_valid():
        try:
            services.upload_file(
                application,
                actor=request.user,
                key=form.cleaned_data["key"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("The file is stored."))
    return redirect("programmes:application", application.pk)


def application_file(request: HttpRequest, pk: int, key: str) -> FileResponse:
    application = application_for(request, pk, "programmes.view_files")
    stored = application.files.filter(key=key).first()
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = application_for(request, pk, "programmes.change_application")
    done = {
        "endorsements": _("The requests are sent by e-mail."),
        "submit": _("Your application is submitted."),
        "withdraw": _("Your application is withdrawn."),
    }
    try:
        if action == "endorsements":
            services.request_endorsements(application, actor=request.user)
        elif action == "submit":
            services.submit_application(application, actor=request.user)
        else:
            services.withdraw_application(application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done[action])
    return redirect("programmes:application", application.pk)


@require_POST
def request_endorsements(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "endorsements")


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "submit")


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "withdraw")


@require_POST
def award_respond(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "programmes.change_application")
    accept = request.POST.get("answer") == "accept"
    try:
        respond_to_award(application, actor=request.user, accept=accept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("You accepted the award.") if accept else _("You declined the award.")
        )
    return redirect("programmes:application", application.pk)


def award_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "programmes.view_application")
    if application.status not in HOLDS_AWARD:
        raise Http404
    response = HttpResponse(award_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="award-{application.pk}.pdf"'
    return response


def endorse(request: HttpRequest, secret: str) -> HttpResponse:
    """The endorser's page: the facts they must see, and yes or no with a comment."""
    endorsement = queries.endorsement_by_secret(secret)
    if endorsement is None or endorsement.application.status == ApplicationStatus.WITHDRAWN:
        raise Http404
    form = EndorsementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_endorsement(endorsement, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return redirect("programmes:endorse", secret)
    return render(
        request,
        "programmes/endorsement/answer.html",
        {"endorsement": endorsement, "application": endorsement.application, "form": form},
    )
