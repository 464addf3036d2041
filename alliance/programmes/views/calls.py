"""Call pages: the list (the domain's front page), a call, and the Secretariat's programme and
call editors (settings, questions, documents, rubric, quotas, opening and closing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.programmes import queries
from alliance.programmes.forms import (
    CallForm,
    CriterionForm,
    DocumentForm,
    NewCallForm,
    ProgrammeForm,
    QuestionForm,
    QuotaForm,
)
from alliance.programmes.models import Call
from alliance.programmes.services import calls as services

SETUP_FORMS: dict[str, Any] = {
    "question": QuestionForm,
    "document": DocumentForm,
    "criterion": CriterionForm,
    "quota": QuotaForm,
}


def call_for(request: HttpRequest, pk: int, perm: str) -> Call:
    """The call, after checking ``perm`` on it (404 for an unknown or hidden call)."""
    call = queries.call_for_page(pk)
    if call is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, call)
    return call


def call_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.view_calls")
    return render(
        request,
        "programmes/call/list.html",
        {
            "calls": queries.calls_visible_to(request.user),
            "mine": queries.applications_of_user(request.user),
            "programmes": queries.programmes(),
        },
    )


def programme_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.manage_calls")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_programme(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The programme is made. Now open a call for it."))
            return redirect("programmes:call_add")
    return render(request, "programmes/call/programme_edit.html", {"form": form})


def call_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.manage_calls")
    form = NewCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        programme = data.pop("programme")
        try:
            call = services.create_call(programme, actor=request.user, data=data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("The call is made, as a draft. Add its questions and rubric.")
            )
            return redirect("programmes:call_edit", call.pk)
    return render(request, "programmes/call/edit.html", {"form": form})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.view_call")
    user = request.user
    return render(
        request,
        "programmes/call/detail.html",
        {
            "call": call,
            "application": queries.application_of(call, user),
            "can_apply": user.has_perm("programmes.apply", call),
            "can_manage": user.has_perm("programmes.manage_calls"),
            "can_nominate": user.has_perm("programmes.nominate", call),
        },
    )


def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    form = CallForm(request.POST or None, initial=CallForm.initial_of(call))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(call, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The call's settings are saved."))
            return redirect("programmes:call_edit", call.pk)
    return _setup_page(request, call, form)


def _setup_page(request: HttpRequest, call: Call, form: Any, **bound: Any) -> HttpResponse:
    setup = {name: bound.get(name) or cls(prefix=name) for name, cls in SETUP_FORMS.items()}
    return render(
        request, "programmes/call/edit.html", {"call": call, "form": form, "setup": setup}
    )


@require_POST
def call_item_add(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    if what not in SETUP_FORMS:
        raise Http404
    form = SETUP_FORMS[what](request.POST, prefix=what)
    if form.is_valid():
        adders = {
            "question": services.add_question,
            "document": services.add_document,
            "criterion": services.add_criterion,
            "quota": services.set_quota,
        }
        try:
            adders[what](call, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:call_edit", call.pk)
    return _setup_page(request, call, CallForm(initial=CallForm.initial_of(call)), **{what: form})


@require_POST
def call_item_remove(request: HttpRequest, pk: int, what: str, item: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    try:
        services.remove_call_item(call, actor=request.user, kind=what, pk=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("programmes:call_edit", call.pk)


@require_POST
def call_status(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    try:
        services.set_call_status(call, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The call's status is changed."))
    return redirect("programmes:call", call.pk)
