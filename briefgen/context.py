"""Project + charts -> the values templates show: formatted figures, citations,
captions, sections. Templates display; all computing happens here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import PurePath
from typing import Any, NamedTuple

from markupsafe import Markup

from briefgen.checks import PLACEHOLDER_RE
from briefgen.citations import (
    citation,
    citation_parts,
    creator,
    data_citation_parts,
    data_cite,
    date_text,
    join_names,
    publication_line,
    short_cite,
)
from briefgen.editions import (
    Changes,
    ObservationChange,
    parse_edition,
    published_in_week,
)
from briefgen.errors import Loc
from briefgen.model import (
    SCALES,
    ChartSpec,
    Dataset,
    Document,
    DrawnChart,
    Indicator,
    Observation,
    Project,
)
from briefgen.numbers.writing import (
    QUALIFIER_MARKS,
    amount_text,
    as_stated_differs,
    chart_scale,
    date_words,
    format_amount,
    format_number,
    format_range,
    format_value,
    week_words,
)
from briefgen.numbers.writing import words as word_table
from briefgen.placement import FIGURE_REF_RE, GALLERY, Figures, place_figures
from briefgen.translations import _, ngettext

# The English words below are msgids: each is put through _() where it is printed,
# so a brief in another language reads them from its catalog (python.po).

KIND_WORDS = {
    "bar": "Bar chart",
    "barh": "Bar chart",
    "line": "Line chart",
    "paired": "Grouped bar chart",
}
SECTION_TITLES = {
    "takeaways": "Key takeaways",
    "changes": "What changed",
    "headline_figures": "Headline figures",
    "charts": "Charts",
    "documents": "Documents reviewed this edition",
    "indicators": "Indicator table",
    "sources": "Sources",
}
DOCUMENT_TYPES = {
    "news-analysis": "News analysis",
    "blog-post": "Blog post",
    "data-note": "Data note",
    "opinion": "Opinion",
    "policy-note": "Policy note",
    "report": "Report",
    "statistics": "Statistics",
    "press-release": "Press release",
    "working-paper": "Working paper",
    "speech": "Speech",
}


class Segment(NamedTuple):
    """A piece of prose: plain text, a figure from the table, or a reference to a chart."""

    text: str
    is_figure: bool = False  # printed from the indicator table: set in bold
    link: str | None = None  # "#chart-fdi-by-source" for "Figure 2"


Segments = list[Segment]
References = Mapping[str, tuple[str, str | None]]  # chart id -> ("Figure 2", its link)
# The lowercase words format_value puts before an amount: "forecast: about ", "over ".
QUALIFIER_WORDS_RE = re.compile(r"((?:[a-záéíóúñ]+:? )+)(?=\S)")


def make_context(
    project: Project,
    charts: Mapping[str, DrawnChart],
    *,
    edition: str,
    created: dt.date | None = None,
    changes: Changes | None = None,
) -> dict[str, Any]:
    """Everything the templates show, ready to print. `charts` holds the drawings;
    a chart without one is shown with its words alone (the email draws its own)."""
    indicators = project.indicators_by_id()
    documents = {d.id: d for d in project.documents}
    datasets = {d.id: d for d in project.datasets}
    brief = project.brief
    monday, _ = parse_edition(edition)
    topics = sorted({t for d in project.documents for t in d.topics})
    figures = place_figures(brief.charts, brief.sections, [d.id for d in project.documents])
    drawn = project.chart_figures()  # the figures, and the observations charts of series draw
    views = {
        spec.id: chart_view(spec, charts.get(spec.id), figures, drawn, documents, datasets)
        for spec in brief.charts
        if spec.id in figures.numbers
    }
    refs = {i: (figures.reference(i), f"#chart-{i}") for i in figures.numbers}
    intros = {section: fill(intro.text, indicators, refs) for section, intro in brief.intros}
    return {
        "brief": {
            "title": brief.title,
            "subtitle": brief.subtitle,
            "organisation": brief.organisation,
            "language": brief.language,
            "locale": brief.locale,  # CLDR: how figures and dates read
            "keywords": ", ".join(unique_words([*brief.keywords, *topics])),
            "description": brief.subtitle or brief.title,
            "lead": fill(brief.lead.text, indicators, refs) if brief.lead else None,
            "editors": join_names(brief.editors) if brief.editors else None,
            "authors": join_names(brief.authors) if brief.authors else None,
            "contact": brief.contact,
            "disclaimer": brief.disclaimer,
        },
        "intros": intros,
        "edition": {
            "id": edition,
            "week": week_words(monday, brief.locale),
            "number": monday.isocalendar().week,
            "date": date_words(monday, brief.locale),
            "iso": monday.isoformat(),
            # Dates inside the files: the edition's, or SOURCE_DATE_EPOCH's, never the clock.
            "created": (created or monday).isoformat(),
        },
        "counts": {
            "documents": len(project.documents),
            "indicators": len(project.indicators),
            "charts": len(views),
        },
        "sections": sections(
            project, figures, views, first=changes is None or changes.previous is None
        ),
        "takeaways": [fill(t.text, indicators, refs) for t in brief.takeaways],
        "figures": [
            headline_figure(f.indicator, f.label, indicators, documents, refs, datasets)
            for f in brief.headline_figures
        ],
        "charts": [views[i] for i in figures.shown_at(GALLERY)],
        "all_charts": [views[i] for i in sorted(views, key=figures.numbers.get)],
        "documents": [
            document_card(
                d,
                edition,
                len(project.figures_of(d.id)),
                refs,
                [views[i] for i in figures.shown_at(d.id)],
            )
            for d in project.documents
        ],
        "indicator_groups": [
            indicator_group(
                d, project.figures_of(d.id), monday, brief.stale_after_years, project.verified
            )
            for d in project.documents
            if project.figures_of(d.id)
        ]
        + [
            data_group(d, project.figures_of(d.id))
            for d in project.datasets
            if project.figures_of(d.id)
        ],
        "changes": changes_view(changes, edition, documents, datasets),
        "verification": verification(project),
        "references": [reference(d) for d in sorted(project.documents, key=citation)],
        "data_references": [data_reference(d) for d in project.datasets],
    }


def verification(project: Project) -> dict[str, Any]:
    """What the brief may say about its figures: only what `check` verified. Figures
    computed from datasets are computed again by every check; they say so apart."""
    stated = [i for i in project.indicators if i.derived is None]
    derived = len(project.indicators) - len(stated)
    computed = (
        " "
        + _(
            "The {derived} figures computed from data series were computed again from their files."
        ).format(derived=derived)
        if derived
        else ""
    )
    if project.verified is None:
        sentence = _(
            "The figures below were not checked against their source texts for this edition."
        )
        return {"sentence": sentence + computed, "verified": 0, "total": len(stated)}
    verified = sum(i.id in project.verified for i in stated)
    if verified == len(stated):
        sentence = _("Every figure in this brief, exactly as its source states it: value, scale, unit and qualifier were checked on the line of the source text it stands on.")  # fmt: skip
    else:
        sentence = _("{verified} of {total} figures were checked against the line of the source text they stand on; those marked “not checked” were not.").format(verified=verified, total=len(stated))  # fmt: skip
    return {"sentence": sentence + computed, "verified": verified, "total": len(stated)}


def unique_words(words: list[str]) -> list[str]:
    """First spelling wins: 'USMCA' and 'usmca' are one keyword."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


