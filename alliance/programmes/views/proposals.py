"""Members' proposals for new programmes: the list, writing and changing a draft, the
proposal's page with its discussion, and the steps (submit, withdraw, open the discussion,
send to the Board)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where
from alliance.programmes import queries
from alliance.programmes.forms import ProposalCommentForm, ProposalForm
from alliance.programmes.models import Proposal
from alliance.programmes.services import proposals as services

STEPS = {
    "submit": ("programmes.change_proposal", services.submit_proposal),
    "withdraw": ("programmes.change_proposal", services.withdraw_proposal),
    "discuss": ("programmes.manage_proposals", services.open_discussion),
}
STEP_DONE = {
    "submit": gettext_lazy(
        "The proposal is submitted: the members and the Secretariat can discuss it."
    ),
    "withdraw": gettext_lazy("The proposal is withdrawn."),
    "discuss": gettext_lazy("The proposal is under discussion."),
}


def proposal_for(request: HttpRequest, pk: int, perm: str) -> Proposal:
    """The proposal, after checking ``perm`` on it (404 for one the user may not see)."""
    proposal = queries.proposal_for_page(pk)
    if proposal is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, proposal)
    return proposal


def _my_members(request: HttpRequest) -> object:
    return Institution.objects.filter(
        pk__in=institutions_where(request.user, Role.COORDINATOR), relation=Relation.MEMBER
    ).order_by("name")


def proposal_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.view_proposals")
    proposals = queries.proposals_visible_to(request.user)
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/proposal/list.html",
        {"proposals": page.object_list, "page": page},
    )


def proposal_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "programmes.propose")
    form = ProposalForm(request.POST or None, institutions=_my_members(request))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.create_proposal(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                data=form.data_for_service(),
                co_proposers=form.cleaned_data["co_proposers"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect("programmes:proposal", proposal.pk)
    return render(request, "programmes/proposal/edit.html", {"form": form})


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk, "programmes.view_proposal")
    user = request.user
    return render(
        request,
        "programmes/proposal/detail.html",
        {
            "proposal": proposal,
            "comment_form": ProposalCommentForm(),
            "can_change": user.has_perm("programmes.change_proposal", proposal),
            "can_comment": user.has_perm("programmes.comment_proposal", proposal),
            "can_manage": user.has_perm("programmes.manage_proposals"),
        },
    )


def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk, "programmes.change_proposal")
    form = ProposalForm(
        request.POST or None,
        initial=ProposalForm.initial_of(proposal),
        institutions=Institution.objects.filter(pk=proposal.institution_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(
                proposal,
                actor=request.user,
                data=form.data_for_service(),
                co_proposers=form.cleaned_data["co_proposers"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("programmes:proposal", proposal.pk)
    return render(request, "programmes/proposal/edit.html", {"form": form, "proposal": proposal})


@require_POST
def proposal_status(request: HttpRequest, pk: int) -> HttpResponse:
    step = request.POST.get("step", "")
    perm, service = STEPS.get(step, ("programmes.view_proposal", None))
    proposal = proposal_for(request, pk, perm)
    if service is None:
        messages.error(request, _("Unknown step; nothing was changed."))
        return redirect("programmes:proposal", proposal.pk)
    try:
        service(proposal, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, STEP_DONE[step])
    return redirect("programmes:proposal", proposal.pk)


@require_POST
def proposal_send(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk, "programmes.manage_proposals")
    try:
        motion = services.send_to_board(proposal, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "The proposal is a motion of the Board now: “%(motion)s”. Put it on a meeting's agenda."
            )
            % {"motion": motion},
        )
    return redirect("programmes:proposal", proposal.pk)


@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = proposal_for(request, pk, "programmes.comment_proposal")
    form = ProposalCommentForm(request.POST)
    if form.is_valid():
        # A coordinator speaks for their institution (the proposer's, when they coordinate
        # it); the Secretariat for itself.
        mine = sorted(institutions_where(request.user, Role.COORDINATOR))
        speaks_for = proposal.institution_id if proposal.institution_id in mine else None
        if speaks_for is None and mine:
            speaks_for = mine[0]
        institution = Institution.objects.filter(pk=speaks_for).first() if speaks_for else None
        try:
            services.add_comment(
                proposal,
                actor=request.user,
                text=form.cleaned_data["text"],
                institution=institution,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment first (at most 5,000 characters)."))
    return redirect("programmes:proposal", proposal.pk)
