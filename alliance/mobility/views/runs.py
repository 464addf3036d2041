"""Allocation runs: start one, compare them side by side, a run's flow matrix, publication,
and a student's answer to their place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.mobility.forms.rounds import RunForm
from alliance.mobility.models import AllocationRun
from alliance.mobility.queries import comparison, flow_matrix, placement_of, runs_of
from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation
from alliance.mobility.views.rounds import round_for


def run_for(request: HttpRequest, pk: int, perm: str) -> AllocationRun:
    run = AllocationRun.objects.select_related("round", "created_by").filter(pk=pk).first()
    if run is None:
        check_permission(request, perm)
        raise Http404
    round_for(request, run.round_id, perm)
    return run


def runs(request: HttpRequest, pk: int) -> HttpResponse:
    """The runs of a round side by side, and (for the Secretariat) a form to start one."""
    round_ = round_for(request, pk, "mobility.view_runs")
    form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        check_permission(request, "mobility.allocate")
        if form.is_valid():
            try:
                run = run_allocation(
                    round_,
                    actor=request.user,
                    mechanism=form.cleaned_data["mechanism"],
                    confirmed=form.cleaned_data["confirm"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The allocation is done: run #%(n)d.") % {"n": run.pk})
                return redirect("mobility:runs", round_.pk)
    all_runs = list(runs_of(round_))
    return render(
        request,
        "mobility/run/list.html",
        {
            "round": round_,
            "runs": all_runs,
            "rows": comparison(all_runs),
            "form": form,
            "may_allocate": request.user.has_perm("mobility.allocate"),
        },
    )


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for(request, pk, "mobility.view_runs")
    flow = flow_matrix(run)
    rows = [
        {
            "name": flow.names.get(u, u),
            "cells": flow.cells[i],
            "sent": flow.sent[i],
            "hosted": flow.hosted[i],
        }
        for i, u in enumerate(flow.universities)
    ]
    return render(
        request,
        "mobility/run/detail.html",
        {
            "run": run,
            "flow": flow,
            "rows": rows,
            "may_allocate": request.user.has_perm("mobility.allocate"),
        },
    )


@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_for(request, pk, "mobility.allocate")
    try:
        publish_run(run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The results are published to students and coordinators."))
    return redirect("mobility:round", run.round_id)


@require_POST
def placement_respond(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.view_round")
    placement = placement_of(round_, request.user)
    if placement is None:
        raise Http404
    try:
        respond_to_placement(
            placement, actor=request.user, accept=request.POST.get("answer") == "accept"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your answer is recorded."))
    return redirect("mobility:round", round_.pk)