def sections(
    project: Project, figures: Figures, views: dict[str, dict[str, Any]], *, first: bool = False
) -> list[dict[str, Any]]:
    """The brief's sections in order, each with the charts shown at its end; a
    section with nothing to say is left out (the first edition has no changes)."""
    present = {
        "takeaways": bool(project.brief.takeaways),
        # The cover says "first edition" instead, unless a chart is placed here.
        "changes": not first or bool(figures.shown_at("changes")),
        "headline_figures": bool(project.brief.headline_figures),
        "charts": bool(figures.shown_at(GALLERY)),
        "documents": bool(project.documents),
        "indicators": bool(project.indicators),
        "sources": bool(project.documents),
    }
    return [
        {"id": s, "title": _(SECTION_TITLES[s]), "charts": [views[i] for i in figures.shown_at(s)]}
        for s in project.brief.sections
        if present[s]
    ]


def fill(text: str, indicators: dict[str, Indicator], refs: References) -> Segments:
    """Split text at {indicator-id}, {low-id..high-id} and {figure:chart-id}
    placeholders, putting the formatted figure or the chart's number in each."""
    segments: Segments = []
    position = 0
    for match in PLACEHOLDER_RE.finditer(text):
        segments.append(Segment(text[position : match.start()]))
        if match[1].startswith("figure:"):
            label, link = refs[match[1].removeprefix("figure:")]
            segments.append(Segment(label, link=link))
        else:
            names, _, form = match[1].partition("|")
            figures = [indicators[name] for name in names.split("..")]
            shown = (
                format_range(*figures, inline=True, form=form)
                if len(figures) == 2
                else format_value(figures[0], inline=True, form=form)
            )
            segments.append(Segment(shown, is_figure=True))
        position = match.end()
    segments.append(Segment(text[position:]))
    return [s for s in segments if s.text]


