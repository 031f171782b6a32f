"""Rules across files: ids that must exist, charts whose data must fit, and
figures in prose that must come from the indicator table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from briefgen.errors import Loc, Problem, warning
from briefgen.model import SCALES, SECTIONS, Brief, ChartSpec, Document, Indicator
from briefgen.numbers import (
    POINT,
    QUALIFIER_WORDS,
    detect_style,
    find_numbers,
    format_short,
    unit_kind,
)
from briefgen.numbers.writing import FORMS
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


class Everything(frozenset):
    """Every id: the indicator table could not be read at all, so no reference to it
    can be checked, nor reported as undefined."""

    def __contains__(self, item: object) -> bool:
        return True


def check_references(
    brief: Brief | None,
    documents: list[Document],
    indicators: list[Indicator],
    *,
    unreadable_documents: frozenset[str] | set[str] = frozenset(),
    broken_rows: Mapping[str, Indicator | None] | None = None,
    table_read: bool = True,
    derived: list[Indicator] | tuple[Indicator, ...] = (),
    points: list[Indicator] | tuple[Indicator, ...] = (),
    uncomputed: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    """Cross-file rules. Summaries and indicator rows that failed to load still exist,
    so references to them are not reported again; a broken row comes with what could
    be read of it (None: too little). When the table could not be read at all
    (`table_read` false), nothing that refers to it is checked. `derived` are the
    figures computed from datasets: referred to like any, and held against the
    stated figures they name. `points` are the observations charts of series draw;
    `uncomputed`, derived figures whose dataset has said why they could not be
    computed: references to them are not reported again."""
    broken_rows = broken_rows or {}
    unreadable_rows = set(broken_rows) | set(uncomputed) if table_read else Everything()
    problems = check_unique(documents, [*indicators, *derived])
    if brief is not None and brief.schema >= 2:
        problems += check_schema_2(documents)
        documents = [replace(d, indicators=None) for d in documents]  # said once, above
    by_id = {i.id: i for i in [*indicators, *derived, *points]}
    problems += check_derived_against_stated(derived, by_id, unreadable_rows)
    # A broken row still names its document: that link is checked with the others.
    salvaged = [i for i in broken_rows.values() if i is not None]
    linked = [*indicators, *salvaged]
    unlinked = (
        {i for i, row in broken_rows.items() if row is None} if table_read else unreadable_rows
    )
    problems += check_document_links(documents, linked, unreadable_documents, unlinked)
    if table_read and None not in broken_rows.values():  # else a figure's value is unknown
        problems += check_figures_in_prose(documents, linked)
    if brief:
        problems += check_brief_references(brief, by_id, unreadable_rows)
        problems += check_figure_places(brief, [d.id for d in documents])
        problems += check_figure_references(brief, documents)
    return problems


def check_derived_against_stated(
    derived: list[Indicator] | tuple[Indicator, ...],
    by_id: dict[str, Indicator],
    unreadable: frozenset[str] | set[str],
) -> list[Problem]:
    """A figure computed from a dataset beside one a document states: when they differ
    by more than the editor's tolerance, say so (the brief shows both, and their sources)."""
    problems = []
    for figure in derived:
        name = figure.derived.compare_with
        if name is None or name in unreadable:
            continue
        stated = by_id.get(name)
        if stated is None or stated.derived is not None:
            problems.append(
                Problem(figure.loc, "compare_with", f"{name!r} is not a figure of indicators.csv")
            )
            continue
        if unit_kind(stated.unit) != unit_kind(figure.unit) or stated.normalised == 0:
            problems.append(
                Problem(
                    figure.loc,
                    "compare_with",
                    f"{name!r} is in {stated.unit}, this figure in {figure.unit}: they cannot be compared",
                )
            )
            continue
        difference = abs(figure.normalised - stated.normalised) / abs(stated.normalised)
        if difference > figure.derived.tolerance:
            message = f"{figure.value} {figure.unit} computed from {figure.document} differs from {name} ({stated.value} {stated.unit}, {stated.document}) by {difference:.1%}, more than the tolerance of {figure.derived.tolerance:.0%}"
            problems.append(warning(figure.loc, "compare_with", message))
    return problems


