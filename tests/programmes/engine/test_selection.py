"""The suggested selection, checked on generated rankings: no limit is ever exceeded; when no
limit binds it takes the whole ranking; with only the number of awards binding it takes the top
of the ranking; and every candidate left out names a limit that really stopped them."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.programmes.engine.selection import (
    AWARDS,
    BUDGET,
    HOME_QUOTA,
    HOST_QUOTA,
    Candidate,
    Limits,
    Taken,
    fits,
    suggest,
)


@st.composite
def rankings(draw):
    n = draw(st.integers(0, 30))
    return [
        Candidate(
            id=i,
            home=draw(st.integers(0, 4)),
            host=draw(st.integers(0, 4)),
            amount=Decimal(draw(st.sampled_from([1000, 1500, 2500]))),
        )
        for i in range(n)
    ]


@st.composite
def limits(draw):
    return Limits(
        awards=draw(st.integers(0, 30)),
        budget=Decimal(draw(st.integers(0, 60000))),
        home_quotas=draw(st.dictionaries(st.integers(0, 4), st.integers(0, 6), max_size=5)),
        host_quotas=draw(st.dictionaries(st.integers(0, 4), st.integers(0, 6), max_size=5)),
    )


@settings(max_examples=500)
@given(rankings(), limits())
def test_no_limit_is_ever_exceeded(ranking, limit):
    result = suggest(ranking, limit)
    chosen = [c for c in ranking if c.id in set(result.selected)]
    assert len(chosen) <= limit.awards
    assert sum((c.amount for c in chosen), Decimal(0)) <= limit.budget
    assert result.spent == sum((c.amount for c in chosen), Decimal(0))
    for inst, quota in limit.home_quotas.items():
        assert sum(1 for c in chosen if c.home == inst) <= quota
    for inst, quota in limit.host_quotas.items():
        assert sum(1 for c in chosen if c.host == inst) <= quota


@settings(max_examples=500)
@given(rankings(), limits())
def test_every_candidate_is_taken_or_skipped_for_a_limit_that_really_stopped_them(ranking, limit):
    result = suggest(ranking, limit)
    assert len(result.selected) + len(result.skipped) == len(ranking)
    taken = Taken()
    selected = set(result.selected)
    reasons = dict(result.skipped)
    for candidate in ranking:
        if candidate.id in selected:
            assert fits(candidate, taken, limit) is None
            taken.add(candidate)
            continue
        reason = reasons[candidate.id]
        if reason == AWARDS:
            assert taken.count >= limit.awards
        elif reason == BUDGET:
            assert taken.spent + candidate.amount > limit.budget
        elif reason == HOME_QUOTA:
            assert taken.homes[candidate.home] >= limit.home_quotas[candidate.home]
        else:
            assert reason == HOST_QUOTA
            assert taken.hosts[candidate.host] >= limit.host_quotas[candidate.host]


@given(rankings())
def test_when_no_limit_binds_it_takes_the_whole_ranking_in_order(ranking):
    roomy = Limits(awards=len(ranking), budget=sum((c.amount for c in ranking), Decimal(0)))
    result = suggest(ranking, roomy)
    assert result.selected == [c.id for c in ranking]
    assert result.skipped == []


@given(rankings(), st.integers(0, 30))
def test_when_only_the_awards_bind_it_takes_the_top_of_the_ranking(ranking, awards):
    result = suggest(ranking, Limits(awards=awards, budget=Decimal(10**9)))
    assert result.selected == [c.id for c in ranking[:awards]]
    assert all(reason == AWARDS for _id, reason in result.skipped)


def test_a_skip_for_a_quota_does_not_stop_the_next_candidate():
    ranking = [
        Candidate(id=1, home=0, host=5, amount=Decimal(2500)),
        Candidate(id=2, home=1, host=5, amount=Decimal(2500)),
        Candidate(id=3, home=2, host=6, amount=Decimal(2500)),
    ]
    result = suggest(ranking, Limits(awards=3, budget=Decimal(10000), host_quotas={5: 1}))
    assert result.selected == [1, 3]
    assert result.skipped == [(2, HOST_QUOTA)]


def test_a_smaller_grant_may_still_fit_the_budget_left():
    ranking = [
        Candidate(id=1, home=0, host=1, amount=Decimal(2500)),
        Candidate(id=2, home=0, host=1, amount=Decimal(2500)),
        Candidate(id=3, home=0, host=1, amount=Decimal(1500)),
    ]
    result = suggest(ranking, Limits(awards=5, budget=Decimal(4000)))
    assert result.selected == [1, 3]
    assert result.skipped == [(2, BUDGET)]


def test_awards_already_made_count_against_the_limits():
    ranking = [Candidate(id=2, home=0, host=1, amount=Decimal(1))]
    already = [Candidate(id=1, home=0, host=1, amount=Decimal(1))]
    result = suggest(ranking, Limits(awards=1, budget=Decimal(10)), already=already)
    assert result.selected == []
    assert result.skipped == [(2, AWARDS)]
    assert result.spent == 0
