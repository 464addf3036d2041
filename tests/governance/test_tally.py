"""The tally (alliance/governance/tally): pure, no database.

Worked examples first, then boundaries for every threshold, then properties on thousands of
generated polls. Every property and the boundary table also run against deliberately broken
tallies (tests/governance/tally_mutants.py), which they must catch: a property that a broken tally
passes proves nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from alliance.governance import bench_tally
from alliance.governance.tally import (
    ABSTAIN,
    CONSENT,
    NO,
    OBJECT,
    YES,
    Ballot,
    Base,
    DecisionRule,
    Electorate,
    Outcome,
    Poll,
    PollKind,
    Quorum,
    QuorumBasis,
    RuleError,
    TallyInputError,
    Threshold,
    TieRule,
    canonical_json,
    draw_lot,
    fingerprint,
    tally,
    tally_many,
)
from tests.governance import tally_mutants as broken
from tests.governance.tally_polls import VOTERS, polls
from tests.governance.tally_properties import (
    bad_inputs,
    prop_consent,
    prop_doubling,
    prop_election,
    prop_fingerprint_change,
    prop_fingerprint_order,
    prop_input_errors,
    prop_monotone,
    prop_order,
    prop_quorum,
    prop_simple_majority,
    prop_unanimity,
    shuffled,
    with_pick,
)

HALF, TWO_THIRDS = Fraction(1, 2), Fraction(2, 3)


def motion(
    threshold: Threshold = Threshold.SIMPLE,
    yes: int = 0,
    no: int = 0,
    abstain: int = 0,
    *,
    entitled: int | None = None,
    present: int | None = None,
    **rule: Any,
) -> tuple[DecisionRule, Electorate, list[Ballot]]:
    """A one-member-one-vote motion: the first members vote yes, the next no, then abstain."""
    members = VOTERS[: entitled or yes + no + abstain]
    attending = None if present is None else members[:present]
    electorate = Electorate.one_member_one_vote(members, present=attending)
    choices = [YES] * yes + [NO] * no + [ABSTAIN] * abstain
    ballots = [Ballot(m, f"r-{m}", c) for m, c in zip(members, choices, strict=False)]
    return DecisionRule(threshold=threshold, **rule), electorate, ballots


def weighted(
    rule: DecisionRule, votes: list[tuple[int, str | tuple[str, ...]]], *, secret: bool = False
) -> tuple[DecisionRule, Electorate, list[Ballot]]:
    """Each (weight, choice) is one member's ballot."""
    members = VOTERS[: len(votes)]
    electorate = Electorate({m: w for m, (w, _) in zip(members, votes, strict=True)})
    ballots = [
        Ballot(None if secret else m, f"k{n}", c, w)
        for n, (m, (w, c)) in enumerate(zip(members, votes, strict=True), start=1)
    ]
    return replace(rule, secret=secret), electorate, ballots


def choice_rule(**rule: Any) -> DecisionRule:
    return DecisionRule(kind=PollKind.CHOICE, options=("Ada", "Ben", "Chen"), **rule)


def election(seats: int = 1, **rule: Any) -> DecisionRule:
    return DecisionRule(
        kind=PollKind.ELECTION, options=("Ada", "Ben", "Chen", "Dara"), seats=seats, **rule
    )


# Worked examples: what the secretariat reads.


def test_the_arithmetic_of_a_board_vote_is_spelled_out():
    rule, electorate, ballots = motion(
        Threshold.TWO_THIRDS, 7, 3, 1, entitled=15, present=11, quorum=Quorum.at_least(HALF)
    )
    result = tally(rule, electorate, ballots)
    assert result.outcome is Outcome.PASSED
    assert result.english() == [
        "Entitled: 15 members.",
        "Present: 11.",
        "Ballots returned: 11.",
        "Yes: 7.",
        "No: 3.",
        "Abstain: 1.",
        "Quorum: at least 8 (half of the 15 entitled, 7.5 rounded up); 11 present: reached.",
        "Base: the votes cast for and against (yes + no): 10.",
        "Two-thirds majority: yes needs at least two-thirds of 10 (6 2/3): 7 ≥ 6 2/3: met.",
        "Result: the motion passes.",
    ]
    assert (result.base, result.needed, result.needed_strict) == (10, Fraction(20, 3), False)
    assert (result.quorum_required, result.quorum_counted, result.quorum_reached) == (8, 11, True)
    assert result.explanation[6].code == "quorum_share"
    assert result.explanation[6].params["required"] == 8


