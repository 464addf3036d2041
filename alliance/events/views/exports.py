"""Participant lists for organisers and delegation leaders; needs for the host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.exports import to_csv, to_xlsx
from alliance.core.multilingual import pick
from alliance.core.permissions import check_permission
from alliance.core.services.audit import record_audit
from alliance.events import queries
from alliance.events.models import Event, Question
from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_secretariat

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _answer_text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def _rows(registrations: Any, questions: list[Question], *, contact: bool) -> Iterator[list]:
    for r in registrations:
        answers = {a.question_id: a.value for a in r.answers.all()}
        base = [r.institution.display_name() if r.institution else "", r.name]
        if contact:
            base += [r.email, r.get_status_display(), timezone.localtime(r.created_at).isoformat()]
            base.append(timezone.localtime(r.checked_in_at).isoformat() if r.checked_in_at else "")
        yield base + [_answer_text(answers.get(q.pk)) for q in questions]


def _respond(
    event: Event, kind: str, fmt: str, header: list[str], rows: Iterator[list]
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    data = to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, title=kind)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{kind}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def participants(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Everyone holding or waiting for a seat, by institution: all of them for organisers,
    their own delegation for a coordinator."""
    event = get_object_or_404(Event, slug=slug)
    check_permission(request, "events.manage_delegation", event)
    organiser = request.user.has_perm("events.manage_event", event)
    mine = None if organiser else institutions_where(request.user, Role.COORDINATOR)
    questions = [q for q in event.questions.all() if q.kind != "file"]
    header = [
        _("Institution"),
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Registered"),
        _("Checked in"),
    ]
    header += [pick(q.label) for q in questions]
    registrations = queries.registrations_for_export(event, institution_ids=mine)
    record_audit(
        "events.export.participants",
        actor=request.user,
        obj=event,
        after={"format": fmt, "institutions": sorted(mine) if mine is not None else "all"},
    )
    rows = _rows(registrations, questions, contact=True)
    return _respond(event, "participants", fmt, header, rows)


def host_needs(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Dietary and access needs for the host: confirmed people, the questions marked as shared
    with the host, and nothing else (no e-mail addresses)."""
    event = get_object_or_404(Event, slug=slug)
    check_permission(request, "events.manage_event", event)
    questions = list(event.questions.filter(for_host=True))
    header = [_("Institution"), _("Name"), *[pick(q.label) for q in questions]]
    registrations = queries.registrations_for_export(event).filter(status="confirmed")
    record_audit(
        "events.export.host_needs",
        actor=request.user,
        obj=event,
        after={"format": fmt, "secretariat": bool(is_secretariat(request.user))},
    )
    return _respond(event, "needs", fmt, header, _rows(registrations, questions, contact=False))
