"""The question editor: the organisers' page for the questions of an event's registration form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.multilingual import pick
from alliance.events.forms.questions import QuestionForm
from alliance.events.models import Event, Question
from alliance.events.queries import questions_of
from alliance.events.services.questions import (
    add_question,
    delete_question,
    move_question,
    update_question,
)
from alliance.events.views.registrations import MANAGE, event_for


def _question(request: HttpRequest, slug: str, pk: int) -> tuple[Event, Question]:
    event = event_for(request, slug, MANAGE)
    return event, get_object_or_404(Question, pk=pk, event=event)


def question_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The questions in order, and a form to add one at the end."""
    event = event_for(request, slug, MANAGE)
    form = QuestionForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            question = add_question(event, actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("“%(q)s” is added.") % {"q": pick(question.label)})
            return redirect("events:questions", event.slug)
    return render(
        request,
        "events/question/list.html",
        {"event": event, "questions": questions_of(event), "form": form},
    )


def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, question = _question(request, slug, pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None, event=event, question=question
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_question(question, actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("events:questions", event.slug)
    return render(
        request,
        "events/question/edit.html",
        {"event": event, "question": question, "form": form},
    )


@require_POST
def question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event, question = _question(request, slug, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        move_question(question, actor=request.user, offset=offset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:questions", event.slug)


def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask first (saying how many answers go with it); delete on POST."""
    event, question = _question(request, slug, pk)
    if request.method == "POST":
        try:
            removed = delete_question(question, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(q)s” is removed, with %(n)d answers.")
                % {"q": pick(question.label), "n": removed},
            )
        return redirect("events:questions", event.slug)
    return render(
        request,
        "events/question/delete.html",
        {"event": event, "question": question, "answers": question.answers.count()},
    )