def test_weights_show_members_and_votes():
    rule, electorate, ballots = weighted(
        DecisionRule(threshold=Threshold.ABSOLUTE, base=Base.ENTITLED),
        [(3, YES), (2, YES), (1, NO), (1, ABSTAIN), (2, NO)],
    )
    result = tally(rule, electorate, ballots)
    assert result.english() == [
        "Entitled: 5 members with 9 votes.",
        "Attendance: not recorded (a vote without a meeting).",
        "Ballots returned: 5 members with 9 votes.",
        "Yes: 5 votes (2 ballots).",
        "No: 3 votes (2 ballots).",
        "Abstain: 1 vote (1 ballot).",
        "Quorum: none required.",
        "Base: the whole entitled electorate: 9.",
        "Absolute majority: yes needs more than half of 9 (4.5): 5 > 4.5: met.",
        "Result: the motion passes.",
    ]
    assert result.outcome is Outcome.PASSED


def test_below_quorum_nothing_is_decided_and_the_count_is_still_shown():
    rule, electorate, ballots = motion(
        Threshold.SIMPLE, 5, 0, entitled=15, present=7, quorum=Quorum.more_than(HALF)
    )
    result = tally(rule, electorate, ballots)
    assert result.outcome is Outcome.NO_QUORUM
    assert result.count(YES).weight == 5
    assert result.english()[-2:] == [
        "Quorum: at least 8 (more than half of the 15 entitled, which is 7.5); 7 present: "
        "not reached.",
        "Result: no quorum; nothing is decided.",
    ]


def test_a_written_resolution_counts_its_quorum_on_the_ballots_returned():
    rule, electorate, ballots = motion(
        Threshold.SIMPLE,
        6,
        1,
        entitled=15,
        quorum=Quorum.at_least(HALF),
        quorum_basis=QuorumBasis.ENTITLED,
    )
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.quorum_required, result.quorum_counted) == (
        Outcome.NO_QUORUM,
        8,
        7,
    )
    assert "7 returned a ballot: not reached." in result.english()[-2]
    rule, electorate, ballots = motion(
        Threshold.SIMPLE, 6, 1, 1, entitled=15, quorum=Quorum.members(8), quorum_basis="entitled"
    )
    assert tally(rule, electorate, ballots).outcome is Outcome.PASSED


def test_abstentions_block_unanimity_only_when_the_base_counts_them():
    for base, outcome in [
        (Base.CAST, Outcome.PASSED),
        (Base.CAST_AND_ABSTAIN, Outcome.FAILED),
        (Base.ENTITLED, Outcome.FAILED),
    ]:
        rule, electorate, ballots = motion(Threshold.UNANIMITY, 9, 0, 2, base=base)
        assert tally(rule, electorate, ballots).outcome is outcome, base
    rule, electorate, ballots = motion(Threshold.UNANIMITY, 0, 0, 3)
    assert tally(rule, electorate, ballots).outcome is Outcome.FAILED  # at least one yes


def test_consensus_needs_no_yes_only_no_objection():
    rule, electorate, ballots = motion(Threshold.CONSENSUS, 0, 0, 4)
    result = tally(rule, electorate, ballots)
    assert result.outcome is Outcome.PASSED
    assert result.english()[-2] == "Consensus: no objection may be raised; objections: none: met."
    rule, electorate, ballots = motion(Threshold.CONSENSUS, 10, 1, 0)
    assert tally(rule, electorate, ballots).outcome is Outcome.FAILED


