"""ChartSpec + indicators -> inline SVG, in one house style (matplotlib).

Imported only when charts are drawn: matplotlib costs most of a second to load.
"""

from __future__ import annotations

import contextlib
import io
import math
import multiprocessing
import re
import signal
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("svg")  # no GUI backend, ever

from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from briefgen.errors import ContentError, Problem  # noqa: E402
from briefgen.model import SCALES, ChartItem, ChartSpec, DrawnChart, Indicator  # noqa: E402
from briefgen.numbers import chart_label, chart_scale  # noqa: E402
from briefgen.numbers.writing import DEFAULT_LOCALE, format_number, reading  # noqa: E402
from briefgen.periods import interval  # noqa: E402
from briefgen.placement import NARROW, WIDE, wide_height  # noqa: E402

PNG_WIDTH = 1104  # px: twice the email's 552 px image column
INK, MUTED, GRID = "#1f2933", "#5f6b76", "#d9dee3"
PALETTE = ("#0f5c63", "#d98e04", "#6b7a89", "#a23b5a")
# Text sizes in points, for the page and for a phone: the narrow chart is shown at
# about 0.9x on a 375 px screen, so its 9.5 pt is still over 10 CSS px there.
TEXT = {False: 8.5, True: 9.5}
VALUE_TEXT = {False: 9.0, True: 10.0}

