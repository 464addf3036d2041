"""The decision register (searchable, exported as CSV) and the chair's casting vote that
breaks a tie on a closed poll."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.governance import queries, register
from alliance.governance.forms_records import CastingVoteForm, DecisionSearchForm
from alliance.governance.services.ties import break_tie, tied_choices
from alliance.governance.views.common import acting, found

PAGE_SIZE = 50


def _search(request: HttpRequest) -> tuple[DecisionSearchForm, dict]:
    form = DecisionSearchForm(request.GET or None, years=register.decision_years())
    return form, form.filters() if request.GET else {}


def decision_list(request: HttpRequest) -> HttpResponse:
    found(request, True, "governance.view")
    form, filters = _search(request)
    page = Paginator(register.decisions(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(d, register.result_line(d.outcome, d.counts), register.taken_at(d)) for d in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decision/list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def decision_csv(request: HttpRequest) -> HttpResponse:
    found(request, True, "governance.view")
    _form, filters = _search(request)
    response = HttpResponse(
        register.decisions_csv(register.decisions(**filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return response


@require_POST
def poll_casting_vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = found(request, queries.poll_for_page(pk), "governance.manage")
    form = CastingVoteForm(request.POST, tied=tied_choices(poll))
    if not form.is_valid():
        messages.error(request, _("Choose one of the tied choices for the casting vote."))
        return redirect("governance:poll", poll.pk)
    try:
        break_tie(poll, actor=acting(request), choice=form.cleaned_data["choice"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The casting vote is recorded and the poll counted again."))
    return redirect("governance:poll", poll.pk)
