"""A meeting: its page (agenda, attendance, polls), its notice, agenda items, documents and
attendance."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.governance import queries
from alliance.governance.forms import AgendaItemForm, AttendanceForm, DocumentForm, MeetingForm
from alliance.governance.models import AgendaItem, Body, Motion
from alliance.governance.services.documents import attach_document
from alliance.governance.services.meetings import (
    add_agenda_item,
    create_meeting,
    record_attendance,
    send_notice,
)
from alliance.governance.views.common import acting, found, private_pdf

FORM = "governance/common/form.html"


def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    body = found(request, Body.objects.filter(pk=pk).first(), "governance.manage")
    form = MeetingForm(
        request.POST or None, initial={"notice_days": settings.GOVERNANCE_NOTICE_DAYS}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "starts"}
        try:
            meeting = create_meeting(
                body, actor=acting(request), starts_at=form.starts_at(), **data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The meeting is scheduled; build its agenda now."))
            return redirect("governance:meeting", meeting.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("New meeting of %(body)s") % {"body": body},
            "back_url": reverse("governance:body", args=[body.pk]),
        },
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.view")
    seats = list(queries.seats_on(meeting.body, meeting.starts_at.date()))
    attendance = queries.attendance_of(meeting)
    return render(
        request,
        "governance/meeting/detail.html",
        {
            "meeting": meeting,
            "agenda": queries.agenda(meeting),
            "attendance": [(seat, attendance.get(seat.institution_id)) for seat in seats],
            "polls": queries.polls().filter(agenda_item__meeting=meeting),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


@require_POST
def meeting_notice(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.manage")
    try:
        meeting, late = send_notice(meeting, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if late:
            messages.warning(
                request,
                _(
                    "The notice is recorded, but it is late: it was due %(days)d days before the start."
                )
                % {"days": meeting.notice_days},
            )
        else:
            messages.success(request, _("The notice is recorded as sent."))
    return redirect("governance:meeting", meeting.pk)


def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.manage")
    form = AgendaItemForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            add_agenda_item(meeting, actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The item is on the agenda."))
            return redirect("governance:meeting", meeting.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("New agenda item"),
            "back_url": reverse("governance:meeting", args=[meeting.pk]),
        },
    )


def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = found(
        request,
        AgendaItem.objects.select_related("meeting").filter(pk=pk).first(),
        "governance.manage",
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attach_document(
                actor=acting(request),
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                agenda_item=item,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The document is attached."))
            return redirect("governance:meeting", item.meeting_id)
    title = _("Attach a document to “%(item)s”") % {"item": item}
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": title,
            "back_url": reverse("governance:meeting", args=[item.meeting_id]),
            "files": True,
        },
    )


def motion_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    motion = found(request, Motion.objects.filter(pk=pk).first(), "governance.manage")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attach_document(
                actor=acting(request),
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                motion=motion,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The document is attached."))
            return redirect("governance:motion", motion.pk)
    title = _("Attach a supporting document to “%(motion)s”") % {"motion": motion}
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": title,
            "back_url": reverse("governance:motion", args=[motion.pk]),
            "files": True,
        },
    )


def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = found(request, queries.document_for(pk), "governance.view")
    return private_pdf(document.file, f"document-{document.pk}.pdf")


def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.manage")
    seats = list(queries.seats_on(meeting.body, meeting.starts_at.date()))
    form = AttendanceForm(request.POST or None, seats=seats, current=queries.attendance_of(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            record_attendance(meeting, actor=acting(request), entries=form.entries())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("governance:meeting", meeting.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Attendance: %(meeting)s") % {"meeting": meeting},
            "back_url": reverse("governance:meeting", args=[meeting.pk]),
        },
    )
