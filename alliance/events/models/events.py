from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.multilingual import pick
from alliance.events.enums import EventKind, EventStatus, SessionKind, SessionRole, Visibility


class Event(models.Model):
    """An event of the alliance; a Summit holds sub-events (its Board meeting, Forum and
    workshops) through ``parent``. Text fields people type are multilingual dicts
    ({"en": …, "zh-hans": …}). Changed only through ``events.services``."""

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_events",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    host = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("host institution"),
    )
    co_hosts = models.ManyToManyField(
        "members.Institution", blank=True, related_name="co_hosted_events"
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Empty: no overall limit.")
    )
    quota_applies = models.BooleanField(
        _("delegate quotas per member"),
        default=False,
        help_text=_("Each member institution has a number of seats; see the quotas."),
    )
    requires_approval = models.BooleanField(
        _("organiser approves each registration"), default=False
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to take up an offered seat"), default=48
    )
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    letter_signatory = models.CharField(_("letters signed by"), max_length=200, blank=True)
    letter_signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    letter_language = models.CharField(_("language of letters"), max_length=16, default="en")
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="events_event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["status", "visibility", "starts_at"])]

    def __str__(self) -> str:
        return pick(self.title)

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.slug])

    def is_open_for_registration(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes


class Room(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms")
    name = models.JSONField(_("name"), default=dict)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self) -> str:
        return pick(self.name)


class Session(models.Model):
    """A slot of the timetable. ``capacity`` limits who may sign up for it (a workshop)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(
        _("kind"), max_length=12, choices=SessionKind.choices, default=SessionKind.TALK
    )
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="events_session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return pick(self.title)


class SessionPerson(models.Model):
    """A speaker, chair or moderator of a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=SessionRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "role"], name="events_session_person_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Quota(models.Model):
    """How many seats of an event a member institution has (its delegation)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="event_quotas"
    )
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")
        constraints = [
            models.UniqueConstraint(fields=["event", "institution"], name="events_quota_once")
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.seats}"


class DelegateCode(models.Model):
    """A code a coordinator hands to one delegate: it registers them against the institution's
    quota. Used once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="codes")
    institution = models.ForeignKey(
        "members.Institution", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=24, unique=True)
    note = models.CharField(_("for"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delegate code")
        verbose_name_plural = _("delegate codes")

    def __str__(self) -> str:
        return self.code
