"""Spreadsheets of a call's applications and awards: CSV and XLSX with the same columns, the
list as filtered on its page, a coordinator's own institution only, formulas kept as text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from alliance.core.models import AuditEntry
from alliance.programmes.enums import ApplicationStatus, CallStatus
from alliance.programmes.services.applications import submit_application
from alliance.programmes.services.calls import set_call_status
from alliance.programmes.services.nominations import nominate
from alliance.programmes.services.selection import decide_application
from tests.conftest import client_for
from tests.programmes.conftest import build_call, endorse_all, faculty, fill_draft

HEADER = [
    "Application",
    "Call",
    "Applicant",
    "E-mail",
    "Home institution",
    "Host institution",
    "Status",
    "Nomination rank",
    "Title of the activity",
    "Activity starts",
    "Activity ends",
    "Amount",
    "Currency",
    "Submitted",
    "Decided",
]


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def apply(call, email, home, host, *, title, coordinator):
    applicant = faculty(email)
    application = fill_draft(call, applicant, home, host, title=title)
    endorse_all(application, applicant)
    application = submit_application(application, actor=applicant)
    return nominate(application, actor=coordinator) if coordinator else application


def test_the_application_list_in_csv_and_xlsx_has_the_same_columns_and_no_formulas(
    cast, tsinghua, nus
):
    call = build_call(cast.secretariat)
    risky = apply(
        call,
        "risky@nus.example.org",
        nus,
        tsinghua,
        title='=HYPERLINK("http://evil.example","x")',
        coordinator=cast.coordinator_nus,
    )
    apply(call, "plain@tsinghua.example.org", tsinghua, nus, title="-2+3", coordinator=None)
    client = client_for(cast.secretariat)
    csv_rows = read_csv(client.get(f"/programmes/calls/{call.pk}/applications.csv"))
    xlsx = client.get(f"/programmes/calls/{call.pk}/applications.xlsx")
    assert xlsx["Content-Disposition"] == (
        'attachment; filename="scholars-award-2027-2028-applications.xlsx"'
    )
    xlsx_rows = read_xlsx(xlsx)
    assert csv_rows[0] == HEADER
    assert xlsx_rows[0] == HEADER
    assert len(csv_rows) == len(xlsx_rows) == 3
    first = csv_rows[1]  # ordered by home: National University of Singapore first
    assert first[:9] == [
        str(risky.pk),
        "Scholars Award 2027-2028",
        "risky",
        "risky@nus.example.org",
        "National University of Singapore",
        "Tsinghua University",
        "Submitted",
        "1",
        '\'=HYPERLINK("http://evil.example","x")',
    ]
    assert first[9:13] == ["2027-04-05", "2027-04-23", "2500.00", "USD"]
    assert xlsx_rows[1][8] == '\'=HYPERLINK("http://evil.example","x")'
    assert xlsx_rows[1][0] == risky.pk
    assert csv_rows[2][8] == "'-2+3"
    assert xlsx_rows[2][8] == "'-2+3"
    assert [str(v) for v in xlsx_rows[2][:8]] == csv_rows[2][:8]
    entry = AuditEntry.objects.filter(action="programmes.export.applications").order_by("pk").last()
    assert entry.after == {"format": "xlsx", "institutions": "all"}


def test_a_coordinator_downloads_their_institution_as_filtered(cast, tsinghua, nus):
    call = build_call(cast.secretariat)
    apply(call, "one@nus.example.org", nus, tsinghua, title="One", coordinator=cast.coordinator_nus)
    apply(call, "two@nus.example.org", nus, tsinghua, title="Two", coordinator=None)
    apply(call, "three@tsinghua.example.org", tsinghua, nus, title="Three", coordinator=None)
    client = client_for(cast.coordinator_nus)
    rows = read_csv(client.get(f"/programmes/calls/{call.pk}/applications.csv"))
    assert sorted(r[8] for r in rows[1:]) == ["One", "Two"]
    rows = read_csv(
        client.get(f"/programmes/calls/{call.pk}/applications.csv?status=submitted&home={nus.pk}")
    )
    assert len(rows) == 3
    rows = read_csv(client.get(f"/programmes/calls/{call.pk}/applications.csv?home={tsinghua.pk}"))
    assert rows == [HEADER]
    assert client.get(f"/programmes/calls/{call.pk}/applications.pdf").status_code == 404
    assert client.get(f"/programmes/calls/{call.pk}/awards.csv").status_code == 403


def test_the_awards_export_lists_awards_held_only(cast, tsinghua, nus):
    call = build_call(cast.secretariat)
    kept = apply(
        call, "kept@nus.example.org", nus, tsinghua, title="Kept", coordinator=cast.coordinator_nus
    )
    other = apply(
        call,
        "other@nus.example.org",
        nus,
        tsinghua,
        title="Other",
        coordinator=cast.coordinator_nus,
    )
    set_call_status(call, actor=cast.secretariat, status=CallStatus.CLOSED)
    decide_application(kept, actor=cast.secretariat, decision=ApplicationStatus.AWARDED)
    decide_application(other, actor=cast.secretariat, decision=ApplicationStatus.REJECTED)
    client = client_for(cast.secretariat)
    csv_rows = read_csv(client.get(f"/programmes/calls/{call.pk}/awards.csv"))
    xlsx_rows = read_xlsx(client.get(f"/programmes/calls/{call.pk}/awards.xlsx"))
    assert csv_rows[0] == xlsx_rows[0] == HEADER
    assert [r[0] for r in csv_rows[1:]] == [str(kept.pk)]
    assert [r[0] for r in xlsx_rows[1:]] == [kept.pk]
    assert csv_rows[1][6] == "Awarded"
    assert csv_rows[1][14] != ""  # decided
    assert AuditEntry.objects.filter(action="programmes.export.awards").count() == 2
