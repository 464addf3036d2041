"""Reads of achievements, experts, challenges and inquiries, shared by pages and the API, each
already scoped to what the user may see. Search and matching live in ``retrieval``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from alliance.core.models import User
from alliance.knowledge.enums import (
    AchievementStatus,
    ChallengeStatus,
    CourseStatus,
    EnrolmentStatus,
    InquiryStatus,
)
from alliance.knowledge.models import (
    Achievement,
    Challenge,
    EnrolmentRequest,
    ExpertProfile,
    Inquiry,
    SharedCourse,
)
from alliance.members.enums import Role
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat


def _speaks_for(user: User) -> set[int]:
    return institutions_where(user, Role.COORDINATOR) | institutions_where(
        user, Role.PARTNER_CONTACT
    )


def achievements_visible_to(user: User) -> QuerySet[Achievement]:
    """Published ones for everyone; all of their institution's for its coordinators; all for
    the Secretariat."""
    qs = Achievement.objects.select_related("institution")
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(Q(status=AchievementStatus.PUBLISHED) | Q(institution__in=mine))


def achievement_for_page(pk: int) -> Achievement | None:
    return (
        Achievement.objects.select_related("institution")
        .prefetch_related("documents")
        .filter(pk=pk)
        .first()
    )


def achievements_to_review(user: User) -> QuerySet[Achievement]:
    qs = Achievement.objects.select_related("institution").filter(
        status=AchievementStatus.IN_REVIEW
    )
    if is_secretariat(user):
        return qs
    return qs.filter(institution__in=institutions_where(user, Role.COORDINATOR))


def experts_visible_to(user: User) -> QuerySet[ExpertProfile]:
    qs = ExpertProfile.objects.select_related("institution")
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(Q(listed=True) | Q(institution__in=mine) | Q(user_id=user.pk))


def challenges_visible_to(user: User) -> QuerySet[Challenge]:
    qs = Challenge.objects.select_related("institution")
    if is_secretariat(user):
        return qs
    return qs.filter(
        Q(status__in=(ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED))
        | Q(institution__in=_speaks_for(user))
    )


def challenges_to_moderate() -> QuerySet[Challenge]:
    return Challenge.objects.select_related("institution").filter(status=ChallengeStatus.PENDING)


def inquiries_of(user: User) -> QuerySet[Inquiry]:
    """Inquiries the user asked, those about their institution's achievements, and all of them
    for the Secretariat."""
    qs = Inquiry.objects.select_related("achievement__institution", "asker_institution")
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(Q(asker_id=user.pk) | Q(achievement__institution__in=mine))


def inquiry_for_page(pk: int) -> Inquiry | None:
    return (
        Inquiry.objects.select_related("achievement__institution", "asker", "asker_institution")
        .prefetch_related("messages__author")
        .filter(pk=pk)
        .first()
    )


def inquiry_counts(*, institution_id: int | None = None, year: int | None = None) -> dict[str, int]:
    """Inquiries by status (every status present, zero included), for the annual report."""
    qs = Inquiry.objects.all()
    if institution_id is not None:
        qs = qs.filter(achievement__institution_id=institution_id)
    if year is not None:
        qs = qs.filter(created_at__year=year)
    counts = dict.fromkeys(InquiryStatus.values, 0)
    for row in qs.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts


# --- shared courses and enrolment requests ---------------------------------------------------


def courses_with_places() -> QuerySet[SharedCourse]:
    """Every course with ``taken``, the places accepted; unscoped (pages fetch one, then check
    the permission)."""
    return SharedCourse.objects.select_related("institution").annotate(
        taken=Count(
            "enrolment_requests",
            filter=Q(enrolment_requests__status=EnrolmentStatus.ACCEPTED),
        )
    )


def courses_visible_to(user: User) -> QuerySet[SharedCourse]:
    """Open courses and resources for everyone; all of their institution's for its
    coordinators; all for the Secretariat."""
    qs = courses_with_places()
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(Q(status=CourseStatus.OPEN) | Q(institution__in=mine))


def course_for_page(pk: int) -> SharedCourse | None:
    return courses_with_places().filter(pk=pk).first()


def enrolments_of(user: User) -> QuerySet[EnrolmentRequest]:
    """Requests the user made or is the student of, those for their institution's courses and
    those of their institution's students; all of them for the Secretariat. Newest first."""
    qs = EnrolmentRequest.objects.select_related("course__institution", "home").order_by(
        "-created_at", "-pk"
    )
    if is_secretariat(user):
        return qs
    mine = institutions_where(user, Role.COORDINATOR)
    return qs.filter(
        Q(student_id=user.pk)
        | Q(requested_by_id=user.pk)
        | Q(course__institution__in=mine)
        | Q(home__in=mine)
    )


