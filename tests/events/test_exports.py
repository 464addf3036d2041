"""Participant lists: organisers get all, a coordinator their own delegation, the host only
the needs it must cater for; names that look like formulas stay text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from alliance.core.exports import safe_cell, to_csv
from alliance.core.models import AuditEntry
from alliance.events.enums import QuestionKind
from alliance.events.models import Answer, Question
from alliance.events.services.registrations import register
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegates(cast, student_forum, tsinghua, nus):
    diet = Question.objects.create(
        event=student_forum,
        kind=QuestionKind.TEXT,
        key="diet",
        label={"en": "Dietary needs", "zh-hans": "饮食需求"},
        for_host=True,
    )
    people = [
        ("li@tsinghua.example.org", "李明", tsinghua, "vegetarian"),
        ("wang@tsinghua.example.org", '=HYPERLINK("http://x")', tsinghua, ""),
        ("tan@nus.example.org", "Tan Wei Ling", nus, "halal"),
    ]
    result = []
    for email, name, institution, need in people:
        user = make_user(email)
        registration = register(student_forum, actor=user, name=name, institution=institution)
        if need:
            Answer.objects.create(registration=registration, question=diet, value=need)
        result.append(registration)
    return result


def rows_of_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_secretariat_exports_every_participant_as_csv(cast, student_forum, delegates):
    response = client_for(cast.secretariat).get(
        f"/events/{student_forum.slug}/export/participants.csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="student-forum-2027-participants.csv"'
    )
    rows = rows_of_csv(response)
    assert rows[0] == [
        "Institution",
        "Name",
        "E-mail",
        "Status",
        "Registered",
        "Checked in",
        "Dietary needs",
    ]
    assert [(r[0], r[1], r[2], r[3], r[6]) for r in rows[1:]] == [
        (
            "National University of Singapore",
            "Tan Wei Ling",
            "tan@nus.example.org",
            "Confirmed",
            "halal",
        ),
        (
            "Tsinghua University",
            '\'=HYPERLINK("http://x")',
            "wang@tsinghua.example.org",
            "Confirmed",
            "",
        ),
        ("Tsinghua University", "李明", "li@tsinghua.example.org", "Confirmed", "vegetarian"),
    ]
    assert (
        AuditEntry.objects.filter(
            action="events.export.participants", actor=cast.secretariat
        ).count()
        == 1
    )


def test_a_coordinator_exports_only_their_delegation_as_xlsx(cast, student_forum, delegates):
    response = client_for(cast.coordinator_tsinghua).get(
        f"/events/{student_forum.slug}/export/participants.xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("http://x")', "李明"]
    assert sheet.title == "participants"


def test_the_host_gets_needs_without_contact_details(cast, student_forum, delegates):
    response = client_for(cast.secretariat).get(f"/events/{student_forum.slug}/export/needs.csv")
    rows = rows_of_csv(response)
    assert rows == [
        ["Institution", "Name", "Dietary needs"],
        ["National University of Singapore", "Tan Wei Ling", "halal"],
        ["Tsinghua University", '\'=HYPERLINK("http://x")', ""],
        ["Tsinghua University", "李明", "vegetarian"],
    ]
    assert "@" not in response.content.decode("utf-8-sig")


def test_who_may_export(cast, student_forum, delegates):
    url = f"/events/{student_forum.slug}/export/participants.csv"
    needs = f"/events/{student_forum.slug}/export/needs.csv"
    assert client_for(cast.student).get(url).status_code == 403
    assert client_for(cast.coordinator_nus).get(needs).status_code == 200  # NUS hosts the forum
    # Tsinghua hosts no event here: it may never see a host's list (403, not 404).
    assert client_for(cast.coordinator_tsinghua).get(needs).status_code == 403
    assert client_for(cast.secretariat).get(url.replace(".csv", ".pdf")).status_code == 404


def test_the_export_query_count_does_not_grow_with_participants(cast, student_forum, tsinghua):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.secretariat)
    url = f"/events/{student_forum.slug}/export/participants.csv"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    register(student_forum, actor=make_user("a@x.org"), name="A", institution=tsinghua)
    before = count()
    for n in range(3):
        register(student_forum, actor=make_user(f"b{n}@x.org"), name=f"B{n}", institution=tsinghua)
    assert count() == before


def test_formula_like_text_is_kept_as_text():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("Li Wei") == "Li Wei"
    assert safe_cell(3) == 3
    assert to_csv(["a"], [["-2"]]).decode("utf-8-sig") == "a\r\n'-2\r\n"