def check_schema_2(documents: list[Document]) -> list[Problem]:
    """What a summary written for schema 1 must change to be read as schema 2."""
    return [
        Problem(
            Loc(document.loc.file, document.line_of("indicators")),
            "indicators",
            "schema 2 takes a summary's figures from indicators.csv (the rows that name it "
            "in their document column): delete this list (briefgen upgrade does it for every summary)",
        )
        for document in documents
        if document.indicators is not None
    ]


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
        if not document.source_file:  # a summary whose source_file is wrong, said already
            continue
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
    unreadable_documents: frozenset[str] | set[str],
    unreadable_rows: frozenset[str] | set[str],
) -> list[Problem]:
    """Each figure names a summary that exists; a summary that still lists its figures
    (`indicators:`, schema 1) must list exactly the rows that name it."""
    by_id = {i.id: i for i in indicators}
    documents_by_id = {d.id: d for d in documents}
    problems = []
    for indicator in indicators:
        document = documents_by_id.get(indicator.document)
        if document is None and indicator.document not in unreadable_documents:
            known = ", ".join(sorted({*documents_by_id, *unreadable_documents})) or "none"
            problems.append(
                Problem(
                    indicator.loc,
                    "document",
                    f"{indicator.document!r} is not the id of a summary in documents/ (known: {known})",
                )
            )
        elif (
            document is not None
            and document.indicators is not None  # not listed: the table alone says it
            and indicator.id not in document.indicators
        ):
            problems.append(
                Problem(
                    indicator.loc,
                    "document",
                    f"{document.loc.file} does not list {indicator.id!r} in its indicators "
                    "(add it there, or delete that list: the table's document column is enough)",
                )
            )
    for document in documents:
        for index, indicator_id in enumerate(document.indicators or ()):
            loc = Loc(document.loc.file, document.line_of(f"indicators[{index}]"))
            indicator = by_id.get(indicator_id)
            if indicator is None and indicator_id in unreadable_rows:
                continue
            if indicator is None:
                problems.append(
                    Problem(
                        loc,
                        f"indicators[{index}]",
                        f"{indicator_id!r} is not defined in indicators.csv",
                    )
                )
            elif indicator.document != document.id and (
                indicator.document in documents_by_id or indicator.document in unreadable_documents
            ):  # a row naming no summary at all is reported on the row alone
                problems.append(
                    Problem(
                        loc,
                        f"indicators[{index}]",
                        f"{indicator_id!r} belongs to document {indicator.document!r} ({indicator.loc})",
                    )
                )
    return problems


def check_figures_in_prose(
    documents: list[Document], indicators: list[Indicator], language: str = "en"
) -> list[Problem]:
    """A number in a summary must be one of the document's figures (the rows that
    name it), at its scale or the same amount at another ("$55-60 billion" for
    55,000-60,000 million), so the prose cannot drift from the table (years are fine)."""
    problems = []
    for document in documents:
        figures = [i for i in indicators if i.document == document.id]
        pairs = {(i.value, i.scale) for i in figures}
        amounts = {i.normalised for i in figures}
        for field, text in document.prose():
            text = FIGURE_REF_RE.sub("", text)  # "{figure:ev-share-2025}" is no figure
            language = language.split("-")[0]  # the prose's own: a Spanish brief's is Spanish
            style = detect_style([text], language).style or POINT
            for found in find_numbers(text, style, language=language):
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
    brief: Brief, by_id: dict[str, Indicator], unreadable: frozenset[str] | set[str] = frozenset()
) -> list[Problem]:
    """Every reference from brief.yaml to the table; one naming a row that failed to
    load is left alone (the row's own problems say why), every other is checked."""
    problems = []
    for index, takeaway in enumerate(brief.takeaways):
        problems += check_figures_text(
            takeaway.text, takeaway.loc, f"takeaways[{index}]", by_id, unreadable
        )
    if brief.lead:
        problems += check_figures_text(brief.lead.text, brief.lead.loc, "lead", by_id, unreadable)
    for section, intro in brief.intros:
        problems += check_figures_text(
            intro.text, intro.loc, f"intros.{section}", by_id, unreadable
        )
    for index, figure in enumerate(brief.headline_figures):
        field = f"headline_figures[{index}]"
        if figure.indicator not in by_id and figure.indicator not in unreadable:
            problems.append(
                Problem(figure.loc, field, f"{figure.indicator!r} is not defined in indicators.csv")
            )
        if figure.label:
            problems += check_figures_text(
                figure.label, figure.loc, f"{field}.label", by_id, unreadable
            )
    seen: set[str] = set()
    for chart in brief.charts:
        if chart.id in seen:
            problems.append(Problem(chart.loc, "charts", f"duplicate chart id {chart.id!r}"))
        seen.add(chart.id)
        problems += check_chart_data(chart, by_id, unreadable)
    return problems


