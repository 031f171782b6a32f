"""Project + charts -> the values templates show: formatted figures, citations,
captions, sections. Templates display; all computing happens here."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup

from briefgen.checks import PLACEHOLDER_RE
from briefgen.citations import citation, citation_parts, creator, date_text, short_cite
from briefgen.editions import Changes, parse_edition, published_in_week, week_range
from briefgen.indicators import (
    QUALIFIER_MARKS,
    format_amount,
    format_number,
    format_range,
    format_value,
)
from briefgen.model import MONTHS, SCALES, ChartSpec, Document, Indicator, Project

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
    "documents": "What was published",
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

Segments = list[tuple[str, bool]]  # (text, is a figure from the table)
# The lowercase words format_value puts before an amount: "forecast: about ", "over ".
QUALIFIER_WORDS_RE = re.compile(r"((?:[a-z]+:? )+)(?=\S)")


def make_context(
    project: Project,
    charts: dict[str, str],
    *,
    edition: str,
    created: dt.date | None = None,
    changes: Changes | None = None,
) -> dict[str, Any]:
    """Everything the templates show, ready to print."""
    indicators = project.indicators_by_id()
    documents = {d.id: d for d in project.documents}
    brief = project.brief
    monday, _ = parse_edition(edition)
    topics = sorted({t for d in project.documents for t in d.topics})
    return {
        "brief": {
            "title": brief.title,
            "subtitle": brief.subtitle,
            "organisation": brief.organisation,
            "language": brief.language,
            "keywords": ", ".join(unique_words([*brief.keywords, *topics])),
            "description": brief.subtitle or brief.title,
        },
        "edition": {
            "id": edition,
            "week": week_range(edition),
            "date": f"{monday.day} {MONTHS[monday.month - 1]} {monday.year}",
            "iso": monday.isoformat(),
            # Dates inside the files: the edition's, or SOURCE_DATE_EPOCH's, never the clock.
            "created": (created or monday).isoformat(),
        },
        "counts": {
            "documents": len(project.documents),
            "indicators": len(project.indicators),
            "charts": len(charts),
        },
        "sections": sections(project, charts),
        "takeaways": [fill(t.text, indicators) for t in brief.takeaways],
        "figures": [
            headline_figure(f.indicator, f.label, indicators, documents)
            for f in brief.headline_figures
        ],
        "charts": [
            chart_view(spec, charts[spec.id], indicators, documents) for spec in brief.charts
        ],
        "documents": [document_card(d, edition) for d in project.documents],
        "indicator_groups": [
            indicator_group(d, indicators, monday, brief.stale_after_years)
            for d in project.documents
            if d.indicators
        ],
        "changes": changes_view(changes, edition, documents),
        "references": [reference(d) for d in sorted(project.documents, key=citation)],
    }


def unique_words(words: list[str]) -> list[str]:
    """First spelling wins: 'USMCA' and 'usmca' are one keyword."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


def sections(project: Project, charts: dict[str, Any]) -> list[dict[str, str]]:
    present = {
        "takeaways": bool(project.brief.takeaways),
        "changes": True,  # says so plainly when there is no previous edition
        "headline_figures": bool(project.brief.headline_figures),
        "charts": bool(charts),
        "documents": bool(project.documents),
        "indicators": bool(project.indicators),
        "sources": bool(project.documents),
    }
    return [{"id": s, "title": SECTION_TITLES[s]} for s in project.brief.sections if present[s]]


def fill(text: str, indicators: dict[str, Indicator]) -> Segments:
    """Split text at {indicator-id} and {low-id..high-id} placeholders, putting the
    formatted figure in each."""
    segments: Segments = []
    position = 0
    for match in PLACEHOLDER_RE.finditer(text):
        segments.append((text[position : match.start()], False))
        figures = [indicators[name] for name in match[1].split("..")]
        shown = (
            format_range(*figures, inline=True)
            if len(figures) == 2
            else format_value(figures[0], inline=True)
        )
        segments.append((shown, True))
        position = match.end()
    segments.append((text[position:], False))
    return [s for s in segments if s[0]]


