"""Showing the collection's figures: a value with the page language's digit grouping, or the
explicit answer given instead of a value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from alliance.reports.enums import ValueState

register = template.Library()


@register.filter
def figure(value: Decimal | float | None) -> str:
    """12345.00 -> "12,345" (in English); decimals kept where there are any."""
    if value is None:
        return ""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


@register.filter
def answer(entry: Any) -> str:
    """An entry as read: its value, or "Withheld", "Not available", "Not answered yet"."""
    if entry is None:
        return ""
    if entry.state == ValueState.VALUE:
        return figure(entry.value)
    return str(ValueState(entry.state).label)