def test_a_consent_poll_is_adopted_unless_someone_objects():
    rule = DecisionRule(kind=PollKind.CONSENT, threshold=Threshold.CONSENSUS)
    electorate = Electorate.one_member_one_vote(VOTERS)
    assert tally(rule, electorate, []).outcome is Outcome.PASSED  # silence is consent
    ballots = [Ballot("m01", "", CONSENT), Ballot("m02", "", OBJECT)]
    result = tally(rule, electorate, ballots)
    assert result.outcome is Outcome.FAILED
    assert result.english()[-2:] == [
        "Consensus: no objection may be raised; objections: 1 objection: not met.",
        "Result: not adopted.",
    ]
    with pytest.raises(RuleError):
        DecisionRule(kind=PollKind.CONSENT, threshold=Threshold.SIMPLE)


def test_a_choice_needs_a_majority_of_the_base_when_the_rule_says_so():
    rule = choice_rule(threshold=Threshold.ABSOLUTE)
    _, electorate, ballots = weighted(
        rule, [(1, "Ada"), (1, "Ada"), (1, "Ada"), (1, "Ben"), (1, "Chen"), (1, "Chen")]
    )
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.runoff) == (Outcome.NO_MAJORITY, ("Ada", "Chen"))
    assert result.english()[-3:] == [
        "Absolute majority: “Ada” needs more than half of 6 (3): 3 > 3: not met.",
        "A second round would be between “Ada” and “Chen”.",
        "Result: no majority; a second round is needed.",
    ]
    plurality = tally(replace(rule, threshold=Threshold.SIMPLE), electorate, ballots)
    assert (plurality.outcome, plurality.winners) == (Outcome.DECIDED, ("Ada",))


def test_a_runoff_takes_everyone_tied_for_second_place():
    rule = election(threshold=Threshold.ABSOLUTE)
    _, electorate, ballots = weighted(rule, [(4, "Ada"), (2, "Ben"), (2, "Chen"), (1, "Dara")])
    result = tally(rule, electorate, ballots)
    assert result.runoff == ("Ada", "Ben", "Chen")


def test_a_tied_election_awaits_the_casting_vote_then_reports_who_decided():
    rule = election(tie_rule=TieRule.CASTING_VOTE)
    _, electorate, ballots = weighted(rule, [(1, "Ada"), (1, "Ben"), (1, ABSTAIN)])
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.winners, result.tied) == (Outcome.TIE, (), ("Ada", "Ben"))
    assert result.english()[-2:] == [
        "The tie awaits the chair's casting vote.",
        "Result: tied; nothing is decided yet.",
    ]
    decided = tally(rule, electorate, ballots, tie_break="Ben")
    assert (decided.outcome, decided.winners, decided.tie_broken_by) == (
        Outcome.DECIDED,
        ("Ben",),
        TieRule.CASTING_VOTE,
    )
    assert decided.english()[-2] == "Decided by the chair's casting vote: “Ben”."


def test_a_lot_is_drawn_from_a_published_seed_and_anyone_can_draw_it_again():
    order = draw_lot(["Ada", "Ben", "Chen", "Dara"], "Board meeting 2027, item 4")
    assert order == draw_lot(["Dara", "Chen", "Ben", "Ada"], "Board meeting 2027, item 4")
    assert sorted(order) == ["Ada", "Ben", "Chen", "Dara"]
    assert order == ("Chen", "Ben", "Ada", "Dara")  # pinned: the lot must not change over time
    rule = election(seats=2, tie_rule=TieRule.LOT)
    _, electorate, ballots = weighted(
        rule,
        [
            (1, ("Ada", "Ben")),
            (1, ("Ada", "Chen")),
            (1, ("Ada", "Dara")),
            (1, ("Ben",)),
            (1, ("Chen",)),
        ],
    )
    undecided = tally(rule, electorate, ballots)
    assert (undecided.outcome, undecided.winners, undecided.tied) == (
        Outcome.TIE,
        ("Ada",),
        ("Ben", "Chen"),
    )
    assert undecided.english()[-3] == "Tie for the last 1 seat: “Ben” and “Chen” have 2 each."
    drawn = tally(rule, electorate, ballots, tie_break=order)
    assert (drawn.outcome, drawn.winners) == (Outcome.DECIDED, ("Ada", "Chen"))