def headline_figure(
    indicator_id: str,
    label: str | None,
    indicators: dict[str, Indicator],
    documents: dict[str, Document],
) -> dict[str, Any]:
    indicator = indicators[indicator_id]
    return {
        "value": format_value(indicator),
        "label": fill(label, indicators) if label else [(indicator.label, False)],
        "period": indicator.period.display() if indicator.period else None,
        "source": source_of(indicator, documents[indicator.document]),
    }


def chart_view(
    spec: ChartSpec, svg: str, indicators: dict[str, Indicator], documents: dict[str, Document]
) -> dict[str, Any]:
    used = [indicators[i] for item in spec.items for i in item.indicators]
    sources = chart_sources(used, documents)
    return {
        "id": spec.id,
        "title": spec.title,
        # Trusted markup: charts.py wrote this SVG from numbers; every piece of
        # content text in it (the alt text) was escaped there.
        "svg": Markup(svg),
        "alt": chart_alt(spec, indicators),
        "caption": ("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources) + ".",
        "notes": chart_notes(spec, used),
    }


def chart_alt(spec: ChartSpec, indicators: dict[str, Indicator]) -> str:
    """What the chart shows, in words: the title and every value it plots."""
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
    return f"{KIND_WORDS[spec.kind]}: {spec.title}. " + "; ".join(parts) + "."


def chart_sources(used: list[Indicator], documents: dict[str, Document]) -> list[str]:
    """Whom the chart's figures come from; a document's own, uncredited figures are
    marked as such when the same document credits others in the chart."""
    credited = {i.document for i in used if i.attributed_to}
    sources = []
    for indicator in used:
        source = source_of(indicator, documents[indicator.document])
        if not indicator.attributed_to and indicator.document in credited:
            source += " (no source cited)"
        sources.append(source)
    return list(dict.fromkeys(sources))


def chart_notes(spec: ChartSpec, used: list[Indicator]) -> list[str]:
    """What a reader needs to read the marks on a chart."""
    notes = [spec.note] if spec.note else []
    if any("forecast" in i.qualifiers for i in used):
        notes.append(
            "The dashed line and open marker show a forecast."
            if spec.kind == "line"
            else "Hatched bars are forecasts."
        )
    if spec.kind != "paired" and any(len(item.indicators) == 2 for item in spec.items):
        notes.append("The pale part of a bar spans the range the source gives.")
    marks: dict[str, list[str]] = {}
    for qualifier in dict.fromkeys(q for i in used for q in i.qualifiers if q in QUALIFIER_MARKS):
        marks.setdefault(QUALIFIER_MARKS[qualifier], []).append(qualifier.replace("-", " "))
    if marks:
        signs = ", ".join(f"{mark} {' or '.join(words)}" for mark, words in sorted(marks.items()))
        notes.append(f"Signs before values follow the source: {signs}.")
    return notes


def source_of(indicator: Indicator, document: Document) -> str:
    """'World Bank, cited in Park (2024)' or 'López-Gómez (2024)'."""
    cite = short_cite(document)
    return f"{indicator.attributed_to}, cited in {cite}" if indicator.attributed_to else cite


def document_card(document: Document, edition: str) -> dict[str, Any]:
    return {
        "id": document.id,
        "new_this_week": published_in_week(document, edition),
        "title": document.title,
        "creator": creator(document),
        "date": date_text(document),
        "type": DOCUMENT_TYPES[document.document_type],
        "topics": list(document.topics),
        "summary": document.summary,
        "key_points": list(document.key_points),
        "implications": document.implications,
        "reliability": document.reliability,
        "figures": len(document.indicators),
        "cite": short_cite(document),
    }


def indicator_group(
    document: Document, indicators: dict[str, Indicator], monday: dt.date, years: int
) -> dict[str, Any]:
    rows = []
    for low, high in paired_ranges([indicators[i] for i in document.indicators]):
        row = indicator_row(low, high)
        row["age"] = (
            "historical" if low.historical else "stale" if low.is_stale(monday, years) else None
        )
        rows.append(row)
    return {"document": document.id, "title": document.title, "cite": short_cite(document),
            "source_file": document.source_file, "rows": rows}  # fmt: skip


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
    return {
        "id": indicator.id,
        "label": indicator.label,
        "value": value,
        "qualifier": qualifier,  # "forecast: about": may wrap onto a line of its own
        "amount": amount,  # "$55,000–60,000 million": never broken
        "period": indicator.period.display() if indicator.period else "not stated",
        "geography": indicator.geography,
        "line": ", ".join(lines),
        "attributed_to": indicator.attributed_to or "—",
        "note": indicator.note,
    }


def split_qualifier(value: str) -> tuple[str, str]:
    """'forecast: about 25%' -> ('forecast: about', '25%'): the words the brief puts
    before a number, and the amount itself."""
    match = QUALIFIER_WORDS_RE.match(value)
    return (match[1].strip(), value[match.end() :]) if match else ("", value)


def reference(document: Document) -> dict[str, Any]:
    before, title, after = citation_parts(document)
    return {
        "id": document.id,
        "before": before,
        "title": title,
        "after": after,
        "source_file": document.source_file,
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
    """What the email shows: a summary, not the whole brief."""
    settings = project.brief.email
    no_svg = {spec.id: "" for spec in project.brief.charts}  # the email shows PNGs
    base = make_context(project, no_svg, edition=edition, changes=changes)
    indicators = project.indicators_by_id()
    documents = {d.id: d for d in project.documents}
    charts = [
        spec
        for spec in project.brief.charts
        if settings and spec.id in settings.charts and spec.id in pngs
    ]
    subject = email_subject(project, edition)
    return {
        "brief": base["brief"],
        "edition": base["edition"],
        "subject": subject,
        "preheader": plain(base["takeaways"][0]) if base["takeaways"] else subject,
        "takeaways": base["takeaways"],
        "figures": base["figures"],
        "charts": [
            email_chart(spec, pngs[spec.id], edition, indicators, documents) for spec in charts
        ],
        "documents": [email_card(d, edition) for d in project.documents],
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
    return "".join(text for text, _ in segments)


def chart_cid(chart_id: str, edition: str) -> str:
    """The Content-ID an email's HTML refers to as cid:..."""
    return f"chart-{chart_id}.{edition}@briefgen"


def email_chart(
    spec: ChartSpec,
    png: bytes,
    edition: str,
    indicators: dict[str, Indicator],
    documents: dict[str, Document],
) -> dict[str, Any]:
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # PNG IHDR
    shown = 552  # the 600 px column less its padding; the PNG has twice the pixels
    view = chart_view(spec, "", indicators, documents)
    return {
        "id": spec.id,
        "cid": chart_cid(spec.id, edition),
        "title": spec.title,
        "alt": view["alt"],
        "caption": view["caption"],
        "width": shown,
        "height": round(height * shown / width),
    }


def email_card(document: Document, edition: str) -> dict[str, Any]:
    return {
        "new_this_week": published_in_week(document, edition),
        "title": document.title,
        "creator": creator(document),
        "date": date_text(document),
        "type": DOCUMENT_TYPES[document.document_type],
        "points": list(document.key_points[:3]),
        "citation": citation(document),
    }


# --- what changed since the previous edition --------------------------------------


def changes_view(
    changes: Changes | None, edition: str, documents: dict[str, Document]
) -> dict[str, Any]:
    if changes is None or changes.previous is None:
        return {"previous": None, "count": 0}
    return {
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


def period_text(indicator: Indicator) -> str:
    return indicator.period.display() if indicator.period else "period not stated"


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
        return f"unit changed from {old.unit} to {new.unit}", "changed"
    delta = new.normalised - old.normalised
    direction = "up" if delta > 0 else "down"
    if new.unit == "rank":
        places = abs(int(delta))
        return (
            f"{places} place{'s' if places != 1 else ''} {'lower' if delta > 0 else 'higher'}",
            "down" if delta > 0 else "up",
        )
    sign = "+" if delta > 0 else "−"
    if new.unit.startswith("%"):
        return f"{sign}{format_number(abs(delta))} pp", direction
    amount = format_number((abs(delta) / SCALES[new.scale]).normalize())
    return f"{sign}{format_amount(amount, new.unit, new.scale)}", direction
