"""Working days: Monday to Friday, both ends of the period counted."""

from __future__ import annotations

import datetime


def working_days(start: datetime.date, end: datetime.date) -> int:
    """How many days from ``start`` to ``end`` (both included) fall on Monday to Friday;
    0 when ``end`` is before ``start``."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count
