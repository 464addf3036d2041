"""``alliance bench allocation`` (alliance/mobility/benchmark/), at a tiny size and untimed: every
mechanism runs, the results are sound, the matching package agrees with deferred acceptance,
and the last line is the JSON of all the figures."""

from __future__ import annotations

import json

from django.core.management import call_command

from alliance.mobility.benchmark.driver import judge_goals


def test_a_tiny_benchmark_runs_every_mechanism_and_ends_with_its_json(capsys):
    call_command("bench", "allocation", "--sizes", "120x8", "--repeat", "2")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Allocation benchmark, ")
    figures = json.loads(lines[-1])
    assert figures["benchmark"] == "allocation"
    assert figures["sound"] is True
    assert figures["goals"] == []  # no goal is set for this size
    (size,) = figures["sizes"]
    assert (size["students"], size["universities"], size["repeat"]) == (120, 8, 2)
    assert list(size["mechanisms"]) == ["ts-ttc", "da", "max-volume"]
    for mechanism in size["mechanisms"].values():
        assert mechanism["sound"] is True
        assert 0 < mechanism["placed"] <= 120
    assert size["mechanisms"]["ts-ttc"]["total_imbalance"] == 0
    assert size["mechanisms"]["max-volume"]["total_imbalance"] == 0
    assert size["matching"]["agrees_with_da"] is True
    assert size["matching"]["placed"] == size["mechanisms"]["da"]["placed"]
    assert size["peak_rss_mb"] > 0
    assert any(line.startswith("  ts-ttc ") for line in lines)
    assert any("same matching as da" in line for line in lines)


def test_goals_are_judged_where_the_size_matches():
    size = {
        "students": 20_000,
        "universities": 50,
        "mechanisms": {"ts-ttc": {"seconds": 0.05}, "da": {"seconds": 0.25}},
        "peak_rss_mb": 300.0,
    }
    assert judge_goals([size]) == [
        {"goal": "20,000 / 50: ts-ttc <= 0.1 s", "measured": "0.05 s", "verdict": "met"},
        {"goal": "20,000 / 50: da <= 0.1 s", "measured": "0.25 s", "verdict": "missed"},
    ]
