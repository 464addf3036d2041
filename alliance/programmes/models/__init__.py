from alliance.programmes.models.applications import Application, ApplicationFile, Endorsement
from alliance.programmes.models.calls import (
    Call,
    CallQuestion,
    CallQuota,
    Programme,
    RequiredDocument,
)

# --- after the activity (models/outcomes.py) ---
from alliance.programmes.models.outcomes import (
    ActivityReport,
    Certificate,
    Grant,
    GrantPayment,
    HostReview,
    OutcomeReminder,
    ReportAttachment,
)

# --- members' proposals (models/proposals.py) ---
from alliance.programmes.models.proposals import Proposal, ProposalComment
from alliance.programmes.models.reviews import (
    Assignment,
    Conflict,
    Criterion,
    Panel,
    PanelMember,
    Score,
)

__all__ = [
    "ActivityReport",
    "Application",
    "ApplicationFile",
    "Assignment",
    "Call",
    "CallQuestion",
    "CallQuota",
    "Certificate",
    "Conflict",
    "Criterion",
    "Endorsement",
    "Grant",
    "GrantPayment",
    "HostReview",
    "OutcomeReminder",
    "Panel",
    "PanelMember",
    "Programme",
    "Proposal",
    "ProposalComment",
    "ReportAttachment",
    "RequiredDocument",
    "Score",
]
