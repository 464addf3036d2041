"""Every state and kind of the governance domain. The poll enums mirror the tally's
(``alliance.governance.tally``) value for value, so a stored rule feeds it unchanged."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.governance import tally


class BodyKind(models.TextChoices):
    BOARD = "board", _("Board")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
    WORKING_GROUP = "working_group", _("Working group")
    SECRETARIAT = "secretariat", _("Secretariat")


class OfficeKind(models.TextChoices):
    PRESIDENT = "president", _("President")
    EXECUTIVE_PRESIDENT = "executive_president", _("Executive President")
    VICE_PRESIDENT = "vice_president", _("Vice-President")
    CHAIR = "chair", _("Chair")
    SECRETARY_GENERAL = "secretary_general", _("Secretary-General")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    PROXY = "proxy", _("Represented by proxy")
    ABSENT = "absent", _("Absent")


PRESENT_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.PROXY})


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ON_AGENDA = "on_agenda", _("On the agenda")
    VOTED = "voted", _("Voted (no decision)")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which. "voted" is a vote that decided nothing (no quorum, a tie):
# the motion may be put to the vote again, so it may go back on the agenda.
MOTION_TRANSITIONS: dict[str, frozenset[str]] = {
    MotionStatus.DRAFT: frozenset({MotionStatus.SUBMITTED, MotionStatus.WITHDRAWN}),
    MotionStatus.SUBMITTED: frozenset({MotionStatus.ON_AGENDA, MotionStatus.WITHDRAWN}),
    MotionStatus.ON_AGENDA: frozenset(
        {
            MotionStatus.SUBMITTED,
            MotionStatus.VOTED,
            MotionStatus.ADOPTED,
            MotionStatus.REJECTED,
            MotionStatus.WITHDRAWN,
        }
    ),
    MotionStatus.VOTED: frozenset({MotionStatus.ON_AGENDA, MotionStatus.WITHDRAWN}),
    MotionStatus.ADOPTED: frozenset(),
    MotionStatus.REJECTED: frozenset(),
    MotionStatus.WITHDRAWN: frozenset(),
}
# Statuses only a closed poll sets (never by hand).
DECIDED_BY_POLL = frozenset({MotionStatus.VOTED, MotionStatus.ADOPTED, MotionStatus.REJECTED})


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for ballots")
    CLOSED = "closed", _("Closed and counted")


class PollKind(models.TextChoices):
    YES_NO = tally.PollKind.YES_NO.value, _("Yes / no / abstain")
    CHOICE = tally.PollKind.CHOICE.value, _("A choice among options")
    CONSENT = tally.PollKind.CONSENT.value, _("Consent (adopted unless someone objects)")
    ELECTION = tally.PollKind.ELECTION.value, _("Election")


class Secrecy(models.TextChoices):
    NAMED = "named", _("Named (who voted how is published)")
    SECRET = "secret", _("Secret (receipts only)")


class Threshold(models.TextChoices):
    SIMPLE = tally.Threshold.SIMPLE.value, _("Simple majority (more yes than no; most votes)")
    ABSOLUTE = tally.Threshold.ABSOLUTE.value, _("Absolute majority (more than half)")
    TWO_THIRDS = tally.Threshold.TWO_THIRDS.value, _("Two-thirds majority")
    THREE_QUARTERS = tally.Threshold.THREE_QUARTERS.value, _("Three-quarters majority")
    UNANIMITY = tally.Threshold.UNANIMITY.value, _("Unanimity")
    CONSENSUS = tally.Threshold.CONSENSUS.value, _("Consensus (no objection)")


class Base(models.TextChoices):
    CAST = tally.Base.CAST.value, _("Votes cast for and against (abstentions left out)")
    CAST_AND_ABSTAIN = tally.Base.CAST_AND_ABSTAIN.value, _("Every ballot, abstentions included")
    PRESENT = tally.Base.PRESENT.value, _("Every member present")
    ENTITLED = tally.Base.ENTITLED.value, _("Every member entitled to vote")


class QuorumBasis(models.TextChoices):
    PRESENT = tally.QuorumBasis.PRESENT.value, _("Members present at the meeting")
    ENTITLED = tally.QuorumBasis.ENTITLED.value, _("Members returning a ballot")


class TieRule(models.TextChoices):
    FAILS = tally.TieRule.FAILS.value, _("A tie fails (a tied choice is left undecided)")
    CASTING_VOTE = tally.TieRule.CASTING_VOTE.value, _("The chair's casting vote decides")
    LOT = tally.TieRule.LOT.value, _("A lot decides")


class CastAs(models.TextChoices):
    HOLDER = "holder", _("Seat holder")
    ALTERNATE = "alternate", _("Alternate")
    PROXY = "proxy", _("Proxy")


class Outcome(models.TextChoices):
    PASSED = tally.Outcome.PASSED.value, _("Passed")
    FAILED = tally.Outcome.FAILED.value, _("Failed")
    NO_QUORUM = tally.Outcome.NO_QUORUM.value, _("No quorum: nothing decided")
    DECIDED = tally.Outcome.DECIDED.value, _("Decided")
    NO_MAJORITY = tally.Outcome.NO_MAJORITY.value, _("No majority: a second round is needed")
    TIE = tally.Outcome.TIE.value, _("Tied: nothing decided yet")


# --- minutes, decision register, written resolutions ---------------------------


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for approval")
    APPROVED = "approved", _("Approved")


class DecisionResult(models.TextChoices):
    """How an entry of the decision register reads: adopted, rejected, or nothing decided."""

    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    DECIDED = "decided", _("Decided")
    UNDECIDED = "undecided", _("Nothing decided")


# --- admissions, membership cases and fees (services/admissions.py, services/fees.py) ---


class AdmissionStatus(models.TextChoices):
    INVITED = "invited", _("Invited (form not yet submitted)")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review by the working group")
    RECOMMENDED = "recommended", _("Recommended by the working group")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended by the working group")
    AT_BOARD = "at_board", _("Put to the Board")
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which status may follow which; "admitted" and "refused" come only from the Board's decision.
ADMISSION_TRANSITIONS: dict[str, frozenset[str]] = {
    AdmissionStatus.INVITED: frozenset({AdmissionStatus.SUBMITTED, AdmissionStatus.WITHDRAWN}),
    AdmissionStatus.SUBMITTED: frozenset({AdmissionStatus.UNDER_REVIEW, AdmissionStatus.WITHDRAWN}),
    AdmissionStatus.UNDER_REVIEW: frozenset(
        {
            AdmissionStatus.RECOMMENDED,
            AdmissionStatus.NOT_RECOMMENDED,
            AdmissionStatus.WITHDRAWN,
        }
    ),
    AdmissionStatus.RECOMMENDED: frozenset({AdmissionStatus.AT_BOARD, AdmissionStatus.WITHDRAWN}),
    AdmissionStatus.NOT_RECOMMENDED: frozenset(
        {AdmissionStatus.AT_BOARD, AdmissionStatus.WITHDRAWN}
    ),
    AdmissionStatus.AT_BOARD: frozenset(
        {AdmissionStatus.ADMITTED, AdmissionStatus.REFUSED, AdmissionStatus.WITHDRAWN}
    ),
    AdmissionStatus.ADMITTED: frozenset(),
    AdmissionStatus.REFUSED: frozenset(),
    AdmissionStatus.WITHDRAWN: frozenset(),
}
ADMISSION_OPEN = frozenset(s for s, after in ADMISSION_TRANSITIONS.items() if after)


class MembershipCategory(models.TextChoices):
    """What an institution asks to become, and what a fee schedule is for."""

    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend admission")
    DO_NOT_RECOMMEND = "do_not_recommend", _("Do not recommend admission")
    ABSTAIN = "abstain", _("Abstain")


class CaseKind(models.TextChoices):
    SUSPENSION = "suspension", _("Suspension")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AT_BOARD = "at_board", _("Put to the Board")
    DONE = "done", _("Decided and recorded")
    DECLINED = "declined", _("Not decided: the Board rejected it")
    CANCELLED = "cancelled", _("Cancelled")


CASE_CLOSED = frozenset({CaseStatus.DONE, CaseStatus.DECLINED, CaseStatus.CANCELLED})


class InvoiceStatus(models.TextChoices):
    """``overdue`` is never stored: an issued invoice past its due date with money still owed
    shows as overdue (``Invoice.status_on``)."""

    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    WAIVED = "waived", _("Waived")
    CANCELLED = "cancelled", _("Cancelled")


# --- constitution (models/constitution.py) ---


class AmendmentKind(models.TextChoices):
    REPLACE = "replace", _("Replace the text of the clause")
    INSERT_AFTER = "insert_after", _("Insert a new clause after it")
    DELETE = "delete", _("Delete the clause")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    MOVED = "moved", _("Put to the Board as a motion")
    ADOPTED = "adopted", _("Adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
