from alliance.governance.models.admissions import (
    AdmissionApplication,
    AdmissionRecommendation,
    MembershipCase,
)
from alliance.governance.models.bodies import Body, Office, Seat
from alliance.governance.models.constitution import Amendment, Clause, ConstitutionVersion
from alliance.governance.models.decisions import CastingVote, Decision
from alliance.governance.models.fees import FeeSchedule, Invoice, Payment
from alliance.governance.models.meetings import AgendaItem, Attendance, Document, Meeting
from alliance.governance.models.minutes import Minutes, MinutesItem
from alliance.governance.models.motions import Motion
from alliance.governance.models.polls import NamedBallot, Poll, SecretBallot, VoterRecord
from alliance.governance.models.written import VotingLink, WrittenResolution

__all__ = [
    "AdmissionApplication",
    "AdmissionRecommendation",
    "AgendaItem",
    "Amendment",
    "Attendance",
    "Body",
    "CastingVote",
    "Clause",
    "ConstitutionVersion",
    "Decision",
    "Document",
    "FeeSchedule",
    "Invoice",
    "Meeting",
    "MembershipCase",
    "Minutes",
    "MinutesItem",
    "Motion",
    "NamedBallot",
    "Office",
    "Payment",
    "Poll",
    "Seat",
    "SecretBallot",
    "VoterRecord",
    "VotingLink",
    "WrittenResolution",
]
