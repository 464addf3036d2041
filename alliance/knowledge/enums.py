from django.db import models
from django.utils.translation import gettext_lazy as _


class ResearchField(models.TextChoices):
    """Fields of research, after the OECD Fields of Science and Technology (second level,
    grouped)."""

    MATHEMATICS = "mathematics", _("Mathematics")
    COMPUTING = "computing", _("Computer and information sciences")
    PHYSICS = "physics", _("Physical sciences")
    CHEMISTRY = "chemistry", _("Chemical sciences")
    EARTH = "earth", _("Earth and environmental sciences")
    BIOLOGY = "biology", _("Biological sciences")
    CIVIL = "civil", _("Civil engineering")
    ELECTRICAL = "electrical", _("Electrical, electronic and information engineering")
    MECHANICAL = "mechanical", _("Mechanical engineering")
    CHEMICAL_ENG = "chemical-eng", _("Chemical engineering")
    MATERIALS = "materials", _("Materials engineering")
    MEDICAL_ENG = "medical-eng", _("Medical engineering")
    ENVIRONMENTAL = "environmental", _("Environmental engineering and energy")
    BIOTECH = "biotech", _("Biotechnology")
    NANOTECH = "nanotech", _("Nanotechnology")
    MEDICINE = "medicine", _("Medicine and health sciences")
    AGRICULTURE = "agriculture", _("Agricultural and food sciences")
    ECONOMICS = "economics", _("Economics and business")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social sciences, law and policy")
    HUMANITIES = "humanities", _("Humanities and the arts")
    OTHER = "other", _("Other")


class AchievementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned for changes")


class IpStatus(models.TextChoices):
    NONE = "none", _("No protection sought")
    FILED = "filed", _("Patent applied for")
    GRANTED = "granted", _("Patent granted")
    SOFTWARE = "software", _("Software copyright")
    KNOW_HOW = "know-how", _("Know-how (not published)")


class ChallengeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not accepted")
    CLOSED = "closed", _("Closed")


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    DISCUSSION = "discussion", _("In discussion")
    NDA = "nda", _("Under a non-disclosure agreement")
    LICENSED = "licensed", _("Licensed")
    DECLINED = "declined", _("Declined")


class EntryKind(models.TextChoices):
    """What a search result is."""

    ACHIEVEMENT = "achievement", _("Achievement")
    EXPERT = "expert", _("Expert")
    CHALLENGE = "challenge", _("Challenge")
    COURSE = "course", _("Course or resource")


class ExpertPart(models.TextChoices):
    """The parts of an expert profile that may be kept private (shown only to the Secretariat,
    the expert and the coordinators of the expert's institution)."""

    BIO = "bio", _("Biography")
    PUBLICATIONS = "publications", _("Publications")
    LANGUAGES = "languages", _("Languages")


# --- shared courses and resources (models/courses.py) ---


class CourseKind(models.TextChoices):
    COURSE = "course", _("Course (students enrol)")
    RESOURCE = "resource", _("Open resource (materials anyone may use)")


class CourseMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in-person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class CourseStatus(models.TextChoices):
    OPEN = "open", _("Open to members")
    CLOSED = "closed", _("Closed")


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_ENROLMENT = (
    EnrolmentStatus.PENDING,
    EnrolmentStatus.ACCEPTED,
    EnrolmentStatus.WAITLISTED,
)


TRL_CHOICES = [(n, str(n)) for n in range(1, 10)]
