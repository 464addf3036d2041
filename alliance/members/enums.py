from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    GOVERNMENT = "government", _("Government body")
    COMPANY = "company", _("Company")
    FORUM = "forum", _("Forum")
    NGO = "ngo", _("Non-governmental organisation")


class Relation(models.TextChoices):
    """How an institution stands to the alliance today (the latest membership event decides)."""

    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    PARTNER = "partner", _("Partner")
    INVITED = "invited", _("Invited")
    APPLICANT = "applicant", _("Applicant")
    SUSPENDED = "suspended", _("Suspended")
    FORMER = "former", _("Former member")
    NONE = "none", _("No relation")


class MembershipStatus(models.TextChoices):
    """A dated step in an institution's membership history."""

    INVITED = "invited", _("Invited")
    APPLIED = "applied", _("Applied")
    ADMITTED_MEMBER = "admitted_member", _("Admitted as member")
    ADMITTED_OBSERVER = "admitted_observer", _("Admitted as observer")
    PARTNERED = "partnered", _("Became a partner")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    WITHDRAWN = "withdrawn", _("Withdrew")


class PositionKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", _("Chief executive (president, rector)")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    IO_COORDINATOR = "io_coordinator", _("International-office coordinator")
    HEAD_OF_IO = "head_of_io", _("Head of international office")
    SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
    CONTACT = "contact", _("Contact")


class Role(models.TextChoices):
    """What a user may do in the platform. Institution-bound roles name their institution."""

    SECRETARIAT = "secretariat", _("Secretariat administrator")
    COORDINATOR = "coordinator", _("Institution coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    APPLICANT = "applicant", _("Applicant (student, scholar, staff)")
    PARTNER_CONTACT = "partner_contact", _("Partner contact")


INSTITUTION_ROLES = frozenset({Role.COORDINATOR, Role.PARTNER_CONTACT})


class InvitationStatus(models.TextChoices):
    """Where an invitation stands; derived from its dates, never stored."""

    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
