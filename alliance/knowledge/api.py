"""The knowledge API: search, achievements, experts, challenges, shared courses, matching and
inquiries.

Reading needs a token with the knowledge:read scope and answers what its owner's pages show
them (published achievements and challenges, listed experts, without the parts an expert keeps
private; more for the people of the institution concerned and the Secretariat). Asking about an
achievement needs the knowledge:inquire scope."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.core.models import User
from alliance.knowledge import queries, retrieval
from alliance.knowledge.enums import (
    AchievementStatus,
    ChallengeStatus,
    CourseKind,
    CourseMode,
    CourseStatus,
    EntryKind,
    InquiryStatus,
    IpStatus,
    ResearchField,
)
from alliance.knowledge.models import Achievement, Challenge, ExpertProfile, Inquiry, SharedCourse
from alliance.knowledge.partners import PartnerMatch, partners_for
from alliance.knowledge.services.inquiries import open_inquiry
from alliance.members.models import Institution

knowledge_read = TokenAuth(TokenScope.KNOWLEDGE_READ)
knowledge_inquire = TokenAuth(TokenScope.KNOWLEDGE_INQUIRE)

router = Router(tags=["knowledge"], auth=knowledge_read)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


class AchievementOut(Schema):
    id: int
    institution: str = Field(description="The institution's slug.")
    title: str
    summary: str
    field: ResearchField
    keywords: list[str]
    trl: int = Field(description="Technology readiness level, 1 to 9.")
    ip_status: IpStatus
    patent_numbers: list[str]
    licensing_open: bool
    inventors: list[str]
    contact: str
    status: AchievementStatus
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_institution(obj: Achievement) -> str:
        return obj.institution.slug


class PublicationOut(Schema):
    title: str
    journal: str
    year: int | None
    doi: str
    url: str


class ExpertOut(Schema):
    id: int
    institution: str
    full_name: str
    position: str
    keywords: list[str]
    fields: list[ResearchField]
    languages: list[str] | None = Field(description="Null when the expert keeps it private.")
    bio: str | None = Field(description="Null when the expert keeps it private.")
    publications: list[str] | None = Field(description="Null when the expert keeps it private.")
    imported_publications: list[PublicationOut] | None = Field(
        description="Publications imported from ORCID-style records; null when private."
    )
    orcid: str
    open_to_collaboration: bool

    @staticmethod
    def resolve_institution(obj: ExpertProfile) -> str:
        return obj.institution.slug

    @staticmethod
    def _part(obj: ExpertProfile, part: str, context: dict[str, Any]) -> Any:
        if obj.is_private(part) and not context["request"].user.has_perm(
            "knowledge.view_expert_private", obj
        ):
            return None
        return getattr(obj, part)

    @staticmethod
    def resolve_languages(obj: ExpertProfile, context: dict[str, Any]) -> Any:
        return ExpertOut._part(obj, "languages", context)

    @staticmethod
    def resolve_bio(obj: ExpertProfile, context: dict[str, Any]) -> Any:
        return ExpertOut._part(obj, "bio", context)

    @staticmethod
    def resolve_publications(obj: ExpertProfile, context: dict[str, Any]) -> Any:
        return ExpertOut._part(obj, "publications", context)

    @staticmethod
    def resolve_imported_publications(obj: ExpertProfile, context: dict[str, Any]) -> Any:
        if ExpertOut._part(obj, "publications", context) is None:
            return None
        return list(obj.publication_records.all())


class ChallengeOut(Schema):
    id: int
    institution: str = Field(description="The slug of the institution it is posted for.")
    title: str
    problem: str
    field: ResearchField
    keywords: list[str]
    wanted_outcome: str
    deadline: datetime.date | None
    status: ChallengeStatus

    @staticmethod
    def resolve_institution(obj: Challenge) -> str:
        return obj.institution.slug


class HitOut(Schema):
    kind: EntryKind
    id: int = Field(description="The achievement's, expert's or challenge's id.")
    title: str
    institution: str
    score: float = Field(
        description="The fused score (the sum of the rankings' z-scores within this search); "
        "higher first; only the order means something."
    )
    matched_terms: list[str] = Field(description="Words of the query found in the entry.")
    same_field: bool
    similar_meaning: bool = Field(description="Found by the embedding model too.")

    @staticmethod
    def resolve_kind(obj: retrieval.Hit) -> str:
        return obj.entry.kind

    @staticmethod
    def resolve_id(obj: retrieval.Hit) -> int:
        return obj.entry.object_id

    @staticmethod
    def resolve_title(obj: retrieval.Hit) -> str:
        return obj.entry.title

    @staticmethod
    def resolve_institution(obj: retrieval.Hit) -> str:
        return obj.entry.institution.slug

    @staticmethod
    def resolve_matched_terms(obj: retrieval.Hit) -> list[str]:
        return obj.terms

    @staticmethod
    def resolve_similar_meaning(obj: retrieval.Hit) -> bool:
        return obj.by_meaning


class SearchQuery(Schema):
    q: str = Field("", description="Words in any language; cut at 1,000 characters.")
    kind: EntryKind | None = None
    field: ResearchField | None = None
    institution: str = Field("", description="An institution's slug.")
    min_trl: int | None = Field(None, ge=1, le=9)


class InquiryOut(Schema):
    id: int
    achievement: int
    subject: str
    status: InquiryStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_achievement(obj: Inquiry) -> int:
        return obj.achievement_id


class InquiryIn(Schema):
    achievement: int = Field(description="The id of a published achievement.")
    subject: str = Field(max_length=200)
    message: str = Field(max_length=10000)


@router.get("/knowledge/search", response=list[HitOut], summary="Search")
def search(request: HttpRequest, filters: Query[SearchQuery]) -> list[retrieval.Hit]:
    """Published achievements and challenges and listed experts matching the words, best
    first (at most 50), each with the words that matched."""
    institution = None
    if filters.institution:
        institution = Institution.objects.filter(slug=filters.institution).first()
        if institution is None:
            raise HttpError(422, _("No institution has this address."))
    return retrieval.search(
        retrieval.SearchFilter(
            q=filters.q,
            kinds=(filters.kind,) if filters.kind else (),
            field=filters.field or "",
            institution=institution.pk if institution else None,
            min_trl=filters.min_trl,
        )
    )


@router.get("/knowledge/achievements", response=list[AchievementOut], summary="Achievements")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def achievement_list(request: HttpRequest) -> Any:
    """Published achievements, and every achievement of the caller's institution (all for
    the Secretariat), most recently changed first."""
    return queries.achievements_visible_to(_user(request))


def _achievement(request: HttpRequest, pk: int) -> Achievement:
    achievement = queries.achievements_visible_to(_user(request)).filter(pk=pk).first()
    if achievement is None:
        raise HttpError(404, _("No achievement you may see has this number."))
    return achievement


@router.get("/knowledge/achievements/{pk}", response=AchievementOut, summary="One achievement")
def achievement_detail(request: HttpRequest, pk: int) -> Achievement:
    return _achievement(request, pk)


@router.get(
    "/knowledge/achievements/{pk}/matches",
    response=list[HitOut],
    summary="Challenges matching an achievement",
)
def achievement_matches(request: HttpRequest, pk: int) -> list[retrieval.Hit]:
    a = _achievement(request, pk)
    text = "\n".join([a.title, *a.keywords, a.summary])
    return retrieval.match(text, kinds=[EntryKind.CHALLENGE], fields=[a.field])


@router.get("/knowledge/experts", response=list[ExpertOut], summary="Experts")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def expert_list(request: HttpRequest) -> Any:
    """Listed experts, and those the caller looks after, by name."""
    return queries.experts_visible_to(_user(request)).prefetch_related("publication_records")


@router.get("/knowledge/experts/{pk}", response=ExpertOut, summary="One expert")
def expert_detail(request: HttpRequest, pk: int) -> ExpertProfile:
    profile = queries.experts_visible_to(_user(request)).filter(pk=pk).first()
    if profile is None:
        raise HttpError(404, _("No expert you may see has this number."))
    return profile


@router.get("/knowledge/challenges", response=list[ChallengeOut], summary="Challenges")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def challenge_list(request: HttpRequest) -> Any:
    """Published and closed challenges, and those posted for the caller's institution."""
    return queries.challenges_visible_to(_user(request))


