"""The Secretariat's ranking and selection pages, and decisions on one application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.programmes import queries
from alliance.programmes.enums import DECISIONS, SKIP_REASONS, ApplicationStatus
from alliance.programmes.forms import DecisionForm
from alliance.programmes.services.selection import apply_suggestion, decide_application
from alliance.programmes.views.applications import application_for
from alliance.programmes.views.calls import call_for

PAGE = 100  # rows a page


def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.select")
    page = Paginator(queries.ranking(call), PAGE).get_page(request.GET.get("page"))
    queries.with_applications(page.object_list)
    return render(
        request,
        "programmes/selection/ranking.html",
        {
            "call": call,
            "page": page,
            "rows": page.object_list,
            "criteria": list(call.criteria.all()),
        },
    )


def selection(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.select")
    suggested = queries.suggestion(call)
    page = Paginator(suggested.rows, PAGE).get_page(request.GET.get("page"))
    for row in queries.with_applications(page.object_list):
        row.suggested = row.application_id in suggested.selected  # type: ignore[attr-defined]
        code = suggested.reasons.get(row.application_id)
        row.reason = SKIP_REASONS[code] if code else ""
    return render(
        request,
        "programmes/selection/detail.html",
        {
            "call": call,
            "suggestion": suggested,
            "page": page,
            "undecided": any(r.status == ApplicationStatus.SUBMITTED for r in suggested.rows),
            "decisions": DecisionForm.base_fields["decision"].choices,  # type: ignore[attr-defined]
            "decidable": [*DECISIONS, ApplicationStatus.SUBMITTED],
        },
    )


@require_POST
def selection_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.select")
    try:
        counts = apply_suggestion(call, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(awarded)d awarded, %(reserve)d on the reserve list.") % counts,
        )
    return redirect("programmes:selection", call.pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for(request, pk, "programmes.select")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_application(application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("programmes:selection", application.call_id)
