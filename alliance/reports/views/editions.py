"""Pages of the report's editions: the list, the web edition at its permanent address, its PDF
and open data; for the Secretariat, the edition's desk (summary, build and its progress,
publishing). Unpublished editions answer 404 to everyone but the Secretariat."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.reports import queries, queries_editions
from alliance.reports.forms_editions import EditionOpenForm, SummaryForm
from alliance.reports.models import Edition
from alliance.reports.publication.build import BODY, pdf_name
from alliance.reports.services.editions import (
    open_edition,
    publish_edition,
    start_build,
    update_summary,
)


def _visible(request: HttpRequest, year: int) -> Edition:
    edition = queries_editions.edition_for_page(year, request.user)
    if edition is None:
        raise Http404
    return edition


def _managed(request: HttpRequest, year: int) -> Edition:
    check_permission(request, "reports.manage_editions")
    edition = Edition.objects.filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def edition_list(request: HttpRequest) -> HttpResponse:
    can_manage = request.user.has_perm("reports.manage_editions")
    form = EditionOpenForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        check_permission(request, "reports.manage_editions")
        if form is not None and form.is_valid():
            try:
                edition = open_edition(actor=request.user, year=form.cleaned_data["year"])  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("reports:edition_manage", edition.year)
    editions = queries_editions.editions_visible_to(request.user)
    return render(
        request,
        "reports/edition/index.html",
        {"editions": editions, "form": form, "can_manage": can_manage},
    )


def edition_page(request: HttpRequest, year: int) -> HttpResponse:
    edition = _visible(request, year)
    body = queries_editions.edition_file(edition, BODY)
    return render(
        request,
        "reports/edition/page.html",
        {
            "edition": edition,
            "body": mark_safe(body.decode("utf-8")) if body else "",  # noqa: S308 - our own build
            "corrections": (
                queries.corrections(year, since=edition.published_at) if edition.is_public else []
            ),
            "pdf_name": pdf_name(year),
            "can_manage": request.user.has_perm("reports.manage_editions"),
        },
    )


def _file_response(data: bytes, name: str, *, download: bool = False) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type == "application/json":
        content_type += "; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{name}"'
    return response


def edition_pdf(request: HttpRequest, year: int) -> HttpResponse:
    edition = _visible(request, year)
    data = queries_editions.edition_file(edition, pdf_name(year))
    if data is None:
        raise Http404
    return _file_response(data, pdf_name(year))


def edition_data(request: HttpRequest, year: int) -> HttpResponse:
    edition = _visible(request, year)
    return render(
        request,
        "reports/edition/data.html",
        {"edition": edition, "names": queries_editions.open_data_names(edition)},
    )


def edition_data_file(request: HttpRequest, year: int, name: str) -> HttpResponse:
    edition = _visible(request, year)
    data = queries_editions.edition_file(edition, f"data/{name}")
    if data is None:
        raise Http404
    return _file_response(data, name, download=name.endswith(".csv"))


def edition_manage(request: HttpRequest, year: int) -> HttpResponse:
    edition = _managed(request, year)
    form = SummaryForm(request.POST or None, initial={"summary": edition.summary})
    if request.method == "POST" and form.is_valid():
        update_summary(edition, actor=request.user, summary=form.cleaned_data["summary"])  # type: ignore[arg-type]
        messages.success(request, _("Summary saved. Build the edition again to include it."))
        return redirect("reports:edition_manage", year)
    return render(request, "reports/edition/manage.html", {"edition": edition, "form": form})


@require_POST
def edition_build(request: HttpRequest, year: int) -> HttpResponse:
    edition = _managed(request, year)
    try:
        start_build(edition, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("reports:edition_manage", year)


def edition_progress(request: HttpRequest, year: int) -> HttpResponse:
    edition = _managed(request, year)
    response = render(request, "reports/edition/_progress.html", {"edition": edition})
    if request.headers.get("HX-Request") and not edition.is_building:
        response["HX-Refresh"] = "true"  # the build ended: show the desk with its outcome
    return response


@require_POST
def edition_publish(request: HttpRequest, year: int) -> HttpResponse:
    edition = _managed(request, year)
    try:
        publish_edition(edition, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:edition_manage", year)
    messages.success(request, _("Published: the edition is public at its permanent address."))
    return redirect("reports:edition", year)
