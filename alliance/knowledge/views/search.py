"""The one search across achievements, experts and challenges, answering as one types."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from alliance.core.permissions import check_permission
from alliance.knowledge import retrieval
from alliance.knowledge.embeddings import embedder
from alliance.knowledge.forms import SearchForm


def search(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.view_knowledge")
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = retrieval.SearchFilter(
        q=data.get("q") or "",
        kinds=(data["kind"],) if data.get("kind") else (),
        field=data.get("field") or "",
        institution=data["institution"].pk if data.get("institution") else None,
        min_trl=data.get("min_trl"),
    )
    hits = retrieval.search(filters)
    template = "knowledge/search/results.html" if request.htmx else "knowledge/search/page.html"
    response = render(
        request,
        template,
        {
            "form": form,
            "hits": hits,
            "objects": retrieval.objects_of(hits),
            "query": filters.q,
            "dense": embedder() is not None,
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
