"""Invitation and visa letters: passport details encrypted and kept out of the audit trail, scans
checked by their content and stored privately, numbers per year, the PDF e-mailed in the event's
language, refusals, erasure on the retention date, and the pages with who may see what."""

import datetime
import io
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from alliance.core.models import AuditEntry
from alliance.events.enums import LetterStatus, RegistrationStatus
from alliance.events.models import LetterRequest, NumberSequence
from alliance.events.services.letters import (
    SCAN_MAX_BYTES,
    erase_passport_details,
    issue_letter,
    passport_details,
    read_scan,
    refuse_letter,
    request_letter,
)
from alliance.events.services.registrations import register
from alliance.events.tasks import erase_passport_details_task
from tests.conftest import client_for, make_user

PASSPORT_NUMBER = "E12345678"


def passport(**changes):
    return {
        "full_name": "LI Wei",
        "number": PASSPORT_NUMBER,
        "nationality": "CN",
        "birth_date": datetime.date(1999, 5, 4),
        "expiry_date": datetime.date(2035, 1, 31),
        **changes,
    }


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def upload(content: bytes, name="passport.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def private_files() -> list[str]:
    storage = storages["private"]
    found = []

    def walk(folder):
        dirs, files = storage.listdir(folder)
        found.extend(f"{folder}/{f}" if folder else f for f in files)
        for d in dirs:
            walk(f"{folder}/{d}" if folder else d)

    if storage.exists(""):
        walk("")
    return sorted(found)


@pytest.fixture
def forum(student_forum):
    student_forum.letter_signatory = "Wang Xiaoming"
    student_forum.letter_signatory_title = "Secretary-General"
    student_forum.venue = "NUS University Town"
    student_forum.save()
    return student_forum


@pytest.fixture
def confirmed(forum, cast, tsinghua):
    registration = register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)
    assert registration.status == RegistrationStatus.CONFIRMED
    return registration


@pytest.fixture
def letter(confirmed, cast):
    return request_letter(
        confirmed, actor=cast.student, passport=passport(), scan=upload(png_bytes())
    )


class FailingMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


# --- request ---


def test_the_passport_details_are_stored_encrypted_and_read_back(letter, forum):
    raw = LetterRequest.objects.values_list("passport", flat=True).get(pk=letter.pk)
    assert PASSPORT_NUMBER.encode() not in bytes(raw)
    assert b"LI Wei" not in bytes(raw)
    letter.refresh_from_db()
    assert passport_details(letter) == {
        "full_name": "LI Wei",
        "number": PASSPORT_NUMBER,
        "nationality": "CN",
        "nationality_name": "China",
        "birth_date": datetime.date(1999, 5, 4),
        "expiry_date": datetime.date(2035, 1, 31),
    }
    assert letter.status == LetterStatus.REQUESTED
    last_day = forum.ends_at.astimezone(ZoneInfo("Asia/Singapore")).date()
    assert letter.erase_after == last_day + datetime.timedelta(days=90)


def test_the_audit_row_says_details_were_given_and_holds_none_of_them(letter, cast, tsinghua):
    entry = AuditEntry.objects.get(action="events.letter.request")
    assert entry.actor == cast.student
    assert entry.institution_id == tsinghua.pk
    assert entry.after == {
        "status": "requested",
        "needs_visa": True,
        "number": None,
        "passport_details_given": "yes",
        "scan_given": "yes",
        "erase_after": letter.erase_after.isoformat(),
    }
    text = str(entry.before) + str(entry.after) + entry.object_repr
    for secret in (PASSPORT_NUMBER, "LI Wei", "1999-05-04", "2035-01-31", "CN"):
        assert secret not in text