def fill_references(text: str, refs: References) -> Segments:
    """A summary's prose: only {figure:chart-id} is filled in; other braces stay text."""
    segments: Segments = []
    position = 0
    for match in FIGURE_REF_RE.finditer(text):
        label, link = refs[match[1]]
        segments += [Segment(text[position : match.start()]), Segment(label, link=link)]
        position = match.end()
    segments.append(Segment(text[position:]))
    return [s for s in segments if s.text]


def headline_figure(
    indicator_id: str,
    label: str | None,
    indicators: dict[str, Indicator],
    documents: dict[str, Document],
    refs: References,
    datasets: Mapping[str, Dataset] = {},
) -> dict[str, Any]:
    indicator = indicators[indicator_id]
    return {
        "value": format_value(indicator),
        "label": fill(label, indicators, refs) if label else [Segment(indicator.label)],
        "period": indicator.period.display() if indicator.period else None,
        "source": _("Computed from {producer}").format(
            producer=data_cite(datasets[indicator.document])
        )
        if indicator.derived
        else source_of(indicator, documents[indicator.document]),
    }


def chart_view(
    spec: ChartSpec,
    drawn: DrawnChart | None,
    figures: Figures,
    indicators: dict[str, Indicator],
    documents: dict[str, Document],
    datasets: Mapping[str, Dataset] = {},
) -> dict[str, Any]:
    """A numbered figure: title, unit, the drawing for page and phone, and the
    Source and Note lines a reader needs."""
    used = [indicators[i] for i in chart_ids(spec)]
    notes = chart_notes(spec, used)
    return {
        "id": spec.id,
        "number": figures.numbers[spec.id],
        "label": figures.reference(spec.id),
        "title": spec.title,
        "subtitle": chart_subtitle(spec, used),
        # Trusted markup: charts.py wrote these SVGs from numbers; every piece of
        # content text in them (the alt text) was escaped there.
        "svg": Markup(drawn.svg) if drawn else "",
        "narrow_svg": Markup(drawn.narrow_svg) if drawn else "",
        "alt": chart_alt(spec, indicators),
        "plotted": chart_values(spec, indicators),  # every value, in words
        "source": source_line(used, documents, datasets),
        "note": ngettext("Note: ", "Notes: ", len(notes)) + " ".join(notes) if notes else None,
        # Inside a document's card the card's title is the h3.
        "heading": 4 if spec.place in documents else 3,
    }


UNIT_WORDS = {"%": "Per cent", "% of GDP": "Per cent of GDP", "rank": "Rank", "times": "Times"}
CURRENCY_NAMES = {
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "MXN": "Mexican pesos",
}
# "Billions of US dollars": the scale's plural and the thing counted, put together by
# the "{scale} of {unit}" message, so a language orders and joins them its own way.
SCALE_PLURALS = {
    "thousand": "Thousands",
    "million": "Millions",
    "billion": "Billions",
    "trillion": "Trillions",
}


