"""Membership fees: the schedule, issuing the year's invoices (idempotent, and safe when two
people click at once), payments (partial ones add up, overpayment refused), overdue invoices,
the PDF, the CSV export, and who sees which invoice."""

import csv
import datetime
import io
import json
import os
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliance.core.enums import TokenScope
from alliance.core.models import AuditEntry
from alliance.governance.enums import InvoiceStatus
from alliance.governance.models import Invoice, Payment
from alliance.governance.queries import next_tasks
from alliance.governance.services import fees
from tests.conftest import client_for, make_member
from tests.test_api import bearer

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).with_name("invoice_race_script.py")
PG = os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres")
ISSUED, DUE = datetime.date(2027, 1, 10), datetime.date(2027, 3, 31)


@pytest.fixture
def schedule(cast):
    fees.set_fee(
        actor=cast.secretariat, year=2027, category="member", amount="12000", currency="usd"
    )
    return fees.set_fee(
        actor=cast.secretariat, year=2027, category="observer", amount="3000.5", currency="USD"
    )


def issue(cast):
    return fees.issue_year_invoices(2027, actor=cast.secretariat, issued_on=ISSUED, due_on=DUE)


def issue_for(cast, institution):
    """Issue the year's invoices (the cast's Tsinghua and NUS get one each); return one."""
    return next(i for i in issue(cast).created if i.institution == institution)


def test_it_issues_one_invoice_per_current_member_numbered_per_year(cast, schedule, tsinghua, nus):
    result = issue(cast)
    # Boao is a partner: no fee. Members by name: NUS, then Tsinghua.
    assert [(i.number, i.institution, i.amount, i.currency) for i in result.created] == [
        ("2027-001", nus, Decimal("12000.00"), "USD"),
        ("2027-002", tsinghua, Decimal("12000.00"), "USD"),
    ]
    assert AuditEntry.objects.filter(action="governance.invoice.issue").count() == 2


def test_issuing_again_adds_only_the_missing_invoices(cast, schedule, tsinghua, nus):
    issue(cast)
    again = issue(cast)
    assert (again.created, again.already) == ([], 2)
    tokyo = make_member("University of Tokyo", "JP", None)
    third = issue(cast)
    assert [(i.number, i.institution) for i in third.created] == [("2027-003", tokyo)]
    assert Invoice.objects.count() == 3


def test_the_database_refuses_a_second_live_invoice_for_the_same_year(cast, schedule, nus):
    invoice = issue_for(cast, nus)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            institution=nus,
            year=2027,
            sequence=99,
            number="2027-099",
            category="member",
            amount=1,
            currency="USD",
            issued_on=ISSUED,
            due_on=DUE,
        )
    fees.cancel_invoice(invoice, actor=cast.secretariat, note="Wrong amount.")
    [reissued] = issue(cast).created
    assert (reissued.institution, reissued.number) == (nus, "2027-003")


def test_no_schedule_no_invoices(cast, nus):
    with pytest.raises(ValidationError) as caught:
        issue(cast)
    assert caught.value.code == "no_schedule"


@pytest.mark.parametrize("amount", ["-5", "0", "abc"])
def test_a_fee_must_be_a_positive_amount(cast, amount):
    with pytest.raises(ValidationError) as caught:
        fees.set_fee(
            actor=cast.secretariat, year=2027, category="member", amount=amount, currency="USD"
        )
    assert "amount" in caught.value.message_dict