def test_the_scan_is_encrypted_in_the_private_storage_outside_the_media_folder(letter, settings):
    scan = png_bytes()
    assert private_files() == [letter.passport_scan.name]
    assert letter.passport_scan.name.endswith(".png.enc")
    with storages["private"].open(letter.passport_scan.name, "rb") as stored:
        assert stored.read()[:8] != scan[:8]
    assert not (settings.MEDIA_ROOT / letter.passport_scan.name).exists()
    found = read_scan(letter)
    assert (found.kind, found.content_type, found.content) == ("png", "image/png", scan)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Name: Li Wei\nPassport: E12345678\n", "passport.pdf", "must be a PDF, JPEG or PNG"),
        (b"MZ\x90\x00 not a scan", "passport.png", "must be a PDF, JPEG or PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "passport.png", "is damaged"),
        (b"%PDF-1.7\n" + b"0" * SCAN_MAX_BYTES, "passport.pdf", "larger than 5 MB"),
    ],
    ids=["text-called-pdf", "executable", "broken-png", "too-large"],
)
def test_a_bad_scan_is_refused_and_nothing_is_saved(confirmed, cast, content, name, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        request_letter(
            confirmed, actor=cast.student, passport=passport(), scan=upload(content, name)
        )
    assert message in caught.value.message_dict["scan"][0]
    assert LetterRequest.objects.count() == 0
    assert private_files() == []
    assert not AuditEntry.objects.filter(action="events.letter.request").exists()


def test_a_jpeg_and_a_pdf_scan_are_taken(forum, cast, tsinghua, nus):
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    other = make_user("other@example.org")
    for user, content, kind in ((cast.student, jpeg_bytes(), "jpg"), (other, pdf, "pdf")):
        registration = register(forum, actor=user, name=user.email, institution=nus)
        letter = request_letter(
            registration, actor=user, passport=passport(), scan=upload(content, "scan.bin")
        )
        assert read_scan(letter).kind == kind
        assert read_scan(letter).content == content


def test_only_a_confirmed_registration_may_ask(forum, cast, tsinghua):
    from django.core.exceptions import ValidationError

    for n in range(3):
        register(forum, actor=make_user(f"t{n}@example.org"), name=f"T {n}", institution=tsinghua)
    waiting = register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)
    assert waiting.status == RegistrationStatus.WAITLISTED
    with pytest.raises(ValidationError) as caught:
        request_letter(waiting, actor=cast.student, passport=passport())
    assert caught.value.messages == [
        "Letters are written for confirmed registrations; yours is: On the waiting list."
    ]
    assert LetterRequest.objects.count() == 0


