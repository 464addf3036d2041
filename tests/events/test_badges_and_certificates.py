"""Badges (one A6 each, or four to an A4 sheet) with name, institution in the event's language,
role and the ticket's QR code, printed in every script; certificates of attendance, numbered
once, only for those who came."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from alliance.core.models import AuditEntry
from alliance.events.enums import RegistrationStatus, SessionRole
from alliance.events.models import Certificate, Session, SessionPerson
from alliance.events.pdf import qr_data_uri
from alliance.events.services.checkin import scan
from alliance.events.services.registrations import register
from alliance.members.models import Person
from tests.conftest import client_for, make_user

# Names in the scripts of the alliance's members, and the font family each needs.
NAMES = {
    "Li Wei 李伟": "Noto-Sans-CJK-SC",
    "山田 太郎": "Noto-Sans-CJK-SC",
    "김민준": "Noto-Sans-CJK-SC",
    "สมชาย ใจดี": "Noto-Sans-Thai",
    "محمد أحمد": "Noto-Sans-Arabic",
    "राहुल शर्मा": "Noto-Sans-Devanagari",
    "မောင်မောင်": "Noto-Sans-Myanmar",
    "සුනිල් පෙරේරා": "Noto-Sans-Sinhala",
    "Nguyễn Thị Hương": "Noto-Sans",
}
# Text extraction reorders Devanagari's vowel signs; those names are checked by their font.
EXTRACTS_CLEANLY = [name for name in NAMES if name != "राहुल शर्मा"]


def pdf(response) -> PdfReader:
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: PdfReader) -> set[str]:
    """The families embedded in the PDF (subset prefixes such as ABCDEF+ and the weight
    dropped: ABCDEF+Noto-Sans-Thai-Bold is Noto-Sans-Thai)."""
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
            found.add(name.removesuffix("-Bold").removesuffix("-Regular"))
    return found


@pytest.fixture
def forum(student_forum):
    student_forum.capacity = 20
    student_forum.quota_applies = False
    student_forum.save()
    return student_forum


@pytest.fixture
def confirmed(forum, cast, tsinghua):
    return register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)


# --- badges ---


def test_the_registrant_gets_their_badge_with_name_institution_role_and_ticket(
    confirmed, forum, cast
):
    response = client_for(cast.student).get(f"/events/{forum.slug}/my/badge.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="badge-{forum.slug}.pdf"'
    reader = pdf(response)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)  # A6
    text = text_of(reader)
    for expected in ("Li Wei", "Tsinghua University", "Delegate", confirmed.ticket):
        assert expected in text


def test_the_badge_names_the_institution_in_the_events_language_and_in_english(
    confirmed, forum, cast
):
    forum.letter_language = "zh-hans"
    forum.save()
    text = text_of(pdf(client_for(cast.student).get(f"/events/{forum.slug}/my/badge.pdf")))
    assert "清华大学" in text
    assert "Tsinghua University" in text
    assert "亚洲大学联盟学生论坛 2027" in text


def test_a_speaker_is_called_a_speaker(confirmed, forum, cast):
    session = Session.objects.create(
        event=forum,
        title={"en": "Opening"},
        starts_at=forum.starts_at,
        ends_at=forum.starts_at + datetime.timedelta(hours=1),
    )
    person = Person.objects.create(full_name="Li Wei", user=cast.student)
    SessionPerson.objects.create(session=session, person=person, role=SessionRole.SPEAKER)
    text = text_of(pdf(client_for(cast.student).get(f"/events/{forum.slug}/my/badge.pdf")))
    assert "Speaker" in text
    assert "Delegate" not in text


def test_the_qr_code_holds_the_ticket():
    import segno

    uri = qr_data_uri("Ab3_-xYz")
    assert uri.startswith("data:image/svg+xml")
    assert uri == segno.make("Ab3_-xYz", error="m", micro=False).svg_data_uri(scale=4, border=2)


def test_a_badge_waits_for_a_confirmed_registration(forum, cast, tsinghua):
    forum.capacity = 0
    forum.save()
    waiting = register(forum, actor=cast.student, name="Li Wei", institution=tsinghua)
    assert waiting.status == RegistrationStatus.WAITLISTED
    response = client_for(cast.student).get(f"/events/{forum.slug}/my/badge.pdf")
    assert response.status_code == 403
    assert (
        "Badges are printed for confirmed registrations; yours is: On the waiting list."
        in response.text
    )
    assert client_for(cast.outsider).get(f"/events/{forum.slug}/my/badge.pdf").status_code == 404


def test_names_in_every_script_print_with_the_noto_fonts(forum, cast, nus):
    for n, name in enumerate(NAMES):
        register(forum, actor=make_user(f"s{n}@example.org"), name=name, institution=nus)
    response = client_for(cast.secretariat).get(f"/events/{forum.slug}/badges.pdf?layout=a6")
    assert response.status_code == 200
    reader = pdf(response)
    assert len(reader.pages) == len(NAMES)
    text = text_of(reader)
    assert [name for name in EXTRACTS_CLEANLY if name not in text] == []
    assert set(NAMES.values()) <= fonts_of(reader)


def test_the_organiser_prints_four_badges_to_an_a4_sheet(forum, cast, nus, tsinghua):
    for n in range(5):
        register(forum, actor=make_user(f"s{n}@example.org"), name=f"Student {n}", institution=nus)
    register(forum, actor=cast.student, name="Waiting", institution=tsinghua)
    cancelled = register(forum, actor=cast.reviewer, name="Gone", institution=tsinghua)
    from alliance.events.services.registrations import cancel_registration

    cancel_registration(cancelled, actor=cast.reviewer)
    for user in (cast.secretariat, cast.coordinator_nus):  # NUS hosts the Student Forum
        reader = pdf(client_for(user).get(f"/events/{forum.slug}/badges.pdf"))
        assert len(reader.pages) == 2
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        text = text_of(reader)
        assert [f"Student {n}" in text for n in range(5)] == [True] * 5
        assert "Gone" not in text
    assert client_for(cast.student).get(f"/events/{forum.slug}/badges.pdf").status_code == 403


def test_no_badges_to_print_says_so(forum, cast):
    response = client_for(cast.secretariat).get(f"/events/{forum.slug}/badges.pdf")
    assert response.status_code == 404
    assert "No registration is confirmed yet: there is no badge to print." in response.text


# --- certificates ---


def test_a_certificate_is_only_for_those_who_came(confirmed, forum, cast):
    response = client_for(cast.student).get(f"/events/{forum.slug}/my/certificate.pdf")
    assert response.status_code == 403
    assert (
        "A certificate of attendance is given to those who checked in at the event."
        in response.text
    )
    assert Certificate.objects.count() == 0


def test_the_certificate_is_numbered_once_and_in_the_events_language(confirmed, forum, cast, nus):
    forum.letter_language = "zh-hans"
    forum.save()
    other = register(forum, actor=cast.reviewer, name="Other", institution=nus)
    scan(forum, actor=cast.secretariat, code=confirmed.ticket)
    scan(forum, actor=cast.secretariat, code=other.ticket)
    year = timezone.localdate().year
    url = f"/events/{forum.slug}/my/certificate.pdf"
    first = client_for(cast.student).get(url)
    again = client_for(cast.student).get(url)
    theirs = client_for(cast.reviewer).get(url)
    assert first["Content-Disposition"] == f'inline; filename="AUA-CA-{year}-0001.pdf"'
    assert again["Content-Disposition"] == f'inline; filename="AUA-CA-{year}-0001.pdf"'
    assert theirs["Content-Disposition"] == f'inline; filename="AUA-CA-{year}-0002.pdf"'
    text = text_of(pdf(first))
    for expected in ("Li Wei", "清华大学", "亚洲大学联盟学生论坛 2027", f"AUA-CA-{year}-0001"):
        assert expected in text
    assert Certificate.objects.count() == 2
    assert AuditEntry.objects.filter(action="events.certificate.issue").count() == 2
