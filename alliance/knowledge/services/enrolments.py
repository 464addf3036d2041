"""Enrolment requests for shared courses. A student of another member asks for a place (or
their coordinator asks on their behalf); the offering institution's coordinators accept it
within the course's seats, put it on the waiting list, or decline it with a reason; the
student, or whoever asked, may withdraw it. Students of the offering institution cannot ask:
its courses are theirs already. The offering side, the home coordinators and the student are
told by e-mail at each step.

Seats never oversell: accepting locks the course row (``select_for_update``; on SQLite the
write transaction is taken at once) and counts the accepted requests inside that lock."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.knowledge.enums import CourseKind, CourseStatus, EnrolmentStatus
from alliance.knowledge.models import EnrolmentRequest, SharedCourse
from alliance.knowledge.services.cleaning import require
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution, RoleAssignment
from alliance.members.rules import institutions_where

log = logging.getLogger(__name__)
DECISIONS = {
    "accept": EnrolmentStatus.ACCEPTED,
    "waitlist": EnrolmentStatus.WAITLISTED,
    "decline": EnrolmentStatus.DECLINED,
}
OPEN_TO_DECISION = (EnrolmentStatus.PENDING, EnrolmentStatus.WAITLISTED)


def seats_taken(course: SharedCourse) -> int:
    return course.enrolment_requests.filter(status=EnrolmentStatus.ACCEPTED).count()


def _check_course(course: SharedCourse, home: Institution) -> None:
    if course.kind != CourseKind.COURSE:
        raise ValidationError(_("This is an open resource: use it freely, no place is needed."))
    if course.status != CourseStatus.OPEN:
        raise ValidationError(_("This course is closed to new requests."))
    deadline = course.enrolment_deadline
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("The enrolment deadline (%(date)s) has passed.") % {"date": deadline.isoformat()},
            code="deadline",
        )
    if home.relation != Relation.MEMBER:
        raise ValidationError({"home": [_("Shared courses are open to members' students.")]})
    if home.pk == course.institution_id:
        message = _(
            "Students of %(name)s take its courses at home; shared courses are for the other "
            "members' students."
        ) % {"name": course.institution.name}
        raise ValidationError({"home": [ValidationError(message, code="own-institution")]})


def request_place(
    course: SharedCourse,
    *,
    actor: User,
    home: Institution,
    motivation: str = "",
    student_name: str = "",
    student_email: str = "",
    is_demo: bool = False,
) -> EnrolmentRequest:
    """Ask for a place: for oneself (a student; name and address come from the account), or,
    as a coordinator of ``home``, for a student named by ``student_name`` and
    ``student_email``."""
    on_behalf = bool(student_email.strip()) and student_email.strip().lower() != actor.email
    problems: dict[str, list[str]] = {}
    if on_behalf:
        name = require(problems, "student_name", student_name, 200)
        email = student_email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.setdefault("student_email", []).append(_("Enter a valid e-mail address."))
    else:
        name, email = (actor.full_name or actor.email), actor.email.lower()
    motivation = motivation.strip()[:5000]
    if problems:
        raise ValidationError(problems)
    _check_course(course, home)
    if not actor.has_perm("knowledge.request_place", course):
        raise ValidationError(_("Only students of other members, or their coordinators, may ask."))
    if on_behalf and home.pk not in institutions_where(actor, Role.COORDINATOR):
        raise ValidationError(
            {"home": [_("You may ask on behalf of students of your own institution only.")]}
        )
    student = actor if not on_behalf else User.objects.filter(email__iexact=email).first()
    try:
        with transaction.atomic():
            request = EnrolmentRequest.objects.create(
                course=course,
                student=student,
                student_name=name,
                student_email=email,
                home=home,
                requested_by=actor,
                motivation=motivation,
                is_demo=is_demo,
            )
            record_audit(
                "knowledge.enrolment.request",
                actor=actor,
                obj=request,
                after={"course": course.pk, "home": home.pk, "status": request.status},
                institution_id=course.institution_id,
            )
            transaction.on_commit(partial(notify, request.pk, step="requested"))
    except IntegrityError:
        raise ValidationError(
            _("%(email)s has asked for a place in this course already.") % {"email": email},
            code="duplicate",
        ) from None
    return request


def _locked(request: EnrolmentRequest) -> tuple[SharedCourse, EnrolmentRequest]:
    """The course, then the request, locked in that order (every writer takes them so)."""
    course = SharedCourse.objects.select_for_update().get(pk=request.course_id)
    locked = (
        EnrolmentRequest.objects.select_for_update()
        .select_related("course__institution", "home")
        .get(pk=request.pk)
    )
    return course, locked


def decide_enrolment(
    request: EnrolmentRequest, *, actor: User, decision: str, reason: str = ""
) -> EnrolmentRequest:
    """The offering coordinators accept (while seats are free), waitlist or decline (with a
    reason) a pending or waiting request."""
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError({"decision": [_("Choose accept, waiting list or decline.")]})
    reason = reason.strip()[:2000]
    if status == EnrolmentStatus.DECLINED and not reason:
        raise ValidationError({"reason": [_("Say why, so the student knows what to do next.")]})
    if not actor.has_perm("knowledge.decide_enrolment", request):
        raise ValidationError(_("Only the offering institution's coordinators decide."))
    with transaction.atomic():
        course, request = _locked(request)
        if request.status not in OPEN_TO_DECISION:
            raise ValidationError(
                _("This request is %(status)s already.")
                % {"status": request.get_status_display().lower()},
                code="state",
            )
        if status == EnrolmentStatus.ACCEPTED and seats_taken(course) >= (course.seats or 0):
            raise ValidationError(
                _(
                    "All %(seats)d seats are taken. Put the request on the waiting list, or "
                    "add seats to the course first."
                )
                % {"seats": course.seats or 0},
                code="full",
            )
        before = request.status
        request.status = status
        request.reason = reason
        request.decided_by = actor
        request.decided_at = request.updated_at = timezone.now()
        request.save()
        record_audit(
            "knowledge.enrolment.decide",
            actor=actor,
            obj=request,
            before={"status": before},
            after={"status": status, "reason": reason},
            institution_id=course.institution_id,
        )
        transaction.on_commit(partial(notify, request.pk, step=str(status)))
    return request


def withdraw_enrolment(
    request: EnrolmentRequest, *, actor: User, reason: str = ""
) -> EnrolmentRequest:
    """The student (or whoever asked, or a home coordinator) takes the request back; an
    accepted place is freed for the waiting list."""
    if not actor.has_perm("knowledge.withdraw_enrolment", request):
        raise ValidationError(_("Only the student or their coordinator may withdraw."))
    with transaction.atomic():
        course, request = _locked(request)
        if not request.is_active:
            raise ValidationError(
                _("This request is %(status)s already.")
                % {"status": request.get_status_display().lower()},
                code="state",
            )
        before = request.status
        request.status = EnrolmentStatus.WITHDRAWN
        request.reason = reason.strip()[:2000]
        request.updated_at = timezone.now()
        request.save()
        record_audit(
            "knowledge.enrolment.withdraw",
            actor=actor,
            obj=request,
            before={"status": before},
            after={"status": request.status},
            institution_id=course.institution_id,
        )
        transaction.on_commit(partial(notify, request.pk, step="withdrawn"))
    return request


def _coordinators(institution_id: int) -> list[str]:
    return list(
        RoleAssignment.objects.filter(role=Role.COORDINATOR, institution_id=institution_id)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def recipients(request: EnrolmentRequest, step: str) -> list[str]:
    """Who hears of a step: a new request goes to the offering coordinators (to answer), the
    home coordinators (to know) and the student; a decision to the student, whoever asked and
    the home coordinators; a withdrawal to both institutions' coordinators."""
    offering = _coordinators(request.course.institution_id)
    home = _coordinators(request.home_id)
    student = [request.student_email]
    asker = [request.requested_by.email] if request.requested_by else []
    if step in ("requested", "withdrawn"):
        people = [*offering, *home, *student]
    else:
        people = [*student, *asker, *home]
    return list(dict.fromkeys(people))


def notify(request_id: int, *, step: str) -> None:
    """E-mail each recipient of the step a link to the request; a failing mail server is
    logged, the step stands."""
    request = EnrolmentRequest.objects.select_related(
        "course__institution", "home", "requested_by"
    ).get(pk=request_id)
    context = {
        "request": request,
        "step": step,
        "url": settings.SITE_URL.rstrip("/") + reverse("knowledge:enrolment", args=[request.pk]),
        "alliance": settings.ALLIANCE_NAME,
    }
    subject = " ".join(render_to_string("knowledge/email/enrolment_subject.txt", context).split())
    body = render_to_string("knowledge/email/enrolment_body.txt", context)
    for recipient in recipients(request, step):
        try:
            send_mail(subject, body, None, [recipient])
        except OSError:
            log.exception("could not send the enrolment e-mail for request %s", request_id)