def chart_subtitle(spec: ChartSpec, used: list[Indicator]) -> str:
    """What the values measure, and in what: 'Billions of US dollars',
    'Growth, 2005–2019 (per cent)'."""
    unit = used[0].unit
    scale = chart_scale((i.normalised for i in used), unit)
    if unit in UNIT_WORDS:
        words = _(UNIT_WORDS[unit])
    elif unit.startswith("%"):  # a unit no catalog names: "Per cent" and its own words
        words = _("Per cent") + unit[1:]
    else:
        name = _(CURRENCY_NAMES[unit]) if unit in CURRENCY_NAMES else unit_name(unit)
        words = (
            name
            if scale not in SCALE_PLURALS
            else _("{scale} of {unit}").format(scale=_(SCALE_PLURALS[scale]), unit=name)
        )
    if spec.value_label:
        words = f"{spec.value_label} ({words[0].lower()}{words[1:]})"
    return words + (_("; each panel has its own scale") if spec.axes == "separate" else "")


def unit_name(unit: str) -> str:
    """'workers' in the brief's language, as its figures write it ('trabajadores')."""
    return word_table("units", {}, None).get(unit, unit)


def chart_ids(spec: ChartSpec) -> list[str]:
    """Every figure a chart draws: its items', then those it marks on a time axis."""
    marked = spec.data.annotate if spec.data else ()
    return [*(i for item in spec.items for i in item.indicators), *marked]


def chart_alt(spec: ChartSpec, indicators: dict[str, Indicator]) -> str:
    """What the chart shows, in words: the title and every value it plots."""
    return f"{_(KIND_WORDS[spec.kind])}: {spec.title}. {chart_values(spec, indicators)}"


def chart_values(spec: ChartSpec, indicators: dict[str, Indicator]) -> str:
    """Every value a chart plots, in words: 'Mexico: about 0.3% of GDP; OECD average: 2.7% of GDP.'"""
    if spec.data is not None:
        return series_values(spec, indicators)
    parts = []
    for item in spec.items:
        shown_items = [indicators[i] for i in item.indicators]
        if spec.kind == "paired":
            values = ", ".join(
                f"{name} {format_value(i, inline=True)}"
                for name, i in zip(spec.series, shown_items, strict=True)
            )
        elif len(shown_items) == 2:
            values = format_range(*shown_items, inline=True)
        else:
            values = format_value(shown_items[0], inline=True)
        label = item.label or (
            shown_items[0].period.display()
            if spec.kind != "paired" and shown_items[0].period
            else shown_items[0].label
        )
        parts.append(f"{label}: {values}")
    return "; ".join(parts) + "."


def series_values(spec: ChartSpec, indicators: dict[str, Indicator]) -> str:
    """A chart of series in words: each series with its observations, then the
    figures marked on it: 'U.S. imports of goods from Mexico: 2018, $343.681 billion; ...'"""
    by_series: dict[str, list[str]] = {}
    for item in spec.items:
        point = indicators[item.indicators[0]]
        status = f" ({_(point.note)})" if point.note else ""
        by_series.setdefault(item.group or point.label, []).append(
            f"{period_text(point)}, {format_value(point, inline=True)}{status}"
        )
    parts = [f"{name}: {'; '.join(values)}" for name, values in by_series.items()]
    marked = [indicators[i] for i in spec.data.annotate] if spec.data else []
    parts += [
        _("Marked as a document states it: {figure}").format(
            figure=f"{i.label}, {period_text(i)}, {format_value(i, inline=True)}"
        )
        for i in marked
    ]
    return ". ".join(parts) + "."