def enrolment_for_page(pk: int) -> EnrolmentRequest | None:
    return (
        EnrolmentRequest.objects.select_related(
            "course__institution", "home", "student", "requested_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )


def enrolments_to_answer(user: User) -> QuerySet[EnrolmentRequest]:
    """Pending requests for the courses of the institutions the user coordinates."""
    return EnrolmentRequest.objects.select_related("course").filter(
        status=EnrolmentStatus.PENDING,
        course__institution__in=institutions_where(user, Role.COORDINATOR),
    )


# --- the person's own data (the privacy export) ---------------------------------------------


def personal_data(user: User) -> dict[str, Any]:
    """The expert profile linked to the person's account (private parts included: it is theirs),
    the inquiries they sent with every message they wrote, and their requests for places in
    shared courses."""
    profile = ExpertProfile.objects.filter(user=user).select_related("institution").first()
    inquiries = (
        Inquiry.objects.filter(Q(asker=user) | Q(messages__author=user))
        .distinct()
        .select_related("achievement")
        .prefetch_related("messages")
        .order_by("created_at", "pk")
    )
    return {
        "expert_profile": None
        if profile is None
        else {
            "full_name": profile.full_name,
            "institution": profile.institution.name if profile.institution else None,
            "position": profile.position,
            "biography": profile.bio,
            "keywords": profile.keywords,
            "fields": profile.fields,
            "languages": profile.languages,
            "publications": profile.publications,
            "listed": profile.listed,
        },
        "inquiries": [
            {
                "achievement": i.achievement.title,
                "subject": i.subject,
                "status": i.status,
                "messages": [
                    {"at": m.created_at.isoformat(), "body": m.body}
                    for m in i.messages.all()
                    if m.author_id == user.pk
                ],
            }
            for i in inquiries
        ],
        "enrolment_requests": [
            {
                "course": r.course.title,
                "home": r.home.name,
                "student_name": r.student_name,
                "student_email": r.student_email,
                "motivation": r.motivation,
                "status": r.status,
                "reason": r.reason,
                "asked_at": r.created_at.isoformat(),
            }
            for r in EnrolmentRequest.objects.filter(student=user)
            .select_related("course", "home")
            .order_by("created_at", "pk")
        ],
    }


def next_tasks(user: User) -> list[NextTask]:
    """What knowledge exchange asks of ``user`` now: achievements of theirs to review,
    challenges to moderate (the Secretariat), new inquiries about their institution's
    achievements and requests for places in its shared courses to answer. At most ten of each,
    oldest first."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if not user.is_authenticated:
        return []
    tasks = [
        NextTask(
            _("Review the achievement: %(title)s") % {"title": a.title},
            reverse("knowledge:achievement", args=[a.pk]),
        )
        for a in achievements_to_review(user).order_by("updated_at", "pk")[:10]
    ]
    if is_secretariat(user):
        tasks += [
            NextTask(
                _("Moderate the challenge: %(title)s") % {"title": c.title},
                reverse("knowledge:challenge", args=[c.pk]),
            )
            for c in challenges_to_moderate().order_by("created_at", "pk")[:10]
        ]
    mine = institutions_where(user, Role.COORDINATOR)
    if mine:
        tasks += [
            NextTask(
                _("Answer the inquiry: %(subject)s") % {"subject": i.subject},
                reverse("knowledge:inquiry", args=[i.pk]),
            )
            for i in Inquiry.objects.filter(
                status=InquiryStatus.NEW, achievement__institution__in=mine
            ).order_by("created_at", "pk")[:10]
        ]
    if mine:
        tasks += [
            NextTask(
                _("Answer the request of %(student)s for a place in %(course)s")
                % {"student": r.student_name, "course": r.course.title},
                reverse("knowledge:enrolment", args=[r.pk]),
            )
            for r in enrolments_to_answer(user).order_by("created_at", "pk")[:10]
        ]
    return tasks
