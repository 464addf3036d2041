"""Motions: the list, one motion with its documents and polls, the Secretariat's forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.governance import queries
from alliance.governance.enums import DECIDED_BY_POLL, MOTION_TRANSITIONS, MotionStatus
from alliance.governance.forms import MotionForm, MotionStatusForm
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.governance.views.common import acting, found


def motion_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view")
    return render(
        request,
        "governance/motion/list.html",
        {"motions": queries.motions(), "may_manage": request.user.has_perm("governance.manage")},
    )


def motion_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage")
    form = MotionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            motion = create_motion(actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The motion is saved as a draft."))
            return redirect("governance:motion", motion.pk)
    return render(
        request,
        "governance/common/form.html",
        {"form": form, "title": _("New motion"), "back_url": reverse("governance:motions")},
    )


def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    motion = found(request, queries.motion_for_page(pk), "governance.view")
    steps = [
        MotionStatus(s)
        for s in MotionStatus.values
        if s in MOTION_TRANSITIONS[motion.status] and s not in DECIDED_BY_POLL
    ]
    return render(
        request,
        "governance/motion/detail.html",
        {
            "motion": motion,
            "steps": steps,
            "status_form": MotionStatusForm(),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


@require_POST
def motion_status(request: HttpRequest, pk: int) -> HttpResponse:
    motion = found(request, queries.motion_for_page(pk), "governance.manage")
    form = MotionStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the step and, for the agenda, the agenda item."))
        set_motion_status(
            motion,
            actor=acting(request),
            status=form.cleaned_data["status"],
            agenda_item=form.cleaned_data.get("agenda_item"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The motion's status is changed."))
    return redirect("governance:motion", motion.pk)
