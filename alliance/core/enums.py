from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a personal access token may do. Each domain adds the scopes its API needs."""

    MEMBERS_READ = "members:read", _("Read institutions, memberships and people")
    AUDIT_READ = "audit:read", _("Read the audit log (Secretariat only)")
    EVENTS_READ = "events:read", _("Read events, their sessions and your registrations")
    MOBILITY_READ = "mobility:read", _("Read mobility agreements, rounds and allocation runs")
    KNOWLEDGE_READ = (
        "knowledge:read",
        _("Read achievements, experts, challenges and your inquiries; ask about an achievement"),
    )
    GOVERNANCE_READ = "governance:read", _("Read governing bodies, their seats, polls and results")
    GOVERNANCE_VOTE = "governance:vote", _("Cast your institution's ballots in open polls")
    KNOWLEDGE_INQUIRE = "knowledge:inquire", _("Ask about achievements in your name")
    PROGRAMMES_READ = (
        "programmes:read",
        _(
            "Read programme calls, your applications and, for the Secretariat and coordinators, "
            "applications and rankings"
        ),
    )
    # annual report (reports): editions are public; a token only widens to unpublished ones
    REPORTS_READ = (
        "reports:read",
        _(
            "Read the annual report's editions and their status and, for the Secretariat, "
            "coordinators and heads of members, the yearly submissions"
        ),
    )