def test_a_tied_motion_fails_or_goes_to_the_chair():
    rule, electorate, ballots = motion(Threshold.SIMPLE, 5, 5, 1)
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.tied) == (Outcome.FAILED, (YES, NO))
    assert result.english()[-3:] == [
        "Tie: yes and no have 5 each.",
        "Under the rule a tie fails.",
        "Result: the motion fails.",
    ]
    chair = replace(rule, tie_rule=TieRule.CASTING_VOTE)
    assert tally(chair, electorate, ballots).outcome is Outcome.TIE
    assert tally(chair, electorate, ballots, tie_break=YES).outcome is Outcome.PASSED
    assert tally(chair, electorate, ballots, tie_break=NO).outcome is Outcome.FAILED
    with pytest.raises(TallyInputError, match="under the rule a tie fails"):
        tally(rule, electorate, ballots, tie_break=YES)


def test_seats_left_over_when_too_few_candidates_have_votes():
    rule = election(seats=3)
    _, electorate, ballots = weighted(rule, [(1, ("Ada", "Ben")), (1, ("Ada",)), (1, ABSTAIN)])
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.winners, result.unfilled_seats) == (
        Outcome.DECIDED,
        ("Ada", "Ben"),
        1,
    )
    assert result.english()[-2] == "1 seat remains unfilled: too few candidates received votes."


def test_a_secret_poll_is_counted_from_receipts_and_weights_alone():
    rule, electorate, ballots = weighted(
        DecisionRule(threshold=Threshold.TWO_THIRDS),
        [(2, YES), (2, YES), (1, NO), (1, YES), (3, ABSTAIN)],
        secret=True,
    )
    assert all(b.voter is None for b in ballots)
    result = tally(rule, electorate, ballots)
    assert (result.outcome, result.count(YES).weight, result.base) == (Outcome.PASSED, 5, 6)
    assert '"voter":null' in canonical_json(rule, electorate, ballots, result)
    published = json.loads(canonical_json(rule, electorate, ballots, result))
    assert "m01" not in json.dumps(published["ballots"])


def test_rules_that_cannot_be_applied_are_refused_when_made():
    with pytest.raises(RuleError, match="Consensus decides a motion"):
        election(threshold=Threshold.CONSENSUS)
    with pytest.raises(RuleError, match="most votes"):
        election(seats=2, threshold=Threshold.ABSOLUTE)
    with pytest.raises(RuleError, match="cannot be an option"):
        DecisionRule(kind=PollKind.CHOICE, options=("Ada", ABSTAIN))
    with pytest.raises(RuleError, match="fewer candidates than seats"):
        election(seats=5)
    with pytest.raises(RuleError):
        Quorum(share=Fraction(3, 2))


# Input the tally refuses, every offending ballot named.


def test_every_offending_ballot_is_listed():
    rule = choice_rule()
    electorate = Electorate.one_member_one_vote(["m01", "m02", "m03"])
    ballots = [
        Ballot("m01", "a", "Ada"),
        Ballot("m09", "b", "Ada"),  # not in the electorate
        Ballot("m02", "c", "Ben"),
        Ballot("m02", "d", "Chen"),  # the same institution twice
        Ballot("m03", "e", "Zed"),  # no such option
    ]
    with pytest.raises(TallyInputError) as error:
        tally(rule, electorate, ballots)
    assert error.value.offending_indexes == [1, 2, 3, 4]
    assert str(error.value).splitlines() == [
        "Ballot 2 (voter m09): the voter is not in the frozen electorate.",
        "Ballot 3 (voter m02): one of 2 ballots from the same voter.",
        "Ballot 4 (voter m02): one of 2 ballots from the same voter.",
        "Ballot 5 (voter m03): “Zed” is not a choice of this poll.",
    ]


def test_ballots_that_break_the_frozen_electorate_are_refused():
    rule = DecisionRule(quorum=Quorum.at_least(HALF))
    electorate = Electorate({"m01": 2, "m02": 1, "m03": 1}, present=frozenset({"m01", "m02"}))
    ballots = [Ballot("m01", "", YES, 1), Ballot("m03", "", NO)]
    with pytest.raises(TallyInputError) as error:
        tally(rule, electorate, ballots)
    assert str(error.value).splitlines() == [
        "Ballot 1 (voter m01): weight 1, but the electorate froze 2.",
        "Ballot 2 (voter m03): the voter was not recorded as present.",
    ]
    with pytest.raises(TallyInputError, match="no attendance was recorded"):
        tally(rule, Electorate(electorate.weights), [])


