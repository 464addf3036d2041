"""Charts of the annual report: specified once as a small dataclass, drawn as inline SVG by this
module, and the same SVG goes into the web edition and the PDF (WeasyPrint draws inline SVG).

Pure: no Django. Bars run horizontally so that long institution and country names stay
readable in any script; text uses the Noto font stack so that every script renders. Every
chart also gives its numbers as a plain table (``data_table``) for readers who cannot see it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

# The same families as the award letter (alliance/programmes/pdf.py): Latin, CJK, Arabic,
# Thai, Devanagari, Burmese, Sinhala.
FONT_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Thai",
    "Noto Sans Devanagari",
    "Noto Sans Myanmar",
    "Noto Sans Sinhala",
)
FONT_STACK = ", ".join(f"'{family}'" for family in FONT_FAMILIES) + ", sans-serif"

# Okabe and Ito's palette: told apart by readers with any common colour vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KINDS = ("bar", "line", "stacked")

WIDTH = 640
LABEL_WIDTH = 210
BAR_HEIGHT = 14
ROW_GAP = 6
LINE_HEIGHT = 280
MAX_LABEL = 34
VALUE_LABELS_UP_TO = 30  # bars beyond this carry no printed value


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per category (None: no figure)."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart as the report specifies it.

    ``kind``: "bar" (horizontal bars, one group per category), "stacked" (horizontal bars,
    the series stacked) or "line" (categories along the x axis, usually years). ``unit`` is a
    handbook unit ("count", "percent", "fte", "usd", "ratio") and formats the numbers."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_label: str = ""
    y_label: str = ""
    unit: str = "count"
    source_note: str = ""
    ident: str = field(default="chart")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown chart kind {self.kind!r}; use one of {', '.join(KINDS)}.")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"Series {series.name!r} has {len(series.values)} values for "
                    f"{len(self.categories)} categories."
                )


def format_value(value: float | None, unit: str) -> str:
    """A number as the report prints it: thousands separated, percentages with one decimal."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:,.1f}%"
    if unit == "ratio":
        return f"{value:,.2f}"
    if unit == "usd":
        return f"${value:,.0f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into about ``ticks``."""
    if span <= 1e-300:  # nothing (or too little) to divide
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def axis_ticks(low: float, high: float) -> list[float]:
    """Tick values, a round step apart, from at or below ``low`` (and zero) to at or above
    ``high`` (and zero)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 1e-300:  # nothing to scale (or too small a span to divide): one unit
        high = low + 1
    step = nice_step(high - low)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [i * step for i in range(first, max(last, first + 1) + 1)]


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int = 10, **attrs: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(content)}</text>"
    )


def _legend(series: Sequence[Series], y: float) -> tuple[list[str], float]:
    """Coloured keys for several series, wrapped over lines; returns the parts and the height."""
    if len(series) < 2:
        return [], 0.0
    parts, x, line = [], 0.0, 0
    for i, s in enumerate(series):
        width = 22 + 6.5 * min(len(s.name), 40)
        if x + width > WIDTH and x > 0:
            x, line = 0.0, line + 1
        top = y + line * 16
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(_text(x + 14, top + 9, _short(s.name)))
        x += width
    return parts, (line + 1) * 16 + 4


def _svg(chart: Chart, height: float, body: list[str]) -> str:
    title_id = f"{chart.ident}-title"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{escape(title_id)}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" font-family="{FONT_STACK}" fill="#1d1d24">'
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>' + "".join(body) + "</svg>"
    )


def _bars(chart: Chart) -> str:
    stacked = chart.kind == "stacked"
    groups = len(chart.series) if not stacked else 1
    row = groups * BAR_HEIGHT + ROW_GAP
    legend, legend_height = _legend(chart.series, 0)
    top = legend_height + 4
    totals = [
        sum(v or 0 for v in values) if stacked else max((v or 0 for v in values), default=0)
        for values in zip(*(s.values for s in chart.series), strict=True)
    ] or [0.0]
    lows = [
        min((v or 0 for v in values), default=0)
        for values in zip(*(s.values for s in chart.series), strict=True)
    ]
    ticks = axis_ticks(min(lows, default=0), max(totals))
    low, high = ticks[0], ticks[-1]
    plot_left, plot_width = LABEL_WIDTH, WIDTH - LABEL_WIDTH - 60

    def x_of(value: float) -> float:
        return plot_left + (value - low) / (high - low) * plot_width

    body = list(legend)
    plot_height = row * len(chart.categories)
    # Long charts leave the numbers to the axis and the data table: fewer texts to draw.
    labelled = len(chart.categories) * len(chart.series) <= VALUE_LABELS_UP_TO
    for tick in ticks:
        x = x_of(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{top + plot_height:.1f}" '
            f'stroke="#d8d8de" stroke-width="0.6"/>'
        )
        body.append(
            _text(
                x, top + plot_height + 12, format_value(tick, chart.unit), anchor="middle", size=9
            )
        )
    for c, category in enumerate(chart.categories):
        y = top + c * row
        body.append(
            _text(plot_left - 6, y + groups * BAR_HEIGHT / 2 + 4, _short(category), anchor="end")
        )
        start = 0.0
        for s, series in enumerate(chart.series):
            value = series.values[c]
            if value is None:
                continue
            colour = PALETTE[s % len(PALETTE)]
            if stacked:
                x0, x1 = x_of(start), x_of(start + value)
                start += value
                bar_y = y
            else:
                x0, x1 = x_of(min(0, value)), x_of(max(0, value))
                bar_y = y + s * BAR_HEIGHT
            body.append(
                f'<rect x="{x0:.1f}" y="{bar_y:.1f}" width="{max(x1 - x0, 0.5):.1f}" '
                f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
            )
            if not stacked and labelled:
                body.append(
                    _text(x1 + 3, bar_y + BAR_HEIGHT - 4, format_value(value, chart.unit), size=9)
                )
        if stacked:
            body.append(
                _text(x_of(start) + 3, y + BAR_HEIGHT - 4, format_value(start, chart.unit), size=9)
            )
    height = top + plot_height + 18
    if chart.x_label:
        body.append(
            _text(plot_left + plot_width / 2, height + 4, chart.x_label, anchor="middle", size=9)
        )
        height += 10
    return _svg(chart, height + 4, body)


def _line(chart: Chart) -> str:
    legend, legend_height = _legend(chart.series, 0)
    top = legend_height + 6
    values = [v for s in chart.series for v in s.values if v is not None]
    ticks = axis_ticks(min(values, default=0), max(values, default=1))
    low, high = ticks[0], ticks[-1]
    plot_left, plot_width = 60, WIDTH - 80
    plot_height = LINE_HEIGHT - 40
    count = max(len(chart.categories) - 1, 1)

    def x_of(i: int) -> float:
        return plot_left + i / count * plot_width

    def y_of(value: float) -> float:
        return top + plot_height - (value - low) / (high - low) * plot_height

    body = list(legend)
    for tick in ticks:
        y = y_of(tick)
        body.append(
            f'<line x1="{plot_left}" y1="{y:.1f}" x2="{plot_left + plot_width}" y2="{y:.1f}" '
            f'stroke="#d8d8de" stroke-width="0.6"/>'
        )
        body.append(
            _text(plot_left - 4, y + 3, format_value(tick, chart.unit), anchor="end", size=9)
        )
    # At most about twelve labels, evenly spaced back from the last (the latest year).
    every = max(1, math.ceil(len(chart.categories) / 12))
    last = len(chart.categories) - 1
    for i, category in enumerate(chart.categories):
        if (last - i) % every == 0:
            body.append(_text(x_of(i), top + plot_height + 13, category, anchor="middle", size=9))
    for s, series in enumerate(chart.series):
        colour = PALETTE[s % len(PALETTE)]
        runs: list[list[str]] = [[]]
        for i, value in enumerate(series.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x_of(i):.1f},{y_of(value):.1f}")
        for points in runs:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="1.8"/>'
                )
            elif points:
                cx, cy = points[0].split(",")
                body.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
    height = top + plot_height + 20
    if chart.y_label:
        body.append(_text(0, top - 6 if top > 6 else 8, chart.y_label, size=9))
    if chart.x_label:
        body.append(
            _text(plot_left + plot_width / 2, height + 6, chart.x_label, anchor="middle", size=9)
        )
        height += 12
    return _svg(chart, height + 4, body)


def render_svg(chart: Chart) -> str:
    """The chart as one ``<svg>`` element, ready to be placed inline in HTML."""
    if not chart.categories or not chart.series:
        return _svg(chart, 30, [_text(0, 20, "–")])
    if chart.kind == "line":
        return _line(chart)
    return _bars(chart)


def data_table(chart: Chart) -> tuple[list[str], list[list[str]]]:
    """The chart's numbers as a table: a header row and one row per category."""
    header = [chart.x_label or "", *(s.name for s in chart.series)]
    rows = [
        [category, *(format_value(s.values[i], chart.unit) for s in chart.series)]
        for i, category in enumerate(chart.categories)
    ]
    return header, rows
