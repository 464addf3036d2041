from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    SCHOLARS_AWARD = "scholars_award", _("Scholars award (faculty visits)")
    STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
    STUDENT = "student", _("Student programme")
    PROJECT = "project", _("Joint or education-technology project")


class CallStatus(models.TextChoices):
    """Draft (the Secretariat prepares it), open (applications come in between its opening and
    closing times), closed (review, nomination and selection)."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApplicantCategory(models.TextChoices):
    """Who the applicant is at their home institution (the call's eligible roles)."""

    FACULTY = "faculty", _("Faculty member")
    STAFF = "staff", _("Administrative staff")
    STUDENT = "student", _("Student")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    FILE = "file", _("File")


class QuotaSide(models.TextChoices):
    HOME = "home", _("Home institution")
    HOST = "host", _("Host institution")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")
    RESERVE = "reserve", _("On the reserve list")
    REJECTED = "rejected", _("Not selected")
    ACCEPTED = "accepted", _("Award accepted")
    DECLINED = "declined", _("Award declined")


# An application in one of these counts against the call's limits.
HOLDS_AWARD = (ApplicationStatus.AWARDED, ApplicationStatus.ACCEPTED)
# The Secretariat's decisions on a submitted application.
DECISIONS = (ApplicationStatus.AWARDED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED)


class EndorsementKind(models.TextChoices):
    HOME_HEAD = "home_head", _("Approval of the head of the home unit")
    HOST = "host", _("Acceptance by the host")


# Why the suggested selection leaves a ranked candidate out (``engine.selection`` codes).
SKIP_REASONS = {
    "awards": _("all awards are taken"),
    "budget": _("budget exhausted"),
    "home_quota": _("quota for the home reached"),
    "host_quota": _("quota for the host reached"),
}
