"""Template filters for search results: the object behind a hit, and its page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

_PAGES = {
    "knowledge.achievement": "knowledge:achievement",
    "knowledge.expertprofile": "knowledge:expert",
    "knowledge.challenge": "knowledge:challenge",
    "knowledge.sharedcourse": "knowledge:course",
}


@register.filter
def for_hit(objects: dict[tuple[str, int], Any], hit: Any) -> Any:
    return objects.get((hit.entry.kind, hit.entry.object_id))


@register.filter
def knowledge_url(obj: Any) -> str:
    return reverse(_PAGES[obj._meta.label_lower], args=[obj.pk])
