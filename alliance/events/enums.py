from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    BOARD_MEETING = "board_meeting", _("Board meeting")
    FORUM = "forum", _("Forum")
    WORKING_GROUP = "working_group", _("Working-group meeting")
    STUDENT_FORUM = "student_forum", _("Student forum")
    SCHOOL = "school", _("Summer or winter school")
    LECTURE = "lecture", _("Lecture or lecture series")
    WORKSHOP = "workshop", _("Workshop")
    PARTNER_EVENT = "partner_event", _("Partner event")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    INVITATION = "invitation", _("By invitation only")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class SessionKind(models.TextChoices):
    TALK = "talk", _("Talk")
    PANEL = "panel", _("Panel")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    BREAK = "break", _("Break")
    RECEPTION = "reception", _("Reception or meal")


class SessionRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")


class RegistrationStatus(models.TextChoices):
    """Where a registration stands. Only CONFIRMED and OFFERED hold a seat."""

    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Declined by the organiser")
    LAPSED = "lapsed", _("Offer lapsed")


HOLDS_SEAT = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.PENDING)
ACTIVE = (*HOLDS_SEAT, RegistrationStatus.WAITLISTED)
# Who may take a seat in a session: people whose seat at the event is confirmed or awaits approval.
SEATED = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    DATE = "date", _("Date")
    COUNTRY = "country", _("Country or region")
    FILE = "file", _("File")
    CONSENT = "consent", _("Consent")


class LetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    ERASED = "erased", _("Passport details erased")


class ScanResult(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in")
    ALREADY = "already", _("Already checked in")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")
    UNKNOWN = "unknown", _("Unknown code")
