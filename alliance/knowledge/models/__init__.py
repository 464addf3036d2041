from alliance.knowledge.models.achievements import Achievement, AchievementDocument
from alliance.knowledge.models.challenges import Challenge
from alliance.knowledge.models.courses import EnrolmentRequest, SharedCourse
from alliance.knowledge.models.experts import ExpertProfile
from alliance.knowledge.models.inquiries import Inquiry, InquiryMessage
from alliance.knowledge.models.publications import ExpertPublication
from alliance.knowledge.models.search import SearchEntry

__all__ = [
    "Achievement",
    "AchievementDocument",
    "Challenge",
    "EnrolmentRequest",
    "ExpertProfile",
    "ExpertPublication",
    "Inquiry",
    "InquiryMessage",
    "SearchEntry",
    "SharedCourse",
]
