"""Expert pages: the profiles a user looks after, one profile, the editor, and the import of
publications from ORCID records."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alliance.core.permissions import check_permission
from alliance.knowledge import queries
from alliance.knowledge.enums import ResearchField
from alliance.knowledge.forms import ExpertForm, PublicationImportForm
from alliance.knowledge.models import ExpertProfile
from alliance.knowledge.services.experts import create_expert, update_expert
from alliance.knowledge.services.orcid_import import MAX_BYTES, import_publications
from alliance.knowledge.views.common import fetch, writable_institutions
from alliance.members.enums import Role
from alliance.members.rules import institutions_where, is_secretariat


def _profile(pk: int) -> ExpertProfile | None:
    return (
        ExpertProfile.objects.select_related("institution")
        .prefetch_related("publication_records")
        .filter(pk=pk)
        .first()
    )


def expert_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_expert")
    user = request.user
    qs = queries.experts_visible_to(user)  # type: ignore[arg-type]
    if not is_secretariat(user):
        qs = qs.filter(Q(institution__in=institutions_where(user, Role.COORDINATOR)))
    return render(request, "knowledge/expert/list.html", {"experts": qs})


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = fetch(request, _profile, pk, "knowledge.view_expert")
    labels = dict(ResearchField.choices)
    return render(
        request,
        "knowledge/expert/detail.html",
        {
            "expert": profile,
            "fields": [labels.get(f, f) for f in profile.fields],
            "see_private": request.user.has_perm("knowledge.view_expert_private", profile),
            "can_change": request.user.has_perm("knowledge.change_expert", profile),
        },
    )


def _save(request: HttpRequest, profile: ExpertProfile | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = ExpertForm(post, institutions=writable_institutions(request.user), profile=profile)
    if post is not None and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if profile is None:
                profile = create_expert(
                    actor=request.user,
                    institution=data.pop("institution"),
                    data=data,  # type: ignore[arg-type]
                )
            else:
                update_expert(profile, actor=request.user, data=data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("knowledge:expert", profile.pk)
    return render(request, "knowledge/expert/edit.html", {"form": form, "expert": profile})


def expert_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_expert")
    return _save(request, None)


def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save(request, fetch(request, _profile, pk, "knowledge.change_expert"))


def publication_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import publications from a CSV of ORCID records: all rows or none."""
    profile = fetch(request, _profile, pk, "knowledge.change_expert")
    form = PublicationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = import_publications(
                profile,
                actor=request.user,  # type: ignore[arg-type]
                data=form.cleaned_data["file"].read(MAX_BYTES + 1),
                orcid=form.cleaned_data["orcid"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(imported)d publications imported, %(skipped)d already there skipped.")
                % {"imported": result.imported, "skipped": result.skipped},
            )
            return redirect("knowledge:expert", profile.pk)
    return render(request, "knowledge/expert/import.html", {"form": form, "expert": profile})