HOUSE_STYLE = {
    "font.family": "Briefgen Sans",
    "text.parse_math": False,  # "$5bn to $10bn" is text, not mathematics
    "text.color": INK,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": GRID,
    "axes.linewidth": 0.8,
    "axes.titlesize": "medium",
    "axes.titleweight": "semibold",
    "axes.titlelocation": "left",
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
    colour: int = 0  # a series' place in the palette
    series: str | None = None  # a data series' name: a line chart draws one line per series
    is_provisional: bool = False  # an observation its producer may still revise
    is_scenario: bool = False  # a conditional estimate: outlined, neither data nor forecast


@dataclass(frozen=True, slots=True)
class Row:
    """A labelled group of bars: one item, or a paired chart's series for one item."""

    label: str | None  # None: the bar's own label names it
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Panel:
    """Rows that share one value axis; a separate-axes chart has one panel per item."""

    title: str | None
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Axis:
    """The value axis: the unit and the display scale (the figure's subtitle names them)."""

    unit: str
    scale: str


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


def draw_charts(
    specs: Sequence[tuple[ChartSpec, str, bool]],
    indicators: dict[str, Indicator],
    fonts: Sequence[Path],
    *,
    jobs: int = 1,
    locale: str = DEFAULT_LOCALE,
    words: dict[str, str] | None = None,
) -> list[DrawnChart]:
    """Each (spec, alt text, wants a PNG) drawn, in order; with jobs > 1, in a process pool.
    Figures are written for `locale`; `words` are the chart's own words in the brief's
    language ("forecast"). Raises ContentError when labels would print over each other."""
    words = words or {}
    if jobs > 1 and len(specs) > 1:
        with chart_pool(jobs, fonts) as pool:
            return pool.starmap(
                draw_chart, [(s, indicators, a, p, locale, words) for s, a, p in specs]
            )
    register_fonts(fonts)
    return [draw_chart(spec, indicators, alt, png, locale, words) for spec, alt, png in specs]


def draw_chart(
    spec: ChartSpec, indicators: dict[str, Indicator], alt: str, png: bool = False,
    locale: str = DEFAULT_LOCALE, words: dict[str, str] | None = None,
) -> DrawnChart:  # fmt: skip
    """One chart as inline SVG for the page and for a phone (its alt text as each SVG's
    <title>), and the phone's drawing as PNG if asked. Raises ContentError when labels
    would overlap or leave the chart."""
    global WORDS
    WORDS = words or {}  # this process draws one brief's charts at a time
    with reading(locale):
        return draw_in_locale(spec, indicators, alt, png)


def draw_in_locale(
    spec: ChartSpec, indicators: dict[str, Indicator], alt: str, png: bool
) -> DrawnChart:
    marked = spec.data.annotate if spec.data else ()
    used = [indicators[i] for i in (*(i for item in spec.items for i in item.indicators), *marked)]
    axis = Axis(used[0].unit, chart_scale((i.normalised for i in used), used[0].unit))
    drawn: list = []
    for narrow in (False, True):
        with matplotlib.rc_context(
            {**HOUSE_STYLE, "font.size": TEXT[narrow], "svg.hashsalt": spec.id}
        ):
            figure = draw_figure(spec, indicators, axis, narrow=narrow)
            refuse_overlaps(spec, figure, "phone" if narrow else "page")
            drawn.append(to_svg(figure, spec.id + ("-narrow" if narrow else ""), alt))
            if narrow:
                drawn.append(to_png(figure) if png else None)
    return DrawnChart(*drawn)


def draw_figure(
    spec: ChartSpec, indicators: dict[str, Indicator], axis: Axis, *, narrow: bool
) -> Figure:
    """The page's chart, or the phone's, where every bar runs across under its label."""
    groups = list(dict.fromkeys(item.group for item in spec.items if item.group))
    if spec.kind == "line":
        bars = [make_bar(item, indicators, axis.scale, groups) for item in spec.items]
        marks = [make_bar(ChartItem(None, (i,), spec.loc), indicators, axis.scale)
                 for i in (spec.data.annotate if spec.data else ())]  # fmt: skip
        size = (NARROW, 2.3) if narrow else (WIDE, wide_height(spec))
        return draw_line(
            bars, size, axis, narrow=narrow, marks=marks, latest_only=spec.data is not None
        )
    panels = chart_panels(spec, indicators, axis.scale, groups)
    legend = spec.axes != "separate" and (spec.kind == "paired" or len(groups) > 1)
    if narrow:
        return draw_rows(panels, axis, legend=legend)
    if spec.kind == "barh":
        return draw_hbars(panels[0].rows, (WIDE, wide_height(spec)), axis)
    return draw_columns(panels, (WIDE, wide_height(spec)), axis, legend=legend)


def make_bar(
    item: ChartItem, indicators: dict[str, Indicator], scale: str, groups: Sequence[str] = ()
) -> Bar:
    first = indicators[item.indicators[0]]
    last = indicators[item.indicators[-1]] if len(item.indicators) > 1 else None
    label = item.label or (first.period.display() if first.period else first.label)
    return Bar(
        label=label,
        low=shown(first, scale),
        high=shown(last, scale) if last else None,
        is_forecast="forecast" in first.qualifiers,
        is_scenario="scenario" in first.qualifiers,
        text=chart_label(first, last),
        year=time_of(first.period.text) if first.period else None,
        colour=list(groups).index(item.group) if item.group in groups else 0,
        series=item.group,
        is_provisional=first.note == "provisional",
    )


def time_of(period: str) -> float:
    """Where a period sits on a time axis, in years: its middle (2023 -> 2023.5,
    2023-Q1 -> 2023.12), so annual, quarterly and monthly points line up."""
    start, end = interval(period)
    middle = start + (end - start) / 2
    return middle.year + (middle.timetuple().tm_yday - 1) / 365.25


def series_bar(indicator: Indicator, series: str, scale: str, colour: int) -> Bar:
    """One bar of a paired chart's group: a series' value."""
    return Bar(
        label=series,
        low=shown(indicator, scale),
        high=None,
        is_forecast="forecast" in indicator.qualifiers,
        is_scenario="scenario" in indicator.qualifiers,
        text=chart_label(indicator),
        colour=colour,
    )


def chart_panels(
    spec: ChartSpec, indicators: dict[str, Indicator], scale: str, groups: Sequence[str] = ()
) -> list[Panel]:
    """Bar and barh charts: one panel, one bar per item. Paired: one group per item
    with a bar per series; with `axes: separate`, a panel per item, each bar named.
    A bar chart of several data series: one group per period, a bar per series."""
    if len(groups) > 1:
        periods: dict[str, list[Bar]] = {}
        for item in spec.items:
            bar = make_bar(item, indicators, scale, groups)
            periods.setdefault(bar.label, []).append(replace(bar, label=bar.series or ""))
        return [Panel(None, tuple(Row(label, tuple(bars)) for label, bars in periods.items()))]
    if spec.kind != "paired":
        return [
            Panel(None, tuple(Row(None, (make_bar(i, indicators, scale),)) for i in spec.items))
        ]
    groups = []
    for item in spec.items:
        members = [indicators[i] for i in item.indicators]
        label = item.label or members[0].label
        bars = tuple(
            series_bar(m, name, scale, n)
            for n, (m, name) in enumerate(zip(members, spec.series, strict=True))
        )
        groups.append((label, bars))
    if spec.axes == "separate":
        return [
            Panel(label, tuple(Row(bar.label, (bar,)) for bar in bars)) for label, bars in groups
        ]
    return [Panel(None, tuple(Row(label, bars) for label, bars in groups))]


def shown(indicator: Indicator, scale: str) -> float:
    return float(indicator.normalised / SCALES[scale])


def largest(rows: Sequence[Row]) -> float:
    return max(bar.high or bar.low for row in rows for bar in row.bars)


def value_axis(axes: Axes, axis: Axis, top: float, *, horizontal: bool, longest: int = 0) -> None:
    """Round ticks, a light grid along the values, room beyond the largest value
    for its label, and no axis line; the unit is in the figure's subtitle."""
    locator = MaxNLocator(nbins=4 if horizontal else 5, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    room = 1.3 if horizontal else 1.1  # a label beside a bar needs more than one above it
    if horizontal:  # longer labels ("USD 55–60 mil millones") need room in proportion
        room += 0.08 * max(0, longest - 16)
    ticks = [t for t in locator.tick_values(0, top * room) if t >= 0]
    # End on a round tick with room for the largest label; else just leave room.
    limit = next((t for t in ticks if top * room <= t <= top * 1.6), top * (room + 0.05))
    (axes.set_xlim if horizontal else axes.set_ylim)(0, limit)
    (axes.set_xticks if horizontal else axes.set_yticks)([t for t in ticks if t <= limit])
    (axes.xaxis if horizontal else axes.yaxis).set_major_formatter(
        FuncFormatter(lambda v, _: tick_text(v, axis.unit))
    )
    axes.grid(axis="x" if horizontal else "y", color=GRID, linewidth=0.6)
    axes.spines["bottom" if horizontal else "left"].set_visible(False)


WORDS: dict[str, str] = {}  # the chart's own words in the brief's language (draw_chart)


def tick_text(value: float, unit: str) -> str:
    """An axis tick, grouped as the brief's locale groups numbers ('1,000' or '1.000')."""
    digits = "1" if abs(value) >= 10 or value == int(value) else "0.1"
    number = format_number(Decimal(str(value)).quantize(Decimal(digits)))
    return f"{number}%" if unit.startswith("%") else number


def wrap(label: str, width: int) -> str:
    """Break a label at spaces only: a word cut in two reads worse than a refusal."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def wrap_width(slot: float, size: float) -> int:
    """How many characters fit a slot `slot` inches wide at `size` points."""
    return max(8, int(slot * 72 / (0.55 * size)))


def bar_style(is_forecast: bool, colour: str, is_scenario: bool = False) -> dict:
    if is_scenario:  # what could happen under a condition: an outline, not a forecast's hatch
        return {"color": "white", "edgecolor": colour, "linewidth": 1.5, "linestyle": (0, (3, 2))}
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
    if not beside and len(text) > 14:  # above a column: a long label takes two lines
        text = wrap(text, len(text) // 2 + 4)
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


def draw_bar(
    axes: Axes, position: float, bar: Bar, *, across: bool, thickness: float, text_size: float
) -> None:
    """A bar, a range's pale rest, and the value label at its end."""
    colour = PALETTE[bar.colour % len(PALETTE)]
    draw = axes.barh if across else axes.bar
    extent = {"height": thickness} if across else {"width": thickness}
    draw(position, bar.low, **extent, **bar_style(bar.is_forecast, colour, bar.is_scenario))
    if bar.high is not None:  # the rest of a range, pale
        start = {"left": bar.low} if across else {"bottom": bar.low}
        draw(position, bar.high - bar.low, **extent, **start, color=colour, alpha=0.3, linewidth=0)
    end = bar.high or bar.low
    label_value(
        axes,
        bar.text,
        (end, position) if across else (position, end),
        beside=across,
        size=text_size,
    )


def draw_columns(
    panels: list[Panel], size: tuple[float, float], axis: Axis, *, legend: bool
) -> Figure:
    """Bars up the page: one group per row of each panel, panels side by side, each
    panel with its own value axis; the groups' (or the bars') names underneath."""
    figure = Figure(figsize=size, layout="constrained")
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(1, len(panels), index + 1)
        axes.set_axisbelow(True)
        slots = len(panel.rows)
        per_row = max(len(row.bars) for row in panel.rows)
        thickness = 0.6 if per_row == 1 else 0.8 / per_row
        for x, row in enumerate(panel.rows):
            for n, bar in enumerate(row.bars):
                offset = 0.0 if per_row == 1 else thickness * (n + 0.5) - 0.4
                draw_bar(
                    axes,
                    x + offset,
                    bar,
                    across=False,
                    thickness=thickness * (1 if per_row == 1 else 0.92),
                    text_size=VALUE_TEXT[False] - (0 if per_row == 1 else 0.5),
                )
        width = wrap_width(size[0] / len(panels) / slots * 0.9, TEXT[False])
        axes.set_xticks(
            range(slots), [wrap(row.label or row.bars[0].label, width) for row in panel.rows]
        )
        if panel.title:
            axes.set_title(wrap(panel.title, wrap_width(size[0] / len(panels), TEXT[False])))
        two_lines = any(len(b.text) > 14 for r in panel.rows for b in r.bars)  # label_value
        value_axis(axes, axis, largest(panel.rows) * (1.15 if two_lines else 1), horizontal=False)
    if legend:
        figure.legend(
            handles=legend_handles(panels[0]),
            loc="outside upper left",
            frameon=False,
            ncols=len(panels[0].rows[0].bars),
            handlelength=1,
            handleheight=1,
        )
    return figure


def legend_handles(panel: Panel) -> list:
    from matplotlib.patches import Patch

    return [
        Patch(color=PALETTE[b.colour % len(PALETTE)], label=b.label) for b in panel.rows[0].bars
    ]


def draw_hbars(rows: Sequence[Row], size: tuple[float, float], axis: Axis) -> Figure:
    """Bars across the page, each label to its left."""
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_axisbelow(True)
    for y, row in enumerate(rows):
        draw_bar(axes, y, row.bars[0], across=True, thickness=0.62, text_size=VALUE_TEXT[False])
    axes.set_yticks(range(len(rows)), [wrap(row.bars[0].label, 34) for row in rows])
    axes.invert_yaxis()  # first item on top, as listed in brief.yaml
    value_axis(axes, axis, largest(rows), horizontal=True)
    return figure


# The phone's layout, in inches: each label on a line of its own above its bars.
LINE = 0.19  # a line of 9.5 pt label text
BAR = 0.2
BAR_GAP = 0.07
ROW_GAP = 0.12
TICKS = 0.3  # the value axis' labels under a panel
LEGEND = 0.32
ROW_CHARS = 46  # label characters across a 4 in chart at 9.5 pt


def draw_rows(panels: list[Panel], axis: Axis, *, legend: bool) -> Figure:
    """Every bar across the full width of a phone, under its label; panels one
    above the other, each with its own value axis."""
    heights = [panel_height(panel) for panel in panels]
    top_room = LEGEND if legend else 0.08
    total = top_room + sum(heights) + TICKS * len(panels)
    figure = Figure(figsize=(NARROW, total))
    top = total - top_room
    for panel, height in zip(panels, heights, strict=True):
        left, right = 0.14 / NARROW, 0.24 / NARROW  # room for the first and last tick labels
        axes = figure.add_axes((left, (top - height) / total, 1 - left - right, height / total))
        fill_panel(axes, panel, height, axis)
        top -= height + TICKS
    if legend:
        figure.legend(
            handles=legend_handles(panels[0]),
            loc="upper left",
            bbox_to_anchor=(0, 1),
            frameon=False,
            ncols=len(panels[0].rows[0].bars),
            handlelength=1,
            handleheight=1,
            borderaxespad=0.2,
        )
    return figure


def lines_of(label: str | None) -> int:
    return len(textwrap.wrap(label, ROW_CHARS, break_long_words=False)) if label else 0


def panel_height(panel: Panel) -> float:
    rows = sum(
        LINE * lines_of(r.label or (r.bars[0].label if len(r.bars) == 1 else None))
        + len(r.bars) * (BAR + BAR_GAP)
        + ROW_GAP
        for r in panel.rows
    )
    return LINE * lines_of(panel.title) + rows


def fill_panel(axes: Axes, panel: Panel, height: float, axis: Axis) -> None:
    """Lay one panel out from its top down: one data unit is one inch."""
    axes.set_axisbelow(True)
    y = 0.0
    if panel.title:
        axes.text(
            0,
            y,
            wrap(panel.title, ROW_CHARS),
            va="top",
            ha="left",
            fontweight="semibold",
            color=INK,
        )
        y -= LINE * lines_of(panel.title)
    for row in panel.rows:
        label = row.label or (row.bars[0].label if len(row.bars) == 1 else None)
        if label:
            axes.text(0, y, wrap(label, ROW_CHARS), va="top", ha="left", color=INK)
            y -= LINE * lines_of(label)
        for bar in row.bars:
            draw_bar(axes, y - BAR / 2, bar, across=True, thickness=BAR, text_size=VALUE_TEXT[True])
            y -= BAR + BAR_GAP
        y -= ROW_GAP
    axes.set_ylim(-height, 0)
    axes.set_yticks([])
    longest = max((len(b.text) for r in panel.rows for b in r.bars), default=0)
    value_axis(axes, axis, largest(panel.rows), horizontal=True, longest=longest)


def draw_line(
    bars: list[Bar],
    size: tuple[float, float],
    axis: Axis,
    *,
    narrow: bool,
    marks: Sequence[Bar] = (),
    latest_only: bool = False,
) -> Figure:
    """Points placed in time (2022, 2023, 2025 are not evenly spaced), one line per
    series; forecasts dashed with open markers, provisional points open on the solid
    line; `marks`, figures stated in documents, as diamonds beside the series. A
    chart of series (`latest_only`) labels each series' latest value; the others
    label every point they have room for."""
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_axisbelow(True)
    lines = list(dict.fromkeys(b.series for b in bars))
    for series in lines:
        draw_series(axes, [b for b in bars if b.series == series])
    for mark in marks:
        axes.plot([mark.year], [mark.low], linestyle="none", marker="D", markersize=6,
                  color=PALETTE[1], markeredgecolor="white", markeredgewidth=0.8, zorder=4)  # fmt: skip
        label_value(
            axes, mark.text, (mark.year, mark.low), size=VALUE_TEXT[narrow] - 0.5, beside=True
        )
    # On a phone, a long series names every second or third point, counting back
    # from the latest; every point is still drawn, and the alt text gives them all.
    times = sorted({b.year: b for b in bars}.values(), key=lambda b: b.year)
    step = math.ceil(len(times) / (6 if narrow else 12))
    ticked = [b for n, b in enumerate(times) if (len(times) - 1 - n) % step == 0]
    if len(times) > len({math.floor(b.year) for b in times}):  # months or quarters
        year_ticks(axes, times[0].year - 0.6, times[-1].year, 6 if narrow else 12)
    else:
        width = wrap_width(size[0] / len(ticked) * 0.9, TEXT[narrow])
        axes.set_xticks(
            [b.year for b in ticked], [wrap(tick_label(b, bars), width) for b in ticked]
        )
    years = [b.year for b in (*bars, *marks)]
    top = max(b.high or b.low for b in (*bars, *marks))
    if latest_only:  # each series' latest value, at its end, nudged apart
        ends = [[b for b in bars if b.series == series][-1] for series in lines]
        # On a phone the label goes above its point: beside it, a figure written in
        # full ("$505.9 billion") would squeeze the years together.
        room = 0.6 if narrow else label_room(ends, min(years), max(years), size, VALUE_TEXT[narrow])
        axes.set_xlim(min(years) - 0.6, max(years) + room)
        value_axis(axes, axis, top * (1.12 if narrow else 1), horizontal=False)
        label_ends(axes, ends, size, VALUE_TEXT[narrow], above=narrow)
    else:
        for bar in ticked:
            label_value(axes, bar.text, (bar.year, bar.high or bar.low), size=VALUE_TEXT[narrow])
        axes.set_xlim(min(years) - 0.6, max(years) + 0.6)
        value_axis(axes, axis, top, horizontal=False)
    if len(lines) > 1:
        figure.legend(handles=line_handles(lines), loc="outside upper left", frameon=False,
                      ncols=len(lines), handlelength=1.5)  # fmt: skip
    return figure


def label_room(
    ends: list[Bar], first: float, last: float, size: tuple[float, float], text: float
) -> float:
    """How far past the last period the axis runs, in years, so that the longest
    end label fits beside its point (the axes take about 85% of the width)."""
    label = max(len(b.text) for b in ends) * 0.52 * text + 8  # points: semibold figures
    width = size[0] * 72 * 0.85
    span = last - first + 0.6
    return max(0.6, span * label / (width - label))


def label_ends(
    axes: Axes, ends: list[Bar], size: tuple[float, float], text: float, *, above: bool = False
) -> None:
    """Each series' latest value beside its last point; labels closer than a line
    of text are pushed apart, upwards from the lowest (the axes' height is about
    70% of the figure's)."""
    low, high = axes.get_ylim()
    per_unit = size[1] * 72 * 0.7 / (high - low)  # points per unit of value
    placed: list[float] = []
    for bar in sorted(ends, key=lambda b: b.low):
        at = bar.low * per_unit
        if placed and at - placed[-1] < text * 1.3:
            at = placed[-1] + text * 1.3
        placed.append(at)
        offset, align = ((0, 6 + at - bar.low * per_unit), ("right", "bottom")) if above else ((6, at - bar.low * per_unit), ("left", "center"))  # fmt: skip
        axes.annotate(bar.text, (bar.year, bar.low), xytext=offset,
                      textcoords="offset points", ha=align[0], va=align[1], fontsize=text,
                      fontweight="semibold", color=INK)  # fmt: skip


def draw_series(axes: Axes, bars: list[Bar]) -> None:
    """One line: solid through the observations, dashed into the forecasts."""
    colour = PALETTE[bars[0].colour % len(PALETTE)]
    actual = [b for b in bars if not b.is_forecast]
    forecast = [b for b in bars if b.is_forecast]
    # A long series (months over years) reads as a line: a marker on each of its
    # points would blot it; its last point, provisional and forecast ones keep theirs.
    dense = len(bars) > 24
    style = {"color": colour, "linewidth": 2 if not dense else 1.6, "marker": "o", "markersize": 5}
    if dense:
        style["markevery"] = [len(actual) - 1] if actual else []
    open_points = [n for n, b in enumerate(actual) if b.is_provisional]
    axes.plot([b.year for b in actual], [b.low for b in actual], **style)
    if open_points:
        axes.plot([actual[n].year for n in open_points], [actual[n].low for n in open_points],
                  linestyle="none", marker="o", markersize=5, color=colour, markerfacecolor="white")  # fmt: skip
    if forecast:  # dashed from the last actual point into the forecast
        joined = actual[-1:] + forecast
        marked = list(range(len(joined) - len(forecast), len(joined)))
        axes.plot([b.year for b in joined], [b.low for b in joined], linestyle=(0, (3, 2)),
                  markerfacecolor="white", **(style | {"markevery": marked}))  # fmt: skip


def year_ticks(axes: Axes, first: float, last: float, most: int) -> None:
    """A series of months or quarters is named by its years, each at its start."""
    years = [y for y in range(math.ceil(first), math.floor(last) + 1)]
    step = math.ceil(len(years) / most)
    shown = years[len(years) - 1 :: -step][::-1]  # counting back from the latest year
    axes.set_xticks(shown, [str(y) for y in shown])


def tick_label(bar: Bar, bars: Sequence[Bar]) -> str:
    """A period's name, '(forecast)' when every point there is one. Provisional
    points are told by their open markers (and the Note line): a word under the axis
    would be wrong for a series whose point there is final."""
    forecast = all(b.is_forecast for b in bars if b.year == bar.year)
    word = WORDS.get("forecast", "forecast")
    return f"{bar.label}\n({word})" if forecast else bar.label  # two lines: ticks stay apart


def line_handles(lines: Sequence[str | None]) -> list:
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], color=PALETTE[n % len(PALETTE)], linewidth=2, label=name or "")
        for n, name in enumerate(lines)
    ]