def source_line(
    used: list[Indicator], documents: dict[str, Document], datasets: Mapping[str, Dataset] = {}
) -> str:
    """'Source: World Bank, as reported by AInvest, 22 December 2024.': each document
    the chart draws on, by publisher and date, with whom it credits for the figures;
    each dataset by its citation line."""
    entries = []
    for document_id in dict.fromkeys(i.document for i in used):
        if document_id in datasets:
            entries.append(datasets[document_id].origin.citation.rstrip("."))
            continue
        document = documents[document_id]
        own = [i for i in used if i.document == document_id]
        credited = list(dict.fromkeys(i.attributed_to for i in own if i.attributed_to))
        credits = join_names(credited) if credited else ""
        issued = f"{publisher_of(document)}, {date_text(document)}"
        if credits and all(i.attributed_to for i in own):
            entries.append(_("{credits}, as reported by {issued}").format(credits=credits, issued=issued))  # fmt: skip
        elif credits:
            entries.append(_("{issued}, citing {credits} for some of these figures").format(issued=issued, credits=credits))  # fmt: skip
        else:
            entries.append(issued)
    line = ngettext("Source: ", "Sources: ", len(entries)) + "; ".join(entries)
    return line if line.endswith(".") else line + "."  # "n.d." ends it already


def publisher_of(document: Document) -> str:
    """Who put the document out, as far as it says: 'AInvest', 'Jorge Mandujano
    (publisher not stated)'."""
    if document.publisher:
        return document.publisher
    name = join_names(document.authors) if document.authors else document.cite_as or document.title
    return _("{name} (publisher not stated)").format(name=name)


def chart_notes(spec: ChartSpec, used: list[Indicator]) -> list[str]:
    """What a reader needs to read the marks on a chart, in full sentences."""
    notes = [spec.note.rstrip(".") + "."] if spec.note else []
    if any("forecast" in i.qualifiers for i in used):
        notes.append(
            _("The dashed line and open marker show a forecast.")
            if spec.kind == "line"
            else _("Hatched bars are forecasts.")
        )
    if any("scenario" in i.qualifiers for i in used):
        notes.append(
            _(
                "Outlined bars are scenarios: what the source says could happen if its condition"
                " holds, not a forecast of what will."
            )
        )
    if spec.kind != "paired" and any(len(item.indicators) == 2 for item in spec.items):
        notes.append(_("The pale part of a bar spans the range the source gives."))
    if any(i.note == "provisional" and i.derived is None for i in used if spec.data):
        notes.append(_("Open markers on the solid line are provisional observations, which the producer may still revise.")
                     if spec.kind == "line" else _("Values marked provisional may still be revised by the producer."))  # fmt: skip
    if spec.data and spec.data.annotate:
        notes.append(_("Diamonds are figures stated in documents, not observations of the series."))
    marks: dict[str, list[str]] = {}
    for qualifier in dict.fromkeys(q for i in used for q in i.qualifiers if q in QUALIFIER_MARKS):
        marks.setdefault(QUALIFIER_MARKS[qualifier], []).append(_(MARK_WORDS[qualifier]))
    if marks:
        either = _(" or ")
        signs = "; ".join(f"{mark} {either.join(words)}" for mark, words in sorted(marks.items()))
        notes.append(_("Signs before values give the source's own wording: {signs}.").format(signs=signs))  # fmt: skip
    return notes


MARK_WORDS = {
    "about": "about",
    "nearly": "nearly",
    "over": "more than",
    "at-least": "at least",
    "under": "less than",
    "up-to": "up to",
}


def source_of(indicator: Indicator, document: Document) -> str:
    """'World Bank, cited in Park (2024)' or 'López-Gómez (2024)'."""
    cite = short_cite(document)
    if not indicator.attributed_to:
        return cite
    return _("{credited}, cited in {cite}").format(credited=indicator.attributed_to, cite=cite)


def document_card(
    document: Document,
    edition: str,
    figures: int,
    refs: References,
    charts: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "id": document.id,
        "new_this_week": published_in_week(document, edition),
        "title": document.title,
        "creator": creator(document),
        "date": date_text(document),
        "type": _(DOCUMENT_TYPES[document.document_type]),
        "topics": list(document.topics),
        "summary": fill_references(document.summary, refs),
        "key_points": [fill_references(p, refs) for p in document.key_points],
        "implications": fill_references(document.implications, refs),
        "reliability": fill_references(document.reliability, refs),
        "figures": figures,
        "cite": short_cite(document),
        "charts": charts,  # the figures placed with this document
    }


