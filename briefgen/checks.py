"""Rules across files: ids that must exist, charts whose data must fit, and
figures in prose that must come from the indicator table."""

from __future__ import annotations

import re
from decimal import Decimal

from briefgen.errors import Loc, Problem, warning
from briefgen.model import SCALES, SECTIONS, Brief, ChartSpec, Document, Indicator
from briefgen.numbers import POINT, detect_style, find_numbers, format_short
from briefgen.placement import (
    FIGURE_REF_RE,
    GALLERY,
    SMALLEST_SHARE,
    place_figures,
    place_of,
    too_big,
)

PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
# A figure typed by hand: digits that are not a plain year such as 2024.
HAND_FIGURE_RE = re.compile(r"(?<![\w{-])(?!(?:19|20)\d\d\b)\d[\d,.]*%?")


def check_references(
    brief: Brief | None,
    documents: list[Document],
    indicators: list[Indicator],
    *,
    unreadable: set[str] = frozenset(),
) -> list[Problem]:
    """Cross-file rules. `unreadable` holds the ids of summaries and indicator rows
    that failed to load: they exist, so references to them are not reported again."""
    problems = check_unique(documents, indicators)
    by_id = {i.id: i for i in indicators}
    problems += check_document_links(documents, indicators, by_id, unreadable)
    problems += check_figures_in_prose(documents, by_id)
    if brief:
        problems += check_brief_references(brief, by_id, unreadable)
        problems += check_figure_places(brief, [d.id for d in documents])
        problems += check_figure_references(brief, documents)
    return problems


def check_unique(documents: list[Document], indicators: list[Indicator]) -> list[Problem]:
    problems = []
    seen: dict[str, Loc] = {}
    for item in [*documents, *indicators]:
        if item.id in seen:
            problems.append(
                Problem(
                    item.loc, "id", f"duplicate id {item.id!r} (first defined at {seen[item.id]})"
                )
            )
        else:
            seen.setdefault(item.id, item.loc)
    files: dict[str, Document] = {}
    for document in documents:
        first = files.setdefault(document.source_file, document)
        if first is not document:
            loc = Loc(document.loc.file, document.line_of("source_file"))
            problems.append(
                warning(
                    loc,
                    "source_file",
                    f"{document.source_file!r} is also summarised by {first.loc.file}",
                )
            )
    return problems


def check_document_links(
    documents: list[Document],
    indicators: list[Indicator],
    by_id: dict[str, Indicator],
    unreadable: set[str],
) -> list[Problem]:
    """Each figure names its document, and each document lists its figures: both ways must agree."""
    documents_by_id = {d.id: d for d in documents}
    problems = []
    for indicator in indicators:
        document = documents_by_id.get(indicator.document)
        if document is None and indicator.document in unreadable:
            continue
        if document is None:
            known = ", ".join(sorted({*documents_by_id, *unreadable})) or "none"
            problems.append(
                Problem(
                    indicator.loc,
                    "document",
                    f"{indicator.document!r} is not the id of a summary in documents/ (known: {known})",
                )
            )
        elif indicator.id not in document.indicators:
            problems.append(
                Problem(
                    indicator.loc,
                    "document",
                    f"{document.loc.file} does not list {indicator.id!r} in its indicators",
                )
            )
    for document in documents:
        for index, indicator_id in enumerate(document.indicators):
            loc = Loc(document.loc.file, document.line_of(f"indicators[{index}]"))
            indicator = by_id.get(indicator_id)
            if indicator is None and indicator_id in unreadable:
                continue
            if indicator is None:
                problems.append(
                    Problem(
                        loc,
                        f"indicators[{index}]",
                        f"{indicator_id!r} is not defined in indicators.csv",
                    )
                )
            elif indicator.document != document.id:
                problems.append(
                    Problem(
                        loc,
                        f"indicators[{index}]",
                        f"{indicator_id!r} belongs to document {indicator.document!r} ({indicator.loc})",
                    )
                )
    return problems


def check_figures_in_prose(documents: list[Document], by_id: dict[str, Indicator]) -> list[Problem]:
    """A number in a summary must be one of the document's figures, at its scale or
    the same amount at another ("$55-60 billion" for 55,000-60,000 million), so the
    prose cannot drift from the table (years are fine)."""
    problems = []
    for document in documents:
        figures = [i for i in by_id.values() if i.document == document.id]
        pairs = {(i.value, i.scale) for i in figures}
        amounts = {i.normalised for i in figures}
        for field, text in document.prose():
            text = FIGURE_REF_RE.sub("", text)  # "{figure:ev-share-2025}" is no figure
            style = detect_style([text], "en").style or POINT
            for found in find_numbers(text, style, language="en"):
                if found.kind != "digits" or found.looks_like_year():
                    continue
                if any(
                    (v, found.scale) in pairs or v * SCALES[found.scale] in amounts
                    for v in found.values
                ):
                    continue
                loc = Loc(document.loc.file, document.line_of(field))
                problems.append(
                    warning(
                        loc,
                        field,
                        f"the figure {found.number!r}{' ' + found.scale_words if found.scale_words else ''} is not the value of any of this document's indicators; add it to indicators.csv or leave it out",
                    )
                )
    return problems


