"""Reading numbers as people type them, in any of the alliance's writing habits.

"12,345" (English), "12.345" (German), "12 345" (French), "12'345" (Swiss), "1,23,456" (Indian
grouping) and "١٢٣٤٥" (Arabic-Indic digits) all mean twelve thousand and so on. Where the
separator could be either a decimal mark or a thousands separator and the language does not
settle it ("1.234" typed in Arabic), the reader refuses to guess and says so: the form then asks.

Pure Python (no Django): the form turns a `NumberError` into a sentence in the user's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Languages whose decimal mark is the point (thousands: comma) or the comma (thousands: point or
# space). A language in neither set leaves "1.234" and "1,234" unclear.
DECIMAL_POINT_LANGUAGES = frozenset(
    {"en", "zh", "ja", "ko", "th", "hi", "ms", "my", "si", "ta", "he", "ur", "bn", "fil", "ne"}
)
DECIMAL_COMMA_LANGUAGES = frozenset(
    {"de", "id", "vi", "tr", "ru", "kk", "uz", "ky", "fr", "es", "it", "pt", "nl", "az", "mn"}
)

_SPACES = frozenset({" ", "\u00a0", "\u202f", "\u2009", "\u2007"})
_APOSTROPHES = frozenset({"'", "\u2019", "\u02bc"})
_ARABIC_DECIMAL = "\u066b"  # ٫
_ARABIC_THOUSANDS = "\u066c"  # ٬
_MINUS = frozenset({"-", "\u2212", "\u2013"})
_SEPARATORS = _SPACES | _APOSTROPHES | {",", ".", _ARABIC_DECIMAL, _ARABIC_THOUSANDS}


@dataclass(frozen=True)
class NumberError(ValueError):
    """Why the text is not a number. kind: "empty", "invalid", "grouping" or "ambiguous".

    For "ambiguous", `as_thousands` and `as_decimal` are the two readings."""

    kind: str
    text: str
    as_thousands: Decimal | None = None
    as_decimal: Decimal | None = None

    def __str__(self) -> str:
        return f"{self.kind}: {self.text!r}"


def language_family(language: str | None) -> str:
    """ "point", "comma" or "" (unclear) for a language code such as "de" or "zh-hans"."""
    base = (language or "").lower().replace("_", "-").split("-")[0]
    if base in DECIMAL_POINT_LANGUAGES:
        return "point"
    if base in DECIMAL_COMMA_LANGUAGES:
        return "comma"
    return ""


def _latin_digits(text: str) -> str:
    """Every decimal digit of any script (Arabic-Indic, Persian, Devanagari, full-width...) as
    0-9; other characters unchanged."""
    out = []
    for char in text:
        if char.isdigit() and not ("0" <= char <= "9"):
            try:
                out.append(str(unicodedata.decimal(char)))
                continue
            except ValueError:
                pass
        out.append(char)
    return "".join(out)


def _valid_grouping(groups: list[str]) -> bool:
    """Thousands groups (1-3 digits, then threes) or Indian lakh groups (1-2 digits, twos, then
    a final three)."""
    if len(groups) < 2 or any(not g.isdigit() for g in groups):
        return False
    head, middle, last = groups[0], groups[1:-1], groups[-1]
    if len(last) != 3 or not 1 <= len(head) <= 3:
        return False
    if all(len(g) == 3 for g in middle):
        return True
    return len(head) <= 2 and all(len(g) == 2 for g in middle)


def _tokens(body: str) -> tuple[list[str], list[str]]:
    """Split into digit runs and the separators between them."""
    parts = re.split(r"([^0-9])", body)
    groups = parts[0::2]
    seps = [" " if s in _SPACES else ("'" if s in _APOSTROPHES else s) for s in parts[1::2]]
    return groups, seps


def _compose(groups: list[str], decimal_at: int | None) -> Decimal:
    """The number whose integer digits are groups[:decimal_at] and fraction digits the rest."""
    if decimal_at is None:
        return Decimal("".join(groups))
    whole = "".join(groups[:decimal_at]) or "0"
    return Decimal(f"{whole}.{''.join(groups[decimal_at:])}")


def parse_number(text: str, language: str | None = None) -> Decimal:
    """The number `text` means, read with the conventions of `language` where they matter.

    Raises NumberError: "empty" for nothing typed, "invalid" for anything but digits, separators
    and a leading minus, "grouping" for thousands separators in the wrong places, "ambiguous"
    when one separator followed by exactly three digits could be either mark and the language
    does not say which."""
    stripped = _latin_digits(text.strip())
    if not stripped:
        raise NumberError("empty", text)
    negative = stripped[0] in _MINUS
    if negative or stripped[0] == "+":
        stripped = stripped[1:].lstrip()
    if not stripped or any(not ("0" <= c <= "9" or c in _SEPARATORS) for c in stripped):
        raise NumberError("invalid", text)
    groups, seps = _tokens(stripped)
    if any(g == "" for g in groups[1:]) or (groups[0] == "" and len(seps) != 1):
        raise NumberError("invalid", text)
    result = _read(groups, seps, text, language_family(language))
    return -result if negative else result


def _read(groups: list[str], seps: list[str], text: str, family: str) -> Decimal:
    if not seps:
        return Decimal(groups[0])
    if groups[0] == "":  # ".5" or ",5"
        if seps[0] in (".", ",", _ARABIC_DECIMAL):
            return _compose(groups, 1)
        raise NumberError("invalid", text)
    last = seps[-1]
    decimal_marks = {".", ",", _ARABIC_DECIMAL}
    if last == _ARABIC_DECIMAL or (
        last in decimal_marks and seps.count(last) == 1 and len(set(seps)) > 1
    ):
        return _grouped_with_fraction(groups, seps, text)
    if len(set(seps)) > 1:
        raise NumberError("grouping", text)
    # One kind of separator only.
    if last not in decimal_marks or len(seps) > 1:
        if not _valid_grouping(groups):
            raise NumberError("grouping", text)
        return _compose(groups, None)
    # A single "." or ",".
    if len(groups[1]) != 3 or groups[0] == "0" or len(groups[0]) > 3:
        return _compose(groups, 1)
    own_decimal = {"point": ".", "comma": ","}.get(family)
    if own_decimal is None:
        raise NumberError("ambiguous", text, _compose(groups, None), _compose(groups, 1))
    return _compose(groups, 1) if last == own_decimal else _compose(groups, None)


def _grouped_with_fraction(groups: list[str], seps: list[str], text: str) -> Decimal:
    """Grouped integer part, then one decimal mark: "1.234,5", "1,234.5", "12 345,67"."""
    grouping = set(seps[:-1])
    if len(grouping) > 1 or (grouping and grouping == {seps[-1]}):
        raise NumberError("grouping", text)
    if seps[:-1] and not _valid_grouping(groups[:-1]):
        raise NumberError("grouping", text)
    try:
        return _compose(groups, len(groups) - 1)
    except InvalidOperation:  # pragma: no cover - digits only by construction
        raise NumberError("invalid", text) from None
