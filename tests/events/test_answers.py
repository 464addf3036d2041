"""Answers to registration questions (``services.answers``): every kind of question, questions
asked only after a given answer, files accepted by their content, and registering together with
the answers in one transaction, with the e-mail that follows."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliance.core.models import AuditEntry
from alliance.events.enums import QuestionKind as K
from alliance.events.enums import RegistrationStatus as S
from alliance.events.models import Answer, DelegateCode, Registration
from alliance.events.services.answers import (
    check_upload,
    clean_answers,
    register_with_answers,
    save_answers,
)
from alliance.events.services.questions import add_question
from alliance.events.services.registrations import make_codes, register
from tests.conftest import make_user
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def event(db):
    return make_event("school", capacity=1)


@pytest.fixture
def form(event, cast):
    """A form asking every kind of question; the visa file only of those needing a visa, and
    the dietary detail only of those with a need."""

    def ask(kind, key, **kwargs):
        kwargs.setdefault("label", {"en": key.replace("_", " ").title(), "zh-hans": key})
        return add_question(event, actor=cast.secretariat, kind=kind, key=key, **kwargs)

    yes_no = [
        {"value": "yes", "label": {"en": "Yes", "zh-hans": "是"}},
        {"value": "no", "label": {"en": "No", "zh-hans": "否"}},
    ]
    questions = {
        "motivation": ask(K.LONG_TEXT, "motivation", required=True),
        "track": ask(
            K.CHOICE,
            "track",
            choices=[
                {"value": "ai", "label": {"en": "AI"}},
                {"value": "bio", "label": {"en": "Bio"}},
            ],
        ),
        "topics": ask(
            K.MULTIPLE,
            "topics",
            choices=[
                {"value": "a", "label": {"en": "A"}},
                {"value": "b", "label": {"en": "B"}},
                {"value": "c", "label": {"en": "C"}},
            ],
        ),
        "arrival": ask(K.DATE, "arrival"),
        "nationality": ask(K.COUNTRY, "nationality"),
        "needs_visa": ask(K.CHOICE, "needs_visa", choices=yes_no, required=True),
        "photos": ask(K.CONSENT, "photos", required=True),
    }
    questions["passport"] = ask(
        K.FILE,
        "passport",
        required=True,
        show_if=questions["needs_visa"],
        show_if_values=["yes"],
    )
    questions["diet"] = ask(K.CONSENT, "diet")
    questions["diet_detail"] = ask(K.TEXT, "diet_detail", required=True, show_if=questions["diet"])
    return questions


GOOD = {
    "motivation": "I study robotics.",
    "track": "ai",
    "topics": ["c", "a"],
    "arrival": "2027-05-01",
    "nationality": "sg",
    "needs_visa": "no",
    "photos": True,
}


def stored(registration) -> dict:
    return {
        a.question.key: a.value
        for a in Answer.objects.filter(registration=registration).select_related("question")
    }


# The rules of an answer ---------------------------------------------------------------------


def test_every_kind_is_stored_as_plain_values(event, form):
    registration = register(event, actor=make_user("ana@example.org"), name="Ana")
    save_answers(registration, actor=registration.user, answers=GOOD, files={})
    assert stored(registration) == {
        "motivation": "I study robotics.",
        "track": "ai",
        "topics": ["a", "c"],  # in the order of the choices
        "arrival": "2027-05-01",
        "nationality": "SG",
        "needs_visa": "no",
        "photos": True,
    }
    entry = AuditEntry.objects.get(action="events.answers.save")
    assert entry.after == {"answered": sorted(GOOD), "files": []}  # keys only, never answers


def test_a_question_not_asked_is_neither_required_nor_saved(event, form):
    answers = {**GOOD, "diet_detail": "Halal"}  # answered although "diet" was not ticked
    cleaned = clean_answers(list(form.values()), answers, {})
    assert "passport" not in cleaned.shown  # needs_visa is "no": the required file is not asked
    assert "diet_detail" not in cleaned.shown
    assert "diet_detail" not in cleaned.values


def test_a_question_asked_is_required_when_marked_so(event, form):
    with pytest.raises(ValidationError) as missing:
        clean_answers(list(form.values()), {**GOOD, "needs_visa": "yes", "diet": True}, {})
    assert missing.value.message_dict == {
        "passport": ["Attach the file asked for."],
        "diet_detail": ["Answer this question."],
    }


def test_wrong_answers_name_their_question(event, form):
    bad = {
        **GOOD,
        "track": "chemistry",
        "topics": ["a", "z"],
        "arrival": "1 May",
        "nationality": "XX",
        "photos": False,
        "motivation": "x" * 5001,
    }
    with pytest.raises(ValidationError) as wrong:
        clean_answers(list(form.values()), bad, {})
    assert wrong.value.message_dict == {
        "motivation": ["Keep the answer under 5000 characters."],
        "track": ["Choose one of the answers offered."],
        "topics": ["Choose among the answers offered."],
        "arrival": ["Give a date as YYYY-MM-DD."],
        "nationality": ["Choose a country or region from the list."],
        "photos": ["Give your consent to register."],
    }


def test_answers_replace_earlier_ones_and_answers_no_longer_asked_go(event, form):
    registration = register(event, actor=make_user("ana@example.org"), name="Ana")
    save_answers(
        registration,
        actor=registration.user,
        answers={**GOOD, "diet": True, "diet_detail": "Vegan"},
    )
    assert stored(registration)["diet_detail"] == "Vegan"
    save_answers(registration, actor=registration.user, answers={**GOOD, "track": "bio"})
    after = stored(registration)
    assert after["track"] == "bio"
    assert "diet_detail" not in after
    assert "diet" not in after  # not given, not required: no row


# Files ---------------------------------------------------------------------------------------


def test_a_pdf_and_images_are_accepted_by_their_content():
    assert check_upload(upload("scan.pdf", PDF)) == ("application/pdf", "pdf")
    assert check_upload(upload("photo.jpeg", image_bytes("JPEG"))) == ("image/jpeg", "jpg")
    # Named .pdf, but a PNG image: accepted for what it is.
    assert check_upload(upload("passport.pdf", image_bytes("PNG"))) == ("image/png", "png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("passport.pdf", b"just some text, not a PDF at all"),
        ("photo.png", b"\x89PNG\r\n\x1a\n but then rubbish"),
        ("anim.gif", None),  # a real image, of a kind not accepted
    ],
)
def test_other_files_are_refused(name, content):
    if content is None:
        content = image_bytes("GIF")
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert refused.value.messages == [
        "Only a PDF document or a JPEG or PNG image is accepted; this file is none of them."
    ]


def test_files_too_large_or_empty_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as large:
        check_upload(upload("big.pdf", PDF + b"0" * 1100))
    assert large.value.messages == ["The file is 1.1\xa0KB; files may be at most 1.0\xa0KB."]
    with pytest.raises(ValidationError) as empty:
        check_upload(upload("empty.pdf", b""))
    assert empty.value.messages == ["The file is empty."]


def test_a_file_answer_is_stored_under_a_new_name_with_its_original_name_kept(event, form):
    registration = register(event, actor=make_user("ana@example.org"), name="Ana")
    save_answers(
        registration,
        actor=registration.user,
        answers={**GOOD, "needs_visa": "yes"},
        files={"passport": upload("../../my passport.pdf", image_bytes("PNG"))},
    )
    answer = Answer.objects.get(registration=registration, question=form["passport"])
    assert answer.value == {
        "name": "my passport.pdf",
        "type": "image/png",
        "size": answer.file.size,
    }
    assert answer.file.name.startswith("events/answers/")
    assert answer.file.name.endswith(".png")
    assert answer.file.read().startswith(b"\x89PNG")


def test_a_file_to_a_question_not_asked_is_ignored(event, form):
    registration = register(event, actor=make_user("ana@example.org"), name="Ana")
    save_answers(
        registration,
        actor=registration.user,
        answers=GOOD,
        files={"passport": upload("scan.pdf", b"not even checked")},
    )
    assert "passport" not in stored(registration)


# Registering with answers -----------------------------------------------------------------------


def test_registering_with_answers_stores_both_and_mails_after_commit(
    event, form, django_capture_on_commit_callbacks
):
    ana = make_user("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_with_answers(
            event, actor=ana, name="Ana Lim", answers=GOOD, submission_key="a" * 32
        )
    assert registration.status == S.CONFIRMED
    assert stored(registration)["track"] == "ai"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana@example.org"], "You are registered: School")
    ]
    assert "/events/school/my/" in mail.outbox[0].body
    assert "Dear Ana Lim," in mail.outbox[0].body


def test_the_waiting_list_and_approval_have_their_own_e_mails(
    event, form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register_with_answers(event, actor=make_user("ana@example.org"), name="Ana", answers=GOOD)
        waiting = register_with_answers(
            event, actor=make_user("ben@example.org"), name="Ben", answers=GOOD
        )
    assert waiting.status == S.WAITLISTED
    assert mail.outbox[1].subject == "On the waiting list: School"
    event.requires_approval = True
    event.capacity = None
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        pending = register_with_answers(
            event, actor=make_user("cai@example.org"), name="Cai", answers=GOOD
        )
    assert pending.status == S.PENDING
    assert mail.outbox[2].subject == "Registration received: School"


def test_a_bad_answer_leaves_no_registration_and_no_used_code(
    student_forum, tsinghua, cast, django_capture_on_commit_callbacks
):
    add_question(
        student_forum,
        actor=cast.secretariat,
        kind=K.CONSENT,
        key="rules",
        label={"en": "Rules"},
        required=True,
    )
    [code] = make_codes(
        student_forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=1
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as bad:
        register_with_answers(
            student_forum,
            actor=make_user("ana@example.org"),
            name="Ana",
            code=code.code,
            answers={"rules": False},
        )
    assert bad.value.message_dict == {"rules": ["Give your consent to register."]}
    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0
    assert DelegateCode.objects.get(pk=code.pk).used_at is None
    assert mail.outbox == []


def test_a_failure_while_storing_undoes_the_registration(event, form, monkeypatch):
    def disk_full(self, name, content):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        register_with_answers(
            event,
            actor=make_user("ana@example.org"),
            name="Ana",
            answers={**GOOD, "needs_visa": "yes"},
            files={"passport": upload("scan.pdf", PDF)},
        )
    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0


def test_the_same_submission_twice_registers_and_mails_once(
    event, form, django_capture_on_commit_callbacks
):
    ana = make_user("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = register_with_answers(
            event, actor=ana, name="Ana", answers=GOOD, submission_key="k" * 32
        )
        second = register_with_answers(
            event, actor=ana, name="Ana", answers={**GOOD, "track": "bio"}, submission_key="k" * 32
        )
    assert second.pk == first.pk
    assert Registration.objects.count() == 1
    assert stored(first)["track"] == "ai"  # the repeat changed nothing
    assert len(mail.outbox) == 1


def test_named_by_someone_else_no_answers_are_asked(event, form, cast):
    delegate = make_user("delegate@example.org")
    registration = register_with_answers(
        event, actor=cast.secretariat, user=delegate, name="Delegate", answers=None
    )
    assert registration.user == delegate
    assert registration.status == S.CONFIRMED
    assert Answer.objects.count() == 0
