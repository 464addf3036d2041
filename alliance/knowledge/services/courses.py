"""Shared courses and open resources: a member's coordinators (or the Secretariat) open a
course to the students of the other members, or share course materials behind a link or in a
file. An open course or resource is findable in the search; closing it stops new enrolment
requests and takes it out of the search (requests already made stay as they are)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.knowledge.enums import CourseKind, CourseMode, CourseStatus, ResearchField
from alliance.knowledge.models import SharedCourse
from alliance.knowledge.services.achievements import DOCUMENT_KINDS, check_document
from alliance.knowledge.services.cleaning import clean_list, require
from alliance.knowledge.services.index import index_object
from alliance.members.enums import Relation
from alliance.members.models import Institution

CONTENT = (
    "kind",
    "title",
    "description",
    "field",
    "keywords",
    "credits",
    "credit_system",
    "languages",
    "mode",
    "term",
    "starts_on",
    "ends_on",
    "seats",
    "enrolment_deadline",
    "prerequisites",
    "contact",
    "link",
)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
MAX_SEATS = 10000


def _date(value: Any) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else None


def _credits(problems: dict[str, list[str]], value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        credits = Decimal(str(value))
    except InvalidOperation:
        credits = Decimal(-1)
    if not Decimal(0) < credits <= Decimal(200):
        problems.setdefault("credits", []).append(_("Give the credits as a number such as 5."))
        return None
    return credits.quantize(Decimal("0.1"))


def _check_dates(problems: dict[str, list[str]], content: dict[str, Any]) -> None:
    start, end, deadline = content["starts_on"], content["ends_on"], content["enrolment_deadline"]
    if start and end and end < start:
        problems.setdefault("ends_on", []).append(_("The course cannot end before it starts."))
    if deadline and end and deadline > end:
        problems.setdefault("enrolment_deadline", []).append(
            _("The enrolment deadline must come before the course ends.")
        )


def clean_course(data: Mapping[str, Any]) -> dict[str, Any]:
    """The course's content, checked; a ValidationError names each field that is wrong."""
    problems: dict[str, list[str]] = {}
    kind = str(data.get("kind") or CourseKind.COURSE)
    content: dict[str, Any] = {
        "kind": kind,
        "title": require(problems, "title", data.get("title", ""), 300),
        "description": require(problems, "description", data.get("description", ""), 20000),
        "field": str(data.get("field") or ""),
        "keywords": clean_list(data.get("keywords")),
        "credits": _credits(problems, data.get("credits")),
        "credit_system": " ".join(str(data.get("credit_system") or "").split())[:80],
        "languages": [c.lower() for c in clean_list(data.get("languages"), limit=6)],
        "mode": str(data.get("mode") or CourseMode.ONLINE),
        "term": " ".join(str(data.get("term") or "").split())[:100],
        "starts_on": _date(data.get("starts_on")),
        "ends_on": _date(data.get("ends_on")),
        "seats": data.get("seats"),
        "enrolment_deadline": _date(data.get("enrolment_deadline")),
        "prerequisites": str(data.get("prerequisites") or "").strip()[:5000],
        "contact": " ".join(str(data.get("contact") or "").split())[:200],
        "link": str(data.get("link") or "").strip()[:500],
    }
    if kind not in CourseKind.values:
        problems.setdefault("kind", []).append(_("Choose a kind from the list."))
    if content["field"] not in ResearchField.values:
        problems.setdefault("field", []).append(_("Choose a field from the list."))
    if content["mode"] not in CourseMode.values:
        problems.setdefault("mode", []).append(_("Choose a mode from the list."))
    bad = [c for c in content["languages"] if not LANGUAGE_CODE.match(c)]
    if bad:
        problems.setdefault("languages", []).append(
            _("Write languages as codes such as en, zh, th: %(codes)s is not one.")
            % {"codes": ", ".join(bad)}
        )
    if content["credits"] is not None and not content["credit_system"]:
        problems.setdefault("credit_system", []).append(
            _("Name the credit system: ECTS, or your local one.")
        )
    if content["link"] and not re.match(r"^https?://\S+$", content["link"]):
        problems.setdefault("link", []).append(_("Give a web address starting with https://."))
    if kind == CourseKind.COURSE:
        seats = content["seats"]
        if not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
            problems.setdefault("seats", []).append(
                _("Say how many places other members' students may take (at least 1).")
            )
        if not content["languages"]:
            problems.setdefault("languages", []).append(_("Name the language of instruction."))
    else:
        content["seats"] = None
        content["enrolment_deadline"] = None
    _check_dates(problems, content)
    if problems:
        raise ValidationError(problems)
    return content


