"""Page links that keep the filters the reader chose."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: dict[str, Any], number: int) -> str:
    """'?country=JP&page=3': the current query string with only the page number changed."""
    query = context["request"].GET.copy()
    query.pop("org.htmx.cache-buster", None)  # htmx's own, not a filter
    query["page"] = str(number)
    return "?" + query.urlencode()