def refuse_overlaps(spec: ChartSpec, figure: Figure, variant: str) -> None:
    """No label may print over another or run off the chart: refuse, naming both."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(figure)
    figure.draw_without_rendering()  # runs the constrained layout at the figure's own dpi
    renderer = canvas.get_renderer()
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    frame = figure.bbox
    problem = None
    for index, (text, box) in enumerate(boxes):
        if (
            box.x0 < frame.x0 - 1
            or box.x1 > frame.x1 + 1
            or box.y0 < frame.y0 - 1
            or box.y1 > frame.y1 + 1
        ):
            problem = f"the label {flat(text)!r} runs off the {variant} chart"
        for other, other_box in boxes[index + 1 :]:
            across = min(box.x1, other_box.x1) - max(box.x0, other_box.x0)
            up = min(box.y1, other_box.y1) - max(box.y0, other_box.y0)
            if across > 0.5 and up > 0.5:
                problem = f"the labels {flat(text)!r} and {flat(other)!r} print over each other on the {variant} chart"
        if problem:
            raise ContentError(
                [
                    Problem(
                        spec.loc,
                        f"charts[{spec.id}]",
                        problem + "; shorten the labels or show fewer items",
                    )
                ]
            )


def flat(text: str) -> str:
    return " ".join(text.split())


def to_svg(figure: Figure, chart_id: str, alt: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
    return clean_svg(buffer.getvalue(), chart_id, alt)


def to_png(figure: Figure) -> bytes:
    """2x PNG for a 552 px email column: 1,104 px wide, white, no metadata, in 64
    colours (a third of the bytes of full colour, and no visible difference in a chart)."""
    from PIL import Image  # matplotlib's own dependency

    buffer = io.BytesIO()
    dpi = PNG_WIDTH / figure.get_figwidth()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    image = Image.open(buffer).convert("RGB")
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


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
