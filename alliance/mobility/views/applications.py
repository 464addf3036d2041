"""A student's application (rank up to ten hosts) and the home coordinators' nomination
ranking of their own applicants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.members.enums import Role
from alliance.members.rules import institutions_where
from alliance.mobility.forms.rounds import ApplicationForm
from alliance.mobility.models import Application
from alliance.mobility.queries import application_of, applications_of_home, nominating_homes
from alliance.mobility.services.rounds import move_nomination, submit_application
from alliance.mobility.views.rounds import round_for


def apply(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.apply")
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        round_=round_,
        application=application_of(round_, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            submit_application(
                round_,
                actor=request.user,
                home=form.cleaned_data["home"],
                study_level=form.cleaned_data["study_level"],
                languages=form.cleaned_data["languages"],
                hosts=form.hosts(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your application is saved."))
            return redirect("mobility:round", round_.pk)
    return render(request, "mobility/application/apply.html", {"round": round_, "form": form})


def nominations(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.nominate")
    homes = nominating_homes(round_, request.user)
    return render(
        request,
        "mobility/nomination/list.html",
        {
            "round": round_,
            "homes": homes,
            "applications": applications_of_home(round_, {h.pk for h in homes}),
        },
    )


@require_POST
def nomination_move(request: HttpRequest, pk: int, application: int) -> HttpResponse:
    round_ = round_for(request, pk, "mobility.nominate")
    mine = institutions_where(request.user, Role.COORDINATOR)
    entry = get_object_or_404(Application, pk=application, round=round_, home_id__in=mine)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        move_nomination(entry, actor=request.user, offset=offset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("mobility:nominations", round_.pk)