def test_secret_ballots_are_checked_without_knowing_their_voters():
    rule = DecisionRule(secret=True)
    electorate = Electorate({"m01": 2, "m02": 1, "m03": 1, "m04": 1})
    ballots = [
        Ballot(None, "k1", YES, 2),
        Ballot(None, "k2", YES, 2),  # only one member holds weight 2
        Ballot("m03", "k3", NO, 1),  # names its voter
        Ballot(None, "", NO, 1),  # no receipt
        Ballot(None, "k1", NO, 1),  # a receipt already used
    ]
    with pytest.raises(TallyInputError) as error:
        tally(rule, electorate, ballots)
    assert str(error.value).splitlines() == [
        "Ballot 1 (receipt k1): one of 2 ballots with the same receipt.",
        "Ballot 1 (receipt k1): 2 secret ballots carry weight 2, but only 1 of the members "
        "who may vote hold that weight.",
        "Ballot 2 (receipt k2): 2 secret ballots carry weight 2, but only 1 of the members "
        "who may vote hold that weight.",
        "Ballot 3 (voter m03): a secret ballot must not name its voter.",
        "Ballot 4 (no voter): a secret ballot needs a receipt code.",
        "Ballot 5 (receipt k1): one of 2 ballots with the same receipt.",
    ]


def test_election_ballots_mark_at_most_the_seats_each_once():
    rule = election(seats=2)
    electorate = Electorate.one_member_one_vote(["m01", "m02", "m03", "m04"])
    ballots = [
        Ballot("m01", "", ("Ada", "Ben", "Chen")),
        Ballot("m02", "", ("Ada", "Ada")),
        Ballot("m03", "", ("Ada", ABSTAIN)),
        Ballot("m04", "", ()),
    ]
    with pytest.raises(TallyInputError) as error:
        tally(rule, electorate, ballots)
    assert [p.code for p in error.value.problems] == [
        "too_many_marks",
        "repeated_mark",
        "abstain_with_marks",
        "no_marks",
    ]


# Boundaries: each threshold exactly at its edge, in exact fractions.

