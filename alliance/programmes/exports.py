"""A call's applications and its awards as spreadsheets (CSV and XLSX, the same columns in
both): the rows come from ``queries``; the files are made by the shared writer
(``alliance.core.exports``), which keeps text that a spreadsheet would run as a formula
(starting with = + - @) as text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.exports import to_csv, to_xlsx
from alliance.programmes.models import Application, Call

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def header() -> list[str]:
    return [
        _("Application"),
        _("Call"),
        _("Applicant"),
        _("E-mail"),
        _("Home institution"),
        _("Host institution"),
        _("Status"),
        _("Nomination rank"),
        _("Title of the activity"),
        _("Activity starts"),
        _("Activity ends"),
        _("Amount"),
        _("Currency"),
        _("Submitted"),
        _("Decided"),
    ]


def _moment(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def rows(call: Call, applications: Iterable[Application]) -> Iterator[list[Any]]:
    """One row per application, in ``header()``'s order (the applications come with their
    applicant, home and host)."""
    for a in applications:
        yield [
            a.pk,
            str(call),
            a.applicant.full_name,
            a.applicant.email,
            a.home.name if a.home else "",
            a.host.name if a.host else "",
            a.get_status_display(),
            a.nomination_rank,
            a.title,
            a.starts_on.isoformat() if a.starts_on else "",
            a.ends_on.isoformat() if a.ends_on else "",
            a.amount,
            call.currency,
            _moment(a.submitted_at),
            _moment(a.decided_at),
        ]


def spreadsheet(call: Call, applications: Iterable[Application], *, fmt: str, title: str) -> bytes:
    """The file in ``fmt`` ("csv" or "xlsx")."""
    data = rows(call, applications)
    if fmt == "csv":
        return to_csv(header(), data)
    return to_xlsx(header(), data, title=title)
