"""Bodies, their seats and offices: the list, one body on a given day, and the Secretariat's
forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.governance import queries
from alliance.governance.forms import BodyForm, DayForm, EndForm, OfficeForm, SeatForm
from alliance.governance.models import Body, Office, Seat
from alliance.governance.services.bodies import (
    add_office,
    add_seat,
    create_body,
    end_office,
    end_seat,
)
from alliance.governance.views.common import acting, found

FORM = "governance/common/form.html"


def body_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view")
    today = timezone.localdate()
    return render(
        request,
        "governance/body/list.html",
        {
            "bodies": queries.bodies(today),
            "motions": queries.motions()[:10],
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


def body_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage")
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = create_body(actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The body is made; give it its seats now."))
            return redirect("governance:body", body.pk)
    return render(request, FORM, {"form": form, "title": _("New body")})


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = found(request, Body.objects.filter(pk=pk).first(), "governance.view")
    day = DayForm(request.GET or None)
    on = (day.is_valid() and day.cleaned_data.get("on")) or timezone.localdate()
    return render(
        request,
        "governance/body/detail.html",
        {
            "body": body,
            "day": day,
            "on": on,
            "today": on == timezone.localdate(),
            "seats": queries.seats_on(body, on),
            "offices": queries.offices_on(body, on),
            "meetings": queries.meetings_of(body),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


def seat_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = found(request, Body.objects.filter(pk=pk).first(), "governance.manage")
    form = SeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_seat(body, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The seat is added."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("New seat on %(body)s") % {"body": body},
            "back_url": reverse("governance:body", args=[body.pk]),
        },
    )


@require_POST
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = found(request, Seat.objects.filter(pk=pk).first(), "governance.manage")
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the day the seat ends."))
        end_seat(seat, actor=acting(request), end=form.cleaned_data["end"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The seat ends on %(day)s.") % {"day": seat.end})
    return redirect("governance:body", seat.body_id)


def office_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = found(request, Body.objects.filter(pk=pk).first(), "governance.manage")
    form = OfficeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_office(body, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The office is recorded."))
            return redirect("governance:body", body.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("New officer of %(body)s") % {"body": body},
            "back_url": reverse("governance:body", args=[body.pk]),
        },
    )


@require_POST
def office_end(request: HttpRequest, pk: int) -> HttpResponse:
    office = found(request, Office.objects.filter(pk=pk).first(), "governance.manage")
    form = EndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the day the term ends."))
        end_office(office, actor=acting(request), end=form.cleaned_data["end"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The term of office ends on %(day)s.") % {"day": office.end})
    return redirect("governance:body", office.body_id)