def _challenge(request: HttpRequest, pk: int) -> Challenge:
    challenge = queries.challenges_visible_to(_user(request)).filter(pk=pk).first()
    if challenge is None:
        raise HttpError(404, _("No challenge you may see has this number."))
    return challenge


@router.get("/knowledge/challenges/{pk}", response=ChallengeOut, summary="One challenge")
def challenge_detail(request: HttpRequest, pk: int) -> Challenge:
    return _challenge(request, pk)


@router.get(
    "/knowledge/challenges/{pk}/matches",
    response=list[HitOut],
    summary="Achievements and experts matching a challenge",
)
def challenge_matches(request: HttpRequest, pk: int) -> list[retrieval.Hit]:
    """The ten best achievements, then the ten best experts."""
    c = _challenge(request, pk)
    text = "\n".join([c.title, *c.keywords, c.problem, c.wanted_outcome])
    return [
        *retrieval.match(text, kinds=[EntryKind.ACHIEVEMENT], fields=[c.field]),
        *retrieval.match(text, kinds=[EntryKind.EXPERT], fields=[c.field]),
    ]


@router.get("/knowledge/inquiries", response=list[InquiryOut], summary="Your inquiries")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def inquiry_list(request: HttpRequest) -> Any:
    """Inquiries the caller asked, and those about their institution's achievements."""
    return queries.inquiries_of(_user(request))


