"""ChartSpec + indicators -> inline SVG, in one house style (matplotlib).

Imported only when charts are drawn: matplotlib costs most of a second to load.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import re
import signal
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("svg")  # no GUI backend, ever

from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from briefgen.model import SCALES, ChartItem, ChartSpec, Indicator  # noqa: E402
from briefgen.numbers import (  # noqa: E402
    QUALIFIER_MARKS,
    axis_label,
    chart_scale,
    format_short,
)

WIDTH = 6.3  # inches: the A4 text column
PNG_DPI = 176  # 6.3 in x 176 = 1,109 px: twice the email's 552 px image width
INK, MUTED, GRID = "#1f2933", "#5f6b76", "#d9dee3"
PALETTE = ("#0f5c63", "#d98e04", "#6b7a89", "#a23b5a")

HOUSE_STYLE = {
    "font.family": "Briefgen Sans",
    "text.parse_math": False,  # "$5bn to $10bn" is text, not mathematics
    "font.size": 8.5,
    "text.color": INK,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": GRID,
    "axes.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Text stays text: selectable, searchable, read by screen readers, and cheap for
    # WeasyPrint to lay out (painting glyph outlines was a fifth of a PDF render). The
    # page and the PDF both carry the fonts matplotlib measured it with.
    "svg.fonttype": "none",
    "svg.image_inline": True,
    "hatch.color": "white",
    "hatch.linewidth": 1.2,
}


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar or point, in the chart's display scale."""

    label: str
    low: float
    high: float | None  # a range's high end
    is_forecast: bool
    text: str  # the value label: "$29bn", "~$290bn", "$55–60bn"
    year: float | None = None  # where a line chart puts it in time


@dataclass(frozen=True, slots=True)
class Axis:
    """The value axis: unit, display scale and what it is called."""

    unit: str
    scale: str
    title: str


def register_fonts(fonts: Sequence[Path]) -> None:
    known = {Path(f.fname).name for f in font_manager.fontManager.ttflist}
    for path in fonts:
        if path.name not in known:
            font_manager.fontManager.addfont(str(path))


