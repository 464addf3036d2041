"""The yearly data collection through its services: opening, prefill, saving, submitting,
queries, acceptance, sign-off, lock, corrections, and what the edition reads."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from alliance.core.models import AuditEntry
from alliance.reports import queries
from alliance.reports.enums import QueryStatus, SubmissionStatus, ValueState
from alliance.reports.models import Correction, Edition, Entry, Submission
from alliance.reports.services import collection as service
from alliance.reports.services.collection import AnswerInput
from alliance.reports.services.public_import import import_public_statistics
from tests.conftest import make_member
from tests.reports.collection_helpers import (
    FIGURES,
    answers,
    make_head,
    open_year,
    signed_off_year,
    submission_of,
)

pytestmark = pytest.mark.django_db


def submitted(collection, institution, coordinator, **overrides):
    submission = submission_of(collection, institution)
    service.save_answers(submission, actor=coordinator, answers=answers(**overrides))
    return service.submit_submission(submission, actor=coordinator)


def test_opening_a_year_gives_every_member_a_draft_with_one_entry_per_indicator(
    cast, tsinghua, nus, boao
):
    collection = open_year(2026, cast.secretariat)
    submissions = Submission.objects.filter(collection=collection)
    assert sorted(s.institution.name for s in submissions) == [
        "National University of Singapore",
        "Tsinghua University",
    ]  # the Boao Forum is a partner, not a member
    assert {s.status for s in submissions} == {SubmissionStatus.DRAFT}
    assert Entry.objects.filter(submission__collection=collection).count() == 2 * len(FIGURES)
    assert AuditEntry.objects.filter(action="reports.open_collection").count() == 1
    with pytest.raises(ValidationError, match="already open"):
        open_year(2026, cast.secretariat)


def test_a_new_year_is_prefilled_with_last_years_answers(cast, tsinghua):
    signed_off_year(
        2025, tsinghua, cast.secretariat, cast.coordinator_tsinghua, PUBLICATIONS="withheld"
    )
    entries = queries.entries_by_code(submission_of(open_year(2026, cast.secretariat), tsinghua))
    assert (entries["STU_TOTAL"].state, entries["STU_TOTAL"].value) == (ValueState.VALUE, 36000)
    assert (entries["PUBLICATIONS"].state, entries["PUBLICATIONS"].value) == (
        ValueState.WITHHELD,
        None,
    )


def test_a_draft_saves_and_audits_only_what_changed(cast, tsinghua):
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    service.save_answers(submission, actor=cast.coordinator_tsinghua, answers=answers())
    service.save_answers(
        submission,
        actor=cast.coordinator_tsinghua,
        answers={"STU_TOTAL": AnswerInput("value", Decimal(36001), "36,001", "Census date moved.")},
    )
    audit = AuditEntry.objects.filter(action="reports.save_answers").order_by("pk").last()
    assert audit.before == {"STU_TOTAL": {"state": "value", "value": "36000.00", "comment": ""}}
    assert audit.after == {
        "STU_TOTAL": {"state": "value", "value": "36001.00", "comment": "Census date moved."}
    }
    entry = Entry.objects.get(submission=submission, code="STU_TOTAL")
    assert (entry.typed, entry.updated_by) == ("36,001", cast.coordinator_tsinghua)


def test_negative_values_are_refused_by_the_service_too(cast, tsinghua):
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    with pytest.raises(ValidationError) as caught:
        service.save_answers(
            submission,
            actor=cast.coordinator_tsinghua,
            answers={"PUBLICATIONS": AnswerInput("value", Decimal(-1))},
        )
    assert caught.value.message_dict == {
        "PUBLICATIONS": ["A count cannot be negative. Type the number without a minus sign."]
    }


def test_submitting_with_errors_names_each_field_and_keeps_the_draft(cast, tsinghua):
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    service.save_answers(
        submission,
        actor=cast.coordinator_tsinghua,
        answers=answers(STU_INTL_IN=40000, STAFF_FTE=4000),
    )
    with pytest.raises(ValidationError) as caught:
        service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    assert caught.value.message_dict == {
        "STU_INTL_IN": ["40,000 is more than Students, total (36,000), which includes it."],
        "STAFF_FTE": ["4,000 is more than Academic staff, head count (3,600), which includes it."],
    }
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert Entry.objects.get(submission=submission, code="STU_INTL_IN").value == 40000


def test_a_big_change_needs_a_comment_before_it_can_be_sent(cast, tsinghua):
    signed_off_year(2025, tsinghua, cast.secretariat, cast.coordinator_tsinghua)
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    service.save_answers(
        submission, actor=cast.coordinator_tsinghua, answers=answers(PUBLICATIONS=16000)
    )
    with pytest.raises(ValidationError) as caught:
        service.submit_submission(submission, actor=cast.coordinator_tsinghua)
    assert caught.value.message_dict == {
        "PUBLICATIONS": [
            "This is 36% different from last year's 11,800. If it is right, say why in the comment."
        ]
    }
    service.save_answers(
        submission,
        actor=cast.coordinator_tsinghua,
        answers={
            "PUBLICATIONS": AnswerInput("value", Decimal(16000), "16000", "Two new institutes.")
        },
    )
    assert (
        service.submit_submission(submission, actor=cast.coordinator_tsinghua).status
        == SubmissionStatus.SUBMITTED
    )


def test_after_submission_values_change_only_through_a_query(cast, tsinghua):
    submission = submitted(open_year(2026, cast.secretariat), tsinghua, cast.coordinator_tsinghua)
    with pytest.raises(ValidationError, match="only by answering a query"):
        service.save_answers(
            submission, actor=cast.coordinator_tsinghua, answers=answers(PUBLICATIONS=1)
        )
    query = service.raise_query(
        submission, actor=cast.secretariat, code="PUBLICATIONS", question="Too high?"
    )
    with pytest.raises(ValidationError, match="queries are not resolved"):
        service.accept_submission(submission, actor=cast.secretariat)
    service.answer_query(
        query,
        actor=cast.coordinator_tsinghua,
        body="We counted abstracts; corrected.",
        change=AnswerInput("value", Decimal(10900), "10,900"),
    )
    query.refresh_from_db()
    assert query.status == QueryStatus.ANSWERED
    assert [m.value_change for m in query.messages.all()] == ["", "11800 → 10900"]
    service.reply_to_query(query, actor=cast.secretariat, body="Thank you.", resolve=True)
    accepted = service.accept_submission(submission, actor=cast.secretariat)
    assert accepted.status == SubmissionStatus.ACCEPTED
    assert Entry.objects.get(submission=submission, code="PUBLICATIONS").value == 10900


def test_an_answer_that_breaks_a_check_is_refused_and_changes_nothing(cast, tsinghua):
    submission = submitted(open_year(2026, cast.secretariat), tsinghua, cast.coordinator_tsinghua)
    query = service.raise_query(
        submission, actor=cast.secretariat, code="STAFF_FTE", question="FTE?"
    )
    with pytest.raises(ValidationError) as caught:
        service.answer_query(
            query,
            actor=cast.coordinator_tsinghua,
            body="Fixed",
            change=AnswerInput("value", Decimal(5000)),
        )
    assert caught.value.message_dict == {
        "value": ["5,000 is more than Academic staff, head count (3,600), which includes it."]
    }
    query.refresh_from_db()
    assert query.status == QueryStatus.OPEN
    assert Entry.objects.get(submission=submission, code="STAFF_FTE").value == Decimal("3420.50")


def test_asking_again_reopens_the_query(cast, tsinghua):
    submission = submitted(open_year(2026, cast.secretariat), tsinghua, cast.coordinator_tsinghua)
    query = service.raise_query(
        submission, actor=cast.secretariat, code="STU_TOTAL", question="Source?"
    )
    service.answer_query(query, actor=cast.coordinator_tsinghua, body="Registry.")
    service.reply_to_query(query, actor=cast.secretariat, body="Which date?", resolve=False)
    query.refresh_from_db()
    assert query.status == QueryStatus.OPEN
    with pytest.raises(ValidationError, match="Write what you still need"):
        service.reply_to_query(query, actor=cast.secretariat, body=" ", resolve=False)


def test_sign_off_by_the_head_or_recorded_by_the_coordinator_locks_the_values(cast, tsinghua, nus):
    head = make_head(tsinghua, "president@tsinghua.example.org", "Wang Xiqin")
    collection = open_year(2026, cast.secretariat)
    thu = submitted(collection, tsinghua, cast.coordinator_tsinghua)
    with pytest.raises(ValidationError, match="accepted"):
        service.sign_off_submission(thu, actor=head)
    service.accept_submission(thu, actor=cast.secretariat)
    signed = service.sign_off_submission(thu, actor=head)
    assert (signed.status, signed.head_name, signed.signed_off_by) == (
        SubmissionStatus.SIGNED_OFF,
        "Wang Xiqin",
        head,
    )
    sg = submitted(collection, nus, cast.coordinator_nus)
    service.accept_submission(sg, actor=cast.secretariat)
    with pytest.raises(ValidationError) as caught:
        service.sign_off_submission(sg, actor=cast.coordinator_nus)
    assert caught.value.message_dict == {
        "head_name": ["Name the head of the institution who signed off."]
    }
    recorded = service.sign_off_submission(sg, actor=cast.coordinator_nus, head_name="Tan Eng Chye")
    assert (recorded.head_name, recorded.signed_off_by) == ("Tan Eng Chye", cast.coordinator_nus)
    with pytest.raises(ValidationError):
        service.raise_query(recorded, actor=cast.secretariat, code="STU_TOTAL", question="?")


def test_a_correction_after_sign_off_keeps_old_new_reason_who_and_when(cast, tsinghua):
    submission = signed_off_year(2026, tsinghua, cast.secretariat, cast.coordinator_tsinghua)
    entry = Entry.objects.get(submission=submission, code="STU_DOCTORAL")
    before = datetime.datetime.now(datetime.UTC)
    correction = service.correct_entry(
        entry,
        actor=cast.secretariat,
        answer=AnswerInput("value", Decimal(7800)),
        reason="Doctoral students on leave were counted twice.",
    )
    assert (correction.old_value, correction.new_value, correction.corrected_by) == (
        8000,
        7800,
        cast.secretariat,
    )
    rows = queries.corrections(2026)
    assert [(r.institution_name, r.code, r.old, r.new, r.reason) for r in rows] == [
        (
            "Tsinghua University",
            "STU_DOCTORAL",
            Decimal("8000.00"),
            Decimal("7800.00"),
            "Doctoral students on leave were counted twice.",
        )
    ]
    assert queries.corrections(2026, since=before + datetime.timedelta(hours=1)) == []
    assert AuditEntry.objects.filter(action="reports.correct_value").count() == 1
    with pytest.raises(ValidationError, match="reason"):
        service.correct_entry(
            entry, actor=cast.secretariat, answer=AnswerInput("withheld"), reason=""
        )


def test_drafts_are_not_corrected(cast, tsinghua):
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    entry = Entry.objects.get(submission=submission, code="STU_TOTAL")
    with pytest.raises(ValidationError, match="Only signed-off values"):
        service.correct_entry(
            entry, actor=cast.secretariat, answer=AnswerInput("withheld"), reason="x"
        )
    assert Correction.objects.count() == 0


def test_member_values_are_only_signed_off_ones(cast, tsinghua, nus):
    import_public_statistics()
    signed_off_year(
        2026, tsinghua, cast.secretariat, cast.coordinator_tsinghua, PUBLICATIONS="withheld"
    )
    submitted(
        submission_of(open_year(2027, cast.secretariat), nus).collection, nus, cast.coordinator_nus
    )
    values = queries.member_values(2026)
    assert {v.institution_name for v in values} == {"Tsinghua University"}
    by_code = {v.code: v for v in values}
    assert len(values) == len(FIGURES)
    total = by_code["STU_TOTAL"]
    assert (total.value, total.state, total.locked, total.country_iso3, total.native_name) == (
        Decimal("36000.00"),
        "value",
        True,
        "CHN",
        "清华大学",
    )
    assert (by_code["PUBLICATIONS"].value, by_code["PUBLICATIONS"].state) == (None, "withheld")
    assert queries.member_values(2027) == []


def test_a_member_admitted_later_gets_its_submission_on_demand(cast, tsinghua):
    collection = open_year(2026, cast.secretariat)
    newcomer = make_member("Universiti Malaya", "MY", None)
    assert not Submission.objects.filter(institution=newcomer).exists()
    submission = service.ensure_submission(collection, newcomer, actor=cast.secretariat)
    assert submission.entries.count() == len(FIGURES)
    assert service.ensure_submission(collection, newcomer, actor=cast.secretariat) == submission


def test_dashboard_tasks_follow_the_workflow(cast, tsinghua):
    head = make_head(tsinghua, "president@tsinghua.example.org")
    collection = open_year(2026, cast.secretariat)
    labels = lambda user: [t.label for t in queries.next_tasks(user)]  # noqa: E731
    assert labels(cast.coordinator_tsinghua) == [
        "Complete the 2026 report figures of Tsinghua University (due 2026-03-31)"
    ]
    submission = submitted(collection, tsinghua, cast.coordinator_tsinghua)
    query = service.raise_query(submission, actor=cast.secretariat, code="STU_TOTAL", question="?")
    assert labels(cast.coordinator_tsinghua) == [
        "Answer the Secretariat's query on “Students, total” (Tsinghua University)"
    ]
    service.answer_query(query, actor=cast.coordinator_tsinghua, body="Yes.")
    assert labels(cast.secretariat) == ["Answered report queries waiting for you: 1"]
    service.reply_to_query(query, actor=cast.secretariat, body="", resolve=True)
    service.accept_submission(submission, actor=cast.secretariat)
    assert labels(head) == ["Sign off the 2026 report figures of Tsinghua University"]
    assert labels(cast.coordinator_nus) == [
        "Complete the 2026 report figures of National University of Singapore (due 2026-03-31)"
    ]
    assert labels(cast.student) == []


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_both_land(cast, tsinghua):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    submission = submission_of(open_year(2026, cast.secretariat), tsinghua)
    errors = []

    def save(code, value):
        try:
            service.save_answers(
                submission,
                actor=cast.coordinator_tsinghua,
                answers={code: AnswerInput("value", Decimal(value))},
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=("STU_TOTAL", 1)),
        threading.Thread(target=save, args=("PUBLICATIONS", 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    entries = queries.entries_by_code(submission)
    assert (entries["STU_TOTAL"].value, entries["PUBLICATIONS"].value) == (1, 2)


def test_the_demo_loads_a_credible_collection_once(db):
    from alliance.members.services.demo import load_demo
    from alliance.reports.services.demo import load_reports_demo

    load_demo()
    first = load_reports_demo()
    assert first.endswith(
        "15 submissions of 2025 and 15 of 2026 loaded; the 2026 edition built and published"
    )
    statuses = sorted(
        Submission.objects.filter(collection__year=2026).values_list(
            "institution__acronym", "status"
        )
    )
    assert [a for a, s in statuses if s == SubmissionStatus.DRAFT] == ["NUS"]
    assert [a for a, s in statuses if s == SubmissionStatus.SUBMITTED] == ["THU"]
    assert sum(1 for _a, s in statuses if s == SubmissionStatus.SIGNED_OFF) == 13
    assert (
        Submission.objects.filter(collection__year=2025, status=SubmissionStatus.SIGNED_OFF).count()
        == 15
    )
    thu = Submission.objects.get(collection__year=2026, institution__acronym="THU")
    assert [q.status for q in thu.queries.all()] == [QueryStatus.OPEN]
    nus = Submission.objects.get(collection__year=2026, institution__acronym="NUS")
    changes = [f for f in service.findings_for(nus) if f.rule == "change"]
    assert [(f.code, f.explained) for f in changes] == [("AGREEMENTS_MEMBERS", False)]
    # NUS has not touched its staff figures yet: they are last year's, prefilled.
    assert queries.entries_by_code(nus)["STAFF_HEADCOUNT"].value == 5300
    assert len(queries.member_values(2026)) == 13 * len(FIGURES)
    edition = Edition.objects.get(year=2026)
    assert edition.published_at is not None
    assert {"index.html", "outlook-2026.pdf", "data/index.json"} <= set(edition.files)
    again = load_reports_demo()
    assert again.endswith("0 submissions of 2025 and 0 of 2026 loaded; the 2026 edition was there")