def indicator_group(
    document: Document,
    figures: tuple[Indicator, ...],
    monday: dt.date,
    years: int,
    verified: frozenset[str] | None,
) -> dict[str, Any]:
    rows = []
    for low, high in paired_ranges(list(figures)):
        row = indicator_row(low, high)
        # Only a build that checked the figures marks the ones it could not verify.
        row["unchecked"] = verified is not None and any(
            i.id not in verified for i in (low, high) if i is not None and i.derived is None
        )
        row["age"] = (
            "historical" if low.historical else "stale" if low.is_stale(monday, years) else None
        )
        rows.append(row)
    return {"document": document.id, "title": document.title, "cite": short_cite(document),
            "trail": _("in the desk's copy of its text, line by line: ") + line_trail(figures),
            "rows": rows}  # fmt: skip


def line_trail(figures: tuple[Indicator, ...]) -> str:
    """'line 20: 79.6%, 51.4%; line 24: 27.5%': each line of a document's text with
    the figures the brief takes from it, as the brief writes them."""
    by_line: dict[int, list[str]] = {}
    for figure in figures:
        by_line.setdefault(figure.locator, []).append(amount_text(figure))
    return "; ".join(_("line {n}: {figures}").format(n=n, figures=", ".join(dict.fromkeys(v)))
                     for n, v in sorted(by_line.items()))  # fmt: skip


def data_group(dataset: Dataset, figures: tuple[Indicator, ...]) -> dict[str, Any]:
    """The figures computed from a dataset: each with its derivation, where a stated
    figure's note would be, and the rows of the data file it was computed from."""
    rows = []
    for figure in figures:
        assert figure.derived is not None
        derivation = (
            figure.derived.method or figure.derived.derivation
        )  # the group names the source
        rows.append(indicator_row(figure) | {
            "note": derivation[0].upper() + derivation[1:] + ".",
            "line": row_numbers([r.line for r in figure.derived.rows if r.line]),
            "unchecked": False,  # computed again from the file by every check
            "age": "historical" if figure.historical else None,
        })  # fmt: skip
    lines = [r.line for f in figures if f.derived for r in f.derived.rows if r.line]
    return {"document": dataset.id, "title": dataset.origin.title, "cite": data_cite(dataset),
            "trail": _("computed again by every check from the series' observations (rows {rows} of the desk's data file)").format(rows=row_numbers(lines)),
            "rows": rows}  # fmt: skip


def data_file(dataset: Dataset) -> str:
    """The data file as the project names it, wherever the build ran from: the brief
    prints the same path on every machine."""
    return f"content/data/{PurePath(dataset.file).name}"