@contextlib.contextmanager
def chart_pool(jobs: int, fonts: Sequence[Path]) -> Iterator[Any]:
    """Processes that draw charts. Ctrl-C reaches every process of the terminal's
    group, but only the parent acts on it (it stops the build and says so once): the
    workers start with SIGINT blocked, then ignore it. A Ctrl-C while they start
    reaches the parent once the pool is whole, never a half-started pool (which
    could leave a worker the interpreter waits for at exit). The workers are
    daemons, stopped when the pool is left."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = multiprocessing.Pool(jobs, initializer=start_worker, initargs=(tuple(fonts),))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    with pool:
        yield pool


def start_worker(fonts: Sequence[Path]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    register_fonts(fonts)


@dataclass(frozen=True, slots=True)
class Drawn:
    svg: str  # inline SVG for the page and the PDF
    png: bytes | None  # a 2x PNG for email, when asked for


def draw_charts(
    specs: Sequence[tuple[ChartSpec, str, bool]],
    indicators: dict[str, Indicator],
    fonts: Sequence[Path],
    *,
    jobs: int = 1,
) -> list[Drawn]:
    """Each (spec, alt text, wants a PNG) drawn, in order; with jobs > 1, in a process pool."""
    if jobs > 1 and len(specs) > 1:
        with chart_pool(jobs, fonts) as pool:
            return pool.starmap(draw_chart, [(s, indicators, a, p) for s, a, p in specs])
    register_fonts(fonts)
    return [draw_chart(spec, indicators, alt, png) for spec, alt, png in specs]


def draw_chart(
    spec: ChartSpec, indicators: dict[str, Indicator], alt: str, png: bool = False
) -> Drawn:
    """One chart as inline SVG (its alt text as the SVG's <title>), and as PNG if asked."""
    used = [indicators[i] for item in spec.items for i in item.indicators]
    unit = used[0].unit
    scale = chart_scale((i.normalised for i in used), unit)
    default_title = "" if unit == "%" else axis_label(unit, scale)  # "%" ticks say it already
    axis = Axis(unit, scale, spec.value_label or default_title)
    with matplotlib.rc_context({**HOUSE_STYLE, "svg.hashsalt": spec.id}):
        if spec.kind == "paired":
            figure = draw_paired(spec, indicators, axis)
        else:
            bars = [make_bar(item, indicators, scale) for item in spec.items]
            draw = {"bar": draw_bars, "barh": draw_hbars, "line": draw_line}[spec.kind]
            figure = draw(bars, axis)
        return Drawn(to_svg(figure, spec.id, alt), to_png(figure) if png else None)


def make_bar(item: ChartItem, indicators: dict[str, Indicator], scale: str) -> Bar:
    first = indicators[item.indicators[0]]
    last = indicators[item.indicators[-1]] if len(item.indicators) > 1 else None
    label = item.label or (first.period.display() if first.period else first.label)
    return Bar(
        label=label,
        low=shown(first, scale),
        high=shown(last, scale) if last else None,
        is_forecast="forecast" in first.qualifiers,
        text=mark_of(first)
        + format_short(first.normalised, first.unit, last.normalised if last else None),
        year=first.period.start_year + 0.5 * (first.period.end_year - first.period.start_year)
        if first.period
        else None,
    )


def mark_of(indicator: Indicator) -> str:
    return next((QUALIFIER_MARKS[q] for q in indicator.qualifiers if q in QUALIFIER_MARKS), "")


def shown(indicator: Indicator, scale: str) -> float:
    return float(indicator.normalised / SCALES[scale])


def new_axes(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    axes = figure.add_subplot()
    axes.set_axisbelow(True)
    return figure, axes


def value_axis(axes: Axes, axis: Axis, top: float, *, horizontal: bool) -> None:
    """Round ticks, a light grid along the values, room above the tallest value
    for its label, no axis line, and the unit written once."""
    locator = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    ticks = [t for t in locator.tick_values(0, top * 1.1) if t >= 0]
    # End on a round tick with room for the tallest label; else just leave room.
    limit = next((t for t in ticks if top * 1.1 <= t <= top * 1.5), top * 1.15)
    (axes.set_xlim if horizontal else axes.set_ylim)(0, limit)
    (axes.set_xticks if horizontal else axes.set_yticks)([t for t in ticks if t <= limit])
    (axes.xaxis if horizontal else axes.yaxis).set_major_formatter(
        FuncFormatter(lambda v, _: tick_text(v, axis.unit))
    )
    axes.grid(axis="x" if horizontal else "y", color=GRID, linewidth=0.6)
    axes.spines["bottom" if horizontal else "left"].set_visible(False)
    if axis.title:
        (axes.set_xlabel if horizontal else axes.set_ylabel)(axis.title, fontsize=8)


def tick_text(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:,.1f}"
    return f"{number}%" if unit.startswith("%") else number


def wrap(label: str, width: int = 18) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def bar_style(is_forecast: bool, colour: str) -> dict:
    if is_forecast:  # forecasts are hatched: a reader must not take them for data
        return {
            "color": colour,
            "alpha": 0.55,
            "hatch": "////",
            "edgecolor": colour,
            "linewidth": 0,
        }
    return {"color": colour, "linewidth": 0}


def label_value(
    axes: Axes, text: str, at: tuple[float, float], *, beside: bool = False, size: float = 9
) -> None:
    offset, align = (
        ((4, 0), {"ha": "left", "va": "center"})
        if beside
        else ((0, 3), {"ha": "center", "va": "bottom"})
    )
    axes.annotate(
        text,
        at,
        xytext=offset,
        textcoords="offset points",
        fontsize=size,
        fontweight="semibold",
        color=INK,
        **align,
    )


def draw_bars(bars: list[Bar], axis: Axis) -> Figure:
    figure, axes = new_axes(2.2)
    for x, bar in enumerate(bars):
        axes.bar(x, bar.low, width=0.6, **bar_style(bar.is_forecast, PALETTE[0]))
        if bar.high is not None:  # the rest of a range, pale
            axes.bar(
                x,
                bar.high - bar.low,
                bottom=bar.low,
                width=0.6,
                color=PALETTE[0],
                alpha=0.3,
                linewidth=0,
            )
        label_value(axes, bar.text, (x, bar.high or bar.low))
    axes.set_xticks(range(len(bars)), [wrap(b.label) for b in bars])
    value_axis(axes, axis, max(b.high or b.low for b in bars), horizontal=False)
    return figure


def draw_hbars(bars: list[Bar], axis: Axis) -> Figure:
    figure, axes = new_axes(0.55 + 0.38 * len(bars))
    for y, bar in enumerate(bars):
        axes.barh(y, bar.low, height=0.62, **bar_style(bar.is_forecast, PALETTE[0]))
        if bar.high is not None:
            axes.barh(
                y,
                bar.high - bar.low,
                left=bar.low,
                height=0.62,
                color=PALETTE[0],
                alpha=0.3,
                linewidth=0,
            )
        label_value(axes, bar.text, (bar.high or bar.low, y), beside=True)
    axes.set_yticks(range(len(bars)), [wrap(b.label, 34) for b in bars])
    axes.invert_yaxis()  # first item on top, as listed in brief.yaml
    value_axis(axes, axis, max(b.high or b.low for b in bars), horizontal=True)
    return figure


def draw_line(bars: list[Bar], axis: Axis) -> Figure:
    """Points placed in time (2022, 2023, 2025 are not evenly spaced); forecasts
    dashed with open markers."""
    figure, axes = new_axes(2.1)
    actual = [b for b in bars if not b.is_forecast]
    forecast = [b for b in bars if b.is_forecast]
    style = {"color": PALETTE[0], "linewidth": 2, "marker": "o", "markersize": 5}
    axes.plot([b.year for b in actual], [b.low for b in actual], **style)
    if forecast:  # dashed from the last actual point into the forecast
        joined = actual[-1:] + forecast
        axes.plot([b.year for b in joined], [b.low for b in joined], linestyle=(0, (3, 2)), markerfacecolor="white",
                  markevery=list(range(len(joined) - len(forecast), len(joined))), **style)  # fmt: skip
    for bar in bars:
        label_value(axes, bar.text, (bar.year, bar.low))
    years = [b.year for b in bars]
    axes.set_xticks(years, [f"{b.label}\n(forecast)" if b.is_forecast else b.label for b in bars])
    axes.set_xlim(min(years) - 0.6, max(years) + 0.6)
    value_axis(axes, axis, max(b.low for b in bars), horizontal=False)
    return figure


def draw_paired(spec: ChartSpec, indicators: dict[str, Indicator], axis: Axis) -> Figure:
    figure, axes = new_axes(2.3)
    count = len(spec.series)
    width = 0.8 / count
    top = 0.0
    for group, item in enumerate(spec.items):
        for position, indicator_id in enumerate(item.indicators):
            indicator = indicators[indicator_id]
            value = shown(indicator, axis.scale)
            top = max(top, value)
            x = group - 0.4 + width * (position + 0.5)
            colour = PALETTE[position % len(PALETTE)]
            series = spec.series[position] if group == 0 else None
            axes.bar(
                x,
                value,
                width=width * 0.92,
                label=series,
                **bar_style("forecast" in indicator.qualifiers, colour),
            )
            label_value(
                axes,
                mark_of(indicator) + format_short(indicator.normalised, axis.unit),
                (x, value),
                size=8.5,
            )
    labels = [item.label or indicators[item.indicators[0]].label for item in spec.items]
    axes.set_xticks(range(len(spec.items)), [wrap(label, 28) for label in labels])
    figure.legend(
        loc="outside upper left",
        frameon=False,
        ncols=count,
        fontsize=8.5,
        handlelength=1,
        handleheight=1,
    )
    value_axis(axes, axis, top, horizontal=False)
    return figure


def to_svg(figure: Figure, chart_id: str, alt: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return clean_svg(buffer.getvalue(), chart_id, alt)


def to_png(figure: Figure) -> bytes:
    """2x PNG for a 552 px email column: 1,100 px or so wide, white, no metadata."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", dpi=PNG_DPI, facecolor="white", metadata={"Software": None}
    )
    return buffer.getvalue()


def style_to_attributes(match: re.Match[str]) -> str:
    """style="fill: #0f5c63; stroke: none" -> fill="#0f5c63" stroke="none": the same
    in SVG, and WeasyPrint does not read style attributes inside inline SVG as HTML CSS."""
    declarations = (d.split(":", 1) for d in match[1].split(";") if ":" in d)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def clean_svg(svg: str, chart_id: str, alt: str) -> str:
    """Make matplotlib's file fit inline in a page that holds several charts:
    no prolog or metadata, ids unique to this chart, size from CSS, alt as <title>."""
    from xml.sax.saxutils import escape

    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r">\s+<", "><", svg)
    svg = re.sub(r'\sd="([^"]*)"', lambda m: ' d="' + " ".join(m[1].split()) + '"', svg)
    svg = svg.replace('id="matplotlib.', 'id="')
    svg = re.sub(r'\sstyle="([^"]*)"', style_to_attributes, svg)
    prefix = f"{chart_id}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m[1]})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m[1]}"', svg)
    opening = re.match(r"<svg\b[^>]*>", svg)
    assert opening, "matplotlib wrote no <svg> element"
    tag = re.sub(r'\s(?:width|height)="[^"]*"', "", opening.group())
    tag = tag[:-1] + f' role="img" aria-labelledby="{prefix}title" class="chart-svg">'
    title = f'<title id="{prefix}title">{escape(alt)}</title>'
    return tag + title + svg[opening.end() :].strip() + "\n"
