"""Normalisation per reviewer and the ranking, against their definitions."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.programmes.engine.normalisation import Criterion, Review, rank, total, z_scores

CRITERIA = [Criterion(id=1, weight=3, maximum=5), Criterion(id=2, weight=1, maximum=10)]


def test_the_total_is_the_weighted_mean_as_a_percentage():
    assert total({1: 5, 2: 0}, CRITERIA) == pytest.approx(75.0)
    assert total({1: 0, 2: 10}, CRITERIA) == pytest.approx(25.0)


def test_a_reviewer_who_gives_everyone_the_same_tells_nothing_apart():
    assert z_scores([3.0, 3.0, 3.0]) == [0.0, 0.0, 0.0]
    assert z_scores([4.0]) == [0.0]


@given(st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=30))
def test_z_scores_have_mean_zero_and_unit_deviation(values):
    z = z_scores(values)
    assert sum(z) / len(z) == pytest.approx(0.0, abs=1e-6)
    spread = math.sqrt(sum(v * v for v in z) / len(z))
    assert spread == pytest.approx(1.0, abs=1e-6) or spread == 0.0


def test_a_strict_reviewers_best_counts_as_much_as_a_generous_reviewers_best():
    reviews = [
        Review(reviewer=1, application=10, scores={1: 2, 2: 4}),  # strict: best of theirs
        Review(reviewer=1, application=11, scores={1: 1, 2: 2}),
        Review(reviewer=2, application=12, scores={1: 5, 2: 10}),  # generous: best of theirs
        Review(reviewer=2, application=13, scores={1: 4, 2: 9}),
    ]
    ranked = rank(reviews, CRITERIA)
    by_app = {r.application: r for r in ranked}
    assert by_app[10].normalised == pytest.approx(by_app[12].normalised)
    assert by_app[10].raw < by_app[13].raw
    # Equal normalised: the raw total breaks the tie.
    assert [r.application for r in ranked][:2] == [12, 10]
    assert by_app[12].criteria_raw == {1: 5.0, 2: 10.0}
    assert by_app[12].criteria_normalised == {1: pytest.approx(1.0), 2: pytest.approx(1.0)}


reviews_strategy = st.lists(
    st.builds(
        Review,
        reviewer=st.integers(1, 5),
        application=st.integers(1, 15),
        scores=st.fixed_dictionaries({1: st.integers(0, 5), 2: st.integers(0, 10)}),
    ),
    max_size=40,
    unique_by=lambda r: (r.reviewer, r.application),
)


@settings(max_examples=300)
@given(reviews_strategy)
def test_the_ranking_is_ordered_and_numbered_and_counts_every_review(reviews):
    ranked = rank(reviews, CRITERIA)
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert {r.application for r in ranked} == {r.application for r in reviews}
    assert sum(r.reviews for r in ranked) == len(reviews)
    keys = [(-round(r.normalised, 9), -round(r.raw, 9), r.application) for r in ranked]
    assert keys == sorted(keys)
    for row in ranked:
        own = [total(r.scores, CRITERIA) for r in reviews if r.application == row.application]
        assert row.raw == pytest.approx(sum(own) / len(own))
