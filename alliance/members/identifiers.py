"""Identifiers of institutions: ROR (https://ror.org/03cve4549) and Wikidata (Q16955)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Crockford base32 without I, L, O, U; a ROR id is "0", six characters, two check digits.
_ROR_PATTERN = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]{0,11}$")


def ror_checksum(body: str) -> int:
    """ISO 7064 Mod 97-10 check digits of the base32 number (ROR's own scheme)."""
    number = 0
    for char in body:
        number = number * 32 + _CROCKFORD.index(char)
    return 98 - ((number * 100) % 97)


def normalise_ror_id(value: str) -> str:
    """'https://ror.org/03CVE4549 ' -> '03cve4549' (not yet validated)."""
    text = value.strip().lower()
    for prefix in ("https://ror.org/", "http://ror.org/", "ror.org/"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def is_valid_ror_id(value: str) -> bool:
    if not _ROR_PATTERN.match(value):
        return False
    return ror_checksum(value[:7]) == int(value[7:])


def validate_ror_id(value: str) -> None:
    if not is_valid_ror_id(value):
        raise ValidationError(
            _(
                "%(value)s is not a ROR id: expected nine characters such as 03cve4549, with valid check digits."
            ),
            code="invalid_ror",
            params={"value": value},
        )


def validate_wikidata_id(value: str) -> None:
    if value and not _WIKIDATA_PATTERN.match(value):
        raise ValidationError(
            _("%(value)s is not a Wikidata id: expected Q followed by digits, such as Q16955."),
            code="invalid_wikidata",
            params={"value": value},
        )
