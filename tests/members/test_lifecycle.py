import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.members.enums import MembershipStatus as S
from alliance.members.enums import Relation as R
from alliance.members.lifecycle import ALLOWED_STEPS, LifecycleError, relation_after


def test_a_founding_member_is_a_member():
    assert relation_after([S.ADMITTED_MEMBER]) == R.MEMBER


def test_invited_applied_admitted_as_observer():
    assert relation_after([S.INVITED, S.APPLIED, S.ADMITTED_OBSERVER]) == R.OBSERVER


def test_reinstatement_returns_to_the_relation_held_before_suspension():
    assert relation_after([S.ADMITTED_OBSERVER, S.SUSPENDED, S.REINSTATED]) == R.OBSERVER
    assert relation_after([S.ADMITTED_MEMBER, S.SUSPENDED, S.REINSTATED]) == R.MEMBER


def test_a_withdrawn_member_is_former_and_cannot_be_suspended():
    assert relation_after([S.ADMITTED_MEMBER, S.WITHDRAWN]) == R.FORMER
    with pytest.raises(LifecycleError) as info:
        relation_after([S.ADMITTED_MEMBER, S.WITHDRAWN, S.SUSPENDED])
    assert str(info.value) == "“Suspended” cannot follow “Former member”."


def test_an_empty_history_means_no_relation():
    assert relation_after([]) == R.NONE


@given(st.lists(st.sampled_from(list(S)), max_size=12))
def test_a_history_is_refused_exactly_when_one_of_its_steps_is_not_allowed(steps):
    refused_at = None
    for n in range(len(steps)):
        before = relation_after(steps[:n])
        if steps[n] not in ALLOWED_STEPS[before]:
            refused_at = n
            break
    if refused_at is None:
        assert relation_after(steps) in ALLOWED_STEPS
    else:
        with pytest.raises(LifecycleError):
            relation_after(steps)
