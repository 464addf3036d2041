"""Agreement pages: the list, one agreement with its approvals, the editor, approval, and the
EWP-shaped JSON."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.members.enums import Role
from alliance.members.rules import institutions_where
from alliance.mobility.forms.agreements import (
    AgreementForm,
    TermFormSet,
    filled_terms,
    term_initial,
)
from alliance.mobility.models import Agreement
from alliance.mobility.queries import agreement_with_content, agreements_visible_to, ewp_iia
from alliance.mobility.services.agreements import (
    approve_agreement,
    create_agreement,
    update_agreement,
)


def _agreement(request: HttpRequest, pk: int, perm: str) -> Agreement:
    agreement = agreement_with_content(pk)
    if agreement is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, agreement)
    return agreement


def agreement_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.view_agreements")
    return render(
        request,
        "mobility/agreement/list.html",
        {"agreements": agreements_visible_to(request.user)},
    )


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "mobility.view_agreement")
    mine = institutions_where(request.user, Role.COORDINATOR)
    parties = list(agreement.parties.all())
    return render(
        request,
        "mobility/agreement/detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "to_approve": [p for p in parties if p.institution_id in mine and not p.has_approved],
            "in_effect": all(p.has_approved for p in parties),
        },
    )


def _save(request: HttpRequest, agreement: Agreement | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = AgreementForm(post, agreement=agreement)
    formset = TermFormSet(post, initial=term_initial(agreement) if agreement else None)
    if post is not None and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("party_a", "party_b")}
        try:
            if agreement is None:
                agreement = create_agreement(
                    actor=request.user, parties=form.parties(), terms=filled_terms(formset), **data
                )
            else:
                update_agreement(agreement, actor=request.user, terms=filled_terms(formset), **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The agreement is saved; each party approves it now."))
            return redirect("mobility:agreement", agreement.pk)
    return render(
        request,
        "mobility/agreement/edit.html",
        {"agreement": agreement, "form": form, "formset": formset},
    )


def agreement_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.add_agreement")
    return _save(request, None)


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, _agreement(request, pk, "mobility.change_agreement"))


@require_POST
def agreement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "mobility.approve_agreement")
    mine = institutions_where(request.user, Role.COORDINATOR)
    party = next(
        (p for p in agreement.parties.all() if str(p.institution_id) == request.POST.get("party")),
        None,
    )
    if party is None or party.institution_id not in mine:
        party = next(p for p in agreement.parties.all() if p.institution_id in mine)
    try:
        approve_agreement(
            agreement,
            actor=request.user,
            institution=party.institution,
            fingerprint=request.POST.get("fingerprint", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved for %(inst)s.") % {"inst": party.institution})
    return redirect("mobility:agreement", agreement.pk)


def agreement_ewp(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, "mobility.view_agreement")
    return JsonResponse(ewp_iia(agreement), json_dumps_params={"ensure_ascii": False, "indent": 2})
