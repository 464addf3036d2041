"""Shared set-up for the data-collection tests: coherent figures, a head of institution with
an account, and a submission taken to any stage of the workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

from alliance.core.models import User
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from alliance.reports.enums import ValueState
from alliance.reports.models import Collection, Submission
from alliance.reports.services import collection as service
from alliance.reports.services.collection import AnswerInput
from tests.conftest import make_user

FIGURES = {
    "STU_BACHELOR": 16000,
    "STU_MASTER": 12000,
    "STU_DOCTORAL": 8000,
    "STU_TOTAL": 36000,
    "STU_INTL_IN": 3500,
    "STU_INTL_OUT": 2400,
    "STAFF_HEADCOUNT": 3600,
    "STAFF_FTE": Decimal("3420.5"),
    "RESEARCH_INCOME_USD": 1250000000,
    "PUBLICATIONS": 11800,
    "AGREEMENTS_MEMBERS": 12,
}


def answers(**overrides: object) -> dict[str, AnswerInput]:
    """Every indicator answered with FIGURES; an override may be a number, "withheld" or
    "not_available"."""
    result = {}
    for code, value in {**FIGURES, **overrides}.items():
        if value in (ValueState.WITHHELD, ValueState.NOT_AVAILABLE):
            result[code] = AnswerInput(str(value))
        else:
            result[code] = AnswerInput(ValueState.VALUE, Decimal(str(value)), str(value))
    return result


def make_head(institution: Institution, email: str, name: str = "Li Wei") -> User:
    """A user whose person is the institution's current chief executive (no role needed)."""
    user = make_user(email)
    person = Person.objects.create(full_name=name, email=email, user=user)
    Position.objects.create(
        person=person,
        institution=institution,
        kind=PositionKind.CHIEF_EXECUTIVE,
        start=datetime.date(2022, 1, 1),
    )
    return user


def open_year(year: int, actor: User | None = None) -> Collection:
    return service.open_collection(actor=actor, year=year, deadline=datetime.date(year, 3, 31))


def submission_of(collection: Collection, institution: Institution) -> Submission:
    return Submission.objects.get(collection=collection, institution=institution)


def signed_off_year(
    year: int, institution: Institution, secretariat: User, coordinator: User, **overrides: object
) -> Submission:
    """A collection of `year` with the institution's submission signed off (others stay drafts)."""
    collection = Collection.objects.filter(year=year).first() or open_year(year, secretariat)
    submission = submission_of(collection, institution)
    service.save_answers(submission, actor=coordinator, answers=answers(**overrides))
    service.submit_submission(submission, actor=coordinator)
    service.accept_submission(submission, actor=secretariat)
    service.sign_off_submission(submission, actor=coordinator, head_name="Li Wei")
    submission.refresh_from_db()
    return submission
