"""What programmes tests share: a Scholars Award call open now (in Shanghai time) between the
cast's members, a faculty applicant of NUS, and builders that walk an application from draft
to review."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from alliance.members.enums import Role
from alliance.programmes.enums import (
    ApplicantCategory,
    ApplicationStatus,
    CallStatus,
    ProgrammeKind,
    QuestionKind,
)
from alliance.programmes.models import Application, Call, Endorsement
from alliance.programmes.services.applications import (
    answer_endorsement,
    request_endorsements,
    save_draft,
    start_application,
    submit_application,
    upload_file,
)
from alliance.programmes.services.calls import (
    add_criterion,
    add_document,
    add_question,
    create_call,
    create_programme,
    set_call_status,
)
from alliance.programmes.services.nominations import nominate
from tests.conftest import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ZONE = "Asia/Shanghai"


def wall_clock(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` as the wall-clock time in Shanghai (what the Secretariat types)."""
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=8))).replace(tzinfo=None)


def call_data(**overrides):
    now = timezone.now()
    data = {
        "cycle": "2027-2028",
        "time_zone": ZONE,
        "opens_at": wall_clock(now - datetime.timedelta(days=10)),
        "closes_at": wall_clock(now + datetime.timedelta(days=10)),
        "activity_from": datetime.date(2027, 3, 1),
        "activity_until": datetime.date(2028, 2, 29),
        "eligible_categories": [ApplicantCategory.FACULTY],
        "min_working_days": 10,
        "needs_home_approval": True,
        "needs_host_acceptance": True,
        "awards": 60,
        "grant": Decimal("2500"),
        "budget": Decimal("150000"),
        "currency": "USD",
        "languages": ["en"],
        "anonymised_review": False,
        "reviewers_per_application": 2,
    }
    data.update(overrides)
    return data


def build_call(secretariat, *, status=CallStatus.OPEN, name="Scholars Award", **overrides) -> Call:
    programme = create_programme(actor=secretariat, kind=ProgrammeKind.SCHOLARS_AWARD, name=name)
    call = create_call(programme, actor=secretariat, data=call_data(**overrides))
    add_criterion(call, actor=secretariat, name="Merit", weight=3, maximum=5)
    add_criterion(call, actor=secretariat, name="Fit", weight=1, maximum=5)
    add_question(call, actor=secretariat, label="Your field", kind=QuestionKind.TEXT, required=True)
    add_document(call, actor=secretariat, label="Curriculum vitae")
    if status != CallStatus.DRAFT:
        call = set_call_status(call, actor=secretariat, status=CallStatus.OPEN)
    if status == CallStatus.CLOSED:
        call = set_call_status(call, actor=secretariat, status=CallStatus.CLOSED)
    return call


def pdf_upload(name="cv.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fill_draft(call, applicant, home, host, **overrides) -> Application:
    application = start_application(call, actor=applicant)
    data = {
        "category": ApplicantCategory.FACULTY,
        "home": home,
        "host": host,
        "starts_on": datetime.date(2027, 4, 5),
        "ends_on": datetime.date(2027, 4, 23),
        "title": "Lectures on catalysis",
        "plan": "Two weeks of joint seminars.",
        "home_head_name": "Head of Chemistry",
        "home_head_email": "head@chem.example.org",
        "host_contact_name": "Prof. Host",
        "host_contact_email": "host@example.org",
    }
    data.update(overrides)
    question = call.questions.get()
    application = save_draft(
        application, actor=applicant, data=data, answers={question.key: "Chemistry"}
    )
    upload_file(application, actor=applicant, key=call.documents.get().key, upload=pdf_upload())
    return application


def endorse_all(application, applicant) -> None:
    request_endorsements(application, actor=applicant)
    for endorsement in Endorsement.objects.filter(application=application):
        answer_endorsement(endorsement, approved=True, comment="Welcome.")


def submitted(call, applicant, home, host, *, nominated=True, actor=None) -> Application:
    application = fill_draft(call, applicant, home, host)
    endorse_all(application, applicant)
    application = submit_application(application, actor=applicant)
    if nominated:
        application = nominate(application, actor=actor or applicant)
    assert application.status == ApplicationStatus.SUBMITTED
    return application


def faculty(email: str):
    return make_user(email, Role.APPLICANT)


@pytest.fixture
def call(cast) -> Call:
    return build_call(cast.secretariat)


@pytest.fixture
def scholar(db):
    return faculty("wong@nus.example.org")