BOUNDARIES = [
    # (threshold, base, yes, no, abstain, entitled, expected)
    (Threshold.SIMPLE, Base.CAST, 5, 4, 0, None, Outcome.PASSED),
    (Threshold.SIMPLE, Base.CAST, 4, 4, 3, None, Outcome.FAILED),  # a tie fails
    (Threshold.SIMPLE, Base.CAST, 0, 0, 3, None, Outcome.FAILED),  # no votes either way
    (Threshold.ABSOLUTE, Base.CAST, 5, 4, 0, None, Outcome.PASSED),
    (Threshold.ABSOLUTE, Base.CAST, 4, 4, 0, None, Outcome.FAILED),  # exactly half: not more
    (Threshold.ABSOLUTE, Base.ENTITLED, 7, 0, 0, 14, Outcome.FAILED),  # 7 of 14 is half
    (Threshold.ABSOLUTE, Base.ENTITLED, 8, 0, 0, 15, Outcome.PASSED),  # 8 > 7.5
    (Threshold.ABSOLUTE, Base.ENTITLED, 7, 0, 0, 15, Outcome.FAILED),
    (Threshold.ABSOLUTE, Base.CAST_AND_ABSTAIN, 4, 2, 1, None, Outcome.PASSED),  # 4 > 3.5
    (Threshold.ABSOLUTE, Base.CAST_AND_ABSTAIN, 3, 1, 2, None, Outcome.FAILED),  # 3 of 6
    (Threshold.TWO_THIRDS, Base.CAST, 6, 3, 0, None, Outcome.PASSED),  # exactly 2/3
    (Threshold.TWO_THIRDS, Base.CAST, 2, 1, 0, None, Outcome.PASSED),
    (Threshold.TWO_THIRDS, Base.CAST, 5, 3, 0, None, Outcome.FAILED),  # 5 < 5 1/3
    (Threshold.TWO_THIRDS, Base.CAST, 7, 4, 0, None, Outcome.FAILED),  # 7 < 7 1/3
    (Threshold.TWO_THIRDS, Base.CAST_AND_ABSTAIN, 6, 1, 2, None, Outcome.PASSED),  # 6 of 9
    (Threshold.TWO_THIRDS, Base.CAST_AND_ABSTAIN, 6, 0, 4, None, Outcome.FAILED),  # 6 < 6 2/3
    (Threshold.TWO_THIRDS, Base.ENTITLED, 10, 0, 0, 15, Outcome.PASSED),
    (Threshold.TWO_THIRDS, Base.ENTITLED, 9, 0, 0, 14, Outcome.FAILED),  # 9 < 9 1/3
    (Threshold.THREE_QUARTERS, Base.CAST, 9, 3, 0, None, Outcome.PASSED),  # exactly 3/4
    (Threshold.THREE_QUARTERS, Base.CAST, 3, 2, 0, None, Outcome.FAILED),  # 3 < 3.75
    (Threshold.THREE_QUARTERS, Base.CAST, 8, 3, 0, None, Outcome.FAILED),  # 8 < 8.25
    (Threshold.THREE_QUARTERS, Base.CAST_AND_ABSTAIN, 6, 1, 1, None, Outcome.PASSED),
    (Threshold.THREE_QUARTERS, Base.CAST_AND_ABSTAIN, 6, 0, 3, None, Outcome.FAILED),
    (Threshold.UNANIMITY, Base.CAST, 5, 0, 2, None, Outcome.PASSED),
    (Threshold.UNANIMITY, Base.CAST, 5, 1, 0, None, Outcome.FAILED),
    (Threshold.UNANIMITY, Base.CAST_AND_ABSTAIN, 5, 0, 1, None, Outcome.FAILED),
    (Threshold.UNANIMITY, Base.ENTITLED, 5, 0, 0, 6, Outcome.FAILED),
    (Threshold.CONSENSUS, Base.CAST, 0, 0, 2, None, Outcome.PASSED),
    (Threshold.CONSENSUS, Base.CAST, 9, 1, 0, None, Outcome.FAILED),
]


def boundary_result(tally_fn: Callable[..., Any], case: tuple[Any, ...], factor: int) -> Outcome:
    threshold, base, yes, no, abstain, entitled, _ = case
    rule, electorate, ballots = motion(threshold, yes, no, abstain, entitled=entitled, base=base)
    if factor != 1:  # the same poll with every weight multiplied
        electorate = Electorate(dict.fromkeys(electorate.weights, factor))
        ballots = [replace(b, weight=factor) for b in ballots]
    return tally_fn(rule, electorate, ballots).outcome


@pytest.mark.parametrize("factor", [1, 3])
@pytest.mark.parametrize("case", BOUNDARIES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}:{c[3]}:{c[4]}")
def test_boundaries_in_exact_fractions(case, factor):
    assert boundary_result(tally, case, factor) is case[-1]


@pytest.mark.parametrize(
    "mutant",
    [
        broken.half_plus_one,
        broken.two_thirds_exceeded,
        broken.float_two_thirds,
        broken.three_quarters_rounded_down,
        broken.abstentions_ignored,
        broken.unanimity_forgets_no,
        broken.tie_carries,
    ],
)
def test_the_boundaries_catch(mutant):
    wrong = [c for c in BOUNDARIES if boundary_result(mutant, c, 1) is not c[-1]]
    wrong += [c for c in BOUNDARIES if boundary_result(mutant, c, 3) is not c[-1]]
    assert wrong, f"{mutant.__name__} passes every boundary"


def test_a_float_two_thirds_errs_at_a_base_of_nine():
    case = (Threshold.TWO_THIRDS, Base.CAST, 6, 3, 0, None, Outcome.PASSED)
    assert boundary_result(tally, case, 1) is Outcome.PASSED
    assert boundary_result(broken.float_two_thirds, case, 1) is Outcome.FAILED


