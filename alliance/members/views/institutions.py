from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from alliance.core.forms import add_service_errors
from alliance.core.permissions import check_permission
from alliance.members import queries
from alliance.members.forms import (
    DirectoryFilterForm,
    ImportForm,
    InstitutionForm,
    InstitutionNameFormSet,
    MembershipEventForm,
)
from alliance.members.models import Institution
from alliance.members.services.imports import ImportRejected, import_ror_file
from alliance.members.services.institutions import update_institution
from alliance.members.services.memberships import record_membership_event


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None, country_codes=queries.countries_in_use())
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = queries.DirectoryFilter(**{k: v for k, v in data.items() if v})
    page = Paginator(queries.directory(filters), 50).get_page(request.GET.get("page"))
    template = (
        "members/institution/directory_results.html"
        if request.htmx
        else "members/institution/directory.html"
    )
    response = render(request, template, {"form": form, "page": page, "filters": filters})
    patch_vary_headers(response, ["HX-Request"])  # the same address answers two shapes
    return response


def _institution_or_404(slug: str) -> Institution:
    try:
        return queries.institution_for_page(slug)
    except Institution.DoesNotExist:
        raise Http404 from None


def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(slug)
    return render(
        request,
        "members/institution/detail.html",
        {
            "institution": institution,
            "can_edit": request.user.has_perm("members.change_institution", institution),
            "can_record": request.user.has_perm("members.record_membership", institution),
            "can_see_contacts": request.user.has_perm("members.view_contacts"),
        },
    )


def institution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(slug)
    check_permission(request, "members.change_institution", institution)
    initial_names = [{"language": n.language, "name": n.name} for n in institution.names.all()]
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=institution)
    names = InstitutionNameFormSet(request.POST or None, initial=initial_names, prefix="names")
    if request.method == "POST" and form.is_valid() and names.is_valid():
        pairs = [
            (f.cleaned_data["language"], f.cleaned_data["name"])
            for f in names
            if f.cleaned_data.get("name")
        ]
        update_institution(
            institution, actor=request.user, data=form.changed_data_for_service(), names=pairs
        )
        messages.success(request, _("Saved. The changes are on the institution's page."))
        return redirect(institution)
    return render(
        request,
        "members/institution/edit.html",
        {"institution": institution, "form": form, "names": names},
    )


def membership_record(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(slug)
    check_permission(request, "members.record_membership", institution)
    form = MembershipEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_membership_event(institution, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The step is recorded in the membership history."))
            return redirect(institution)
    return render(
        request, "members/institution/membership.html", {"institution": institution, "form": form}
    )


def institutions_import(request: HttpRequest) -> HttpResponse:
    check_permission(request, "members.import_institutions")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_ror_file(
                upload.read(),
                actor=request.user,
                max_bytes=settings.IMPORT_MAX_BYTES,
                source=upload.name,
            )
        except ImportRejected as exc:
            errors = [str(e) for e in exc.errors]
    return render(
        request,
        "members/institution/import.html",
        {"form": form, "errors": errors, "result": result},
    )
