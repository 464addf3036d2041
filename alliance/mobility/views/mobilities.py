"""Mobility records: the list (outgoing, incoming, one's own), one mobility with its dates and
learning agreement, signing, cancelling; the balance ledger; the EWP-shaped nominations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.members.enums import Role
from alliance.members.rules import institutions_where
from alliance.mobility.enums import MobilityStatus, Signatory
from alliance.mobility.forms.mobilities import (
    CancelMobilityForm,
    LearningAgreementForm,
    LedgerFilterForm,
    MobilityDatesForm,
    SignForm,
)
from alliance.mobility.models import Mobility
from alliance.mobility.queries import (
    balance_ledger,
    ewp_nominations,
    mobilities_visible_to,
    mobility_for_page,
    signatures_status,
)
from alliance.mobility.rules import sides_of
from alliance.mobility.services.mobilities import (
    cancel_mobility,
    set_learning_agreement,
    set_mobility_dates,
    sign_learning_agreement,
)
from alliance.mobility.views.rounds import round_for

DIRECTIONS = {"outgoing": "home_id__in", "incoming": "host_id__in"}


def _mobility(request: HttpRequest, pk: int, perm: str) -> Mobility:
    mobility = mobility_for_page(pk)
    if mobility is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, mobility)
    return mobility


def mobility_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.view_mobilities")
    mobilities = mobilities_visible_to(request.user)
    direction = request.GET.get("direction", "")
    if direction in DIRECTIONS:
        mine = institutions_where(request.user, Role.COORDINATOR)
        mobilities = mobilities.filter(**{DIRECTIONS[direction]: mine})
    status = request.GET.get("status", "")
    if status in MobilityStatus.values:
        mobilities = mobilities.filter(status=status)
    page = Paginator(mobilities, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mobility/mobility/list.html",
        {
            "page": page,
            "direction": direction,
            "status": status,
            "statuses": MobilityStatus.choices,
            "coordinator": bool(institutions_where(request.user, Role.COORDINATOR)),
        },
    )


def mobility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility(request, pk, "mobility.view_mobility")
    sides = sides_of(request.user, mobility)
    status = signatures_status(mobility)
    signed_by = {s.party: s for s in mobility.signatures.all()}
    return render(
        request,
        "mobility/mobility/detail.html",
        {
            "mobility": mobility,
            "signatures": [
                (label, status[side], signed_by.get(side)) for side, label in Signatory.choices
            ],
            "to_sign": [
                (side, label)
                for side, label in Signatory.choices
                if side in sides and status[side] != "signed"
            ],
            "fully_signed": bool(mobility.learning_agreement_fingerprint)
            and all(v == "signed" for v in status.values()),
            "may_date": bool(sides & {Signatory.HOME, Signatory.HOST, "secretariat"}),
            "may_edit_courses": bool(sides & {Signatory.STUDENT, Signatory.HOME, Signatory.HOST}),
            "may_cancel": bool(sides & {Signatory.HOME, "secretariat"})
            and mobility.status == MobilityStatus.NOMINATED,
            "cancel_form": CancelMobilityForm(),
        },
    )


def mobility_dates(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility(request, pk, "mobility.date_mobility")
    actual = bool(sides_of(request.user, mobility) & {Signatory.HOST, "secretariat"})
    form = MobilityDatesForm(request.POST or None, mobility=mobility, actual=actual)
    if request.method == "POST" and form.is_valid():
        try:
            set_mobility_dates(mobility, actor=request.user, dates=form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The dates are saved."))
            return redirect("mobility:mobility", mobility.pk)
    return render(request, "mobility/mobility/dates.html", {"mobility": mobility, "form": form})


def learning_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility(request, pk, "mobility.view_mobility")
    if not sides_of(request.user, mobility) & {Signatory.STUDENT, Signatory.HOME, Signatory.HOST}:
        raise Http404
    form = LearningAgreementForm(request.POST or None, mobility=mobility)
    if request.method == "POST" and form.is_valid():
        try:
            set_learning_agreement(
                mobility, actor=request.user, courses=form.cleaned_data["courses"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The courses are saved. Each side signs the new version."))
            return redirect("mobility:mobility", mobility.pk)
    return render(
        request, "mobility/mobility/learning_agreement.html", {"mobility": mobility, "form": form}
    )


@require_POST
def learning_agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility(request, pk, "mobility.view_mobility")
    form = SignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The signature form is incomplete; open the page again."))
        sign_learning_agreement(
            mobility,
            actor=request.user,
            party=form.cleaned_data["party"],
            fingerprint=form.cleaned_data["fingerprint"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your signature is recorded."))
    return redirect("mobility:mobility", mobility.pk)


@require_POST
def mobility_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility(request, pk, "mobility.view_mobility")
    form = CancelMobilityForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cancel_mobility(mobility, actor=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The mobility is cancelled; it no longer counts in the balance.")
        )
    return redirect("mobility:mobility", mobility.pk)


def balances(request: HttpRequest) -> HttpResponse:
    check_permission(request, "mobility.view_balances")
    form = LedgerFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    ledger = balance_ledger(year=year)
    return render(
        request,
        "mobility/mobility/balances.html",
        {"ledger": ledger, "form": form, "year": year, "matrix": ledger.flow_matrix()},
    )


def nominations_ewp(request: HttpRequest, pk: int) -> JsonResponse:
    round_ = round_for(request, pk, "mobility.view_runs")
    data = ewp_nominations(round_, mobilities_visible_to(request.user))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
