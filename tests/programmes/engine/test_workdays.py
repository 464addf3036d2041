"""Working days, Monday to Friday, against a day-by-day count."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from alliance.programmes.engine.workdays import working_days

days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))


def test_it_counts_two_full_weeks_as_ten_days():
    assert working_days(datetime.date(2027, 4, 5), datetime.date(2027, 4, 16)) == 10


def test_it_counts_a_weekend_as_nothing():
    assert working_days(datetime.date(2027, 4, 10), datetime.date(2027, 4, 11)) == 0


def test_it_counts_nothing_when_the_end_comes_first():
    assert working_days(datetime.date(2027, 4, 16), datetime.date(2027, 4, 5)) == 0


@given(days, st.integers(min_value=0, max_value=400))
def test_it_agrees_with_counting_day_by_day(start, length):
    end = start + datetime.timedelta(days=length)
    expected = sum(
        1 for n in range(length + 1) if (start + datetime.timedelta(days=n)).weekday() < 5
    )
    assert working_days(start, end) == expected
