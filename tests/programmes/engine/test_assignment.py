"""Reviewer assignment by load, checked on generated panels: never the applicant's home or
host, never a declared conflict, never twice the same reviewer, each application as many
reviewers as it may have, and loads as even as the exclusions allow."""

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.programmes.engine.assignment import Candidate, Reviewer, assign, may_review


@st.composite
def panels(draw):
    institutions = draw(st.integers(min_value=2, max_value=6))
    n_reviewers = draw(st.integers(min_value=1, max_value=12))
    reviewers = [
        Reviewer(
            id=100 + r,
            institution=draw(st.one_of(st.none(), st.integers(0, institutions - 1))),
            load=draw(st.integers(0, 3)),
            conflicted_institutions=frozenset(
                draw(st.sets(st.integers(0, institutions - 1), max_size=1))
            ),
        )
        for r in range(n_reviewers)
    ]
    ids = [r.id for r in reviewers]
    candidates = []
    for a in range(draw(st.integers(min_value=0, max_value=25))):
        home = draw(st.integers(0, institutions - 1))
        host = draw(st.integers(0, institutions - 1).filter(lambda h, home=home: h != home))
        candidates.append(
            Candidate(
                id=a,
                home=home,
                host=host,
                conflicted_reviewers=frozenset(draw(st.sets(st.sampled_from(ids), max_size=2))),
            )
        )
    per = draw(st.integers(min_value=1, max_value=3))
    return candidates, reviewers, per


@settings(max_examples=300)
@given(panels())
def test_no_exclusion_is_ever_broken(panel):
    candidates, reviewers, per = panel
    result = assign(candidates, reviewers, per_application=per)
    by_id = {r.id: r for r in reviewers}
    apps = {c.id: c for c in candidates}
    assert len(set(result.pairs)) == len(result.pairs)
    for app, reviewer in result.pairs:
        assert may_review(by_id[reviewer], apps[app])
        assert by_id[reviewer].institution not in {apps[app].home, apps[app].host}
        assert reviewer not in apps[app].conflicted_reviewers


@settings(max_examples=300)
@given(panels())
def test_each_application_gets_what_it_may_and_short_says_the_rest(panel):
    candidates, reviewers, per = panel
    result = assign(candidates, reviewers, per_application=per)
    for candidate in candidates:
        got = sum(1 for app, _r in result.pairs if app == candidate.id)
        possible = sum(1 for r in reviewers if may_review(r, candidate))
        assert got == min(per, possible)
        assert result.short.get(candidate.id, 0) == per - got


@settings(max_examples=300)
@given(panels())
def test_loads_are_what_was_there_plus_what_was_given(panel):
    candidates, reviewers, per = panel
    result = assign(candidates, reviewers, per_application=per)
    for reviewer in reviewers:
        given_now = sum(1 for _a, r in result.pairs if r == reviewer.id)
        assert result.loads[reviewer.id] == reviewer.load + given_now


@given(st.integers(1, 10), st.integers(0, 60), st.integers(1, 3))
def test_without_exclusions_loads_differ_by_one_at_most(n_reviewers, n_apps, per):
    reviewers = [Reviewer(id=r) for r in range(n_reviewers)]
    candidates = [Candidate(id=a, home=1000, host=1001) for a in range(n_apps)]
    result = assign(candidates, reviewers, per_application=per)
    loads = list(result.loads.values())
    assert max(loads) - min(loads) <= 1


def test_it_gives_the_least_loaded_first():
    reviewers = [Reviewer(id=1, load=5), Reviewer(id=2, load=0), Reviewer(id=3, load=1)]
    result = assign([Candidate(id=7, home=0, host=1)], reviewers, per_application=2)
    assert result.pairs == [(7, 2), (7, 3)]


def test_it_keeps_reviewers_already_assigned_and_tops_up():
    reviewers = [Reviewer(id=1), Reviewer(id=2), Reviewer(id=3)]
    candidate = Candidate(id=7, home=0, host=1, assigned=frozenset({2}))
    result = assign([candidate], reviewers, per_application=2)
    assert result.pairs == [(7, 1)]


def test_it_reports_an_application_it_cannot_fill():
    reviewers = [Reviewer(id=1, institution=0), Reviewer(id=2, institution=1)]
    result = assign([Candidate(id=7, home=0, host=1)], reviewers, per_application=2)
    assert result.pairs == []
    assert result.short == {7: 2}
