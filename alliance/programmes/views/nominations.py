"""The nomination page: a coordinator (or the Secretariat) nominates and orders their
institution's submitted applications within its quota."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alliance.programmes import queries
from alliance.programmes.services import nominations as services
from alliance.programmes.views.applications import application_for
from alliance.programmes.views.calls import call_for


def nominations(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.nominate")
    home_quotas, _host = queries.quotas_of(call)
    applications = queries.applications_of_call(call, request.user)
    page = Paginator(applications, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/nomination/list.html",
        {
            "call": call,
            "applications": page.object_list,
            "page": page,
            "home_quotas": home_quotas,
        },
    )


@require_POST
def nomination_change(request: HttpRequest, pk: int, application: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.nominate")
    entry = application_for(request, application, "programmes.nominate_application")
    if entry.call_id != call.pk:
        return redirect("programmes:nominations", call.pk)
    action = request.POST.get("action")
    try:
        if action == "nominate":
            services.nominate(entry, actor=request.user)
        elif action in ("up", "down"):
            services.move_nomination(entry, actor=request.user, offset=-1 if action == "up" else 1)
        else:
            services.drop_nomination(entry, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("programmes:nominations", call.pk)
