"""``alliance bench allocation``: the allocation engine timed on generated rounds (see
docs/dev/allocation.md). ``instances`` makes the rounds, ``measure`` times the engine on one size
in a process of its own, ``matching_package`` times the ``matching`` package on the same round,
``driver`` runs them all and prints the figures and goals.

No Django import in this package.
"""
