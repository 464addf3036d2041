"""Registration pages as each role sees them: the form (questions in the reader's language,
questions asked after an answer, files, codes, quotas), bad input that saves nothing, the
registrant's own page (place in line, an offered seat, cancelling), the organiser's list, the
Secretariat's registration beyond a quota, delegations and quotas; with query counts."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from alliance.core.models import AuditEntry
from alliance.events.enums import QuestionKind as K
from alliance.events.enums import RegistrationStatus as S
from alliance.events.models import Answer, DelegateCode, Quota, Registration
from alliance.events.services.questions import add_question
from alliance.events.services.registrations import cancel_registration, make_codes, register
from alliance.members.enums import PositionKind
from alliance.members.services.people import add_contact
from tests.conftest import client_for, make_user
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
YES_NO = [
    {"value": "yes", "label": {"en": "Yes", "zh-hans": "是"}},
    {"value": "no", "label": {"en": "No", "zh-hans": "否"}},
]
PDF = b"%PDF-1.4\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3)).save(buffer, "PNG")
    return buffer.getvalue()


def attach(name: str, content: bytes):
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(student_forum, cast):
    """The Student Forum asking: the rules (consent, required), whether a visa is needed, and
    then (only if so) the passport scan (required)."""
    add_question(
        student_forum,
        actor=cast.secretariat,
        kind=K.CONSENT,
        key="rules",
        label={"en": "I accept the forum's rules", "zh-hans": "我接受论坛规则"},
        required=True,
    )
    visa = add_question(
        student_forum,
        actor=cast.secretariat,
        kind=K.CHOICE,
        key="visa",
        label={"en": "Do you need a visa?", "zh-hans": "您需要签证吗？"},
        choices=YES_NO,
        required=True,
    )
    add_question(
        student_forum,
        actor=cast.secretariat,
        kind=K.FILE,
        key="passport",
        label={"en": "Passport scan", "zh-hans": "护照扫描件"},
        required=True,
        show_if=visa,
        show_if_values=["yes"],
    )
    return student_forum


def url(event, page: str) -> str:
    return f"/events/{event.slug}/{page}"


def form_data(inst, **extra) -> dict:
    data = {
        "name": "Li Wei",
        "institution": str(inst.pk) if inst else "",
        "code": "",
        "submission_key": uuid.uuid4().hex,
        "q_rules": "on",
        "q_visa": "no",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def counts() -> tuple[int, int]:
    return Registration.objects.count(), Answer.objects.count()


def fill(event, institution, n: int, prefix: str, **kwargs) -> list[Registration]:
    return [
        register(
            event,
            actor=(user := make_user(f"{prefix}{i}@example.org")),
            user=user,
            name=f"{prefix.title()} {i}",
            institution=institution,
            **kwargs,
        )
        for i in range(1, n + 1)
    ]


# The form ------------------------------------------------------------------------------------


def test_the_form_asks_the_events_questions_in_the_readers_language(forum, cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    client.cookies["alliance_language"] = "zh-hans"
    page = client.get(url(forum, "register/")).content.decode()
    assert "我接受论坛规则" in page
    assert "您需要签证吗？" in page
    assert 'value="no"' in page
    assert "否" in page
    assert f'<option value="{tsinghua.pk}" selected>' in page  # the coordinator's own
    assert 'data-show-if="q_visa" data-show-if-values="[&quot;yes&quot;]"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "/static/js/events-conditional.js" in page
    assert "<script>" not in page  # no inline script


def test_the_form_chooses_the_institution_where_the_person_works(forum, cast, nus):
    position = add_contact(
        nus,
        actor=None,
        person={"full_name": "Student"},
        kind=PositionKind.CONTACT,
        start=datetime.date(2020, 1, 1),
    )
    person = position.person
    person.user = cast.student  # the person's record is linked to the student's account
    person.save()
    page = client_for(cast.student).get(url(forum, "register/")).content.decode()
    assert f'<option value="{nus.pk}" selected>' in page


def test_the_form_offers_only_institutions_with_a_quota(forum, cast, tsinghua, nus, boao):
    page = client_for(cast.student).get(url(forum, "register/")).content.decode()
    assert f'<option value="{tsinghua.pk}">' in page
    assert f'<option value="{nus.pk}">' in page
    assert f'value="{boao.pk}"' not in page


def test_registering_confirms_saves_the_answers_and_shows_the_registration(forum, cast, nus):
    client = client_for(cast.student)
    response = client.post(url(forum, "register/"), form_data(nus))
    assert response.status_code == 302
    assert response["Location"] == url(forum, "my/")
    registration = Registration.objects.get(event=forum)
    assert (registration.user, registration.status, registration.institution) == (
        cast.student,
        S.CONFIRMED,
        nus,
    )
    answers = {a.question.key: a.value for a in registration.answers.select_related("question")}
    assert answers == {"rules": True, "visa": "no"}
    page = client.get(response["Location"]).content.decode()
    assert "You are registered for AUA Student Forum 2027." in page
    assert "Confirmed" in page
    assert "Do you need a visa?</dt><dd>No</dd>" in page


def test_a_double_click_makes_one_registration(forum, cast, nus):
    client = client_for(cast.student)
    data = form_data(nus)
    first = client.post(url(forum, "register/"), data)
    second = client.post(url(forum, "register/"), data)
    assert first["Location"] == second["Location"] == url(forum, "my/")
    assert counts() == (1, 2)


def test_a_question_not_asked_is_not_required(forum, cast, nus):
    response = client_for(cast.student).post(url(forum, "register/"), form_data(nus, q_visa="no"))
    assert response.status_code == 302
    assert counts() == (1, 2)


def test_an_answer_to_a_question_not_asked_is_ignored(forum, cast, nus):
    data = form_data(nus, q_visa="no", q_passport=attach("notes.pdf", b"plain text"))
    response = client_for(cast.student).post(url(forum, "register/"), data)
    assert response.status_code == 302
    assert not Answer.objects.filter(question__key="passport").exists()


def test_a_file_is_judged_by_its_content_not_its_name(forum, cast, nus):
    data = form_data(nus, q_visa="yes", q_passport=attach("passport.pdf", png()))
    response = client_for(cast.student).post(url(forum, "register/"), data)
    assert response.status_code == 302
    answer = Answer.objects.get(question__key="passport")
    assert answer.value["type"] == "image/png"
    assert answer.value["name"] == "passport.pdf"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"q_rules": None}, "Give your consent to register."),
        ({"q_visa": "yes"}, "Attach the file asked for."),
        (
            {"q_visa": "yes", "q_passport": ("x.pdf", b"I am only text")},
            "Only a PDF document or a JPEG or PNG image is accepted; this file is none of them.",
        ),
        (
            {"q_visa": "yes", "q_passport": ("big.pdf", PDF + b"0" * 2000)},
            "files may be at most 1.0\xa0KB.",
        ),
        ({"code": "ABCD-EFGH-JKLM"}, "This code is not valid for this event."),
        ({"name": "<b></b>"}, "Type the name to print on the badge."),
        ({"institution": ""}, "Choose the member institution whose delegation this is."),
        ({"submission_key": "not-a-key"}, "This form is out of date."),
    ],
)
def test_bad_input_says_why_and_saves_nothing(forum, cast, nus, settings, change, message):
    settings.UPLOAD_MAX_BYTES = 1024
    [code] = make_codes(forum, actor=cast.secretariat, institution=nus, count=1)
    before = counts()
    if isinstance(change.get("q_passport"), tuple):
        change = {**change, "q_passport": attach(*change["q_passport"])}
    response = client_for(cast.student).post(url(forum, "register/"), form_data(nus, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing is saved yet." in response.content.decode()
    assert counts() == before
    assert DelegateCode.objects.get(pk=code.pk).used_at is None


def test_a_used_code_is_refused_and_saves_nothing(forum, cast, nus):
    [code] = make_codes(forum, actor=cast.coordinator_nus, institution=nus, count=1)
    first = client_for(cast.student).post(url(forum, "register/"), form_data(None, code=code.code))
    assert first.status_code == 302
    before = counts()
    response = client_for(cast.reviewer).post(
        url(forum, "register/"), form_data(None, code=code.code)
    )
    assert "This code has been used already." in response.content.decode()
    assert counts() == before


def test_registration_closed_says_so_and_saves_nothing(forum, cast, nus):
    forum.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    forum.save()
    client = client_for(cast.student)
    assert (
        "Registration for this event is closed."
        in client.get(url(forum, "register/")).content.decode()
    )
    response = client.post(url(forum, "register/"), form_data(nus))
    assert "Registration for this event is closed." in response.content.decode()
    assert counts() == (0, 0)


def test_registration_not_yet_open_says_when(forum, cast):
    forum.registration_opens_at = datetime.datetime(2030, 1, 2, 1, 0, tzinfo=datetime.UTC)
    forum.save()
    page = client_for(cast.student).get(url(forum, "register/")).content.decode()
    assert "Registration opens on 2030-01-02 09:00 (Asia/Singapore)." in page


def test_a_full_quota_puts_the_person_on_the_waiting_list_and_says_so(forum, cast, tsinghua):
    fill(forum, tsinghua, 3, "thu")
    client = client_for(cast.student)
    response = client.post(url(forum, "register/"), form_data(tsinghua), follow=True)
    page = response.content.decode()
    assert "You are on the waiting list, number 1 in line" in page
    assert "You are 1st in line." in page
    assert Registration.objects.get(user=cast.student).status == S.WAITLISTED


def test_html_in_a_name_is_never_shown_as_html(forum, cast, nus):
    client = client_for(cast.student)
    client.post(
        url(forum, "register/"), form_data(nus, name="<b>Li</b> Wei<img src=x onerror=alert(1)>")
    )
    registration = Registration.objects.get(user=cast.student)
    assert registration.name == "Li Wei"
    page = client.get(url(forum, "my/")).content.decode()
    assert "<b>Li" not in page
    assert "onerror" not in page


def test_someone_registered_already_is_sent_to_their_registration(forum, cast, nus):
    client = client_for(cast.student)
    client.post(url(forum, "register/"), form_data(nus))
    again = client.get(url(forum, "register/"))
    assert again["Location"] == url(forum, "my/")
    response = client.post(url(forum, "register/"), form_data(nus))
    assert "is already registered (Confirmed)." in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_form_of_a_draft_event_is_not_found_and_asks_anonymous_to_log_in(cast):
    draft = make_event("draft-forum", status="draft")
    assert client_for(cast.student).get(url(draft, "register/")).status_code == 404
    response = client_for(None).get(url(draft, "register/"))
    assert response["Location"].startswith("/accounts/login/")


# My registration ----------------------------------------------------------------------------


def test_my_page_shows_my_place_in_line(forum, cast, tsinghua, nus):
    fill(forum, tsinghua, 3, "thu")
    fill(forum, nus, 3, "nus")
    fill(forum, nus, 2, "late")
    register(forum, actor=cast.student, name="Student", institution=nus)
    page = client_for(cast.student).get(url(forum, "my/")).content.decode()
    assert "You are 3rd in line." in page
    assert "On the waiting list" in page


def test_an_offered_seat_shows_its_deadline_and_is_accepted(forum, cast, tsinghua):
    [first, *_rest] = fill(forum, tsinghua, 3, "thu")
    mine = register(forum, actor=cast.student, name="Student", institution=tsinghua)
    cancel_registration(first, actor=first.user)
    mine.refresh_from_db()
    assert mine.status == S.OFFERED
    client = client_for(cast.student)
    page = client.get(url(forum, "my/")).content.decode()
    until = timezone.localtime(mine.offered_until, datetime.timezone(datetime.timedelta(hours=8)))
    assert f"Take it up before {until:%Y-%m-%d %H:%M} (Asia/Singapore)" in page
    assert "Accept the seat" in page
    response = client.post(url(forum, "my/accept/"), follow=True)
    assert "The seat is yours" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.CONFIRMED


def test_a_lapsed_offer_cannot_be_accepted(forum, cast, tsinghua):
    [first, *_rest] = fill(forum, tsinghua, 3, "thu")
    mine = register(forum, actor=cast.student, name="Student", institution=tsinghua)
    cancel_registration(first, actor=first.user, now=timezone.now() - datetime.timedelta(days=3))
    response = client_for(cast.student).post(url(forum, "my/accept/"), follow=True)
    assert "The offer lapsed at" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == S.OFFERED


def test_cancelling_asks_first_then_frees_the_seat(forum, cast, tsinghua):
    mine = register(forum, actor=cast.student, name="Student", institution=tsinghua)
    fill(forum, tsinghua, 2, "thu")
    [waiting] = fill(forum, tsinghua, 1, "wait")
    client = client_for(cast.student)
    ask = client.get(url(forum, "my/cancel/")).content.decode()
    assert "Yes, cancel my registration" in ask
    assert Registration.objects.get(pk=mine.pk).status == S.CONFIRMED
    response = client.post(url(forum, "my/cancel/"), follow=True)
    assert "Your registration for AUA Student Forum 2027 is cancelled." in response.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == S.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED
    assert client.get(url(forum, "my/cancel/")).status_code == 404  # nothing left to cancel


def test_my_page_without_a_registration_invites_to_register(forum, cast):
    page = client_for(cast.student).get(url(forum, "my/")).content.decode()
    assert "You are not registered for this event." in page
    assert f'href="{url(forum, "register/")}"' in page


# The organiser's list ----------------------------------------------------------------------


def test_the_organiser_sees_counts_against_quotas_and_filters(forum, cast, tsinghua, nus):
    fill(forum, tsinghua, 4, "thu")
    fill(forum, nus, 1, "nus")
    client = client_for(cast.secretariat)
    page = client.get(url(forum, "registrations/")).content.decode()
    assert "5 registrations" in page
    assert "<td>3 / 3 <span" in page  # Tsinghua full
    assert "<td>1 / 3</td>" in page
    waiting = client.get(url(forum, "registrations/"), {"status": "waitlisted"}).content.decode()
    assert "1 registration" in waiting
    assert "Thu 4" in waiting
    assert "number 1 in line" in waiting
    only_nus = client.get(url(forum, "registrations/"), {"institution": nus.slug}).content.decode()
    assert "Nus 1" in only_nus
    assert "Thu 1" not in only_nus


def test_the_organiser_approves_and_declines(cast):
    event = make_event("by-approval", requires_approval=True)
    one, two = (
        register(event, actor=make_user(f"{n}@example.org"), name=n.title()) for n in ("one", "two")
    )
    client = client_for(cast.secretariat)
    page = client.get(url(event, "registrations/")).content.decode()
    assert f"/registrations/{one.pk}/approve/" in page
    client.post(url(event, f"registrations/{one.pk}/approve/"))
    response = client.post(url(event, f"registrations/{two.pk}/reject/"), follow=True)
    assert "Two is declined." in response.content.decode()
    assert [Registration.objects.get(pk=r.pk).status for r in (one, two)] == [
        S.CONFIRMED,
        S.REJECTED,
    ]
    again = client.post(url(event, f"registrations/{one.pk}/approve/"), follow=True)
    assert "Only a registration awaiting approval can be approved." in again.content.decode()


def test_the_secretariat_registers_beyond_a_quota_with_a_reason(forum, cast, tsinghua):
    fill(forum, tsinghua, 3, "thu")
    guest = make_user("guest@tsinghua.example.org")
    client = client_for(cast.secretariat)
    page = "registrations/beyond-quota/"
    no_reason = client.post(
        url(forum, page), {"email": guest.email, "institution": tsinghua.pk, "reason": "  "}
    )
    assert "This field is required." in no_reason.content.decode()
    unknown = client.post(
        url(forum, page),
        {"email": "nobody@example.org", "institution": tsinghua.pk, "reason": "Speaker"},
    ).content.decode()
    assert "There is no account with this e-mail." in unknown
    assert 'href="/members/invitations/"' in unknown
    assert Registration.objects.filter(event=forum).count() == 3
    response = client.post(
        url(forum, page),
        {
            "email": "GUEST@tsinghua.example.org",
            "institution": tsinghua.pk,
            "reason": "Opening speaker",
        },
    )
    assert response["Location"] == url(forum, "registrations/")
    registration = Registration.objects.get(user=guest)
    assert (registration.status, registration.over_quota_reason) == (S.CONFIRMED, "Opening speaker")
    assert registration.name == "guest"
    entry = AuditEntry.objects.get(
        action="events.registration.create", object_id=str(registration.pk)
    )
    assert entry.after["over_quota_reason"] == "Opening speaker"


# Delegations ---------------------------------------------------------------------------------


def test_a_coordinator_sees_their_own_delegation_only(forum, cast, tsinghua, nus):
    fill(forum, tsinghua, 2, "thu")
    client = client_for(cast.coordinator_tsinghua)
    page = client.get(url(forum, "delegation/")).content.decode()
    assert "Delegation of Tsinghua University" in page
    assert "2 of 3 seats held; 1 free." in page
    assert "Thu 1" in page
    assert client.get(url(forum, f"delegation/{nus.slug}/")).status_code == 404
    assert client.post(url(forum, f"delegation/{nus.slug}/codes/"), {"count": 1}).status_code == 404
    assert not DelegateCode.objects.exists()
    secretariat = client_for(cast.secretariat).get(url(forum, "delegation/")).content.decode()
    assert f'href="{url(forum, f"delegation/{tsinghua.slug}/")}"' in secretariat
    assert f'href="{url(forum, f"delegation/{nus.slug}/")}"' in secretariat


def test_a_coordinator_names_a_delegate_with_an_account(forum, cast, tsinghua):
    delegate = make_user("wang@tsinghua.example.org")
    client = client_for(cast.coordinator_tsinghua)
    page = f"delegation/{tsinghua.slug}/name/"
    response = client.post(url(forum, page), {"email": delegate.email, "name": "Wang <i>Fang</i>"})
    assert response["Location"] == url(forum, f"delegation/{tsinghua.slug}/")
    registration = Registration.objects.get(user=delegate)
    assert (registration.institution, registration.status, registration.name) == (
        tsinghua,
        S.CONFIRMED,
        "Wang Fang",
    )
    entry = AuditEntry.objects.get(action="events.registration.create")
    assert entry.actor == cast.coordinator_tsinghua
    missing = client.post(url(forum, page), {"email": "new@tsinghua.example.org"}).content.decode()
    assert "There is no account with this e-mail." in missing
    assert 'href="/members/invitations/"' in missing
    twice = client.post(url(forum, page), {"email": delegate.email}).content.decode()
    assert "Wang Fang is already registered (Confirmed)." in twice
    assert Registration.objects.count() == 1


def test_a_coordinator_makes_codes_and_sees_which_are_used(forum, cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        url(forum, f"delegation/{tsinghua.slug}/codes/"), {"count": 2, "note": "Debate team"}
    )
    assert response.status_code == 302
    codes = list(DelegateCode.objects.filter(event=forum, institution=tsinghua))
    assert len(codes) == 2
    register(forum, actor=cast.student, name="Debater", code=codes[0].code)
    page = client.get(url(forum, f"delegation/{tsinghua.slug}/")).content.decode()
    assert codes[0].code in page
    assert codes[1].code in page
    assert "by Debater," in page
    assert page.count("Not used yet") == 1
    too_many = client.post(url(forum, f"delegation/{tsinghua.slug}/codes/"), {"count": 500})
    assert "Ensure this value is less than or equal to 200." in too_many.content.decode()


def test_the_secretariat_sets_quotas_for_the_members(forum, cast, tsinghua, nus, boao):
    client = client_for(cast.secretariat)
    page = client.get(url(forum, "quotas/")).content.decode()
    assert "Tsinghua University" in page
    assert "National University of Singapore" in page
    assert "Boao Forum" not in page  # a partner, not a member
    assert f'name="seats_{tsinghua.pk}" value="3"' in page
    response = client.post(
        url(forum, "quotas/"), {f"seats_{tsinghua.pk}": "4", f"seats_{nus.pk}": "0"}
    )
    assert response["Location"] == url(forum, "quotas/")
    assert dict(Quota.objects.filter(event=forum).values_list("institution_id", "seats")) == {
        tsinghua.pk: 4
    }
    assert AuditEntry.objects.get(action="events.quota.set").after == {str(tsinghua.pk): 4}
    assert client_for(cast.coordinator_tsinghua).get(url(forum, "quotas/")).status_code == 403


# Query counts --------------------------------------------------------------------------------


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_organiser_list_costs_the_same_queries_for_one_or_many(forum, cast, tsinghua, nus):
    client = client_for(cast.secretariat)
    fill(forum, tsinghua, 1, "thu")
    one = queries(client, url(forum, "registrations/"))
    fill(forum, tsinghua, 3, "more")
    fill(forum, nus, 3, "nus")
    assert queries(client, url(forum, "registrations/")) == one


def test_the_delegation_page_costs_the_same_queries_for_one_or_many(forum, cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    address = url(forum, f"delegation/{tsinghua.slug}/")
    codes = make_codes(forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=1)
    register(forum, actor=cast.student, name="First", code=codes[0].code)
    one = queries(client, address)
    more = make_codes(forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=3)
    register(forum, actor=cast.reviewer, name="Second", code=more[0].code)
    fill(forum, tsinghua, 2, "thu")
    assert queries(client, address) == one
