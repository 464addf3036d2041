"""Ten students decline their places at the same moment: each freed place goes to a different
waiting student, and no answer is lost. On PostgreSQL, with a connection per thread; SQLite runs
one writer at a time (IMMEDIATE transactions), which tests/core/test_sqlite_concurrency.py shows."""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection

from alliance.members.enums import Role
from alliance.mobility.enums import Mechanism, PlacementResponse, RoundStatus
from alliance.mobility.models import Placement
from alliance.mobility.services.rounds import set_round_status, submit_application
from alliance.mobility.services.runs import publish_run, respond_to_placement, run_allocation
from tests.conftest import make_user
from tests.mobility.conftest import build_round

PLACES = 10

pytestmark = pytest.mark.skipif(
    not os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres"),
    reason="threads on their own connections: the PostgreSQL pass of the suite",
)


def test_concurrent_declines_offer_each_place_to_a_different_student(
    transactional_db, cast, tsinghua, nus
):
    round_ = build_round(cast.secretariat, [tsinghua, nus], places=PLACES)
    apps = {}
    for n in range(PLACES * 2):  # the first ten are placed, the next ten wait
        user = make_user(f"t{n}@students.example.org", Role.APPLICANT)
        apps[f"t{n}"] = submit_application(
            round_, actor=user, home=tsinghua, study_level="6", hosts=[nus]
        )
    for n in range(PLACES):
        user = make_user(f"n{n}@students.example.org", Role.APPLICANT)
        submit_application(round_, actor=user, home=nus, study_level="6", hosts=[tsinghua])
    round_ = set_round_status(round_, actor=cast.secretariat, status=RoundStatus.CLOSED)
    run = run_allocation(round_, actor=cast.secretariat, mechanism=Mechanism.TS_TTC)
    publish_run(run, actor=cast.secretariat)
    decliners = list(
        Placement.objects.filter(run=run, host=nus).select_related("application__student")
    )
    assert len(decliners) == PLACES
    barrier = threading.Barrier(PLACES)
    errors: list[str] = []

    def decline(placement: Placement) -> None:
        try:
            barrier.wait()
            respond_to_placement(placement, actor=placement.application.student, accept=False)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=decline, args=(p,)) for p in decliners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    offers = Placement.objects.filter(run=run, offered_after__isnull=False)
    waiting = {apps[f"t{n}"].pk for n in range(PLACES, PLACES * 2)}
    assert sorted(offers.values_list("application_id", flat=True)) == sorted(waiting)
    assert Placement.objects.filter(run=run, response=PlacementResponse.DECLINED).count() == PLACES