def _refuse_unless(actor: User, perm: str, course: SharedCourse) -> None:
    if not actor.has_perm(perm, course):
        raise ValidationError(_("You may only share courses of your own institution."))


def _attach(course: SharedCourse, upload: File | None) -> None:
    if upload is None:
        return
    kind, content = check_document(upload)
    course.material.save(f"material.{kind}", ContentFile(content), save=False)
    course.material_type = DOCUMENT_KINDS[kind]


def share_course(
    *,
    actor: User,
    institution: Institution,
    data: Mapping[str, Any],
    upload: File | None = None,
    is_demo: bool = False,
) -> SharedCourse:
    """Open a course (or share a resource) of ``institution``, a member, to the others."""
    content = clean_course(data)
    if institution.relation != Relation.MEMBER:
        raise ValidationError({"institution": [_("Only members share courses.")]})
    _refuse_unless(actor, "knowledge.change_course", SharedCourse(institution=institution))
    with transaction.atomic():
        course = SharedCourse(institution=institution, created_by=actor, is_demo=is_demo, **content)
        course.save()
        if upload is not None:
            _attach(course, upload)
            course.save()
        record_audit(
            "knowledge.course.share",
            actor=actor,
            obj=course,
            after=snapshot(course, CONTENT),
            institution_id=institution.pk,
        )
        index_object(course)
    return course


def update_course(
    course: SharedCourse, *, actor: User, data: Mapping[str, Any], upload: File | None = None
) -> SharedCourse:
    """Change a course. Seats may not fall below the places already accepted."""
    content = clean_course(data)
    _refuse_unless(actor, "knowledge.change_course", course)
    with transaction.atomic():
        course = SharedCourse.objects.select_for_update().get(pk=course.pk)
        accepted = course.enrolment_requests.filter(status="accepted").count()
        if content["seats"] is not None and content["seats"] < accepted:
            raise ValidationError(
                {
                    "seats": [
                        _("%(n)d students are accepted already; keep at least that many seats.")
                        % {"n": accepted}
                    ]
                }
            )
        if content["kind"] != course.kind and course.enrolment_requests.exists():
            raise ValidationError({"kind": [_("Students asked for places; it stays a course.")]})
        before = snapshot(course, CONTENT)
        for name, value in content.items():
            setattr(course, name, value)
        _attach(course, upload)
        after = snapshot(course, CONTENT)
        changed = [k for k in CONTENT if before[k] != after[k]]
        if changed or upload is not None:
            course.updated_at = timezone.now()
            course.save()
            record_audit(
                "knowledge.course.update",
                actor=actor,
                obj=course,
                before={k: before[k] for k in changed},
                after={**{k: after[k] for k in changed}, "file": upload is not None},
                institution_id=course.institution_id,
            )
            index_object(course)
    return course


def set_course_status(course: SharedCourse, *, actor: User, status: str) -> SharedCourse:
    """Close a course (no new requests, out of the search) or open it again."""
    if status not in CourseStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    _refuse_unless(actor, "knowledge.change_course", course)
    with transaction.atomic():
        course = SharedCourse.objects.select_for_update().get(pk=course.pk)
        if course.status == status:
            return course
        before = course.status
        course.status = status
        course.updated_at = timezone.now()
        course.save()
        record_audit(
            "knowledge.course.status",
            actor=actor,
            obj=course,
            before={"status": before},
            after={"status": status},
            institution_id=course.institution_id,
        )
        index_object(course)
    return course
