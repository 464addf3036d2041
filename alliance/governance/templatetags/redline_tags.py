"""The redline in templates: ``{{ old|redline:new }}`` or ``{{ segments|redline_segments }}``.
Deleted words are shown in ``<del>``, inserted ones in ``<ins>``; each carries words for screen
readers (which do not announce the two elements), hidden from sight."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from alliance.governance import redline

register = template.Library()


def _segment(segment: redline.Segment) -> SafeString:
    if segment.op == redline.INSERT:
        return format_html(
            '<ins><span class="visually-hidden">{} </span>{}<span class="visually-hidden"> {}'
            "</span></ins>",
            _("[inserted:"),
            segment.text,
            _("end of insertion]"),
        )
    if segment.op == redline.DELETE:
        return format_html(
            '<del><span class="visually-hidden">{} </span>{}<span class="visually-hidden"> {}'
            "</span></del>",
            _("[deleted:"),
            segment.text,
            _("end of deletion]"),
        )
    return format_html("{}", segment.text)


@register.filter
def redline_segments(segments: list[redline.Segment]) -> SafeString:
    """The segments as HTML, inside a ``span.redline`` (white space kept by the stylesheet)."""
    inner = format_html_join("", "{}", ((_segment(s),) for s in segments))
    return format_html('<span class="redline">{}</span>', inner)


@register.filter
def redline_of(old: str, new: str) -> SafeString:
    """``{{ old|redline_of:new }}``: the redline from ``old`` to ``new``."""
    return redline_segments(redline.diff(str(old or ""), str(new or "")))
