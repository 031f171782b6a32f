"""Placement of charts: where each one stands in the brief, its figure number, how
prose refers to it ("Figure 3"), and how much one chart can hold and still fit its
page. (A "figure" here is a chart as a numbered figure, not a number of the table.)

Plain Python, no matplotlib: checks.py refuses a chart that would not fit before
anything is drawn, context.py numbers and places the charts, and charts.py draws
them to the sizes set here, so the check and the drawing cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from briefgen.model import ChartSpec
from briefgen.translations import _

GALLERY = "charts"  # the section that shows every chart not placed elsewhere
FIGURE_REF_RE = re.compile(r"\{figure:([^{}]*)\}")  # "{figure:fdi-by-source}" in prose

# Sizes in inches. WIDE fills the A4 text column (and wide screens); NARROW is for
# phones and the email, where 343 CSS px show it at 0.89x: 9 pt text stays above 10 px.
WIDE = 6.3
NARROW = 4.0
PAGE_ROOM = 8.4  # the tallest chart that still shares an A4 page with its title and notes
BAR_ROW = 0.38  # one horizontal bar and its gap
# Side by side across the width, each needs room for its label: beyond these the
# labels of a 6.3 in chart would run into one another.
MOST_ACROSS = {"bar": 8, "line": 12, "paired": 6}
MOST_PAIRED_BARS = 16
# Values on one axis: below a fortieth of the largest, a bar is a sliver.
SMALLEST_SHARE = Decimal("0.025")


@dataclass(frozen=True, slots=True)
class Figures:
    """The charts in reading order: each one's number and the place it is shown."""

    numbers: dict[str, int]  # chart id -> figure number
    at: dict[str, tuple[str, ...]]  # a section id or a document id -> chart ids shown there

    def shown_at(self, where: str) -> tuple[str, ...]:
        return self.at.get(where, ())

    def reference(self, chart_id: str) -> str:
        return _("Figure {number}").format(number=self.numbers[chart_id])


def place_of(chart: ChartSpec) -> str:
    return chart.place or GALLERY


def place_figures(
    charts: Sequence[ChartSpec], sections: Sequence[str], document_ids: Sequence[str]
) -> Figures:
    """Number the charts in the order a reader meets them: section by section, a
    chart placed with a document inside that document's card, each section's own
    charts at its end. A chart whose place is not in the brief gets no number."""
    order: list[str] = []
    for section in sections:
        if section == "documents":
            for document_id in document_ids:
                order += [c.id for c in charts if place_of(c) == document_id]
        order += [c.id for c in charts if place_of(c) == section]
    numbers = {chart_id: number for number, chart_id in enumerate(order, start=1)}
    at: dict[str, tuple[str, ...]] = {}
    for chart in charts:
        if chart.id in numbers:
            at[place_of(chart)] = (*at.get(place_of(chart), ()), chart.id)
    return Figures(numbers, at)


def wide_height(chart: ChartSpec) -> float:
    """How tall the chart is drawn for the page."""
    if chart.kind == "barh":
        return 0.4 + BAR_ROW * len(chart.items)
    return {"bar": 1.7, "line": 1.65, "paired": 1.8}[chart.kind]


# A chart of series draws a point per period on one line, the axis naming some of
# them: twenty years of months still read as a line. Bars stand side by side.
MOST_PERIODS = {"line": 240, "bar": 12}


def too_many_periods(chart: ChartSpec) -> str | None:
    periods = len({item.indicators[0].rsplit("/", 1)[-1] for item in chart.items})
    most = MOST_PERIODS[chart.kind]
    if periods <= most:
        return None
    instead = (
        "use kind: line, or set `from:` to start later"
        if chart.kind == "bar"
        else "set `from:` to start later"
    )
    return (
        f"draws {periods} periods; a {chart.kind} chart of series holds at most {most} ({instead})"
    )


def too_big(chart: ChartSpec) -> str | None:
    """Why the chart cannot fit its page, or None when it fits."""
    if chart.data is not None:
        return too_many_periods(chart)
    count = len(chart.items)
    if chart.kind == "barh" and wide_height(chart) > PAGE_ROOM:
        most = int((PAGE_ROOM - 0.4) / BAR_ROW)
        return f"has {count} items; a barh chart holds at most {most} on one page: split it into several charts"
    if chart.kind in MOST_ACROSS and count > MOST_ACROSS[chart.kind]:
        most = MOST_ACROSS[chart.kind]
        instead = "use kind: barh, or split it" if chart.kind == "bar" else "split it"
        return (
            f"has {count} items; a {chart.kind} chart holds at most {most} side by side ({instead})"
        )
    if chart.kind == "paired" and count * len(chart.series) > MOST_PAIRED_BARS:
        return f"has {count * len(chart.series)} bars; a paired chart holds at most {MOST_PAIRED_BARS}: split it"
    return None
