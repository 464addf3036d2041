"""The programmes benchmark's builder and measuring steps at a small size (not timed: the
figures themselves come from ``python -m alliance.programmes.benchmark``)."""

from __future__ import annotations

from collections import Counter

from alliance.programmes.benchmark import dataset
from alliance.programmes.benchmark.run import count_queries, measure_engine_steps
from alliance.programmes.models import Application, Assignment, PanelMember, Score


def test_sizes_share_the_applications_exactly():
    assert dataset.sizes(20_000, 10, 5_000, 20) == [5000] + [1873] * 4 + [1872] * 4 + [20]
    assert sum(dataset.sizes(20_000, 10, 5_000, 20)) == 20_000


def test_the_builder_makes_the_calls_panels_and_nominated_applications(db):
    plan = dataset.prepare(applications=90, calls=3, reviewers=6, big=60, small=5)
    per_call = Counter(Application.objects.values_list("call_id", flat=True))
    assert [per_call[c] for c in plan.calls] == [60, 25, 5]
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert not Application.objects.filter(nomination_rank__isnull=True).exists()
    assert PanelMember.objects.count() == 3 * 6
    figures = measure_engine_steps(plan)
    assert figures["assigned_reviews"] == 120  # two reviewers for each of the 60
    assert figures["short"] == 0
    assert figures["ranked"] == 60
    assert Score.objects.filter(assignment__application__call_id=plan.big_call).count() == 360
    assert not Assignment.objects.filter(submitted_at__isnull=True).exists()
    counts = count_queries(plan.secretariat, {"small": plan.small_call, "big": plan.big_call})
    assert counts["dashboard"]["small"] == counts["dashboard"]["big"]
    assert counts["applications"]["small"] == counts["applications"]["big"]
