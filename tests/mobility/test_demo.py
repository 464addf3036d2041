"""The mobility demo: a Fall 2027 round among the 15 founding members with 600 demo students,
TS-TTC and DA runs beside each other, an open Spring round, agreements approved by both sides;
loading twice changes nothing."""

from __future__ import annotations

import pytest

from alliance.core.models import User
from alliance.members.services.demo import load_demo
from alliance.mobility.enums import MobilityStatus, RoundStatus
from alliance.mobility.models import (
    Agreement,
    AllocationRun,
    Application,
    Mobility,
    Placement,
    Round,
)
from alliance.mobility.queries import balance_ledger, signatures_status
from alliance.mobility.services.demo import load_mobility_demo

pytestmark = pytest.mark.django_db


def test_it_loads_a_balanced_fall_round_and_approved_agreements():
    load_demo()
    created = load_mobility_demo()
    assert created == {"rounds": 4, "students": 600, "runs": 4, "agreements": 3}
    fall = Round.objects.get(name="Fall 2027")
    assert fall.status == RoundStatus.CLOSED
    assert fall.hosts.count() == 15
    assert Application.objects.filter(round=fall).count() == 600
    assert User.objects.filter(email__endswith="@students.demo.invalid").count() == 600
    ts, da = AllocationRun.objects.filter(round=fall).order_by("pk")
    assert (ts.mechanism, da.mechanism) == ("ts-ttc", "da")
    assert ts.placed > 0
    for per in ts.result["per_university"].values():
        assert per["sent"] == per["hosted"]
    assert Round.objects.get(name="Spring 2028").status == RoundStatus.OPEN
    bilateral = Agreement.objects.get(title="Tsinghua–NUS student exchange (demo)")
    assert [p.has_approved for p in bilateral.parties.all()] == [True, True]
    assert load_mobility_demo() == {"rounds": 0, "students": 0, "runs": 0, "agreements": 0}


def test_earlier_rounds_give_mobility_records_and_a_ledger_over_years():
    load_demo()
    load_mobility_demo()
    done = Round.objects.get(name="Fall 2025")
    assert done.status == RoundStatus.PUBLISHED
    records = Mobility.objects.filter(round=done)
    assert records.exists()
    assert set(records.values_list("status", flat=True)) == {MobilityStatus.COMPLETED}
    now = Mobility.objects.filter(round__name="Fall 2026")
    assert set(now.values_list("status", flat=True)) == {MobilityStatus.ARRIVED}
    declined = Placement.objects.filter(run=done.published_run, response="declined").count()
    assert declined > 0
    # Every accepted place has two courses, signed at least by the student.
    for mobility in records.prefetch_related("signatures")[:5]:
        assert mobility.courses.count() == 2
        assert signatures_status(mobility)["student"] == "signed"
    ledger = balance_ledger()
    assert ledger.years == [2025, 2026]
    assert (
        sum(r.sent for r in ledger.rows)
        == sum(r.hosted for r in ledger.rows)
        == (Mobility.objects.count())
    )
    fall = AllocationRun.objects.filter(round__name="Fall 2027").first()
    carried = {u["id"]: u.get("carried", 0) for u in fall.input["universities"]}
    by_slug = {r.institution.slug: r.balance for r in ledger.rows}
    assert carried == {slug: by_slug.get(slug, 0) for slug in carried}
