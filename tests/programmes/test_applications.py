"""Applications: drafts, files, endorsements by e-mailed link, submission with every problem
listed, the deadline in the call's time zone, one application per call, withdrawal."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.formats import date_format

from alliance.core.hashing import hash_secret
from alliance.programmes.enums import ApplicantCategory, ApplicationStatus, EndorsementKind
from alliance.programmes.models import Application, ApplicationFile, Endorsement
from alliance.programmes.queries import endorsement_by_secret
from alliance.programmes.services.applications import (
    answer_endorsement,
    request_endorsements,
    save_draft,
    start_application,
    submit_application,
    upload_file,
    withdraw_application,
)
from tests.programmes.conftest import endorse_all, fill_draft, pdf_upload


def test_a_complete_endorsed_draft_is_submitted_with_the_calls_grant(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    endorse_all(application, scholar)
    application = submit_application(application, actor=scholar)
    assert application.status == ApplicationStatus.SUBMITTED
    assert str(application.amount) == "2500.00"
    assert application.submitted_at is not None


def test_an_empty_draft_lists_every_problem_and_stays_a_draft(call, scholar):
    application = start_application(call, actor=scholar)
    with pytest.raises(ValidationError) as info:
        submit_application(application, actor=scholar)
    assert info.value.message_dict == {
        "category": ["Say who you are at your home institution."],
        "home": ["Choose your home institution."],
        "host": ["Choose your host institution."],
        "starts_on": ["Give the first and last day of the activity."],
        "title": ["Give the activity a title."],
        "plan": ["Describe the plan of the activity."],
        "__all__": [
            "Answer “Your field”.",
            "Upload the document “Curriculum vitae”.",
            "Approval of the head of the home unit has not been asked for.",
            "Acceptance by the host has not been asked for.",
        ],
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_eligibility_rules_each_name_what_is_wrong(call, scholar, nus, boao):
    application = fill_draft(
        call,
        scholar,
        boao,
        boao,
        category=ApplicantCategory.STUDENT,
        starts_on=datetime.date(2028, 2, 21),
        ends_on=datetime.date(2028, 3, 3),
    )
    with pytest.raises(ValidationError) as info:
        submit_application(application, actor=scholar)
    problems = info.value.message_dict
    assert problems["category"] == ["This call is for: Faculty member."]
    assert problems["home"] == ["Your home institution must be a member of the alliance."]
    assert problems["host"] == ["The host must be a member of the alliance."]
    assert problems["starts_on"] == [
        "The activity must take place within the cycle, from March 1, 2027 to Feb. 29, 2028."
    ]
    assert "ends_on" not in problems  # 21 February to 3 March 2028: ten working days


def test_the_host_must_differ_and_the_visit_last_ten_working_days(call, scholar, nus):
    application = fill_draft(
        call,
        scholar,
        nus,
        nus,
        starts_on=datetime.date(2027, 4, 5),
        ends_on=datetime.date(2027, 4, 15),
    )
    with pytest.raises(ValidationError) as info:
        submit_application(application, actor=scholar)
    problems = info.value.message_dict
    assert problems["host"] == ["The host must differ from your home institution."]
    assert problems["ends_on"] == [
        "The activity lasts 9 working days (Monday to Friday); this call asks for at least 10."
    ]


def test_a_submission_a_minute_after_the_deadline_in_the_calls_zone_is_refused(
    call, scholar, nus, tsinghua
):
    application = fill_draft(call, scholar, nus, tsinghua)
    endorse_all(application, scholar)
    late = call.closes_at + datetime.timedelta(minutes=1)
    closes = call.closes_local
    with pytest.raises(ValidationError) as info:
        submit_application(application, actor=scholar, at=late)
    (message,) = info.value.message_dict["__all__"]
    assert message == (
        f"The call closed on {date_format(closes, 'DATETIME_FORMAT')} (Asia/Shanghai); "
        "applications are no longer accepted."
    )
    assert closes.utcoffset() == datetime.timedelta(hours=8)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.title == "Lectures on catalysis"
    just_in_time = call.closes_at - datetime.timedelta(minutes=1)
    assert submit_application(application, actor=scholar, at=just_in_time).status == "submitted"


def test_a_second_application_to_the_same_call_is_refused(call, scholar):
    start_application(call, actor=scholar)
    with pytest.raises(ValidationError) as info:
        start_application(call, actor=scholar)
    assert info.value.messages == ["You already have an application to this call."]
    assert Application.objects.filter(call=call, applicant=scholar).count() == 1


def test_missing_endorsements_are_named(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    request_endorsements(application, actor=scholar)
    host = Endorsement.objects.get(application=application, kind=EndorsementKind.HOST)
    answer_endorsement(host, approved=False, comment="No room in April.")
    with pytest.raises(ValidationError) as info:
        submit_application(application, actor=scholar)
    assert info.value.message_dict == {
        "__all__": [
            "Approval of the head of the home unit: Head of Chemistry has not answered yet.",
            "Acceptance by the host: Prof. Host declined.",
        ]
    }


def test_endorsers_get_a_link_whose_secret_is_stored_only_hashed(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    secrets = request_endorsements(application, actor=scholar)
    assert set(secrets) == {"home_head", "host"}
    stored = Endorsement.objects.get(application=application, kind="host")
    assert stored.secret_hash == hash_secret(secrets["host"])
    assert secrets["host"] not in stored.secret_hash
    assert endorsement_by_secret(secrets["host"]) == stored
    assert endorsement_by_secret("not-a-secret") is None


def test_the_endorsement_e_mail_carries_the_link(
    call, scholar, nus, tsinghua, django_capture_on_commit_callbacks
):
    application = fill_draft(call, scholar, nus, tsinghua)
    with django_capture_on_commit_callbacks(execute=True):
        secrets = request_endorsements(application, actor=scholar)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["head@chem.example.org", "host@example.org"]
    host_mail = next(m for m in mail.outbox if m.to == ["host@example.org"])
    assert f"/programmes/endorse/{secrets['host']}/" in host_mail.body
    assert host_mail.subject == "Your answer is asked: Scholars Award 2027-2028"


def test_an_approval_already_given_is_kept_when_asking_again(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    request_endorsements(application, actor=scholar)
    head = Endorsement.objects.get(application=application, kind="home_head")
    answer_endorsement(head, approved=True)
    again = request_endorsements(application, actor=scholar)
    assert set(again) == {"host"}
    assert Endorsement.objects.get(application=application, kind="home_head").pk == head.pk


def test_an_endorsement_is_answered_once(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    request_endorsements(application, actor=scholar)
    host = Endorsement.objects.get(application=application, kind="host")
    answer_endorsement(host, approved=True)
    with pytest.raises(ValidationError) as info:
        answer_endorsement(host, approved=False)
    assert info.value.messages == ["This request has been answered already."]


def test_an_upload_whose_content_is_not_what_its_name_says_is_refused(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    key = call.documents.get().key
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as info:
        upload_file(application, actor=scholar, key=key, upload=fake)
    assert info.value.message_dict == {
        "file": [
            "Only a PDF document or a JPEG or PNG image is accepted; this file is none of them."
        ]
    }
    kept = ApplicationFile.objects.get(application=application, key=key)
    assert kept.name == "cv.pdf"
    assert kept.file.read().startswith(b"%PDF-")


def test_a_new_upload_replaces_the_old_one(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    key = call.documents.get().key
    upload_file(application, actor=scholar, key=key, upload=pdf_upload("cv-2027.pdf"))
    assert list(application.files.values_list("name", flat=True)) == ["cv-2027.pdf"]


def test_a_submitted_application_no_longer_changes(call, scholar, nus, tsinghua):
    application = fill_draft(call, scholar, nus, tsinghua)
    endorse_all(application, scholar)
    submit_application(application, actor=scholar)
    with pytest.raises(ValidationError) as info:
        save_draft(application, actor=scholar, data={"title": "Other"}, answers={})
    assert info.value.messages == ["A submitted application can no longer change."]


def test_a_withdrawn_application_leaves_the_nomination_ranking(call, scholar, cast, nus, tsinghua):
    from tests.programmes.conftest import faculty, submitted

    first = submitted(call, scholar, nus, tsinghua, actor=cast.coordinator_nus)
    second = submitted(
        call, faculty("lim@nus.example.org"), nus, tsinghua, actor=cast.coordinator_nus
    )
    assert (first.nomination_rank, second.nomination_rank) == (1, 2)
    withdraw_application(first, actor=scholar)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.nomination_rank) == (ApplicationStatus.WITHDRAWN, None)
    assert second.nomination_rank == 1
    with pytest.raises(ValidationError):
        withdraw_application(first, actor=scholar)


def test_endorsements_need_the_addresses(call, scholar):
    application = start_application(call, actor=scholar)
    with pytest.raises(ValidationError) as info:
        request_endorsements(application, actor=scholar)
    assert info.value.message_dict == {
        "home_head_email": ["Give the e-mail address of the head of your unit."],
        "host_contact_email": ["Give the e-mail address of your host."],
    }


def test_the_request_mail_names_no_secret_in_the_audit(call, scholar, nus, tsinghua):
    from alliance.core.models import AuditEntry

    application = fill_draft(call, scholar, nus, tsinghua)
    secrets = request_endorsements(application, actor=scholar)
    logged = str(list(AuditEntry.objects.values_list("before", "after")))
    assert not any(re.escape(s) in logged for s in secrets.values())