def test_partial_payments_add_up_and_overpayment_is_refused(cast, schedule, nus):
    invoice = issue_for(cast, nus)
    fees.record_payment(invoice, actor=cast.secretariat, paid_on=ISSUED, amount="5000")
    with pytest.raises(ValidationError) as caught:
        fees.record_payment(invoice, actor=cast.secretariat, paid_on=ISSUED, amount="7000.01")
    assert "still owed: 7000.00 USD" in caught.value.message_dict["amount"][0]
    with pytest.raises(ValidationError):
        fees.record_payment(invoice, actor=cast.secretariat, paid_on=ISSUED, amount="-1")
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.status) == (Decimal("5000.00"), InvoiceStatus.ISSUED)
    fees.record_payment(invoice, actor=cast.secretariat, paid_on=DUE, amount="7000")
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.balance, invoice.status) == (
        Decimal("12000.00"),
        Decimal("0.00"),
        InvoiceStatus.PAID,
    )
    assert Payment.objects.filter(invoice=invoice).count() == 2
    with pytest.raises(ValidationError) as caught:
        fees.record_payment(invoice, actor=cast.secretariat, paid_on=DUE, amount="1")
    assert caught.value.code == "not_open"


def test_overdue_is_computed_from_the_due_date(cast, schedule, nus):
    invoice = issue_for(cast, nus)
    assert invoice.status_on(DUE) == InvoiceStatus.ISSUED
    assert invoice.status_on(DUE + datetime.timedelta(days=1)) == InvoiceStatus.OVERDUE
    fees.extend_due_date(
        invoice, actor=cast.secretariat, due_on=datetime.date(2027, 6, 30), note="Agreed."
    )
    invoice.refresh_from_db()
    assert invoice.status_on(datetime.date(2027, 4, 1)) == InvoiceStatus.ISSUED
    fees.waive_invoice(invoice, actor=cast.secretariat, note="Hardship.")
    invoice.refresh_from_db()
    assert invoice.status_on(datetime.date(2030, 1, 1)) == InvoiceStatus.WAIVED


def test_a_paid_invoice_cannot_be_cancelled(cast, schedule, nus):
    invoice = issue_for(cast, nus)
    fees.record_payment(invoice, actor=cast.secretariat, paid_on=ISSUED, amount="100")
    with pytest.raises(ValidationError) as caught:
        fees.cancel_invoice(invoice, actor=cast.secretariat, note="Oops.")
    assert caught.value.code == "has_payments"