def check_brief_references(
    brief: Brief, by_id: dict[str, Indicator], unreadable: set[str]
) -> list[Problem]:
    if any(i in unreadable for i in brief_indicator_ids(brief)):
        return []  # checked again once the broken rows are fixed
    problems = []
    for index, takeaway in enumerate(brief.takeaways):
        problems += check_figures_text(takeaway.text, takeaway.loc, f"takeaways[{index}]", by_id)
    for index, figure in enumerate(brief.headline_figures):
        field = f"headline_figures[{index}]"
        if figure.indicator not in by_id:
            problems.append(
                Problem(figure.loc, field, f"{figure.indicator!r} is not defined in indicators.csv")
            )
        if figure.label:
            problems += check_figures_text(figure.label, figure.loc, f"{field}.label", by_id)
    seen: set[str] = set()
    for chart in brief.charts:
        if chart.id in seen:
            problems.append(Problem(chart.loc, "charts", f"duplicate chart id {chart.id!r}"))
        seen.add(chart.id)
        problems += check_chart_data(chart, by_id)
    return problems


def brief_indicator_ids(brief: Brief) -> set[str]:
    placeholders = {
        n
        for t in brief.takeaways
        for inner in PLACEHOLDER_RE.findall(t.text)
        for n in inner.split("..")
    }
    figures = {f.indicator for f in brief.headline_figures}
    charted = {i for chart in brief.charts for item in chart.items for i in item.indicators}
    return placeholders | figures | charted


def check_figures_text(
    text: str, loc: Loc, field: str, by_id: dict[str, Indicator]
) -> list[Problem]:
    """Editor's text with {indicator-id} or {low-id..high-id} placeholders: each must
    name the table, and a figure typed by hand is flagged."""
    problems = []
    for inner in PLACEHOLDER_RE.findall(text):
        if inner.startswith("figure:"):
            continue  # a reference to a chart: check_figure_references
        names = inner.split("..")
        unknown = [n for n in names if n not in by_id]
        if unknown or len(names) > 2:
            problems.append(
                Problem(
                    loc,
                    field,
                    f"{{{inner}}} is not an indicator id, nor a range {{low-id..high-id}}",
                )
            )
        elif len(names) == 2 and (
            "range-low" not in by_id[names[0]].qualifiers
            or "range-high" not in by_id[names[1]].qualifiers
        ):
            problems.append(
                Problem(
                    loc,
                    field,
                    f"{{{inner}}}: a range names a range-low indicator, then a range-high one",
                )
            )
    bare = HAND_FIGURE_RE.findall(PLACEHOLDER_RE.sub("", text))
    if bare:
        problems.append(
            warning(
                loc,
                field,
                f"figure {bare[0]!r} is typed by hand; write {{indicator-id}} so it comes from the table",
            )
        )
    return problems


def check_chart_data(chart: ChartSpec, by_id: dict[str, Indicator]) -> list[Problem]:
    field = f"charts[{chart.id}]"
    problems = [
        Problem(item.loc, f"{field}.items", f"{indicator_id!r} is not defined in indicators.csv")
        for item in chart.items
        for indicator_id in item.indicators
        if indicator_id not in by_id
    ]
    if problems:
        return problems
    units = sorted({by_id[i].unit for item in chart.items for i in item.indicators})
    if len(units) > 1:
        problems.append(
            Problem(chart.loc, field, f"mixes units ({', '.join(units)}); a chart shows one unit")
        )
    for item in chart.items:
        if chart.kind != "paired" and len(item.indicators) == 2:
            low, high = (by_id[i] for i in item.indicators)
            if "range-low" not in low.qualifiers or "range-high" not in high.qualifiers:
                problems.append(
                    Problem(
                        item.loc,
                        f"{field}.items",
                        "two indicators in one item must be a range: range-low first, then range-high",
                    )
                )
            elif low.normalised > high.normalised:
                problems.append(
                    Problem(item.loc, f"{field}.items", "the range's low end is above its high end")
                )
        if chart.kind == "line" and any(by_id[i].period is None for i in item.indicators):
            problems.append(
                Problem(
                    item.loc, f"{field}.items", "a line chart needs a period on every indicator"
                )
            )
        if chart.kind != "paired" and item.label is None and len(item.indicators) == 2:
            problems.append(Problem(item.loc, f"{field}.items", "a range needs a 'label'"))
    reason = too_big(chart)
    if reason:
        problems.append(Problem(chart.loc, field, reason))
    if chart.kind == "line":
        problems += check_points_in_time(chart, by_id)
    problems += check_axis_range(chart, by_id)
    if (
        any(by_id[i].value < Decimal(0) for item in chart.items for i in item.indicators)
        and chart.kind != "line"
    ):
        problems.append(
            Problem(
                chart.loc,
                field,
                "bar charts of negative values are not supported; use a line chart",
            )
        )
    return problems