def row_numbers(lines: list[int]) -> str:
    """[2, 3, 4, 7] -> '2–4, 7'."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def paired_ranges(rows: list[Indicator]) -> list[tuple[Indicator, Indicator | None]]:
    """A range stated as two rows (range-low, then range-high of the same figure)
    reads as one row: '$55,000–60,000 million'."""
    pairs: list[tuple[Indicator, Indicator | None]] = []
    for row in rows:
        if pairs and is_range(pairs[-1][0], row) and pairs[-1][1] is None:
            pairs[-1] = (pairs[-1][0], row)
        else:
            pairs.append((row, None))
    return pairs


def is_range(low: Indicator, high: Indicator) -> bool:
    same = (low.label, low.unit, low.scale, low.period, low.attributed_to) == (
        high.label,
        high.unit,
        high.scale,
        high.period,
        high.attributed_to,
    )
    return same and "range-low" in low.qualifiers and "range-high" in high.qualifiers


def indicator_row(indicator: Indicator, high: Indicator | None = None) -> dict[str, Any]:
    lines = dict.fromkeys(str(i.locator) for i in (indicator, high) if i)
    value = format_range(indicator, high) if high else format_value(indicator)
    qualifier, amount = split_qualifier(value)
    # The figure as the source writes it, beside the brief's way, where they differ.
    as_stated = (
        amount_text(indicator, high, as_stated=True) if as_stated_differs(indicator, high) else None
    )
    return {
        "id": indicator.id,
        "label": indicator.label,
        "value": value,
        "qualifier": qualifier,  # "forecast: about": may wrap onto a line of its own
        "amount": amount,  # "$55,000–60,000 million": never broken
        "period": indicator.period.display() if indicator.period else _("not stated"),
        "geography": indicator.geography,
        "line": ", ".join(lines),
        "attributed_to": indicator.attributed_to or "—",
        "note": indicator.note,
        "as_stated": as_stated,
    }


def split_qualifier(value: str) -> tuple[str, str]:
    """'forecast: about 25%' -> ('forecast: about', '25%'): the words the brief puts
    before a number, and the amount itself."""
    match = QUALIFIER_WORDS_RE.match(value)
    return (match[1].strip(), value[match.end() :]) if match else ("", value)


def data_reference(dataset: Dataset) -> dict[str, Any]:
    before, title, after = data_citation_parts(dataset)
    return {
        "id": dataset.id,
        "before": before,
        "title": title,
        "after": after,
        "file": data_file(dataset),
    }


def reference(document: Document) -> dict[str, Any]:
    before, title, after = citation_parts(document)
    return {
        "id": document.id,
        "before": before,
        "title": title,
        "after": after,
        "url": document.url,  # a link for readers; none: "URL not known."
        "accessed": date_words(document.accessed) if document.accessed else None,
        "cite": short_cite(document),
    }


# --- the email summary ---------------------------------------------------------


def email_context(
    project: Project,
    pngs: dict[str, bytes],
    *,
    edition: str,
    changes: Changes | None = None,
    pdf_attached: bool = False,
) -> dict[str, Any]:
    """What the email shows: a summary, not the whole brief. A chart the email
    leaves out is referred to by its number in the full brief."""
    settings = project.brief.email
    base = make_context(project, {}, edition=edition, changes=changes)
    views = {c["id"]: c for c in base["all_charts"]}
    charts = sorted(
        (views[i] for i in (settings.charts if settings else ()) if i in pngs and i in views),
        key=lambda view: view["number"],
    )
    shown = {c["id"] for c in charts}
    refs = {
        i: (c["label"], f"#chart-{i}")
        if i in shown
        else (_("{figure} of the full brief").format(figure=c["label"]), None)
        for i, c in views.items()
    }
    indicators = project.indicators_by_id()
    takeaways = [fill(t.text, indicators, refs) for t in project.brief.takeaways]
    subject = email_subject(project, edition)
    return {
        "brief": base["brief"],
        "edition": base["edition"],
        "subject": subject,
        "preheader": plain(takeaways[0]) if takeaways else subject,
        "takeaways": takeaways,
        "figures": base["figures"],
        "charts": [email_chart(c, pngs[c["id"]], edition) for c in charts],
        "documents": [email_card(d, edition, refs) for d in project.documents],
        "changes": base["changes"],
        "pdf": {
            "attached": pdf_attached or bool(settings and settings.attach_pdf),
            "url": settings.pdf_url if settings else None,
            "name": "brief.pdf",
        },
    }


def email_subject(project: Project, edition: str) -> str:
    settings = project.brief.email
    template = settings.subject if settings else f"{project.brief.title}, {{edition}}"
    return template.replace("{edition}", edition)


def plain(segments: Segments) -> str:
    return "".join(segment.text for segment in segments)


def chart_cid(chart_id: str, edition: str) -> str:
    """The Content-ID an email's HTML refers to as cid:..."""
    return f"chart-{chart_id}.{edition}@briefgen"


