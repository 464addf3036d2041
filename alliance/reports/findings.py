"""The sentences a coordinator reads for a number that could not be read (numbers.py) or a
check that did not pass (checks.py): each says what is wrong and what to do next."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from alliance.reports.checks import Finding
from alliance.reports.handbook import by_code
from alliance.reports.numbers import NumberError


def _n(value: object) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True) if value is not None else ""  # type: ignore[arg-type]


def number_error_message(error: NumberError) -> str:
    """What to tell someone whose typing could not be read as a number."""
    if error.kind == "empty":
        return _("Type a number, or choose “withheld” or “not available”.")
    if error.kind == "grouping":
        return _(
            "“%(typed)s” has thousands separators in unexpected places. Type the number with no "
            "separators, for example 12345."
        ) % {"typed": error.text}
    if error.kind == "ambiguous":
        return _(
            "Did you mean %(thousands)s (a whole number with a thousands separator) or "
            "%(decimal)s (a number with a decimal part)? Please type it again without thousands "
            "separators: %(plain)s for the first."
        ) % {
            "thousands": _n(error.as_thousands),
            "decimal": str(error.as_decimal),
            "plain": str(error.as_thousands),
        }
    return _(
        "“%(typed)s” is not a number. Use digits only, optionally with thousands separators and "
        "a decimal mark, for example 12,345 or 12345.5."
    ) % {"typed": error.text}


def finding_message(finding: Finding) -> str:
    """One check's finding as a sentence for the field it is shown next to."""
    p = finding.params
    if finding.rule == "required":
        return _("Give a value, or choose “withheld” or “not available”.")
    if finding.rule == "negative":
        return _("A count cannot be negative. Type the number without a minus sign.")
    if finding.rule == "whole":
        return _("%(value)s is not a whole number; this indicator counts whole units.") % {
            "value": p["value"]
        }
    if finding.rule == "percent":
        return _("A share cannot exceed 100%%; %(value)s was given.") % {"value": p["value"]}
    if finding.rule == "range":
        return _(
            "%(value)s is more than %(maximum)s, which no member reaches. Check the digits."
        ) % {
            "value": _n(p["value"]),
            "maximum": _n(p["maximum"]),
        }
    if finding.rule == "at_most":
        return _("%(value)s is more than %(whole_name)s (%(whole)s), which includes it.") % {
            "value": _n(p["value"]),
            "whole": _n(p["whole"]),
            "whole_name": _whole_name(finding.code),
        }
    if finding.rule == "sum":
        return _(
            "Bachelor, master and doctoral students add up to %(sum)s, but the total is "
            "%(value)s. Correct the parts or the total."
        ) % {"sum": _n(p["sum"]), "value": _n(p["value"])}
    if finding.rule == "change":
        if p.get("percent") is None:
            return _("Last year's value was %(old)s; please explain the change in the comment.") % {
                "old": _n(p["old"])
            }
        return _(
            "This is %(percent)s%% different from last year's %(old)s. If it is right, say why "
            "in the comment."
        ) % {"percent": p["percent"], "old": _n(p["old"])}
    return finding.rule  # pragma: no cover - every rule is worded above


def _whole_name(code: str) -> str:
    whole = {"STU_INTL_IN": "STU_TOTAL", "STAFF_FTE": "STAFF_HEADCOUNT"}.get(code, code)
    return str(by_code(whole).name)
