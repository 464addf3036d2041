"""How fast the tally counts: ``run(polls=10_000)`` tallies that many generated polls.

Pure Python, no Django: ``python -m alliance.governance.bench_tally [polls]``. The polls look like
an alliance's: 15 members (one in three polls weighted), a mix of yes/no motions under every
threshold, choices, consent and elections, named and secret, most members voting. Generated from
a fixed seed, so that two runs count the same polls.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import replace
from fractions import Fraction

from alliance.governance.tally import (
    ABSTAIN,
    Ballot,
    Base,
    DecisionRule,
    Electorate,
    Poll,
    PollKind,
    Quorum,
    QuorumBasis,
    Threshold,
    TieRule,
    fingerprint,
    tally_many,
)

MEMBERS = tuple(f"member-{n:02d}" for n in range(1, 16))
CANDIDATES = ("A", "B", "C", "D", "E")
QUORUMS = (
    Quorum.none(),
    Quorum.at_least(Fraction(1, 2)),
    Quorum.more_than(Fraction(1, 2)),
    Quorum.at_least(Fraction(2, 3)),
)


def generate(polls: int, seed: int = 2027) -> list[Poll]:
    rng = random.Random(seed)
    return [_poll(rng, n) for n in range(polls)]


def _rule(rng: random.Random) -> DecisionRule:
    kind = rng.choice(list(PollKind))
    meeting = rng.random() < 0.7
    common = DecisionRule(
        quorum=rng.choice(QUORUMS),
        quorum_basis=QuorumBasis.PRESENT if meeting else QuorumBasis.ENTITLED,
        tie_rule=rng.choice(list(TieRule)),
        secret=rng.random() < 0.3,
        base=rng.choice([b for b in Base if meeting or b is not Base.PRESENT]),
    )
    if kind is PollKind.YES_NO:
        return replace(common, threshold=rng.choice(list(Threshold)))
    if kind is PollKind.CONSENT:
        return replace(common, kind=kind, threshold=Threshold.CONSENSUS)
    options = CANDIDATES[: rng.randint(2, len(CANDIDATES))]
    seats = rng.randint(1, min(3, len(options))) if kind is PollKind.ELECTION else 1
    threshold = (
        Threshold.SIMPLE if seats > 1 else rng.choice([Threshold.SIMPLE, Threshold.ABSOLUTE])
    )
    return replace(common, kind=kind, threshold=threshold, options=options, seats=seats)


def _poll(rng: random.Random, number: int) -> Poll:
    rule = _rule(rng)
    weighted = rng.random() < 1 / 3
    weights = {m: rng.randint(1, 3) if weighted else 1 for m in MEMBERS}
    meeting = rule.quorum_basis is QuorumBasis.PRESENT or rule.base is Base.PRESENT
    present = frozenset(m for m in MEMBERS if rng.random() < 0.85) if meeting else None
    electorate = Electorate(weights, present)
    voters = sorted(present) if present is not None else list(MEMBERS)
    ballots = []
    for voter in voters:
        if rng.random() < 0.1:
            continue
        if rule.kind is PollKind.ELECTION and rule.seats > 1:
            choice: str | tuple[str, ...] = tuple(
                rng.sample(rule.options, rng.randint(1, rule.seats))
            )
        else:
            choice = rng.choice(rule.choices)
        name = None if rule.secret else voter
        ballots.append(Ballot(name, f"{number}-{rng.getrandbits(48):012x}", choice, weights[voter]))
    tie_break: tuple[str, ...] = ()
    if rule.tie_rule is not TieRule.FAILS:  # a lot drawn over every choice before the count
        marks = [c for c in rule.choices if c != ABSTAIN]
        tie_break = tuple(rng.sample(marks, k=len(marks)))
    return Poll(rule, electorate, tuple(ballots), tie_break)


def run(polls: int = 10_000, seed: int = 2027) -> dict[str, float]:
    """Generate, tally and fingerprint ``polls`` polls; the seconds each step took."""
    started = time.perf_counter()
    generated = generate(polls, seed)
    counted = time.perf_counter()
    results = tally_many(generated)
    tallied = time.perf_counter()
    for poll, result in zip(generated, results, strict=True):
        fingerprint(poll.rule, poll.electorate, poll.ballots, result)
    done = time.perf_counter()
    return {
        "polls": polls,
        "ballots": sum(len(poll.ballots) for poll in generated),
        "generate_s": counted - started,
        "tally_s": tallied - counted,
        "fingerprint_s": done - tallied,
        "per_poll_us": (tallied - counted) / max(polls, 1) * 1e6,
    }


def main(argv: list[str]) -> None:
    polls = int(argv[0]) if argv else 10_000
    figures = run(polls)
    print(f"tallied {polls:,} polls in {figures['tally_s']:.2f} s")
    print(
        f"  {figures['ballots']:,} ballots, {figures['per_poll_us']:.0f} µs a poll; "
        f"fingerprints {figures['fingerprint_s']:.2f} s; generating {figures['generate_s']:.2f} s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
