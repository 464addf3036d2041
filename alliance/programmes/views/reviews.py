"""Review pages: the Secretariat's panel (reviewers, conflicts by institution, assignment by
load) and the reviewer's own list and score sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.members.models import Institution
from alliance.programmes import queries
from alliance.programmes.forms import ConflictForm, PanelConflictForm, PanelMemberForm, ReviewForm
from alliance.programmes.models import Assignment
from alliance.programmes.services import reviews as services
from alliance.programmes.views.calls import call_for


def panel(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    form = PanelMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_panel_member(call.panel, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The reviewer is on the panel."))
            return redirect("programmes:panel", call.pk)
    return render(
        request,
        "programmes/panel/detail.html",
        {
            "call": call,
            "form": form,
            "members": queries.panel_loads(call),
            "conflicts": call.conflicts.select_related("reviewer", "institution", "application"),
            "institutions": Institution.objects.filter(programme_applicants__call=call)
            .distinct()
            .order_by("name"),
        },
    )


@require_POST
def panel_assign(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_for(request, pk, "programmes.manage_calls")
    try:
        result = services.assign_reviewers(call, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d reviews assigned.") % {"n": result.created})
        if result.short:
            messages.warning(
                request,
                _("%(n)d applications could not get enough reviewers: add reviewers to the panel.")
                % {"n": len(result.short)},
            )
    return redirect("programmes:panel", call.pk)


@require_POST
def panel_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """The Secretariat records a reviewer's conflict with an institution."""
    call = call_for(request, pk, "programmes.manage_calls")
    form = PanelConflictForm(request.POST, panel=call.panel)
    if not form.is_valid():
        messages.error(request, _("Choose the reviewer and the institution."))
    else:
        services.declare_conflict(
            call,
            actor=request.user,
            reviewer=form.cleaned_data["member"].reviewer,
            institution=form.cleaned_data["institution"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The conflict is recorded."))
    return redirect("programmes:panel", call.pk)


def review_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.review")
    return render(
        request,
        "programmes/review/list.html",
        {"assignments": queries.assignments_of(request.user)},
    )


def _assignment_for(request: HttpRequest, pk: int) -> Assignment:
    assignment = queries.assignment_for_page(pk)
    if assignment is None:
        check_permission(request, "programmes.review")
        raise Http404
    check_permission(request, "programmes.review", assignment)
    return assignment


def review(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment_for(request, pk)
    application = assignment.application
    criteria = list(application.call.criteria.all())
    scores = {s.criterion_id: s.value for s in assignment.scores.all()}
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        scores=scores,
        initial={"comment": assignment.comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_review(
                assignment,
                actor=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=request.POST.get("submit") == "1",
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("programmes:reviews")
    return render(
        request,
        "programmes/review/sheet.html",
        {
            "assignment": assignment,
            "application": application,
            "anonymised": application.call.anonymised_review,
            "files": list(application.files.all()),
            "form": form,
            "conflict_form": ConflictForm(),
        },
    )


@require_POST
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer declares a conflict with the application; the review is taken back."""
    assignment = _assignment_for(request, pk)
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    application = assignment.application
    services.declare_conflict(
        application.call,
        actor=request.user,
        reviewer=request.user,
        application=application,
        reason=reason,
    )
    messages.success(
        request, _("Your conflict is recorded; the application goes to another reviewer.")
    )
    return redirect("programmes:reviews")
