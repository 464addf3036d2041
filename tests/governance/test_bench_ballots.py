"""The ballots benchmark, small: its stage, its rush and its check run end to end against
gunicorn in production mode, and a result that is not exact is called so."""

from __future__ import annotations

import argparse
import json

from alliance.governance import bench_ballots


def test_a_small_run_is_exact(capfd):
    code = bench_ballots.main(["--institutions", "4", "--ballots", "12", "--clients", "4"])
    out = capfd.readouterr().out  # printed by the benchmark's own process
    assert code == 0, out
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["statuses"] == {"201": 4, "422": 8}
    assert figures["counted_by_tally"] == 4


def test_the_queue_keeps_each_institutions_ballots_together():
    queue = bench_ballots.queue([(1, "a"), (2, "b")], 6)
    assert [b.institution for b in queue] == [1, 1, 1, 2, 2, 2]
    assert {b.choice for b in queue} <= set(bench_ballots.CHOICES)


def test_two_ballots_counted_for_one_institution_is_not_exact():
    args = argparse.Namespace(institutions=2, clients=2, workers=1)
    answers = [
        bench_ballots.Answer(1, "yes", 201, {"receipt": "r1"}, 0.01),
        bench_ballots.Answer(1, "no", 201, {"receipt": "r2"}, 0.01),
        bench_ballots.Answer(2, "yes", 201, {"receipt": "r3"}, 0.01),
    ]
    held = {
        "voter_records": 3,
        "receipts": ["r1", "r2", "r3"],
        "counts": {"yes": 2, "no": 1},
        "outcome": "adopted",
    }
    figures = bench_ballots.figures_of(args, answers, 1.0, held)
    assert figures["institutions_counted_twice_or_more"] == 1
    assert bench_ballots.exact(figures) is False
