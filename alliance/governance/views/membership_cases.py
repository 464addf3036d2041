"""Suspension and withdrawal cases: the Secretariat's list and steps, and the withdrawal notice
a member's coordinator gives."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.governance import queries
from alliance.governance.enums import CASE_CLOSED, CaseKind, CaseStatus
from alliance.governance.forms_admissions import (
    BoardForm,
    DecisionForm,
    SuspensionForm,
    WithdrawalNoticeForm,
    current_members,
)
from alliance.governance.models import MembershipCase
from alliance.governance.services import membership_cases as service
from alliance.governance.views.common import acting, found
from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_secretariat

FORM = "governance/common/form.html"


def _case(request: HttpRequest, pk: int, perm: str) -> MembershipCase:
    case = found(request, queries.membership_cases().filter(pk=pk).first(), perm)
    check_permission(request, perm, case)
    return case


def case_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view_membership_case")
    return render(
        request,
        "governance/case/list.html",
        {
            "cases": queries.membership_cases_visible_to(request.user),
            "may_manage": request.user.has_perm("governance.manage_membership_cases"),
        },
    )


def case_suspend(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage_membership_cases")
    form = SuspensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = service.open_suspension(
                form.cleaned_data["institution"],
                actor=acting(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The suspension case is open; put it to the Board next."))
            return redirect("governance:case", case.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Open a suspension case"),
            "back_url": reverse("governance:cases"),
        },
    )


def case_withdrawal_notice(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.give_withdrawal_notice")
    institutions = current_members()
    if not is_secretariat(request.user):
        institutions = institutions.filter(
            pk__in=institutions_where(request.user, Role.COORDINATOR)
        )
    form = WithdrawalNoticeForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            case = service.give_withdrawal_notice(
                form.cleaned_data["institution"],
                actor=acting(request),
                reason=form.cleaned_data["reason"],
                effective_on=form.cleaned_data["effective_on"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("The notice of withdrawal is given; the Secretariat records it.")
            )
            return redirect("governance:case", case.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Notice of withdrawal from the alliance"),
            "back_url": reverse("governance:cases"),
        },
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "governance.view_membership_case")
    may_manage = request.user.has_perm("governance.manage_membership_cases")
    open_ = case.status not in CASE_CLOSED
    return render(
        request,
        "governance/case/detail.html",
        {
            "case": case,
            "may_manage": may_manage,
            "may_put_to_board": may_manage
            and case.kind == CaseKind.SUSPENSION
            and case.status == CaseStatus.OPEN,
            "decision_form": DecisionForm()
            if may_manage
            and (
                case.status == CaseStatus.AT_BOARD
                or (case.kind == CaseKind.WITHDRAWAL and case.status == CaseStatus.OPEN)
            )
            else None,
            "may_cancel": open_ and (may_manage or case.kind == CaseKind.WITHDRAWAL),
        },
    )


def case_board(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "governance.manage_membership_cases")
    form = BoardForm(request.POST or None, initial={"threshold": "two_thirds"})
    if request.method == "POST" and form.is_valid():
        try:
            case = service.put_case_to_board(
                case,
                actor=acting(request),
                agenda_item=form.cleaned_data["agenda_item"],
                rule=form.rule(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The motion and its poll are on the Board's agenda; open the poll there."),
            )
            return redirect("governance:motion", case.motion_id)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": _("Put the suspension of %(inst)s to the Board") % {"inst": case.institution},
            "back_url": reverse("governance:case", args=[case.pk]),
        },
    )


@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "governance.manage_membership_cases")
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the date as YYYY-MM-DD, or leave it empty."))
        case = service.record_case_decision(
            case, actor=acting(request), effective_on=form.cleaned_data["effective_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Recorded: %(status)s.") % {"status": case.get_status_display()},
        )
    return redirect("governance:case", case.pk)


@require_POST
def case_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, "governance.view_membership_case")
    if not request.user.has_perm("governance.manage_membership_cases") and (
        case.kind != CaseKind.WITHDRAWAL
        or not request.user.has_perm("governance.give_withdrawal_notice", case)
    ):
        check_permission(request, "governance.manage_membership_cases")
    try:
        service.cancel_case(case, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case is cancelled."))
    return redirect("governance:case", case.pk)