def test_passport_details_are_checked_field_by_field(confirmed, cast):
    from django.core.exceptions import ValidationError

    bad = passport(
        full_name="<b></b>",
        number="12",
        nationality="XX",
        expiry_date=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        request_letter(confirmed, actor=cast.student, passport=bad)
    assert sorted(caught.value.message_dict) == [
        "expiry_date",
        "full_name",
        "nationality",
        "number",
    ]
    assert caught.value.message_dict["expiry_date"][0].startswith(
        "Your passport expires before the event ends."
    )


def test_someone_else_may_not_ask_for_the_registrant(confirmed, cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        request_letter(confirmed, actor=cast.coordinator_nus, passport=passport())


# --- issue, refuse ---


def test_issuing_numbers_the_letter_and_emails_the_pdf_in_the_events_language(
    letter, forum, cast, mailoutbox, django_capture_on_commit_callbacks
):
    forum.letter_language = "zh-hans"
    forum.save()
    year = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_letter(letter, actor=cast.secretariat)
    assert issued.number == f"AUA-VL-{year}-0001"
    assert issued.status == LetterStatus.ISSUED
    assert issued.issued_by == cast.secretariat
    assert [m.to for m in mailoutbox] == [["student@example.org"]]
    message = mailoutbox[0]
    assert message.subject == f"Your letter for AUA Student Forum 2027: AUA-VL-{year}-0001"
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"AUA-VL-{year}-0001.pdf", "application/pdf")
    text = pdf_text(content)
    assert "亚洲大学联盟学生论坛 2027" in text  # the event's title in its letter language
    for expected in (f"AUA-VL-{year}-0001", PASSPORT_NUMBER, "LI Wei", "Wang Xiaoming"):
        assert expected in text
    entry = AuditEntry.objects.get(action="events.letter.issue")
    assert entry.after["number"] == f"AUA-VL-{year}-0001"
    assert entry.after["passport_details_given"] == "yes"
    assert PASSPORT_NUMBER not in str(entry.after)


def test_numbers_follow_each_other_within_a_year_with_the_alliances_short_name(
    forum, cast, nus, settings
):
    settings.ALLIANCE_SHORT_NAME = "ABC"
    numbers = []
    for n in range(3):
        user = make_user(f"p{n}@example.org")
        registration = register(forum, actor=user, name=f"P {n}", institution=nus)
        requested = request_letter(registration, actor=user, passport=passport())
        numbers.append(issue_letter(requested, actor=cast.secretariat).number)
    year = timezone.localdate().year
    assert numbers == [f"ABC-VL-{year}-0001", f"ABC-VL-{year}-0002", f"ABC-VL-{year}-0003"]
    assert NumberSequence.objects.get(prefix="ABC-VL", year=year).last == 3


def test_a_letter_is_issued_once(letter, cast):
    from django.core.exceptions import ValidationError

    first = issue_letter(letter, actor=cast.secretariat)
    with pytest.raises(ValidationError) as caught:
        issue_letter(letter, actor=cast.secretariat)
    assert caught.value.messages == [f"This letter was issued already, as {first.number}."]
    assert NumberSequence.objects.get().last == 1


def test_only_the_secretariat_issues(letter, cast):
    from django.core.exceptions import PermissionDenied

    for actor in (cast.student, cast.coordinator_nus):
        with pytest.raises(PermissionDenied):
            issue_letter(letter, actor=actor)
    assert LetterRequest.objects.get().status == LetterStatus.REQUESTED


def test_a_failing_mail_server_is_logged_and_the_letter_stays_issued(
    letter, cast, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.events.test_letters.FailingMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_letter(letter, actor=cast.secretariat)
    assert LetterRequest.objects.get().status == LetterStatus.ISSUED
    assert f"could not send the letter_issued e-mail for letter {issued.pk}" in caplog.text


def test_a_refusal_says_why_and_the_registrant_may_ask_again(
    letter, confirmed, cast, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        refuse_letter(letter, actor=cast.secretariat, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        refused = refuse_letter(
            letter, actor=cast.secretariat, reason="The passport <i>scan</i> is unreadable."
        )
    assert (refused.status, refused.refusal_reason) == (
        LetterStatus.REFUSED,
        "The passport scan is unreadable.",
    )
    assert "The reason: The passport scan is unreadable." in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        again = request_letter(
            confirmed,
            actor=cast.student,
            passport=passport(),
            scan=upload(jpeg_bytes(), "new.jpg"),
        )
    assert (again.pk, again.status, again.refusal_reason) == (
        letter.pk,
        LetterStatus.REQUESTED,
        "",
    )
    assert private_files() == [again.passport_scan.name]  # the old scan is gone


# --- erasure ---


def test_details_are_erased_on_the_retention_date_and_an_issued_letter_keeps_its_number(
    forum, cast, nus, letter
):
    other = make_user("other@example.org")
    registration = register(forum, actor=other, name="Other", institution=nus)
    issued = issue_letter(
        request_letter(registration, actor=other, passport=passport(), scan=upload(png_bytes())),
        actor=cast.secretariat,
    )
    day = datetime.datetime.combine(letter.erase_after, datetime.time(12), tzinfo=datetime.UTC)
    assert erase_passport_details(now=day - datetime.timedelta(days=1)) == 0
    assert erase_passport_details(now=day) == 2
    assert erase_passport_details(now=day) == 0
    waiting, kept = LetterRequest.objects.get(pk=letter.pk), LetterRequest.objects.get(pk=issued.pk)
    assert (waiting.status, waiting.passport, waiting.passport_scan.name) == (
        LetterStatus.ERASED,
        None,
        "",
    )
    assert (kept.status, kept.number, kept.passport) == (LetterStatus.ISSUED, issued.number, None)
    assert kept.erased_at == day
    assert private_files() == []
    entries = AuditEntry.objects.filter(action="events.letter.erase_passport")
    assert sorted(e.after["passport_details_given"] for e in entries) == ["no", "no"]
    assert {e.actor_label for e in entries} == {"system"}


def test_the_command_and_the_task_erase_what_is_due(letter, settings):
    out = io.StringIO()
    call_command("erase_passports", stdout=out)
    assert out.getvalue() == "Erased the passport details of 0 letter requests.\n"
    LetterRequest.objects.filter(pk=letter.pk).update(erase_after=timezone.localdate())
    assert erase_passport_details_task.delay().get() == 1
    assert LetterRequest.objects.get().status == LetterStatus.ERASED
    assert "events.erase_passport_details" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }


# --- pages ---


def form_data(**changes):
    data = {
        "full_name": "LI Wei",
        "number": "e 1234 5678",
        "nationality": "CN",
        "birth_date": "1999-05-04",
        "expiry_date": "2035-01-31",
        "needs_visa": "on",
        "consent": "on",
    }
    data.update(changes)
    return data


def test_the_registrant_asks_on_their_letter_page(confirmed, forum, cast):
    client = client_for(cast.student)
    page = client.get(f"/events/{forum.slug}/letter/")
    assert page.status_code == 200
    assert "Ask for a letter" in page.text
    response = client.post(
        f"/events/{forum.slug}/letter/", {**form_data(), "scan": upload(png_bytes())}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/events/{forum.slug}/letter/"
    letter = LetterRequest.objects.get()
    assert passport_details(letter)["number"] == PASSPORT_NUMBER
    assert read_scan(letter).content == png_bytes()
    page = client.get(f"/events/{forum.slug}/letter/")
    assert "Requested" in page.text
    assert PASSPORT_NUMBER in page.text  # the person sees what they gave


def test_a_scan_that_is_not_a_document_is_refused_on_the_page(confirmed, forum, cast):
    response = client_for(cast.student).post(
        f"/events/{forum.slug}/letter/",
        {**form_data(), "scan": upload(b"#!/bin/sh\nrm -rf /\n", "passport.pdf")},
    )
    assert response.status_code == 200
    assert "The scan must be a PDF, JPEG or PNG file." in response.text
    assert LetterRequest.objects.count() == 0
    assert private_files() == []


def test_the_letter_page_needs_a_confirmed_registration(forum, cast):
    assert client_for(cast.student).get(f"/events/{forum.slug}/letter/").status_code == 404


def test_the_secretariat_list_shows_no_passport_details(letter, forum, cast):
    response = client_for(cast.secretariat).get(f"/events/{forum.slug}/letters/")
    assert response.status_code == 200
    assert "Li Wei" in response.text
    assert PASSPORT_NUMBER not in response.text
    assert not AuditEntry.objects.filter(action="events.letter.view_passport").exists()


def test_opening_a_request_shows_the_details_and_leaves_a_trace(letter, forum, cast):
    response = client_for(cast.secretariat).get(f"/events/{forum.slug}/letters/{letter.pk}/")
    assert response.status_code == 200
    assert PASSPORT_NUMBER in response.text
    entry = AuditEntry.objects.get(action="events.letter.view_passport")
    assert (entry.actor, entry.object_id) == (cast.secretariat, str(letter.pk))
    assert PASSPORT_NUMBER not in str(entry.after)


def test_the_scan_is_served_to_the_secretariat_and_the_person_only(letter, forum, cast):
    url = f"/events/{forum.slug}/letters/{letter.pk}/scan/"
    for user in (cast.secretariat, cast.student):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response.content == png_bytes()
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == f'attachment; filename="passport-{letter.pk}.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
    for user in (cast.coordinator_tsinghua, cast.coordinator_nus, cast.outsider):
        assert client_for(user).get(url).status_code == 404
    viewers = AuditEntry.objects.filter(action="events.letter.view_passport")
    assert [e.actor for e in viewers] == [cast.secretariat]


def test_issue_and_refuse_from_the_review_page(
    letter, forum, cast, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{forum.slug}/letters/{letter.pk}/issue/")
    assert response.status_code == 302
    number = LetterRequest.objects.get().number
    assert len(mailoutbox) == 1
    again = client.post(f"/events/{forum.slug}/letters/{letter.pk}/issue/", follow=True)
    assert f"This letter was issued already, as {number}." in again.text
    refused = client.post(
        f"/events/{forum.slug}/letters/{letter.pk}/refuse/", {"reason": "x"}, follow=True
    )
    assert "This letter was issued already" in refused.text
    download = client_for(cast.student).get(f"/events/{forum.slug}/letter/letter.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{number}.pdf"'
    assert number in pdf_text(download.content)
    assert (
        client_for(cast.outsider).get(f"/events/{forum.slug}/letter/letter.pdf").status_code == 404
    )


def test_the_letter_list_takes_the_same_queries_for_one_request_or_several(forum, cast, nus):
    client = client_for(cast.secretariat)
    url = f"/events/{forum.slug}/letters/"

    def add(n):
        user = make_user(f"q{n}@example.org")
        registration = register(forum, actor=user, name=f"Q {n}", institution=nus)
        request_letter(registration, actor=user, passport=passport())

    add(0)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(1)
    add(2)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert response.text.count("Q 2") == 1
    assert len(three) == len(one)