def test_coordinators_see_their_own_invoices_only(cast, schedule, tsinghua, nus):
    issue(cast)
    mine = Invoice.objects.get(institution=nus)
    theirs = Invoice.objects.get(institution=tsinghua)
    client = client_for(cast.coordinator_nus)
    page = client.get("/governance/fees/?year=2027").content.decode()
    assert mine.number in page
    assert theirs.number not in page
    assert client.get(f"/governance/invoices/{theirs.pk}/").status_code == 404
    pdf = client.get(f"/governance/invoices/{mine.pk}/invoice.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert client.get(f"/governance/invoices/{mine.pk}/payment/").status_code == 403
    # Set long past due (a test shortcut: no service moves a due date before the issue).
    Invoice.objects.filter(pk=mine.pk).update(
        issued_on=datetime.date(2020, 1, 1), due_on=datetime.date(2020, 1, 31)
    )
    api = Client().get(
        "/api/v1/governance/invoices?year=2027",
        headers=bearer(cast.coordinator_nus, TokenScope.GOVERNANCE_READ),
    )
    assert [row["number"] for row in api.json()["items"]] == [mine.number]
    assert api.json()["items"][0]["status"] == "overdue"
    student = Client().get(
        "/api/v1/governance/invoices", headers=bearer(cast.student, TokenScope.GOVERNANCE_READ)
    )
    assert student.status_code == 403


def test_the_invoice_pdf_prints_a_name_in_its_script(cast, schedule, tsinghua):
    from pypdf import PdfReader

    invoice = issue_for(cast, tsinghua)
    pdf = client_for(cast.secretariat).get(f"/governance/invoices/{invoice.pk}/invoice.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2027-002" in text
    assert "清华大学" in text
    assert "12000.00 USD" in text


def test_unpaid_invoices_are_on_the_coordinators_dashboard(cast, schedule, nus):
    invoice = issue_for(cast, nus)
    [task] = next_tasks(cast.coordinator_nus)
    assert task.label.startswith(f"Pay invoice {invoice.number} of National University")
    assert task.url == f"/governance/invoices/{invoice.pk}/"
    fees.record_payment(invoice, actor=cast.secretariat, paid_on=ISSUED, amount="12000")
    assert next_tasks(cast.coordinator_nus) == []


def test_the_pages_issue_record_a_payment_and_export(cast, schedule, tsinghua, nus):
    client = client_for(cast.secretariat)
    response = client.post("/governance/fees/2027/issue/", {"due_on": "2027-03-31"})
    assert response.status_code == 302
    assert Invoice.objects.count() == 2
    client.post("/governance/fees/2027/issue/", {"due_on": "2027-03-31"})  # a second click
    assert Invoice.objects.count() == 2
    invoice = Invoice.objects.get(institution=nus)
    refused = client.post(
        f"/governance/invoices/{invoice.pk}/payment/",
        {"paid_on": "2027-02-01", "amount": "13000", "reference": "x"},
    )
    assert "more than is still owed" in refused.content.decode()
    client.post(
        f"/governance/invoices/{invoice.pk}/payment/",
        {"paid_on": "2027-02-01", "amount": "2000", "reference": "TT-1"},
    )
    export = client.get("/governance/fees/2027/invoices.csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [(r["number"], r["institution"], r["paid"], r["balance"]) for r in rows] == [
        ("2027-001", "National University of Singapore", "2000.00", "10000.00"),
        ("2027-002", "Tsinghua University", "0.00", "12000.00"),
    ]
    assert (
        client_for(cast.coordinator_nus).get("/governance/fees/2027/invoices.csv").status_code
        == 403
    )


def test_the_fee_page_query_count_does_not_grow_with_invoices(cast, schedule, tsinghua):
    client = client_for(cast.secretariat)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/governance/fees/?year=2027").status_code == 200
        return len(ctx.captured_queries)

    issue(cast)
    one = count()
    make_member("University of Tokyo", "JP", None)
    make_member("Seoul National University", "KR", None)
    issue(cast)
    assert Invoice.objects.count() == 4
    assert count() == one


def test_the_demo_has_paid_partly_paid_and_overdue_invoices():
    from alliance.governance.services.demo import load_governance_demo
    from alliance.members.services.demo import load_demo

    load_demo()
    load_governance_demo()
    invoices = list(Invoice.objects.filter(year=2027).select_related("institution"))
    statuses = sorted(i.current_status for i in invoices)
    assert len(invoices) == 15
    assert statuses.count("paid") == 13
    assert statuses.count("overdue") == 1
    [partial] = [i for i in invoices if i.status == "issued" and i.paid_amount > 0]
    assert partial.institution.ror_id == "01tgyzw49"
    assert partial.current_status == "issued"


# --- two clicks at once --------------------------------------------------------------------------


@pytest.fixture
def database_url(tmp_path):
    if not PG:
        yield f"sqlite:///{tmp_path / 'race.sqlite3'}"
        return
    import psycopg

    name = f"alliance_invoices_{uuid.uuid4().hex[:10]}"
    admin = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def race(database_url, tmp_path, *, guard: bool) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": database_url,
        "RACE_GUARD": "on" if guard else "off",
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_simultaneous_clicks_issue_each_invoice_once(database_url, tmp_path):
    result = race(database_url, tmp_path, guard=True)
    assert result["errors"] == 0
    assert result["invoices"] == 15
    assert result["max_per_institution"] == 1
    assert result["created"] == [0, 0, 0, 0, 0, 15]  # one run issues all; the others find them
    assert result["numbers"] == ["2027-001", "2027-002"]


def test_without_the_lock_the_constraint_still_keeps_one_invoice_each(database_url, tmp_path):
    result = race(database_url, tmp_path, guard=False)
    assert result["max_per_institution"] == 1
    assert result["invoices"] == 15