# Properties on generated polls, each also run against the broken tallies it must catch.
#
# Each property test is parametrised over the real subject (which must hold on every generated
# example) and broken ones (which must be caught). A real run may be split in parts (one per
# threshold); a broken one is sought where its bug lives ("focus": the narrowing of the polls
# drawn), from a fixed seed so that the catch is repeatable.

SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
PER_THRESHOLD = [{"thresholds": [threshold]} for threshold in Threshold]


def verify(
    prop: Callable[[Any, Any], None],
    subject: Callable[..., Any],
    holds: bool,
    strategy: st.SearchStrategy[Any],
    examples: int,
) -> None:
    """Run ``prop(subject, example)`` on generated examples; a broken subject must fail it."""
    config = settings(
        max_examples=examples if holds else 1000,
        deadline=None,
        database=None,
        derandomize=not holds,
        report_multiple_bugs=False,
        phases=list(Phase) if holds else [Phase.explicit, Phase.generate],
        suppress_health_check=SLOW_OK,
    )

    @config
    @given(strategy)
    def run(example: Any) -> None:
        prop(subject, example)

    if holds:
        run()
    else:
        with pytest.raises(AssertionError):
            run()


def against(
    *mutants: tuple[Callable[..., Any], dict[str, Any]],
    real: Callable[..., Any] = tally,
    parts: list[dict[str, Any]] | None = None,
) -> Any:
    """Parametrise a property test over (subject, holds, focus)."""

    def part_id(focus: dict[str, Any]) -> str:
        return "real" + "".join(f"-{v[0]}" for v in focus.values())

    return pytest.mark.parametrize(
        ("subject", "holds", "focus"),
        [pytest.param(real, True, focus, id=part_id(focus)) for focus in parts or [{}]]
        + [pytest.param(m, False, focus, id=f"broken-{m.__name__}") for m, focus in mutants],
    )


@against(
    (
        broken.heads_against_weight,
        {
            "kinds": [PollKind.YES_NO],
            "thresholds": [Threshold.TWO_THIRDS],
            "weighted": True,
            "quorum": False,
        },
    ),
    parts=PER_THRESHOLD,
)
def test_one_more_vote_in_favour_never_turns_a_pass_into_a_fail(subject, holds, focus):
    verify(prop_monotone, subject, holds, polls(**focus), examples=120)


@against(
    (broken.float_percent_quorum, {"shares": [TWO_THIRDS]}),
    (broken.quorum_for_qualified_only, {"thresholds": [Threshold.SIMPLE]}),
    parts=PER_THRESHOLD,
)
def test_below_quorum_is_no_quorum_under_every_threshold(subject, holds, focus):
    verify(prop_quorum, subject, holds, polls(near_quorum=True, **focus), examples=150)


@against((broken.unanimity_forgets_no, {}))
def test_unanimity_fails_on_one_no(subject, holds, focus):
    strategy = polls([PollKind.YES_NO], [Threshold.UNANIMITY], quorum=False, **focus)
    verify(prop_unanimity, subject, holds, with_pick(strategy), examples=300)


@against(
    (
        broken.first_ballot_breaks_ties,
        {"kinds": [PollKind.CHOICE], "tie_rules": [TieRule.FAILS], "weighted": False},
    )
)
def test_results_do_not_depend_on_ballot_order(subject, holds, focus):
    verify(prop_order, subject, holds, polls(**focus).flatmap(shuffled), examples=400)


@against(
    (
        broken.heads_against_weight,
        {"kinds": [PollKind.YES_NO], "thresholds": [Threshold.TWO_THIRDS]},
    ),
    (broken.half_plus_one, {"kinds": [PollKind.YES_NO], "thresholds": [Threshold.ABSOLUTE]}),
)
def test_doubling_every_weight_changes_nothing(subject, holds, focus):
    verify(prop_doubling, subject, holds, polls(**focus), examples=400)


