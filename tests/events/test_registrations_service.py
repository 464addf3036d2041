"""The seat rules of ``services.registrations``: free seats, approval, the waiting list and its
offers, delegate quotas, the Secretariat's override, codes, opening and closing, double
submissions and names; and the scheduled lapse of offers (task and command)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from alliance.core.models import AuditEntry
from alliance.events.enums import RegistrationStatus as S
from alliance.events.models import DelegateCode, Registration
from alliance.events.services.registrations import (
    accept_offer,
    approve_registration,
    cancel_registration,
    lapse_offers,
    make_codes,
    register,
    waiting_position,
)
from alliance.events.tasks import lapse_offers_task
from tests.conftest import make_user
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def small(db):
    """Two seats, no quotas, registration open from well before T0."""
    start = T0 + datetime.timedelta(days=60)
    return make_event(
        "seminar", capacity=2, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )


@pytest.fixture
def forum(student_forum):
    """The Student Forum (6 seats, Tsinghua 3 and NUS 3), its dates moved after T0."""
    student_forum.starts_at = T0 + datetime.timedelta(days=60)
    student_forum.ends_at = student_forum.starts_at + datetime.timedelta(days=2)
    student_forum.save()
    return student_forum


def person(label: str):
    return make_user(f"{label}@example.org")


def join(event, label, *, minutes=0, institution=None, **kwargs):
    """``label`` registers for themself at T0 + minutes."""
    user = person(label)
    return register(
        event,
        actor=user,
        name=label.title(),
        institution=institution,
        now=T0 + datetime.timedelta(minutes=minutes),
        **kwargs,
    )


def statuses(event) -> dict[str, str]:
    return {r.name: r.status for r in Registration.objects.filter(event=event)}


# Seats and the waiting list ---------------------------------------------------------------------


def test_a_free_seat_confirms(small):
    registration = join(small, "ana")
    assert registration.status == S.CONFIRMED
    assert registration.waitlisted_at is None
    assert registration.email == "ana@example.org"
    assert waiting_position(registration) is None


def test_with_approval_a_free_seat_awaits_approval_and_the_organiser_confirms(small, cast):
    small.requires_approval = True
    small.save()
    registration = join(small, "ana")
    assert registration.status == S.PENDING
    approved = approve_registration(registration, actor=cast.secretariat, now=T0)
    assert approved.status == S.CONFIRMED


def test_a_full_event_puts_people_on_the_waiting_list_in_order(small):
    join(small, "ana")
    join(small, "ben", minutes=1)
    waiting = [join(small, name, minutes=2 + i) for i, name in enumerate(["cai", "dev", "eli"])]
    assert [r.status for r in waiting] == [S.WAITLISTED] * 3
    assert [waiting_position(r) for r in waiting] == [1, 2, 3]
    assert waiting[0].waitlisted_at == T0 + datetime.timedelta(minutes=2)


def test_a_full_event_without_waiting_list_refuses(small):
    small.waiting_list = False
    small.save()
    join(small, "ana")
    join(small, "ben")
    with pytest.raises(ValidationError) as refused:
        join(small, "cai")
    assert refused.value.messages == ["The event is full."]
    assert Registration.objects.filter(event=small).count() == 2


def test_cancelling_offers_the_seat_to_the_first_in_line_for_offer_hours(
    small, django_capture_on_commit_callbacks
):
    ana = join(small, "ana")
    join(small, "ben", minutes=1)
    cai = join(small, "cai", minutes=2)
    dev = join(small, "dev", minutes=3)
    cancel_at = T0 + datetime.timedelta(hours=5)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = cancel_registration(ana, actor=ana.user, now=cancel_at)
    assert cancelled.status == S.CANCELLED
    cai.refresh_from_db()
    dev.refresh_from_db()
    assert cai.status == S.OFFERED
    assert cai.offered_until == cancel_at + datetime.timedelta(hours=48)
    assert dev.status == S.WAITLISTED
    assert waiting_position(dev) == 1
    assert [m.to for m in mail.outbox] == [["cai@example.org"]]
    assert mail.outbox[0].subject == "A seat is free for you: Seminar"


def test_an_offer_taken_up_in_time_confirms(small):
    ana = join(small, "ana")
    join(small, "ben")
    cai = join(small, "cai")
    cancel_registration(ana, actor=ana.user, now=T0)
    accepted = accept_offer(cai, actor=cai.user, now=T0 + datetime.timedelta(hours=47))
    assert accepted.status == S.CONFIRMED
    assert accepted.offered_until is None


def test_an_offer_taken_up_too_late_is_refused(small):
    ana = join(small, "ana")
    join(small, "ben")
    cai = join(small, "cai")
    cancel_registration(ana, actor=ana.user, now=T0)
    with pytest.raises(ValidationError) as refused:
        accept_offer(cai, actor=cai.user, now=T0 + datetime.timedelta(hours=48, seconds=1))
    assert refused.value.code == "lapsed"
    cai.refresh_from_db()
    assert cai.status == S.OFFERED


def test_lapsed_offers_go_to_the_next_person(small, django_capture_on_commit_callbacks):
    ana = join(small, "ana")
    join(small, "ben")
    cai = join(small, "cai", minutes=1)
    dev = join(small, "dev", minutes=2)
    cancel_registration(ana, actor=ana.user, now=T0)
    assert lapse_offers(now=T0 + datetime.timedelta(hours=47)) == 0
    later = T0 + datetime.timedelta(hours=48)
    with django_capture_on_commit_callbacks(execute=True):
        assert lapse_offers(now=later) == 1
    cai.refresh_from_db()
    dev.refresh_from_db()
    assert cai.status == S.LAPSED
    assert dev.status == S.OFFERED
    assert dev.offered_until == later + datetime.timedelta(hours=48)
    assert [m.to for m in mail.outbox] == [["dev@example.org"]]
    assert AuditEntry.objects.filter(action="events.registration.lapse", actor=None).count() == 1


def test_the_scheduled_task_and_the_command_lapse_offers(small):
    ana = join(small, "ana")
    join(small, "ben")
    cai = join(small, "cai", minutes=1)
    dev = join(small, "dev", minutes=2)
    cancel_registration(ana, actor=ana.user, now=T0)
    with time_machine.travel(T0 + datetime.timedelta(hours=49), tick=False):
        assert lapse_offers_task.delay().get() == 1
        cai.refresh_from_db()
        dev.refresh_from_db()
        assert (cai.status, dev.status) == (S.LAPSED, S.OFFERED)
    with time_machine.travel(T0 + datetime.timedelta(hours=98), tick=False):
        out = io.StringIO()
        call_command("lapse_offers", stdout=out)
    assert out.getvalue() == "1 offer(s) lapsed.\n"
    dev.refresh_from_db()
    assert dev.status == S.LAPSED


# Delegate quotas ----------------------------------------------------------------------------


def test_a_full_quota_waits_even_with_free_seats_and_the_next_institution_goes_first(
    forum, tsinghua, nus
):
    thu = [join(forum, f"thu{i}", minutes=i, institution=tsinghua) for i in range(1, 5)]
    assert [r.status for r in thu] == [S.CONFIRMED] * 3 + [S.WAITLISTED]
    assert Registration.objects.filter(event=forum, status=S.CONFIRMED).count() == 3  # 3 free
    nus_people = [join(forum, f"nus{i}", minutes=10 + i, institution=nus) for i in range(1, 5)]
    assert [r.status for r in nus_people] == [S.CONFIRMED] * 3 + [S.WAITLISTED]
    assert [waiting_position(thu[3]), waiting_position(nus_people[3])] == [1, 2]

    cancel_registration(
        nus_people[0], actor=nus_people[0].user, now=T0 + datetime.timedelta(hours=1)
    )

    thu[3].refresh_from_db()
    nus_people[3].refresh_from_db()
    assert thu[3].status == S.WAITLISTED  # first in line, but Tsinghua's 3 seats are taken
    assert nus_people[3].status == S.OFFERED
    assert waiting_position(thu[3]) == 1


def test_the_secretariat_may_exceed_a_quota_with_a_reason_and_it_is_audited(forum, tsinghua, cast):
    for i in range(3):
        join(forum, f"thu{i}", institution=tsinghua)
    guest = person("guest")
    registration = register(
        forum,
        actor=cast.secretariat,
        user=guest,
        name="Guest Speaker",
        institution=tsinghua,
        over_quota_reason="  Speaks at the opening  ",
        now=T0,
    )
    assert registration.status == S.CONFIRMED
    assert registration.over_quota_reason == "Speaks at the opening"
    assert (
        Registration.objects.filter(event=forum, institution=tsinghua, status=S.CONFIRMED).count()
        == 4
    )
    entry = AuditEntry.objects.get(
        action="events.registration.create", object_id=str(registration.pk)
    )
    assert entry.actor == cast.secretariat
    assert entry.after["over_quota_reason"] == "Speaks at the opening"
    assert entry.after["user"] == "guest@example.org"


def test_a_coordinator_may_not_exceed_a_quota(forum, tsinghua, cast):
    with pytest.raises(PermissionDenied):
        register(
            forum,
            actor=cast.coordinator_tsinghua,
            user=person("extra"),
            name="Extra",
            institution=tsinghua,
            over_quota_reason="Please",
            now=T0,
        )
    assert not Registration.objects.filter(event=forum).exists()


def test_with_quotas_an_institution_is_required_and_must_have_seats(forum, boao):
    with pytest.raises(ValidationError) as missing:
        join(forum, "ana")
    assert missing.value.message_dict == {
        "institution": ["Choose the member institution whose delegation this is."]
    }
    with pytest.raises(ValidationError) as no_seats:
        join(forum, "ben", institution=boao)
    assert no_seats.value.message_dict == {
        "institution": ["Boao Forum for Asia has no seats at this event. Ask the Secretariat."]
    }


# Delegate codes ----------------------------------------------------------------------------


def test_a_code_registers_against_its_institution_once(forum, tsinghua, nus, cast):
    [code] = make_codes(forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=1)
    registration = join(forum, "ana", institution=nus, code=code.code.lower())
    assert registration.institution == tsinghua  # the code's institution, whatever was chosen
    assert registration.code == code
    code.refresh_from_db()
    assert code.used_at == T0
    with pytest.raises(ValidationError) as used:
        join(forum, "ben", code=code.code)
    assert used.value.message_dict == {
        "code": ["This code has been used already. Ask your coordinator for a new one."]
    }


def test_a_forged_code_is_refused_and_nothing_is_saved(forum, tsinghua, cast, summit):
    [elsewhere] = make_codes(summit, actor=cast.secretariat, institution=tsinghua, count=1)
    for forged in ("AAAA-BBBB-CCCC", elsewhere.code):
        with pytest.raises(ValidationError) as refused:
            join(forum, f"x{forged[:4].lower()}", code=forged)
        assert refused.value.message_dict == {
            "code": ["This code is not valid for this event. Check it with your coordinator."]
        }
    assert not Registration.objects.filter(event=forum).exists()
    assert DelegateCode.objects.get(pk=elsewhere.pk).used_at is None


def test_codes_are_made_in_sensible_numbers_and_audited(forum, tsinghua, cast):
    codes = make_codes(
        forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=3, note="Year 2"
    )
    assert len({c.code for c in codes}) == 3
    assert all(len(c.code) == 14 and c.note == "Year 2" for c in codes)
    with pytest.raises(ValidationError) as too_many:
        make_codes(forum, actor=cast.coordinator_tsinghua, institution=tsinghua, count=201)
    assert too_many.value.message_dict == {"count": ["Make between 1 and 200 codes at a time."]}
    entry = AuditEntry.objects.get(action="events.code.create")
    assert entry.after == {"institution": tsinghua.pk, "count": 3, "note": "Year 2"}


# Opening, closing, repeats and names ---------------------------------------------------------


def test_registration_closed_or_not_yet_open_is_refused(small):
    small.registration_opens_at = T0 + datetime.timedelta(days=1)
    small.save()
    with pytest.raises(ValidationError) as early:
        join(small, "ana")
    assert early.value.code == "not_open"
    assert early.value.messages == ["Registration opens on 2027-03-02 09:00."]
    small.registration_opens_at = None
    small.registration_closes_at = T0 - datetime.timedelta(minutes=1)
    small.save()
    with pytest.raises(ValidationError) as late:
        join(small, "ben")
    assert late.value.code == "closed"
    assert late.value.messages == ["Registration for this event is closed."]
    assert not Registration.objects.filter(event=small).exists()


def test_the_same_submission_key_twice_makes_one_registration(small):
    user = person("ana")
    first = register(small, actor=user, name="Ana", submission_key="k-1", now=T0)
    again = register(small, actor=user, name="Ana", submission_key="k-1", now=T0)
    assert again.pk == first.pk
    assert Registration.objects.filter(event=small).count() == 1


def test_html_in_a_name_is_stripped(small):
    user = person("ana")
    registration = register(
        small, actor=user, name="<b>Li</b>  <script>alert(1)</script>Wei", now=T0
    )
    assert registration.name == "Li alert(1)Wei"
    with pytest.raises(ValidationError) as empty:
        register(small, actor=person("ben"), name="<i></i>", now=T0)
    assert empty.value.message_dict == {"name": ["Type the name to print on the badge."]}


def test_someone_already_registered_is_refused(small):
    ana = join(small, "ana")
    with pytest.raises(ValidationError) as again:
        register(small, actor=ana.user, name="Ana again", now=T0)
    assert again.value.code == "already_registered"
    assert again.value.messages == ["Ana is already registered (Confirmed)."]
    cancel_registration(ana, actor=ana.user, now=T0)
    back = register(small, actor=ana.user, name="Ana", now=T0)
    assert back.status == S.CONFIRMED
    assert Registration.objects.filter(event=small, user=ana.user).count() == 2


def test_times_default_to_now(small):
    with time_machine.travel(T0, tick=False):
        registration = register(small, actor=person("ana"), name="Ana")
    assert registration.created_at == T0


def test_approval_and_refusal_are_told_to_the_registrant(
    cast, student_forum, tsinghua, mailoutbox, django_capture_on_commit_callbacks
):
    from alliance.events.services.registrations import approve_registration, reject_registration

    student_forum.requires_approval = True
    student_forum.save()
    first = register(student_forum, actor=make_user("one@x.org"), name="One", institution=tsinghua)
    second = register(student_forum, actor=make_user("two@x.org"), name="Two", institution=tsinghua)
    with django_capture_on_commit_callbacks(execute=True):
        approve_registration(first, actor=cast.secretariat)
        reject_registration(second, actor=cast.secretariat)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["one@x.org"], "You are registered: AUA Student Forum 2027"),
        (["two@x.org"], "Your registration was not accepted: AUA Student Forum 2027"),
    ]