def check_points_in_time(chart: ChartSpec, by_id: dict[str, Indicator]) -> list[Problem]:
    """A line chart puts each point at its period: two in one period would sit on
    top of each other."""
    seen: dict[str, str] = {}
    problems = []
    for item in chart.items:
        indicator = by_id[item.indicators[0]]
        if indicator.period is None:
            continue  # reported above: a line chart needs a period on every indicator
        first = seen.setdefault(indicator.period.text, indicator.id)
        if first != indicator.id:
            problems.append(
                Problem(
                    item.loc,
                    f"charts[{chart.id}].items",
                    f"{first!r} and {indicator.id!r} are both for {indicator.period.display()}; a line chart shows one point per period",
                )
            )
    return problems


def check_axis_range(chart: ChartSpec, by_id: dict[str, Indicator]) -> list[Problem]:
    """Values of very different size on one axis: the small ones become slivers."""
    if chart.kind == "line":
        return []  # points stay visible at any height
    groups = (
        [item.indicators for item in chart.items]
        if chart.axes == "separate"
        else [tuple(i for item in chart.items for i in item.indicators)]
    )
    for ids in groups:
        shown = sorted(
            (by_id[i] for i in ids if by_id[i].normalised > 0), key=lambda i: i.normalised
        )
        if len(shown) < 2 or shown[0].normalised >= SMALLEST_SHARE * shown[-1].normalised:
            continue
        low, high = shown[0], shown[-1]
        share = float(low.normalised / high.normalised)
        remedy = (
            "give each item its own axis with 'axes: separate', or split the chart"
            if chart.kind == "paired"
            else "split the chart, so that each shares an axis with values of its size"
        )
        return [
            warning(
                chart.loc,
                f"charts[{chart.id}]",
                f"{format_short(low.normalised, low.unit)} and {format_short(high.normalised, high.unit)} "
                f"share one axis, so the smaller bar is {share:.1%} as long as the larger; {remedy}",
            )
        ]
    return []


def check_figure_places(brief: Brief, document_ids: list[str]) -> list[Problem]:
    """Every chart is shown somewhere: in a section the brief has, with one of its
    documents, or in the charts gallery."""
    problems = []
    listed = ", ".join(brief.sections)
    for chart in brief.charts:
        place, field = place_of(chart), f"charts[{chart.id}].place"
        if place in document_ids:
            if "documents" not in brief.sections:
                problems.append(
                    Problem(
                        chart.loc,
                        field,
                        f"is placed with document {place!r}, but 'documents' is not in sections ({listed})",
                    )
                )
        elif place not in SECTIONS:
            expected = ", ".join([*SECTIONS, *document_ids])
            problems.append(
                Problem(
                    chart.loc,
                    field,
                    f"{place!r} is neither a section nor a document id (expected one of: {expected})",
                )
            )
        elif place not in brief.sections and chart.place is not None:
            problems.append(
                Problem(
                    chart.loc, field, f"the brief has no {place!r} section (sections: {listed})"
                )
            )
        elif place == GALLERY and GALLERY not in brief.sections:
            problems.append(
                warning(
                    chart.loc,
                    f"charts[{chart.id}]",
                    f"is shown nowhere: give it a 'place', or add 'charts' to sections ({listed})",
                )
            )
    return problems


def check_figure_references(brief: Brief, documents: list[Document]) -> list[Problem]:
    """{figure:chart-id} in prose must name a chart the brief shows."""
    figures = place_figures(brief.charts, brief.sections, [d.id for d in documents])
    texts = [(t.text, t.loc, f"takeaways[{n}]") for n, t in enumerate(brief.takeaways)]
    texts += [
        (f.label, f.loc, f"headline_figures[{n}].label")
        for n, f in enumerate(brief.headline_figures)
        if f.label
    ]
    texts += [
        (text, Loc(d.loc.file, d.line_of(field)), field)
        for d in documents
        for field, text in d.prose()
    ]
    problems = []
    for text, loc, field in texts:
        for chart_id in FIGURE_REF_RE.findall(text):
            if chart_id not in figures.numbers:
                known = ", ".join(figures.numbers) or "none"
                problems.append(
                    Problem(
                        loc,
                        field,
                        f"{{figure:{chart_id}}} is not a chart the brief shows (shown: {known})",
                    )
                )
    return problems
