from alliance.governance.models.bodies import Body, Office, Seat
from alliance.governance.models.meetings import AgendaItem, Attendance, Document, Meeting
from alliance.governance.models.motions import Motion
from alliance.governance.models.polls import NamedBallot, Poll, SecretBallot, VoterRecord

__all__ = [
    "AgendaItem",
    "Attendance",
    "Body",
    "Document",
    "Meeting",
    "Motion",
    "NamedBallot",
    "Office",
    "Poll",
    "Seat",
    "SecretBallot",
    "VoterRecord",
]
