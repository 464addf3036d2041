from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.governance.enums import AttendanceStatus, MeetingMode


def default_notice_days() -> int:
    return int(settings.GOVERNANCE_NOTICE_DAYS)


class Meeting(models.Model):
    """A meeting of a body. ``starts_at`` is stored in UTC and shown on the clock of
    ``time_zone``. The notice is recorded by ``governance.services.meetings.send_notice``;
    it is late when sent fewer than ``notice_days`` days before the start."""

    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(
        _("mode"), max_length=12, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON
    )
    starts_at = models.DateTimeField(_("starts"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("online link"), max_length=500, blank=True)
    notice_days = models.PositiveSmallIntegerField(
        _("notice (days)"),
        default=default_notice_days,
        help_text=_("How many days before the start the notice must be sent."),
    )
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True)
    notice_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def notice_due(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(days=self.notice_days)

    @property
    def notice_late(self) -> bool:
        """Sent after the day it was due, or still unsent now that it is due."""
        sent = self.notice_sent_at
        return (sent or timezone.now()) > self.notice_due


class AgendaItem(models.Model):
    """One item of a meeting's agenda tree: ``parent`` (empty at the top) and ``position``
    among its siblings. Changed only through ``governance.services.meetings``."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "parent_id", "position", "pk"]

    def __str__(self) -> str:
        return self.title


def _document_path(instance: models.Model, filename: str) -> str:
    return f"governance/documents/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class Document(models.Model):
    """A PDF attached to an agenda item or a motion, kept in the private storage and served
    only to those who may read the meeting."""

    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    motion = models.ForeignKey(
        "governance.Motion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=_document_path, storage=private_storage)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agenda_item__isnull=False, motion__isnull=True)
                | models.Q(agenda_item__isnull=True, motion__isnull=False),
                name="governance_document_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """How a seat's institution attends a meeting: present, represented by a named proxy, or
    absent. One row per institution per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=12, choices=AttendanceStatus.choices)
    proxy = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_proxies",
        verbose_name=_("proxy"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"], name="governance_attendance_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status=AttendanceStatus.PROXY, proxy__isnull=False)
                | (~models.Q(status=AttendanceStatus.PROXY) & models.Q(proxy__isnull=True)),
                name="governance_attendance_proxy_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_status_display()}"