def check_figures_text(
    text: str,
    loc: Loc,
    field: str,
    by_id: dict[str, Indicator],
    unreadable: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    """Editor's text with {indicator-id} or {low-id..high-id} placeholders: each must
    name the table, and a figure typed by hand is flagged."""
    problems = []
    for match in PLACEHOLDER_RE.finditer(text):
        inner = match[1]
        if inner.startswith("figure:"):
            continue  # a reference to a chart: check_figure_references
        inner, _, form = inner.partition("|")
        if form not in FORMS:
            problems.append(Problem(loc, field, f"{{{match[1]}}}: {form!r} is not a form; expected {{id}} or {{id|amount}}"))  # fmt: skip
            continue
        names = inner.split("..")
        if len(names) <= 2 and any(n in unreadable for n in names):
            continue
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
        else:
            problems += check_qualifier_words(text[: match.start()], match[1], form, names, by_id, loc, field)  # fmt: skip
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


# Words an editor's prose may qualify a figure with; with them before {id}, the
# figure's own words ("about") would change what the sentence says.
PROSE_QUALIFIER_RE = re.compile(
    r"\b(just|about|around|roughly|some|almost|nearly|over|under|more than|less than"
    r"|fewer than|up to|at least|at most|barely|only|approximately|circa|close to)\s*$",
    re.IGNORECASE,
)


def check_qualifier_words(
    before: str, inner: str, form: str, names: list[str], by_id: dict[str, Indicator],
    loc: Loc, field: str,
) -> list[Problem]:  # fmt: skip
    """'just {x}' where x prints 'about 65%' would say 'just about 65%': the editor
    chooses, with {x|amount}, to qualify the figure in the prose's own words."""
    shared = set.intersection(*(set(by_id[n].qualifiers) for n in names))
    qualifiers = [q for q in by_id[names[0]].qualifiers if q in shared and q in QUALIFIER_WORDS
                  and not q.startswith("range-")]  # fmt: skip
    words = PROSE_QUALIFIER_RE.search(before)
    if form or not words or not qualifiers:
        return []
    printed = QUALIFIER_WORDS[qualifiers[0]]
    return [Problem(loc, field, f"{{{inner}}} prints {printed!r} after {words[1]!r}, which would read '{words[1]} {printed}': write {{{inner}|amount}} to print the amount alone, with the source's wording ({printed}) in your own words, or drop {words[1]!r}")]  # fmt: skip


def check_annotations(
    chart: ChartSpec, by_id: dict[str, Indicator], unreadable: frozenset[str] | set[str]
) -> list[Problem]:
    """A chart of series marks stated figures at their period: each must be a figure
    of the table, with a period, in the unit of the series."""
    assert chart.data is not None
    field = f"charts[{chart.id}].data.annotate"
    unit = by_id[chart.items[0].indicators[0]].unit if chart.items else None
    problems = []
    for name in chart.data.annotate:
        figure = by_id.get(name)
        if figure is None:
            if name not in unreadable:
                problems.append(
                    Problem(chart.loc, field, f"{name!r} is not defined in indicators.csv")
                )
        elif figure.period is None:
            problems.append(
                Problem(
                    chart.loc, field, f"{name} states no period: it has no place on a time axis"
                )
            )
        elif unit is not None and figure.unit != unit:
            problems.append(
                Problem(
                    chart.loc,
                    field,
                    f"{name} is in {figure.unit}, the series in {unit}: a chart shows one unit",
                )
            )
    return problems


def check_chart_data(
    chart: ChartSpec,
    by_id: dict[str, Indicator],
    unreadable: frozenset[str] | set[str] = frozenset(),
) -> list[Problem]:
    field = f"charts[{chart.id}]"
    problems = check_annotations(chart, by_id, unreadable) if chart.data else []
    missing = [i for item in chart.items for i in item.indicators if i not in by_id]
    problems += [
        Problem(item.loc, f"{field}.items", f"{indicator_id!r} is not defined in indicators.csv")
        for item in chart.items
        for indicator_id in item.indicators
        if indicator_id not in by_id and indicator_id not in unreadable
    ]
    if missing:  # the chart's data is checked once every row it plots can be read
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
    """A line chart puts each point at its period: two in one period of one line
    (each data series is a line of its own) would sit on top of each other."""
    seen: dict[tuple[str | None, str], str] = {}
    problems = []
    for item in chart.items:
        indicator = by_id[item.indicators[0]]
        if indicator.period is None:
            continue  # reported above: a line chart needs a period on every indicator
        first = seen.setdefault((item.group, indicator.period.text), indicator.id)
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
    texts += [(brief.lead.text, brief.lead.loc, "lead")] if brief.lead else []
    texts += [(i.text, i.loc, f"intros.{s}") for s, i in brief.intros]
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
