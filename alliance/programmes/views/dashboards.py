"""Dashboards and lists with their exports: a call's dashboard for the Secretariat, an
institution's for its coordinators, a call's application list (all for the Secretariat, a
coordinator's own institution's) and the spreadsheets of the applications and the awards."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from alliance.core.permissions import check_permission
from alliance.core.services.audit import record_audit
from alliance.members.enums import Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where, is_secretariat
from alliance.programmes import exports, queries
from alliance.programmes.enums import HOLDS_AWARD
from alliance.programmes.forms import ApplicationFilterForm
from alliance.programmes.models import Application, Call

PER_PAGE = 50


def _call(request: HttpRequest, pk: int, perm: str) -> Call:
    """The call (with its programme only: the dashboards need no more), after ``perm``."""
    call = queries.call_summary(pk)
    if call is None:
        check_permission(request, perm)
        raise Http404
    check_permission(request, perm, call)
    return call


def call_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk, "programmes.select")
    return render(
        request, "programmes/dashboard/call.html", {"call": call, "d": queries.call_dashboard(call)}
    )


def institution_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    institution = Institution.objects.filter(pk=pk).first()
    if institution is None:
        check_permission(request, "programmes.view_institution_dashboard")
        raise Http404
    check_permission(request, "programmes.view_institution_dashboard", institution)
    candidates = queries.candidates_of_institution(institution)
    page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/dashboard/institution.html",
        {
            "institution": institution,
            "d": queries.institution_dashboard(institution),
            "candidates": page.object_list,
            "page": page,
        },
    )


def my_institution_dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the (first) institution the user coordinates."""
    check_permission(request, "programmes.view_institution_dashboard")
    mine = sorted(institutions_where(request.user, Role.COORDINATOR))
    if not mine:  # the Secretariat without an institution of its own
        return redirect("programmes:calls")
    return redirect("programmes:institution_dashboard", mine[0])


def _filtered(request: HttpRequest, call: Call) -> tuple[ApplicationFilterForm, QuerySet]:
    form = ApplicationFilterForm(request.GET or None)
    applications = queries.applications_of_call(call, request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            applications = applications.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["home"]:
            applications = applications.filter(home=form.cleaned_data["home"])
    return form, applications


def call_applications(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk, "programmes.nominate")
    form, applications = _filtered(request, call)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/dashboard/applications.html",
        {
            "call": call,
            "form": form,
            "applications": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "can_select": request.user.has_perm("programmes.select"),
        },
    )


def _download(call: Call, applications: QuerySet[Application], kind: str, fmt: str) -> HttpResponse:
    title = f"{slugify(call.programme.name)}-{call.cycle}-{kind}"
    data = exports.spreadsheet(call, applications, fmt=fmt, title=kind)
    response = HttpResponse(data, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{title}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def applications_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The application list as filtered on its page, as CSV or XLSX."""
    call = _call(request, pk, "programmes.nominate")
    if fmt not in exports.FORMATS:
        raise Http404
    _form, applications = _filtered(request, call)
    mine = (
        None if is_secretariat(request.user) else institutions_where(request.user, Role.COORDINATOR)
    )
    record_audit(
        "programmes.export.applications",
        actor=request.user,
        obj=call,
        after={"format": fmt, "institutions": sorted(mine) if mine is not None else "all"},
    )
    return _download(call, applications, "applications", fmt)


def awards_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The call's awards (awarded or accepted), as CSV or XLSX, for the Secretariat."""
    call = _call(request, pk, "programmes.select")
    if fmt not in exports.FORMATS:
        raise Http404
    awards = queries.applications_of_call(call, request.user).filter(status__in=HOLDS_AWARD)
    record_audit("programmes.export.awards", actor=request.user, obj=call, after={"format": fmt})
    return _download(call, awards, "awards", fmt)