def email_chart(view: dict[str, Any], png: bytes, edition: str) -> dict[str, Any]:
    """A chart as the email shows it: the phone's drawing as an image, its words as text."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # PNG IHDR
    shown = 552  # the 600 px column less its padding; the PNG has twice the pixels
    return {
        key: view[key]
        for key in (
            "id",
            "number",
            "label",
            "title",
            "subtitle",
            "alt",
            "plotted",
            "source",
            "note",
        )
    } | {
        "cid": chart_cid(view["id"], edition),
        "width": shown,
        "height": round(height * shown / width),
    }


def email_card(document: Document, edition: str, refs: References) -> dict[str, Any]:
    return {
        "new_this_week": published_in_week(document, edition),
        "title": document.title,
        "creator": creator(document),
        "date": date_text(document),
        "type": _(DOCUMENT_TYPES[document.document_type]),
        "points": [fill_references(p, refs) for p in document.key_points[:3]],
        "citation": publication_line(document),
    }


# --- what changed since the previous edition --------------------------------------


def changes_view(
    changes: Changes | None,
    edition: str,
    documents: dict[str, Document],
    datasets: Mapping[str, Dataset] = {},
) -> dict[str, Any]:
    if changes is None or changes.previous is None:
        return {"previous": None, "count": 0}
    observations = [observation_row(c) for c in changes.observations]
    return {
        "new_observations": [o for o in observations if o["old"] is None],
        "revised_observations": [o for o in observations if o["old"] is not None],
        "new_datasets": [
            {"title": d.origin.title, "cite": data_cite(d)} for d in changes.new_datasets
        ],
        "previous": changes.previous,
        "count": changes.count,
        "new_documents": [
            {
                "title": d.title,
                "cite": short_cite(d),
                "new_this_week": published_in_week(d, edition),
            }
            for d in changes.new_documents
        ],
        "changed_documents": [
            {"title": d.title, "cite": short_cite(d)} for d in changes.changed_documents
        ],
        "removed_documents": [
            {"title": d.title, "cite": short_cite(d)} for d in changes.removed_documents
        ],
        "added": [changed_row(i, documents) for i in changes.added],
        "removed": [
            {"label": i.label, "value": format_value(i), "period": period_text(i)}
            for i in changes.removed
        ],
        "revised": [revised_row(old, new, documents) for old, new in changes.revised],
    }


def observation_row(change: ObservationChange) -> dict[str, Any]:
    """A dataset's new observation, or a revised one: 'U.S. imports of goods from
    Mexico, 2024: $505.9 billion (provisional)'; a revision with its old value."""
    from briefgen.data.points import point

    observation = Observation(change.period, change.new, change.status, Loc(change.dataset.file))
    new = point(change.dataset, change.series.label, change.series.id, observation)
    row = {"label": change.series.label, "period": period_text(new), "value": format_value(new),
           "status": _(new.note) if new.note else (_("forecast") if "forecast" in new.qualifiers else None),
           "cite": data_cite(change.dataset), "old": None}  # fmt: skip
    if change.old is None:
        return row
    old = replace(new, value=change.old)
    delta, direction = difference(old, new)
    return row | {
        "old": format_value(old),
        "new": format_value(new),
        "change": delta,
        "direction": direction,
    }


def period_text(indicator: Indicator) -> str:
    return indicator.period.display() if indicator.period else _("period not stated")


def changed_row(indicator: Indicator, documents: dict[str, Document]) -> dict[str, Any]:
    return {"label": indicator.label, "value": format_value(indicator), "period": period_text(indicator),
            "cite": short_cite(documents[indicator.document]) if indicator.document in documents else ""}  # fmt: skip


def revised_row(old: Indicator, new: Indicator, documents: dict[str, Document]) -> dict[str, Any]:
    change, direction = difference(old, new)
    return changed_row(new, documents) | {
        "old": format_value(old),
        "new": format_value(new),
        "change": change,
        "direction": direction,
    }


def difference(old: Indicator, new: Indicator) -> tuple[str, str]:
    """The change in the new figure's unit and scale: '+0.5 pp', '−$2 billion', '2 places higher'."""
    if old.unit != new.unit:
        return _("unit changed from {old} to {new}").format(old=old.unit, new=new.unit), "changed"
    delta = new.normalised - old.normalised
    direction = "up" if delta > 0 else "down"
    if new.unit == "rank":
        places = abs(int(delta))
        words = (
            ngettext("{n} place lower", "{n} places lower", places)
            if delta > 0
            else ngettext("{n} place higher", "{n} places higher", places)
        )
        return words.format(n=places), "down" if delta > 0 else "up"
    sign = "+" if delta > 0 else "−"
    if new.unit.startswith("%"):
        return f"{sign}{format_number(abs(delta))} pp", direction
    amount = format_number((abs(delta) / SCALES[new.scale]).normalize())
    return f"{sign}{format_amount(amount, new.unit, new.scale)}", direction
