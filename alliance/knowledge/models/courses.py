from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.knowledge.enums import (
    ACTIVE_ENROLMENT,
    CourseKind,
    CourseMode,
    CourseStatus,
    EnrolmentStatus,
    ResearchField,
)


def _material_path(instance: SharedCourse, filename: str) -> str:
    return f"knowledge/courses/{instance.pk or 'new'}/{filename}"


class SharedCourse(models.Model):
    """A course a member opens to the students of the other members, or an open resource
    (course materials behind a link or in a file). Open ones are findable in the search; only
    courses take enrolment requests, within ``seats``. Written only through
    ``knowledge.services.courses``."""

    institution = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="knowledge_courses",
        verbose_name=_("offered by"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CourseKind.choices, default=CourseKind.COURSE
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    field = models.CharField(_("field"), max_length=20, choices=ResearchField.choices)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    credits = models.DecimalField(
        _("credits"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    credit_system = models.CharField(
        _("credit system"),
        max_length=80,
        blank=True,
        help_text=_("ECTS, or the name of the local system, e.g. Tsinghua credits (学分)."),
    )
    languages = models.JSONField(_("languages of instruction"), default=list, blank=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=CourseMode.choices, default=CourseMode.ONLINE
    )
    term = models.CharField(_("term"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("seats for other members' students"), null=True)
    enrolment_deadline = models.DateField(_("enrolment deadline"), null=True, blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    material = models.FileField(
        _("file"), upload_to=_material_path, storage=private_storage, blank=True
    )
    material_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CourseStatus.choices,
        default=CourseStatus.OPEN,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("shared course")
        verbose_name_plural = _("shared courses")
        ordering = ["starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="knowledge_course_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=CourseKind.RESOURCE) | models.Q(seats__isnull=False),
                name="knowledge_course_has_seats",
            ),
        ]
        indexes = [models.Index(fields=["status", "institution"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_course(self) -> bool:
        return self.kind == CourseKind.COURSE

    @property
    def is_open(self) -> bool:
        return self.status == CourseStatus.OPEN


class EnrolmentRequest(models.Model):
    """A student of another member asking for a place in a shared course (or their
    coordinator asking on their behalf). The offering institution's coordinators accept it
    (within the seats), put it on the waiting list or decline it; the student or whoever asked
    may withdraw it. ``status`` changes only through ``knowledge.services.enrolments``."""

    course = models.ForeignKey(
        SharedCourse, on_delete=models.PROTECT, related_name="enrolment_requests"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="knowledge_enrolments",
    )
    student_name = models.CharField(_("student's name"), max_length=200)
    student_email = models.EmailField(_("student's e-mail address"))
    home = models.ForeignKey(
        "members.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home institution"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.PENDING,
        editable=False,
    )
    reason = models.TextField(_("reason"), blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("enrolment request")
        verbose_name_plural = _("enrolment requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student_email"],
                condition=models.Q(status__in=[s.value for s in ACTIVE_ENROLMENT]),
                name="knowledge_enrolment_once_per_student",
            )
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self) -> str:
        return f"{self.student_name} → {self.course}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ENROLMENT
