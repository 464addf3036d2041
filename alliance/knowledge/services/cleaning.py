"""What every knowledge service does to the lists and texts it is given."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

MAX_ITEMS = 30
MAX_ITEM_CHARS = 300


def clean_list(values: Iterable[str] | str | None, *, limit: int = MAX_ITEMS) -> list[str]:
    """Items trimmed, blank and repeated ones dropped (ignoring case), at most ``limit``. A
    string is split on lines, commas and the ideographic comma (、，)."""
    if values is None:
        return []
    if isinstance(values, str):
        for sep in ("\r", ",", "，", "、", ";", "；"):
            values = values.replace(sep, "\n")
        values = values.split("\n")
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())[:MAX_ITEM_CHARS]
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())[:limit]


def require(problems: dict[str, list[str]], name: str, value: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        problems.setdefault(name, []).append(_("This field is required."))
    elif len(text) > limit:
        problems.setdefault(name, []).append(
            _("Keep this under %(limit)d characters.") % {"limit": limit}
        )
    return text
