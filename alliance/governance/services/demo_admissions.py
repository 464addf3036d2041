"""The demo's admissions and fees, on top of the governance demo (``services.demo``):

- the working group on admissions with seats for Tsinghua, NUS and Seoul National University
  (the demo coordinators of Tsinghua and NUS hold theirs and can log in);
- the application of the National University of Mongolia (a real university from the ROR data,
  not one of the 15 members) to become an observer, reviewed by the group (two recommendations
  with comments, the group's conclusion) and linked to the Board meeting 2027's motion to admit
  it, whose poll is open;
- the 2027 fee schedule (members and observers) and the 2027 invoices of the 15 members: most
  paid, NUS's partly paid and given more time, the University of Yangon's overdue.

Everything goes through the services. Loading twice changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from alliance.core.models import User
from alliance.governance.enums import AdmissionStatus, BodyKind, MembershipCategory
from alliance.governance.models import AdmissionApplication, Body, FeeSchedule, Motion
from alliance.governance.services import admissions, fees
from alliance.governance.services.bodies import add_seat
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from alliance.members.services.demo import NUS, TSINGHUA

NUM_ROR = "04855bv47"  # National University of Mongolia, in members/data/ror_asia_education.csv
SNU, YANGON = "04h9pn542", "038724806"
WORKING_GROUP = "Working group on admissions"
COORDINATORS = {
    TSINGHUA: "coordinator.tsinghua@demo.alliance.invalid",
    NUS: "coordinator.nus@demo.alliance.invalid",
}
FEE_YEAR = 2027
MEMBER_FEE, OBSERVER_FEE = Decimal("12000.00"), Decimal("3000.00")

# A one-page PDF saying what it is: the demo's supporting letter.
LETTER = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R
/Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 14 Tf 72 760 Td (Letter of support, National University of Mongolia - demo) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def load_admissions_demo(*, actor: User | None) -> dict[str, int]:
    """Load the admissions and fees demo unless already there; return how much was made."""
    created = {"applications": 0, "invoices": 0}
    with transaction.atomic():
        if not AdmissionApplication.objects.filter(ror_id=NUM_ROR).exists():
            created["applications"] = _admission(actor)
        if not FeeSchedule.objects.filter(year=FEE_YEAR).exists() and actor is not None:
            created["invoices"] = _fees(actor)
    return created


def _person_for(institution: Institution) -> Person | None:
    email = COORDINATORS.get(institution.ror_id or "")
    if email:
        return Person.objects.filter(user__email=email).first()
    position = (
        Position.objects.filter(institution=institution, kind=PositionKind.LIAISON_OFFICER)
        .select_related("person")
        .first()
    )
    return position.person if position else None


def _admission(actor: User | None) -> int:
    group = Body.objects.filter(kind=BodyKind.WORKING_GROUP, name=WORKING_GROUP).first()
    motion = Motion.objects.filter(by_body=group, admission__isnull=True).order_by("pk").first()
    if group is None or motion is None:
        return 0
    members = {i.ror_id: i for i in Institution.objects.filter(ror_id__in=[TSINGHUA, NUS, SNU])}
    for ror in (TSINGHUA, NUS, SNU):
        person = _person_for(members[ror]) if ror in members else None
        if person is not None and not group.seats.filter(institution=members[ror]).exists():
            add_seat(
                group,
                actor=actor,
                institution=members[ror],
                holder=person,
                start=datetime.date(2024, 1, 1),
            )
    application, _secret = admissions.submit_application(
        actor=None,
        institution_name="National University of Mongolia",
        country="MN",
        website="https://www.num.edu.mn",
        ror_id=NUM_ROR,
        contact_name="Office of International Relations (demo)",
        contact_email="international@num.demo.alliance.invalid",
        category=MembershipCategory.OBSERVER,
        motivation=(
            "Mongolia's oldest university wishes to join the alliance as an observer, to open "
            "student and staff exchanges with the members and to take part in the summer "
            "schools, before applying for full membership."
        ),
        letter=ContentFile(LETTER, name="letter.pdf"),
    )
    if actor is None:
        return 1
    admissions.start_review(application, actor=actor, body=group)
    comments = {
        TSINGHUA: "A strong research university and a natural bridge to Central Asia; "
        "observer status first is the right step.",
        NUS: "Recommended. Its exchange offices are ready; we suggest a review of full "
        "membership in three years.",
    }
    for ror, comment in comments.items():
        user = User.objects.filter(email=COORDINATORS[ror]).first()
        if user is not None and ror in members:
            admissions.record_recommendation(
                application,
                actor=user,
                institution=members[ror],
                recommendation="recommend",
                comment=comment,
            )
    if not application.recommendations.exists():
        return 1
    admissions.conclude_review(
        application,
        actor=actor,
        recommended=True,
        conclusion="The working group recommends admitting the National University of Mongolia "
        "as an observer from 1 January 2028.",
    )
    admissions.put_to_board(application, actor=actor, motion=motion)
    assert AdmissionApplication.objects.get(pk=application.pk).status == AdmissionStatus.AT_BOARD
    return 1


def _fees(actor: User) -> int:
    fees.set_fee(actor=actor, year=FEE_YEAR, category="member", amount=MEMBER_FEE, currency="USD")
    fees.set_fee(
        actor=actor, year=FEE_YEAR, category="observer", amount=OBSERVER_FEE, currency="USD"
    )
    # Dates relative to today, so that the overdue invoice is overdue whenever the demo loads.
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=75)
    due_on = today - datetime.timedelta(days=15)
    result = fees.issue_year_invoices(FEE_YEAR, actor=actor, issued_on=issued_on, due_on=due_on)
    for n, invoice in enumerate(result.created):
        ror = invoice.institution.ror_id
        if ror == YANGON:
            continue  # overdue: nothing received
        if ror == NUS:
            fees.record_payment(
                invoice,
                actor=actor,
                paid_on=issued_on + datetime.timedelta(days=40),
                amount=invoice.amount / 2,
                reference="First instalment",
            )
            fees.extend_due_date(
                invoice,
                actor=actor,
                due_on=today + datetime.timedelta(days=60),
                note="Second instalment agreed for after the budget year closes.",
            )
            continue
        fees.record_payment(
            invoice,
            actor=actor,
            paid_on=issued_on + datetime.timedelta(days=10 + 3 * n),
            amount=invoice.amount,
            reference=f"Bank transfer {invoice.number}",
        )
    return len(result.created)
