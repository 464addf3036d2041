"""``allocate(instance, mechanism)``: the one door to the mechanisms.

- ``ts-ttc`` (the default): two-sided top trading cycles. Balanced exactly, strategy-proof for
  students, respects each home's priority, and no balanced allocation makes every student at
  least as well off and one better off.
- ``da``: student-proposing deferred acceptance. Stable and strategy-proof, but not balanced.
- ``max-volume``: the most students placed within each university's balance tolerance, then the
  best ranks. Ignores home priority and rewards misreporting.
"""

from __future__ import annotations

from collections.abc import Callable

from alliance.mobility.engine.deferred_acceptance import deferred_acceptance
from alliance.mobility.engine.indexed import Indexed, index
from alliance.mobility.engine.model import Instance, Result
from alliance.mobility.engine.ts_ttc import two_sided_top_trading_cycles


def _max_volume(ix: Indexed) -> list[int]:
    """Imported on first use: the flow solver (OR-Tools, numpy) costs a web worker about 30 MB."""
    from alliance.mobility.engine.max_volume import max_volume

    return max_volume(ix)


MECHANISMS: dict[str, Callable[[Indexed], list[int]]] = {
    "ts-ttc": two_sided_top_trading_cycles,
    "da": deferred_acceptance,
    "max-volume": _max_volume,
}


def allocate(instance: Instance, mechanism: str = "ts-ttc") -> Result:
    """Allocate the round with ``mechanism`` (one of ``MECHANISMS``)."""
    try:
        run = MECHANISMS[mechanism]
    except KeyError:
        known = ", ".join(MECHANISMS)
        raise ValueError(f"unknown mechanism {mechanism!r}; choose one of {known}") from None
    ix = index(instance)
    return Result(mechanism=mechanism, assignment=ix.assignment(run(ix)), instance=instance)
