"""Small server-side SVG charts: geometry here, markup in ``templates/_chart.html``.

Charts must read without JavaScript and ship no library, so the server computes every
coordinate and the template writes plain SVG elements. Keeping the markup in a Jinja template
(rather than building SVG strings here) means labels — actor names, dates — go through the
same autoescaping as every other piece of data; nothing is marked safe by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

# Series colours are CSS classes (style-src 'self' forbids inline styles): s0, s1, ...
MAX_SERIES_CLASSES = 6
MAX_BAR_WIDTH = 28
LABEL_CHAR_WIDTH = 6.6  # SVG units per character of an 11px tick label (generous)
LABEL_PAD = 10.0
MAX_DOTS = 45  # beyond this many points a line is drawn without its dots


@dataclass
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the outermost x labels hug the plot's edges


@dataclass
class Point:
    x: float
    y: float
    title: str  # native SVG tooltip: "2022-02-14: 3"


@dataclass
class Line:
    name: str
    css: str
    points: list[Point]
    dots: bool = True

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    title: str
    css: str = "s0"


@dataclass
class Chart:
    """Everything the SVG template needs; coordinates in SVG user units."""

    width: int
    height: int
    title: str
    desc: str
    left: float
    top: float
    right: float
    bottom: float
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    y_label: str = ""
    zero: float | None = None  # y of the zero line when the range crosses zero
    empty: bool = False


def nice_ticks(lo: float, hi: float, count: int = 5, integer: bool = False) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart);
    ``integer`` keeps steps whole for counts."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if integer:
        step = max(1, math.ceil(step))
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.1f}"


def _x_positions(labels: list[str], left: float, right: float) -> list[float]:
    """Dates are placed in proportion to time (gaps show as gaps); other labels evenly."""
    n = len(labels)
    if n == 1:
        return [(left + right) / 2]
    try:
        days = [date.fromisoformat(x).toordinal() for x in labels]
    except ValueError:
        days = []
    if days and max(days) > min(days):
        lo, span = min(days), max(days) - min(days)
        return [left + (right - left) * (d - lo) / span for d in days]
    return [left + (right - left) * i / (n - 1) for i in range(n)]


def _label_span(tick: Tick) -> tuple[float, float]:
    width = LABEL_CHAR_WIDTH * len(tick.label)
    if tick.anchor == "start":
        return tick.pos, tick.pos + width
    if tick.anchor == "end":
        return tick.pos - width, tick.pos
    return tick.pos - width / 2, tick.pos + width / 2


def _x_ticks(labels: list[str], xs: list[float]) -> list[Tick]:
    """As many labels as fit without overlapping (first and last always shown, hugging the
    plot's edges), estimated from their length in characters."""
    if not labels:
        return []
    ticks = [Tick(x, label) for x, label in zip(xs, labels, strict=True)]
    if len(ticks) == 1:
        return ticks
    ticks[0].anchor, ticks[-1].anchor = "start", "end"
    last_span = _label_span(ticks[-1])
    kept = [ticks[0]]
    for t in ticks[1:-1]:
        lo, hi = _label_span(t)
        if lo >= _label_span(kept[-1])[1] + LABEL_PAD and hi + LABEL_PAD <= last_span[0]:
            kept.append(t)
    if len(kept) > 1 or _label_span(kept[0])[1] + LABEL_PAD <= last_span[0]:
        kept.append(ticks[-1])
    return kept


def _frame(width: int, height: int, title: str, desc: str, y_label: str) -> Chart:
    return Chart(width=width, height=height, title=title, desc=desc, left=44, top=14,
                 right=width - 12, bottom=height - 30, y_label=y_label)


def line_chart(labels: list[str], series: dict[str, list[float]], *, title: str,
               width: int = 640, height: int = 220, y_label: str = "",
               y_min: float | None = None, y_max: float | None = None,
               integer: bool = False) -> Chart:
    """One line per series over shared x labels (usually days); ``integer`` for counts."""
    desc = f"{title}: " + "; ".join(
        f"{name} from {_fmt(min(vals))} to {_fmt(max(vals))}" for name, vals in series.items()
        if vals) if labels else f"{title}: no data"
    chart = _frame(width, height, title, desc, y_label)
    values = [v for vals in series.values() for v in vals]
    if not labels or not values:
        chart.empty = True
        return chart
    lo = min(values) if y_min is None else y_min
    hi = max(values) if y_max is None else y_max
    if y_min is None:
        lo = min(lo, 0.0)
    ticks = nice_ticks(lo, hi, integer=integer)
    lo, hi = ticks[0], ticks[-1]
    n = len(labels)
    xs = _x_positions(labels, chart.left, chart.right)

    def y_of(v: float) -> float:
        return chart.bottom - (v - lo) / (hi - lo) * (chart.bottom - chart.top)

    chart.y_ticks = [Tick(y_of(t), _fmt(t)) for t in ticks]
    chart.x_ticks = _x_ticks(labels, xs)
    if lo < 0 < hi:
        chart.zero = y_of(0)
    for k, (name, vals) in enumerate(series.items()):
        pts = [Point(xs[i], y_of(v), f"{labels[i]}: {name} {_fmt(v)}")
               for i, v in enumerate(vals[:n])]
        chart.lines.append(Line(name=name, css=f"s{k % MAX_SERIES_CLASSES}", points=pts,
                                dots=len(pts) <= MAX_DOTS))
    return chart


def bar_chart(items: list[tuple[str, float]], *, title: str, width: int = 640,
              height: int = 200, y_label: str = "") -> Chart:
    """Vertical bars, one per labelled value (e.g. stories per day)."""
    desc = f"{title}: " + ", ".join(f"{k} {_fmt(v)}" for k, v in items[:40]) if items \
        else f"{title}: no data"
    chart = _frame(width, height, title, desc, y_label)
    if not items:
        chart.empty = True
        return chart
    ticks = nice_ticks(0, max(v for _, v in items) or 1, count=4, integer=True)
    hi = ticks[-1]
    slot = (chart.right - chart.left) / len(items)
    w = max(min(slot * 0.75, MAX_BAR_WIDTH), 1)  # a few days must not make slabs
    xs = []
    for i, (label, v) in enumerate(items):
        centre = chart.left + (i + 0.5) * slot
        h = (v / hi) * (chart.bottom - chart.top)
        chart.bars.append(Bar(x=centre - w / 2, y=chart.bottom - h, w=w, h=h,
                              title=f"{label}: {_fmt(v)}"))
        xs.append(centre)
    chart.y_ticks = [Tick(chart.bottom - t / hi * (chart.bottom - chart.top), _fmt(t))
                     for t in ticks]
    chart.x_ticks = _x_ticks([k for k, _ in items], xs)
    return chart