@against(
    (broken.tie_carries, {"tie_rules": [TieRule.FAILS]}),
    (broken.casting_vote_ignored, {"tie_rules": [TieRule.CASTING_VOTE]}),
)
def test_tie_rules_decide_a_tied_motion(subject, holds, focus):
    strategy = polls([PollKind.YES_NO], [Threshold.SIMPLE], weighted=False, **focus)
    verify(prop_simple_majority, subject, holds, strategy, examples=300)


@against((broken.objection_needs_majority, {}))
def test_consent_is_adopted_exactly_when_no_one_objects(subject, holds, focus):
    verify(prop_consent, subject, holds, polls([PollKind.CONSENT], **focus), examples=200)


@against(
    (broken.seats_by_name, {"tie_rules": [TieRule.FAILS]}),
    (broken.first_ballot_breaks_ties, {"tie_rules": [TieRule.FAILS]}),
)
def test_elections_elect_the_most_voted_and_report_ties(subject, holds, focus):
    strategy = polls([PollKind.ELECTION], [Threshold.SIMPLE], **focus)
    verify(prop_election, subject, holds, strategy, examples=400)


@against((broken.fingerprint_in_given_order, {}), real=fingerprint)
def test_a_fingerprint_does_not_depend_on_ballot_order(subject, holds, focus):
    verify(prop_fingerprint_order, subject, holds, polls(**focus).flatmap(shuffled), examples=200)


@against(
    (broken.fingerprint_of_result_only, {}),
    (broken.fingerprint_without_receipts, {}),
    real=fingerprint,
)
def test_a_fingerprint_changes_when_one_ballot_changes(subject, holds, focus):
    verify(prop_fingerprint_change, subject, holds, with_pick(polls(**focus)), examples=200)


@against((broken.first_problem_only, {}), (broken.keeps_first_of_duplicates, {"secret": False}))
def test_input_errors_list_every_offending_ballot(subject, holds, focus):
    verify(prop_input_errors, subject, holds, bad_inputs(**focus), examples=300)


# Fingerprint format and the benchmark.


def test_the_canonical_document_is_pinned():
    """Published fingerprints must stay checkable: this document never changes for this poll."""
    rule, electorate, ballots = weighted(DecisionRule(), [(2, YES), (1, NO)], secret=True)
    result = tally(rule, electorate, ballots)
    document = canonical_json(rule, electorate, ballots[::-1], result)
    assert document == (
        '{"ballots":[{"choice":"no","receipt":"k2","voter":null,"weight":1},'
        '{"choice":"yes","receipt":"k1","voter":null,"weight":2}],'
        '"electorate":{"present":null,"weights":{"m01":2,"m02":1}},"format":"alliance-tally/1",'
        '"result":{"base":null,"counts":[{"ballots":1,"choice":"yes","weight":2},'
        '{"ballots":1,"choice":"no","weight":1},{"ballots":0,"choice":"abstain","weight":0}],'
        '"entitled":{"members":2,"weight":3},"kind":"yes_no","needed":"1","needed_strict":true,'
        '"outcome":"passed","present":null,"quorum":{"counted":2,"reached":true,"required":0},'
        '"returned":{"members":2,"weight":3},"runoff":[],"tie_break":[],"tie_broken_by":null,'
        '"tied":[],"unfilled_seats":0,"winners":[]},'
        '"rule":{"base":"cast","kind":"yes_no","options":[],'
        '"quorum":{"count":null,"share":null,"strict":false},"quorum_basis":"present",'
        '"seats":1,"secret":true,"threshold":"simple","tie_rule":"fails"}}'
    )
    assert fingerprint(rule, electorate, ballots, result) == fingerprint(
        rule, electorate, ballots[::-1], result
    )


def test_tally_many_and_the_benchmark_count_generated_polls():
    polls_ = bench_tally.generate(200)
    results = tally_many(polls_)
    assert len(results) == 200
    assert results[0] == tally(
        polls_[0].rule, polls_[0].electorate, polls_[0].ballots, tie_break=polls_[0].tie_break
    )
    assert isinstance(polls_[0], Poll)
    figures = bench_tally.run(polls=200)
    assert figures["polls"] == 200
    assert figures["tally_s"] > 0
    assert bench_tally.generate(50) == bench_tally.generate(50)  # a fixed seed
