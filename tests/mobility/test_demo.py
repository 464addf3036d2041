"""The mobility demo: a Fall 2027 round among the 15 founding members with 600 demo students,
TS-TTC and DA runs beside each other, an open Spring round, agreements approved by both sides;
loading twice changes nothing."""

from __future__ import annotations

import time

import pytest

from alliance.core.models import User
from alliance.members.services.demo import load_demo
from alliance.mobility.enums import RoundStatus
from alliance.mobility.models import Agreement, AllocationRun, Application, Round
from alliance.mobility.services.demo import load_mobility_demo

pytestmark = pytest.mark.django_db


def test_it_loads_a_balanced_fall_round_and_approved_agreements():
    load_demo()
    started = time.monotonic()
    created = load_mobility_demo()
    assert time.monotonic() - started < 15
    assert created == {"rounds": 2, "students": 600, "runs": 2, "agreements": 3}
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
