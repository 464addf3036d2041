"""How institution names are matched: any name, in any script, ignoring case and width."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """NFKC-normalised, case-folded, whitespace collapsed: 'ＮＵＳ  ' and 'nus' fold alike."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def search_text_of(names: Iterable[str]) -> str:
    """One line per distinct folded name, so a query never matches across two names."""
    seen: dict[str, None] = {}
    for name in names:
        folded = fold(name)
        if folded:
            seen.setdefault(folded, None)
    return "\n".join(seen)
