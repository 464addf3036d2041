"""{{ event.title|pick }}: the text in the reader's language (see alliance.core.multilingual)."""

from __future__ import annotations

from django import template

from alliance.core.multilingual import Texts
from alliance.core.multilingual import pick as pick_text

register = template.Library()


@register.filter
def pick(texts: Texts | None, language: str | None = None) -> str:
    return pick_text(texts, language)
