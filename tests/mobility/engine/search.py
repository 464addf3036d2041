"""Finding a round on which a deliberately broken mechanism fails a check: the proof that the
check is not vacuous."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st

from alliance.mobility.engine import Instance


def caught(
    condition: Callable[[Instance], Any],
    strategy: st.SearchStrategy[Instance],
    *,
    max_examples: int = 5000,
) -> Instance:
    """A generated round on which ``condition`` is true (non-empty), the first found;
    Hypothesis raises ``NoSuchExample`` (failing the test) when none turns up."""
    return find(
        strategy,
        lambda instance: bool(condition(instance)),
        settings=settings(
            max_examples=max_examples,
            database=None,
            deadline=None,
            phases=(Phase.generate,),  # any round will do; shrinking it costs seconds
            suppress_health_check=list(HealthCheck),
        ),
    )
