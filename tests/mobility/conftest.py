"""What mobility tests share: students of Tsinghua and NUS, an open round between the two, and
a bilateral agreement between them."""

from __future__ import annotations

import pytest

from alliance.members.enums import Role
from alliance.mobility.enums import AgreementScope, RoundStatus
from alliance.mobility.models import Agreement, Round
from alliance.mobility.services.agreements import create_agreement
from alliance.mobility.services.rounds import create_round, set_round_status
from tests.conftest import make_user


def build_round(secretariat, institutions, *, places: int = 2, status=RoundStatus.OPEN) -> Round:
    round_ = create_round(
        actor=secretariat,
        name="Fall 2027",
        academic_year=2027,
        institutions=institutions,
        places=places,
    )
    if status != RoundStatus.DRAFT:
        round_ = set_round_status(round_, actor=secretariat, status=RoundStatus.OPEN)
    if status == RoundStatus.CLOSED:
        round_ = set_round_status(round_, actor=secretariat, status=RoundStatus.CLOSED)
    return round_


def build_agreement(actor, a, b) -> Agreement:
    return create_agreement(
        actor=actor,
        title="Tsinghua–NUS exchange",
        scope=AgreementScope.BILATERAL,
        parties=[a, b],
        first_year=2027,
        last_year=2029,
        terms=[
            {
                "sending": a,
                "receiving": b,
                "places_per_year": 4,
                "months_per_year": 20,
                "study_levels": ["6", "7"],
                "subject_areas": ["0613 Software and applications development"],
                "language": "en",
                "language_level": "B2",
            },
            {
                "sending": b,
                "receiving": a,
                "places_per_year": 4,
                "months_per_year": 20,
                "study_levels": ["6"],
                "subject_areas": [],
                "language": "zh",
                "language_level": "B1",
            },
        ],
        recognition_notes="Credits recognised in full.",
    )


@pytest.fixture
def round_(cast, tsinghua, nus) -> Round:
    return build_round(cast.secretariat, [tsinghua, nus])


@pytest.fixture
def agreement(cast, tsinghua, nus) -> Agreement:
    return build_agreement(cast.coordinator_tsinghua, tsinghua, nus)


@pytest.fixture
def student_tsinghua(db, tsinghua):
    return make_user("li@students.tsinghua.example.org", Role.APPLICANT, tsinghua)


@pytest.fixture
def student_nus(db, nus):
    return make_user("tan@students.nus.example.org", Role.APPLICANT, nus)