@router.post(
    "/knowledge/inquiries",
    response={201: InquiryOut},
    auth=knowledge_inquire,
    summary="Ask about an achievement",
)
def inquiry_create(request: HttpRequest, payload: InquiryIn) -> Status:
    """Ask a published achievement's institution about it, as the token's owner (a partner's
    contact or another member's coordinator). Needs the knowledge:inquire scope."""
    achievement = _achievement(request, payload.achievement)
    if not request.user.has_perm("knowledge.inquire", achievement):
        raise HttpError(403, _("Only partners and other members may ask about it."))
    try:
        inquiry = open_inquiry(
            achievement, actor=_user(request), subject=payload.subject, message=payload.message
        )
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from None
    return Status(201, inquiry)


# --- shared courses and partners to approach --------------------------------------------------


class CourseOut(Schema):
    id: int
    institution: str = Field(description="The offering institution's slug.")
    kind: CourseKind
    title: str
    description: str
    field: ResearchField
    keywords: list[str]
    credits: float | None
    credit_system: str = Field(description="ECTS, or the local system's name.")
    languages: list[str] = Field(description="Languages of instruction, as codes.")
    mode: CourseMode
    term: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    seats: int | None = Field(description="Places for other members' students; null: resource.")
    seats_taken: int
    enrolment_deadline: datetime.date | None
    prerequisites: str
    contact: str
    link: str
    status: CourseStatus

    @staticmethod
    def resolve_institution(obj: SharedCourse) -> str:
        return obj.institution.slug

    @staticmethod
    def resolve_seats_taken(obj: SharedCourse) -> int:
        return int(getattr(obj, "taken", 0))


@router.get("/knowledge/courses", response=list[CourseOut], summary="Shared courses")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def course_list(request: HttpRequest) -> Any:
    """Open shared courses and resources, and every course of the caller's institution (all
    for the Secretariat), by start date."""
    return queries.courses_visible_to(_user(request))


@router.get("/knowledge/courses/{pk}", response=CourseOut, summary="One shared course")
def course_detail(request: HttpRequest, pk: int) -> SharedCourse:
    course = queries.courses_visible_to(_user(request)).filter(pk=pk).first()
    if course is None:
        raise HttpError(404, _("No course you may see has this number."))
    return course


class PartnerChallengeOut(Schema):
    id: int
    title: str
    matched_terms: list[str]
    same_field: bool


class PartnerOut(Schema):
    institution: str = Field(description="The partner's slug.")
    name: str
    score: float = Field(description="The sum of its evidence; higher first.")
    challenges: list[PartnerChallengeOut] = Field(description="Its matching challenges.")
    inquiries: int = Field(description="Its inquiries about this or similar achievements.")
    matched_terms: list[str]
    same_field: bool

    @staticmethod
    def resolve_institution(obj: PartnerMatch) -> str:
        return obj.institution.slug

    @staticmethod
    def resolve_name(obj: PartnerMatch) -> str:
        return obj.institution.name

    @staticmethod
    def resolve_challenges(obj: PartnerMatch) -> list[dict[str, Any]]:
        return [
            {
                "id": c.challenge_id,
                "title": c.challenge_title,
                "matched_terms": list(c.terms),
                "same_field": c.same_field,
            }
            for c in obj.challenges
        ]

    @staticmethod
    def resolve_matched_terms(obj: PartnerMatch) -> list[str]:
        return obj.terms


@router.get(
    "/knowledge/achievements/{pk}/partners",
    response=list[PartnerOut],
    summary="Partners to approach about an achievement",
)
def achievement_partners(request: HttpRequest, pk: int) -> list[PartnerMatch]:
    """For the achievement's institution and the Secretariat: the partners whose challenges
    match it, or who asked about it or similar ones, best first (at most five)."""
    achievement = _achievement(request, pk)
    if not request.user.has_perm("knowledge.change_achievement", achievement):
        raise HttpError(404, _("No achievement of yours has this number."))
    return partners_for(achievement)
