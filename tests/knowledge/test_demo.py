"""The knowledge demo: a dozen achievements, experts and challenges in the members' languages,
and 43 shared courses with requests in every state, marked as demo, findable and matched;
loading twice changes nothing."""

from __future__ import annotations

import pytest

from alliance.knowledge.enums import AchievementStatus, EntryKind, InquiryStatus
from alliance.knowledge.models import (
    Achievement,
    Challenge,
    EnrolmentRequest,
    ExpertProfile,
    Inquiry,
    SearchEntry,
    SharedCourse,
)
from alliance.knowledge.retrieval import SearchFilter, match, search
from alliance.knowledge.services.demo import load_knowledge_demo
from alliance.members.services.demo import load_demo

pytestmark = pytest.mark.django_db


def test_it_loads_entries_in_several_languages_and_they_are_found(without_model):
    load_demo()
    created = load_knowledge_demo()
    assert created == {
        "achievements": 12,
        "experts": 12,
        "challenges": 12,
        "inquiries": 1,
        "courses": 43,
        "enrolments": 7,
    }
    assert Achievement.objects.filter(is_demo=True).count() == 12
    assert Achievement.objects.filter(status=AchievementStatus.IN_REVIEW).count() == 1
    assert ExpertProfile.objects.filter(is_demo=True).count() == 12
    assert Challenge.objects.filter(is_demo=True, status="published").count() == 12
    assert SearchEntry.objects.count() == 11 + 12 + 12 + 43
    assert Inquiry.objects.get().status == InquiryStatus.DISCUSSION
    found = [h.entry.title for h in search(SearchFilter(q="ไบโอดีเซล", kinds=("achievement",)))]
    assert found == ["การผลิตไบโอดีเซลจากน้ำมันปาล์มด้วยตัวเร่งปฏิกิริยาแบบใหม่"]
    water = Challenge.objects.get(title="印染厂含油废水处理方案")
    best = match(
        "\n".join([water.title, *water.keywords, water.problem]),
        kinds=[EntryKind.ACHIEVEMENT],
        fields=[water.field],
    )
    assert best[0].entry.title == "高通量陶瓷膜工业废水处理技术"
    assert load_knowledge_demo() == {
        "achievements": 0,
        "experts": 0,
        "challenges": 0,
        "inquiries": 0,
        "courses": 0,
        "enrolments": 0,
    }


def test_it_shares_courses_across_the_members_with_requests_in_every_state(without_model):
    load_demo()
    load_knowledge_demo()
    courses = SharedCourse.objects.filter(is_demo=True)
    assert courses.count() == 43
    assert courses.values("institution").distinct().count() == 15
    assert courses.filter(kind="resource").count() == 8
    states = EnrolmentRequest.objects.filter(is_demo=True).values_list("status", flat=True)
    assert sorted(states) == [
        "accepted",
        "accepted",
        "declined",
        "pending",
        "pending",
        "waitlisted",
        "withdrawn",
    ]
    found = search(SearchFilter(q="人工智能", kinds=("course",)))
    assert found[0].entry.title.startswith("人工智能原理")
