"""Round pages: the list (the domain's front page), a round, the Secretariat's round editor,
hosts' places and rules, and opening or closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.mobility.forms.rounds import RoundForm, RoundHostForm
from alliance.mobility.models import Round, RoundHost
from alliance.mobility.queries import (
    application_of,
    carried_balances,
    hosts_of,
    placement_of,
    rounds_visible_to,
)
from alliance.mobility.services.rounds import create_round, set_round_status, update_round_host


def round_for(request: HttpRequest, pk: int, perm: str) -> Round:
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, round_)
    return round_


def round_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.view_round")
    return render(request, "mobility/round/list.html", {"rounds": rounds_visible_to(request.user)})


def round_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.manage_round")
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = create_round(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The round is made, as a draft."))
            return redirect("mobility:round", round_.pk)
    return render(request, "mobility/round/edit.html", {"form": form})


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.view_round")
    user = request.user
    hosts = list(hosts_of(round_))
    carried = carried_balances(round_)
    for host in hosts:
        host.carried = carried.get(host.institution_id, 0)
    return render(
        request,
        "mobility/round/detail.html",
        {
            "round": round_,
            "hosts": hosts,
            "application": application_of(round_, user),
            "placement": placement_of(round_, user),
            "may_apply": user.has_perm("mobility.apply", round_),
            "may_nominate": user.has_perm("mobility.nominate", round_),
            "may_manage": user.has_perm("mobility.manage_round"),
        },
    )


def round_host_edit(request: HttpRequest, pk: int, host: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.manage_round")
    entry = get_object_or_404(
        RoundHost.objects.select_related("institution"), pk=host, round=round_
    )
    form = RoundHostForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            update_round_host(entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("%(inst)s: saved.") % {"inst": entry.institution})
            return redirect("mobility:round", round_.pk)
    return render(
        request, "mobility/round/host.html", {"round": round_, "entry": entry, "form": form}
    )


@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.manage_round")
    try:
        set_round_status(round_, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The round's status is changed."))
    return redirect("mobility:round", round_.pk)
