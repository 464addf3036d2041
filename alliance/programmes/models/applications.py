from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.core.storage import private_storage
from alliance.programmes.enums import ApplicantCategory, ApplicationStatus, EndorsementKind


class Application(models.Model):
    """One person's application to a call: their home and host, the activity's dates, their
    answers (keyed by question key) and files. A draft is saved as it is typed; its status
    changes only through ``programmes.services`` (submission, withdrawal, nomination,
    decision, the awardee's answer)."""

    call = models.ForeignKey(
        "programmes.Call", on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_applications"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    category = models.CharField(
        _("you are"), max_length=8, choices=ApplicantCategory.choices, blank=True
    )
    home = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_applicants",
    )
    host = models.ForeignKey(
        "members.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_guests",
    )
    starts_on = models.DateField(_("activity starts"), null=True, blank=True)
    ends_on = models.DateField(_("activity ends"), null=True, blank=True)
    title = models.CharField(_("title of the activity"), max_length=200, blank=True)
    plan = models.TextField(_("plan of the activity"), blank=True)
    home_head_name = models.CharField(_("head of your unit"), max_length=200, blank=True)
    home_head_email = models.EmailField(_("their e-mail"), blank=True)
    host_contact_name = models.CharField(_("your host"), max_length=200, blank=True)
    host_contact_email = models.EmailField(_("their e-mail"), blank=True)
    answers = models.JSONField(default=dict, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    nomination_rank = models.PositiveIntegerField(null=True, blank=True)
    reserve_rank = models.PositiveIntegerField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"], name="programmes_one_application_per_call"
            ),
            models.UniqueConstraint(
                fields=["call", "home", "nomination_rank"],
                condition=models.Q(nomination_rank__isnull=False),
                name="programmes_nomination_rank_once",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["call", "home", "nomination_rank"]),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.call}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_nominated(self) -> bool:
        return self.nomination_rank is not None


def _upload_to(instance: ApplicationFile, filename: str) -> str:
    return f"programmes/{instance.application.call_id}/{instance.application_id}/{filename}"


class ApplicationFile(models.Model):
    """A file an applicant uploaded for a file question or a required document (``key``), kept
    in the private storage and served only to those who may see the application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    key = models.CharField(max_length=12)
    file = models.FileField(storage=private_storage, upload_to=_upload_to)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "key"]
        constraints = [
            models.UniqueConstraint(fields=["application", "key"], name="programmes_file_once")
        ]

    def __str__(self) -> str:
        return self.name


class Endorsement(models.Model):
    """An approval asked of someone outside the platform (the head of the applicant's unit, the
    host) by an e-mailed link. Only the SHA-256 of the link's secret is stored; the endorser
    sees the application's facts, not its answers or files, and answers yes or no."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="endorsements"
    )
    kind = models.CharField(max_length=10, choices=EndorsementKind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    secret_hash = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)
    approved = models.BooleanField(null=True)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="programmes_endorsement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.email}"
