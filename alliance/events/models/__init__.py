from alliance.events.models.certificates import Certificate
from alliance.events.models.events import DelegateCode, Event, Quota, Room, Session, SessionPerson
from alliance.events.models.feeds import CalendarFeed
from alliance.events.models.letters import LetterRequest, NumberSequence
from alliance.events.models.questions import Answer, Question
from alliance.events.models.registrations import Registration, Scan, SessionRegistration

__all__ = [
    "Answer",
    "CalendarFeed",
    "Certificate",
    "DelegateCode",
    "Event",
    "LetterRequest",
    "NumberSequence",
    "Question",
    "Quota",
    "Registration",
    "Room",
    "Scan",
    "Session",
    "SessionPerson",
    "SessionRegistration",
]
