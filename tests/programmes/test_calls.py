"""Programmes and calls: the Secretariat's settings, with times in the call's zone, and the
moves a call may make."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from alliance.core.models import AuditEntry
from alliance.programmes.enums import CallStatus, ProgrammeKind, QuestionKind, QuotaSide
from alliance.programmes.models import CallQuota
from alliance.programmes.services.calls import (
    add_question,
    create_call,
    create_programme,
    remove_call_item,
    set_call_status,
    set_quota,
    update_call,
)
from tests.programmes.conftest import build_call, call_data


def test_it_stores_the_opening_typed_in_the_calls_zone_in_utc(cast):
    programme = create_programme(
        actor=cast.secretariat, kind=ProgrammeKind.STAFF_EXCHANGE, name="Staff Exchange"
    )
    data = call_data(
        opens_at=datetime.datetime(2026, 9, 1, 9, 0),
        closes_at=datetime.datetime(2026, 12, 15, 17, 0),
    )
    call = create_call(programme, actor=cast.secretariat, data=data)
    assert call.opens_at == datetime.datetime(2026, 9, 1, 1, 0, tzinfo=datetime.UTC)
    assert call.closes_at == datetime.datetime(2026, 12, 15, 9, 0, tzinfo=datetime.UTC)
    assert call.closes_local.hour == 17
    assert call.status == CallStatus.DRAFT
    assert call.panel.name == "Review panel of Staff Exchange 2027-2028"
    assert (
        AuditEntry.objects.filter(action="programmes.call.create", object_id=str(call.pk)).count()
        == 1
    )


def test_bad_settings_are_all_listed_and_nothing_is_made(cast):
    programme = create_programme(
        actor=cast.secretariat, kind=ProgrammeKind.PROJECT, name="Projects"
    )
    data = call_data(
        time_zone="Mars/Olympus",
        opens_at=datetime.datetime(2026, 9, 1, 9),
        closes_at=datetime.datetime(2026, 8, 1, 9),
        eligible_categories=[],
        budget=Decimal("100"),
        currency="US",
    )
    with pytest.raises(ValidationError) as info:
        create_call(programme, actor=cast.secretariat, data=data)
    assert info.value.message_dict == {
        "time_zone": ["Unknown time zone. Use a name such as Asia/Shanghai."],
        "closes_at": ["The call must close after it opens."],
        "eligible_categories": ["Say who may apply."],
        "budget": ["The budget does not cover even one grant."],
        "currency": ["Use a three-letter currency code such as USD."],
    }
    assert programme.calls.count() == 0


def test_a_programme_has_one_call_per_cycle(cast):
    call = build_call(cast.secretariat)
    with pytest.raises(ValidationError) as info:
        create_call(call.programme, actor=cast.secretariat, data=call_data())
    assert info.value.message_dict == {
        "cycle": ["This programme already has a call for this cycle."]
    }


def test_a_call_opens_only_with_a_rubric(cast):
    programme = create_programme(
        actor=cast.secretariat, kind=ProgrammeKind.STUDENT, name="Summer school"
    )
    call = create_call(programme, actor=cast.secretariat, data=call_data())
    with pytest.raises(ValidationError) as info:
        set_call_status(call, actor=cast.secretariat, status=CallStatus.OPEN)
    assert info.value.messages == ["Give the call at least one review criterion before opening it."]


def test_a_call_moves_draft_open_closed_and_may_reopen(cast):
    call = build_call(cast.secretariat, status=CallStatus.DRAFT)
    call = set_call_status(call, actor=cast.secretariat, status=CallStatus.OPEN)
    call = set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    call = set_call_status(call, actor=cast.secretariat, status=CallStatus.OPEN)
    with pytest.raises(ValidationError) as info:
        set_call_status(call, actor=cast.secretariat, status=CallStatus.DRAFT)
    assert info.value.messages == ["A call that is “Open” cannot become “Draft”."]


def test_questions_are_fixed_once_the_call_opens(call, cast):
    with pytest.raises(ValidationError) as info:
        add_question(
            call, actor=cast.secretariat, label="More?", kind=QuestionKind.TEXT, required=False
        )
    assert info.value.messages == [
        "The call is open or closed: its questions, documents and rubric are fixed."
    ]
    with pytest.raises(ValidationError):
        remove_call_item(call, actor=cast.secretariat, kind="question", pk=call.questions.get().pk)


def test_a_choice_question_needs_two_choices(cast):
    call = build_call(cast.secretariat, status=CallStatus.DRAFT)
    with pytest.raises(ValidationError) as info:
        add_question(
            call,
            actor=cast.secretariat,
            label="Office",
            kind=QuestionKind.CHOICE,
            required=True,
            choices=["One"],
        )
    assert info.value.message_dict == {"choices": ["A choice question needs at least two choices."]}


def test_quotas_are_set_changed_and_removed(call, cast, tsinghua, boao):
    set_quota(call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=3)
    set_quota(call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=2)
    assert list(CallQuota.objects.filter(call=call).values_list("places", flat=True)) == [2]
    set_quota(call, actor=cast.secretariat, institution=tsinghua, side=QuotaSide.HOST, places=None)
    assert not CallQuota.objects.filter(call=call).exists()
    assert AuditEntry.objects.filter(action="programmes.call.quota").count() == 3
    with pytest.raises(ValidationError) as info:
        set_quota(call, actor=cast.secretariat, institution=boao, side=QuotaSide.HOME, places=1)
    assert info.value.message_dict == {"institution": ["Quotas are for members."]}


def test_an_update_records_only_what_changed(call, cast):
    data = call_data(awards=15, grant=Decimal("1500"), budget=Decimal("22500"))
    data["opens_at"] = call.opens_local.replace(tzinfo=None)
    data["closes_at"] = call.closes_local.replace(tzinfo=None)
    update_call(call, actor=cast.secretariat, data=data)
    entry = AuditEntry.objects.get(action="programmes.call.update")
    assert entry.before == {"awards": 60, "grant": "2500.00", "budget": "150000.00"}
    assert entry.after == {"awards": 15, "grant": "1500", "budget": "22500"}
