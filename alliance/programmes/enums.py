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


# --- members' proposals for new programmes (models/proposals.py) ---


class ProposalStatus(models.TextChoices):
    """A member's proposal for a new programme: written as a draft, submitted to the alliance,
    discussed by the coordinators and the Secretariat, sent to the Board as a motion, and decided
    by the Board's vote (or withdrawn by its proposer)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DISCUSSION = "discussion", _("Under discussion")
    BOARD = "board", _("Sent to the Board")
    APPROVED = "approved", _("Approved by the Board")
    DECLINED = "declined", _("Declined by the Board")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A proposal in one of these is decided: nothing more changes it.
PROPOSAL_FINAL = (ProposalStatus.APPROVED, ProposalStatus.DECLINED, ProposalStatus.WITHDRAWN)
# Members and the Secretariat comment on a proposal in these.
PROPOSAL_OPEN_FOR_COMMENTS = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.DISCUSSION,
    ProposalStatus.BOARD,
)


# --- after the activity: reports, host reviews, reminders, grants (models/outcomes.py) ---


class ReportStatus(models.TextChoices):
    """The awardee's activity report: written (draft), submitted, sent back by the Secretariat
    with a reason (written again), accepted (the certificate is issued)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")


class ReportStage(models.TextChoices):
    """Where an award stands after the activity, as pages and the API show it: the report's
    status, or (before a report is submitted) whether it is not due yet, due or overdue."""

    UPCOMING = "upcoming", _("Activity not over yet")
    DUE = "due", _("Report due")
    OVERDUE = "overdue", _("Report overdue")
    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report sent back")
    ACCEPTED = "accepted", _("Report accepted")


class ObjectivesMet(models.TextChoices):
    FULLY = "fully", _("Fully")
    PARTLY = "partly", _("Partly")
    NOT_MET = "not_met", _("Not met")


class ReminderSubject(models.TextChoices):
    REPORT = "report", _("Activity report")
    HOST_REVIEW = "host_review", _("Host's review")


class ReminderMoment(models.TextChoices):
    """When a reminder goes: a week before the due date, on it, the day after, a week after."""

    WEEK_BEFORE = "week_before", _("A week before the due date")
    DUE_DAY = "due_day", _("On the due date")
    OVERDUE = "overdue", _("Overdue")
    OVERDUE_WEEK = "overdue_week", _("A week overdue")


class GrantStatus(models.TextChoices):
    """The grant's payment: requested, approved (an amount), partly paid, paid (the approved
    amount in full), or cancelled (before anything was paid)."""

    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
