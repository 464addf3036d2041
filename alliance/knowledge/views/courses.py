"""Shared course pages: the catalogue, one course (with its requests for the offering
coordinators), the editor, closing and reopening, the resource's file, asking for a place, and
the requests: the list, one request, the decision and the withdrawal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.knowledge import queries
from alliance.knowledge.enums import CourseStatus, EnrolmentStatus
from alliance.knowledge.forms import CourseForm, EnrolmentDecisionForm, EnrolmentRequestForm
from alliance.knowledge.models import SharedCourse
from alliance.knowledge.services.courses import set_course_status, share_course, update_course
from alliance.knowledge.services.enrolments import (
    decide_enrolment,
    request_place,
    seats_taken,
    withdraw_enrolment,
)
from alliance.knowledge.views.common import fetch, writable_institutions
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where


def course_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.view_knowledge")
    mine = institutions_where(request.user, Role.COORDINATOR)
    courses = queries.courses_visible_to(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "knowledge/course/list.html",
        {
            "shared": courses.filter(status=CourseStatus.OPEN).exclude(institution__in=mine),
            "own": courses.filter(institution__in=mine),
        },
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch(request, queries.course_for_page, pk, "knowledge.view_course")
    user = request.user
    can_change = user.has_perm("knowledge.change_course", course)
    requests = course.enrolment_requests.select_related("home") if can_change else None
    return render(
        request,
        "knowledge/course/detail.html",
        {
            "course": course,
            "can_change": can_change,
            "can_request": user.has_perm("knowledge.request_place", course),
            "requests": requests,
            "free": max((course.seats or 0) - getattr(course, "taken", 0), 0),
        },
    )


def _save(request: HttpRequest, course: SharedCourse | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = CourseForm(
        post, request.FILES or None, institutions=writable_institutions(request.user), course=course
    )
    if post is not None and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("material", None)
        try:
            if course is None:
                course = share_course(
                    actor=request.user,  # type: ignore[arg-type]
                    institution=data.pop("institution"),
                    data=data,
                    upload=upload,
                )
            else:
                update_course(course, actor=request.user, data=data, upload=upload)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The course is saved and open to the other members."))
            return redirect("knowledge:course", course.pk)
    return render(request, "knowledge/course/edit.html", {"form": form, "course": course})


def course_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_course")
    return _save(request, None)


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, fetch(request, queries.course_for_page, pk, "knowledge.change_course"))


@require_POST
def course_status(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch(request, queries.course_for_page, pk, "knowledge.change_course")
    try:
        set_course_status(course, actor=request.user, status=request.POST.get("status", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The course's status is saved."))
    return redirect("knowledge:course", pk)


def course_file(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch(request, queries.course_for_page, pk, "knowledge.view_course")
    if not course.material:
        raise Http404
    extension = str(course.material.name).rsplit(".", 1)[-1]
    return FileResponse(
        course.material.open("rb"),
        as_attachment=True,
        filename=f"course-{pk}.{extension}",
        content_type=course.material_type,
    )


def _homes(request: HttpRequest, course: SharedCourse) -> tuple[QuerySet[Institution], bool]:
    """The home institutions the user may name, and whether they ask for someone else."""
    members = Institution.objects.filter(relation=Relation.MEMBER).exclude(pk=course.institution_id)
    coordinated = institutions_where(request.user, Role.COORDINATOR) - {course.institution_id}
    if coordinated:
        return members.filter(pk__in=coordinated).order_by("name"), True
    return members.order_by("name"), False


def course_request(request: HttpRequest, pk: int) -> HttpResponse:
    course = fetch(request, queries.course_for_page, pk, "knowledge.request_place")
    homes, on_behalf = _homes(request, course)
    form = EnrolmentRequestForm(request.POST or None, homes=homes, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        try:
            made = request_place(course, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Sent. The answer comes by e-mail and on this page."))
            return redirect("knowledge:enrolment", made.pk)
    return render(
        request,
        "knowledge/enrolment/new.html",
        {"form": form, "course": course, "on_behalf": on_behalf},
    )


def enrolment_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.view_knowledge")
    return render(
        request,
        "knowledge/enrolment/list.html",
        {"requests": queries.enrolments_of(request.user)},  # type: ignore[arg-type]
    )


def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = fetch(request, queries.enrolment_for_page, pk, "knowledge.view_enrolment")
    user = request.user
    open_to_decision = enrolment.status in (EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED)
    can_decide = open_to_decision and user.has_perm("knowledge.decide_enrolment", enrolment)
    return render(
        request,
        "knowledge/enrolment/detail.html",
        {
            "enrolment": enrolment,
            "decision_form": EnrolmentDecisionForm() if can_decide else None,
            "taken": seats_taken(enrolment.course) if can_decide else None,
            "can_withdraw": enrolment.is_active
            and user.has_perm("knowledge.withdraw_enrolment", enrolment),
        },
    )


@require_POST
def enrolment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = fetch(request, queries.enrolment_for_page, pk, "knowledge.decide_enrolment")
    form = EnrolmentDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose accept, waiting list or decline."))
        decide_enrolment(enrolment, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The decision is saved; the student is told by e-mail."))
    return redirect("knowledge:enrolment", pk)


@require_POST
def enrolment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = fetch(request, queries.enrolment_for_page, pk, "knowledge.withdraw_enrolment")
    try:
        withdraw_enrolment(enrolment, actor=request.user, reason=request.POST.get("reason", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request is withdrawn."))
    return redirect("knowledge:enrolment", pk)
