"""Deadlines after the activity, checked on generated dates: the reminder moment never goes
back as days pass, each moment starts on its own day, and the stage agrees with the due date."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from alliance.programmes.engine.deadlines import due_on, reminder_moment, stage

ORDER = [None, "week_before", "due_day", "overdue", "overdue_week"]
dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))


@given(dates, st.integers(min_value=1, max_value=365), st.integers(min_value=-30, max_value=60))
def test_the_moment_only_moves_forward_and_starts_where_defined(ends_on, days, offset):
    due = due_on(ends_on, days)
    assert (due - ends_on).days == days
    today = due + datetime.timedelta(days=offset)
    now = reminder_moment(today, due)
    after = reminder_moment(today + datetime.timedelta(days=1), due)
    assert ORDER.index(after) >= ORDER.index(now)
    expected = (
        None
        if offset < -7
        else "week_before"
        if offset < 0
        else "due_day"
        if offset == 0
        else "overdue"
        if offset < 7
        else "overdue_week"
    )
    assert now == expected


@given(dates, st.integers(min_value=1, max_value=90), st.integers(min_value=-100, max_value=200))
def test_the_stage_of_an_award_without_a_submitted_report(ends_on, days, offset):
    due = due_on(ends_on, days)
    today = ends_on + datetime.timedelta(days=offset)
    got = stage(today, ends_on, due, "draft")
    assert got == ("upcoming" if today <= ends_on else "due" if today <= due else "overdue")
    for status in ("submitted", "returned", "accepted"):
        assert stage(today, ends_on, due, status) == status
