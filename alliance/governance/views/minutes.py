"""Minutes of a meeting: the Secretariat drafts them from the meeting's data, edits the text of
each item, regenerates them when the data changed, circulates them and records their approval
at a later meeting; readers see them once circulated, and as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.governance import queries, register
from alliance.governance.enums import MinutesStatus
from alliance.governance.forms_records import ApproveMinutesForm, MinutesForm
from alliance.governance.minutes_pdf import minutes_pdf
from alliance.governance.models import Meeting, Minutes
from alliance.governance.services import minutes as services
from alliance.governance.views.common import acting, found


def _minutes(request: HttpRequest, pk: int, perm: str) -> tuple[Meeting, Minutes]:
    meeting = found(request, queries.meeting_for_page(pk), perm)
    minutes = register.minutes_of(meeting)
    if minutes is None:
        raise Http404
    return meeting, minutes


def _back(meeting: Meeting) -> HttpResponse:
    return redirect("governance:minutes", meeting.pk)


def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.view")
    minutes = register.minutes_of(meeting)
    may_manage = request.user.has_perm("governance.manage")
    visible = minutes is not None and (may_manage or minutes.status != MinutesStatus.DRAFT)
    context = register.minutes_display(minutes) if minutes is not None and visible else {}
    return render(
        request,
        "governance/minutes/detail.html",
        {
            **context,
            "meeting": meeting,
            "minutes": minutes,
            "visible": visible,
            "may_manage": may_manage,
        },
    )


@require_POST
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.manage")
    try:
        services.draft_minutes(meeting, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The minutes are drafted from the meeting's data."))
    return _back(meeting)


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes = _minutes(request, pk, "governance.manage")
    if minutes.approved:
        messages.error(request, _("These minutes are approved; they can no longer change."))
        return _back(meeting)
    form = MinutesForm(
        request.POST or None,
        minutes=minutes,
        initial={"chair": minutes.chair, "closing": minutes.closing},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_minutes(
                minutes,
                actor=acting(request),
                chair=form.cleaned_data["chair"],
                closing=form.cleaned_data["closing"],
                texts=form.texts(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The minutes are saved."))
            return _back(meeting)
    return render(
        request,
        "governance/common/form.html",
        {
            "form": form,
            "title": _("Edit the minutes of %(meeting)s") % {"meeting": meeting},
            "back_url": reverse("governance:minutes", args=[meeting.pk]),
        },
    )


@require_POST
def minutes_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes = _minutes(request, pk, "governance.manage")
    try:
        kept = services.regenerate_minutes(minutes, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The meeting's data is copied again; every text written is kept.")
        )
        if kept:
            messages.warning(
                request,
                _(
                    "%(n)d texts belong to items no longer on the agenda; they are kept at the "
                    "end: move what you need and empty the rest."
                )
                % {"n": kept},
            )
    return _back(meeting)


@require_POST
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes = _minutes(request, pk, "governance.manage")
    try:
        services.circulate_minutes(minutes, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The minutes are circulated; the members of the body are told by e-mail.")
        )
    return _back(meeting)


def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes = _minutes(request, pk, "governance.manage")
    form = ApproveMinutesForm(request.POST or None, minutes=minutes)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_minutes(minutes, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The minutes are approved; they can no longer change."))
            return _back(meeting)
    return render(
        request,
        "governance/common/form.html",
        {
            "form": form,
            "title": _("Approval of the minutes of %(meeting)s") % {"meeting": meeting},
            "back_url": reverse("governance:minutes", args=[meeting.pk]),
        },
    )


def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, minutes = _minutes(request, pk, "governance.view")
    if minutes.status == MinutesStatus.DRAFT and not request.user.has_perm("governance.manage"):
        raise Http404
    response = HttpResponse(minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response
