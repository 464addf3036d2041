"""After the activity: when the report is due, where an award stands, and which reminder is due
on a given day. Plain dates and strings in and out (the codes match ``enums.ReportStage`` and
``enums.ReminderMoment``)."""

from __future__ import annotations

import datetime

WEEK = datetime.timedelta(days=7)
# Report statuses after which nothing more is asked of the awardee.
DONE = ("submitted", "accepted")


def due_on(ends_on: datetime.date, days: int) -> datetime.date:
    """The report (and the host's review) is due ``days`` after the activity's last day."""
    return ends_on + datetime.timedelta(days=days)


def stage(today: datetime.date, ends_on: datetime.date, due: datetime.date, status: str) -> str:
    """Where an award stands: the report's status once submitted, sent back or accepted;
    before that "upcoming" while the activity lasts, "due" until the due date (included),
    "overdue" after it. A draft counts as not submitted."""
    if status in ("submitted", "accepted", "returned"):
        return status
    if today <= ends_on:
        return "upcoming"
    return "due" if today <= due else "overdue"


def reminder_moment(today: datetime.date, due: datetime.date) -> str | None:
    """The latest reminder moment reached on ``today``: a week before the due date, on it, the
    day after, and a week after; None before the first. Only the latest is sent, so that a day
    missed by the scheduler never sends two reminders at once."""
    if today >= due + WEEK:
        return "overdue_week"
    if today > due:
        return "overdue"
    if today == due:
        return "due_day"
    if today >= due - WEEK:
        return "week_before"
    return None
