from alliance.programmes.models.applications import Application, ApplicationFile, Endorsement
from alliance.programmes.models.calls import (
    Call,
    CallQuestion,
    CallQuota,
    Programme,
    RequiredDocument,
)
from alliance.programmes.models.reviews import (
    Assignment,
    Conflict,
    Criterion,
    Panel,
    PanelMember,
    Score,
)

__all__ = [
    "Application",
    "ApplicationFile",
    "Assignment",
    "Call",
    "CallQuestion",
    "CallQuota",
    "Conflict",
    "Criterion",
    "Endorsement",
    "Panel",
    "PanelMember",
    "Programme",
    "RequiredDocument",
    "Score",
]
