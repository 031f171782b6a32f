"""Read content/ (brief.yaml, documents/*.yaml, indicators.csv), keep line numbers,
validate everything, and return the model, or every problem at once."""

from __future__ import annotations

import csv
import io
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from briefgen.errors import Loc, Problem, warning
from briefgen.fields import (
    Field,
    Invalid,
    address,
    check_mapping,
    choice,
    describe,
    ident,
    language,
    one_line,
    parse_yaml,
    partial_date,
    text,
    text_list,
    url,
    words,
)
from briefgen.model import (
    CHART_AXES,
    CHART_KINDS,
    SCALES,
    SECTIONS,
    Brief,
    ChartItem,
    ChartSpec,
    Document,
    Draft,
    EmailSettings,
    HeadlineFigure,
    Indicator,
    Period,
    Takeaway,
)
from briefgen.numbers import NUMBER_STYLES, normal_unit
from briefgen.periods import PERIOD_RE

DOCUMENT_TYPES = (
    "news-analysis",
    "blog-post",
    "data-note",
    "opinion",
    "policy-note",
    "report",
    "statistics",
    "press-release",
    "working-paper",
    "speech",
)


def sha256_text(value: Any) -> str:
    result = text(value).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", result):
        raise Invalid(
            f"{describe(value)} is not a SHA-256 (64 hexadecimal digits); briefgen add and briefgen accept write it"
        )
    return result


def currency_code(value: Any) -> str:
    result = text(value)
    if not re.fullmatch(r"[A-Z]{3}", result):
        raise Invalid(f"{result!r} is not a currency code (three capital letters: USD, MXN, EUR)")
    return result


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {describe(value)}")
    return value


def whole_number(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{describe(value)} is not a whole number from {low} to {high}")
    return value


def timezone(value: Any) -> str:
    """An IANA time zone name, such as America/Mexico_City."""
    import zoneinfo

    result = text(value)
    try:
        zoneinfo.ZoneInfo(result)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"{result!r} is not a time zone (e.g. Europe/London, America/Mexico_City, UTC)"
        ) from None
    return result


def source_name(value: Any) -> str:
    result = text(value)
    if "/" in result or "\\" in result or result.startswith("."):
        raise Invalid(
            f"{result!r} is not a plain file name (no folders: the sources folder is set in brief.yaml)"
        )
    return result


DOCUMENT_FIELDS = (
    Field("id", ident),
    Field("title", text),
    Field("publisher", text, nullable=True),
    Field("authors", text_list(0)),
    Field("published", partial_date, nullable=True),
    Field("url", url, required=False, nullable=True),
    Field("accessed", partial_date, required=False, nullable=True),
    Field("source_file", source_name),
    Field("language", language),
    Field("document_type", choice(DOCUMENT_TYPES)),
    Field("topics", text_list(1, 8)),
    Field("summary", words(80, 160)),
    Field("key_points", text_list(3, 6)),
    Field("indicators", text_list(0, item=ident)),
    Field("implications", text),
    Field("reliability", text),
    Field("citation_note", text, required=False),
    Field("cite_as", text, required=False),
    Field("source_sha256", lambda v: sha256_text(v), required=False),
    Field("number_style", choice(NUMBER_STYLES), required=False, nullable=True),
    Field("currency", lambda v: currency_code(v), required=False, nullable=True),
    Field("original_file", source_name, required=False, nullable=True),
    Field("original_sha256", lambda v: sha256_text(v), required=False, nullable=True),
    Field("status", choice(("draft",)), required=False),
)
# What a draft must already get right: its figures are checked against its text.
DRAFT_FIELDS = (
    "id", "source_file", "source_sha256", "language", "number_style", "currency",
    "original_file", "original_sha256",
)  # fmt: skip

BRIEF_FIELDS = (
    Field("title", text),
    Field("subtitle", text, required=False),
    Field("organisation", text),
    Field("language", language),
    Field("keywords", text_list(0), required=False),
    Field("sources", text, required=False, nullable=True),
    Field("takeaways", lambda v: v),  # checked item by item below, with their lines
    Field("headline_figures", lambda v: v, required=False),
    Field("charts", lambda v: v, required=False),
    Field("sections", text_list(1, len(SECTIONS), item=choice(SECTIONS)), required=False),
    Field("email", lambda v: v, required=False),
    Field("stale_after_years", lambda v: whole_number(v, 1, 100), required=False),
    Field("timezone", lambda v: timezone(v), required=False),
)

EMAIL_FIELDS = (
    Field("from", address),
    Field("subject", one_line),
    Field("recipients", text_list(0, item=address), required=False),
    Field("recipients_file", text, required=False),
    Field("list_unsubscribe", one_line, required=False),
    Field("pdf_url", url, required=False),
    Field("attach_pdf", lambda v: flag(v), required=False),
    Field("charts", text_list(0, 2, item=ident), required=False),
)

CHART_FIELDS = (
    Field("id", ident),
    Field("kind", choice(CHART_KINDS)),
    Field("title", text),
    Field("series", text_list(2, 4), required=False),
    Field("items", lambda v: v),
    Field("value_label", text, required=False),
    Field("note", text, required=False),
    Field("place", one_line, required=False),  # a section or a document: checks.py
    Field("axes", choice(CHART_AXES), required=False),
)

ITEM_FIELDS = (
    Field("label", text, required=False),
    Field("indicator", ident, required=False),
    Field("indicators", text_list(1, 4, item=ident), required=False),
)

FIGURE_FIELDS = (Field("indicator", ident), Field("label", text, required=False))

COLUMNS = (
    "id",
    "label",
    "value",
    "unit",
    "scale",
    "qualifier",
    "period",
    "geography",
    "document",
    "locator",
    "attributed_to",
)
OPTIONAL_COLUMNS = ("note", "historical", "unit_locator", "anchor")

APPROXIMATIONS = ("about", "over", "under", "nearly", "at-least", "up-to")
QUALIFIERS = ("exact", "forecast", "range-low", "range-high", *APPROXIMATIONS)
VALUE_RE = re.compile(r"^-?\d+(?:\.\d+)?$")


def display_path(path: Path) -> str:
    """A path as messages show it: relative to where the command runs, if below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") and path.is_absolute() else relative


def read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(
            encoding="utf-8-sig"
        )  # a byte-order mark (Excel's "CSV UTF-8") is not content
    except FileNotFoundError:
        problems.append(Problem(Loc(display_path(path)), "", "file not found"))
    except UnicodeDecodeError as err:
        problems.append(
            Problem(
                Loc(display_path(path)), "", f"not UTF-8 text ({err.reason} at byte {err.start})"
            )
        )
    except OSError as err:
        problems.append(Problem(Loc(display_path(path)), "", f"cannot read: {err.strerror}"))
    return None


# --- documents ---------------------------------------------------------------


def read_yaml_file(path: Path) -> tuple[Any, list[Problem]]:
    """A YAML file's data, or None with the problems that stopped it being read."""
    problems: list[Problem] = []
    raw = read_text(path, problems)
    if raw is None:
        return None, problems
    data, problems = parse_yaml(raw, display_path(path))
    return (None if data is None and problems else data), problems


def read_document(path: Path) -> tuple[Document | Draft | None, list[Problem]]:
    file = display_path(path)
    data, problems = read_yaml_file(path)
    if data is None and problems:
        return None, problems
    if isinstance(data, dict) and data.get("status") == "draft":
        return read_draft(path, data, problems)
    values, more = check_mapping(data, DOCUMENT_FIELDS, file)
    problems += more + check_id(path, values, data)
    if any(p.is_error for p in problems):
        return None, problems
    values["authors"] = values["authors"] or ()
    values.pop("status", None)
    return Document(**values, loc=Loc(file, 1), field_lines=field_lines(data)), problems


def check_id(path: Path, values: dict[str, Any], data: Any) -> list[Problem]:
    if not values.get("id") or values["id"] == path.stem:
        return []
    line = data.key_lines.get("id") if hasattr(data, "key_lines") else None
    message = (
        f"{values['id']!r} does not match the file name {path.name!r} (expected {path.stem!r})"
    )
    return [Problem(Loc(display_path(path), line), "id", message)]


def read_draft(
    path: Path, data: dict, problems: list[Problem]
) -> tuple[Draft | None, list[Problem]]:
    """A draft is left out of the brief, but what its figures are checked against
    (its text, the text's language and number style) must already be right."""
    file = display_path(path)
    line = getattr(data, "key_lines", {}).get("status")
    message = "draft: left out of the brief until you finish it and remove this line"
    problems = [*problems, warning(Loc(file, line), "status", message)]
    fields = tuple(f for f in DOCUMENT_FIELDS if f.name in DRAFT_FIELDS)
    subset = type(data)({k: v for k, v in data.items() if k in DRAFT_FIELDS})
    subset.line, subset.key_lines = getattr(data, "line", 1), getattr(data, "key_lines", {})
    values, more = check_mapping(subset, fields, file)
    problems += more + check_id(path, values, data)
    if any(p.is_error for p in more):
        return None, problems
    return Draft(**values, loc=Loc(file, 1), field_lines=field_lines(data)), problems


def document_paths(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def read_documents(folder: Path) -> tuple[list[Document], list[Problem]]:
    if not folder.is_dir():
        return [], [
            Problem(
                Loc(display_path(folder)),
                "",
                "folder not found (one YAML summary per source document goes here)",
            )
        ]
    documents, problems = [], []
    for path in document_paths(folder):
        document, more = read_document(path)
        problems += more
        if document:
            documents.append(document)
    return documents, problems


def field_lines(data: Any) -> dict[str, int]:
    """Lines of a mapping's keys and of its lists' items, so later checks can point there."""
    lines = dict(getattr(data, "key_lines", {}))
    for key, value in data.items():
        for index, line in enumerate(getattr(value, "item_lines", [])):
            lines[f"{key}[{index}]"] = line
    return lines


# --- indicator table ---------------------------------------------------------


def parse_qualifier(raw: str) -> tuple[str, ...]:
    tokens = tuple(t.strip() for t in raw.split("+")) if raw.strip() else ()
    expected = f"one of {', '.join(QUALIFIERS)}, or several joined by '+' (e.g. forecast+about)"
    if not tokens:
        raise Invalid(f"is empty; expected {expected}")
    unknown = [t for t in tokens if t not in QUALIFIERS]
    if unknown:
        raise Invalid(f"{unknown[0]!r} is not a qualifier; expected {expected}")
    if "exact" in tokens and len(tokens) > 1:
        raise Invalid(f"{raw!r}: 'exact' cannot be combined with other qualifiers")
    if sum(t in APPROXIMATIONS for t in tokens) > 1 or (
        "range-low" in tokens and "range-high" in tokens
    ):
        raise Invalid(f"{raw!r} combines qualifiers that contradict each other")
    order = {
        name: index
        for index, name in enumerate(("forecast", "range-low", "range-high", *APPROXIMATIONS))
    }
    return tuple(sorted((t for t in tokens if t != "exact"), key=order.__getitem__))


def parse_period(raw: str) -> Period | None:
    if not raw:
        return None
    match = PERIOD_RE.match(raw)
    if not match:
        raise Invalid(
            f"{raw!r} is not a period (YYYY, YYYY-MM, YYYY-QN, YYYY-HN, YYYY/YYYY or YYYY-MM/YYYY-MM), or empty when the source states none"
        )
    start = int(match["year"])
    end = int(match["end"] or match["end_year"] or start)
    if match["end"] and end <= start:
        raise Invalid(f"{raw!r}: the second year must be later than the first")
    if match["end_year"] and (end, match["end_month"]) <= (start, match["month"]):
        raise Invalid(f"{raw!r}: the second month must be later than the first")
    return Period(raw, start, end)


def parse_locator(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise Invalid(
            f"{raw!r} is not a line number (a whole number from 1: the line of the source text that states the figure)"
        )
    return int(raw)


def parse_value(raw: str) -> Decimal:
    if not VALUE_RE.match(raw):
        raise Invalid(
            f"{raw!r} is not a plain decimal number (e.g. 1.1 or 30000: no thousands separators, units or words)"
        )
    return Decimal(raw)


def parse_scale(raw: str) -> str:
    if raw not in SCALES:
        raise Invalid(f"{raw!r} is not a scale; expected one of: {', '.join(SCALES)}")
    return raw


def parse_unit(raw: str) -> str:
    """One spelling per unit ('percent' and 'pct' are '%'); see the README's table."""
    unit = normal_unit(nonempty(raw))
    if re.fullmatch(r"[a-z]{3}", unit):
        raise Invalid(f"{raw!r}: currency codes are written in capitals ({raw.upper()})")
    return unit


def parse_anchor(raw: str) -> str | None:
    if not raw:
        return None
    if len(raw.split()) > 4 or len(raw) > 40:
        raise Invalid(
            f"{raw!r}: an anchor is a word or a few (at most 4) that stand next to the figure"
        )
    return " ".join(raw.split())


def optional_locator(raw: str) -> int | None:
    return parse_locator(raw) if raw else None


def nonempty(raw: str) -> str:
    if not raw:
        raise Invalid("must not be empty")
    return raw


def optional(raw: str) -> str | None:
    return raw or None


def parse_flag(raw: str) -> bool:
    if raw.lower() not in ("", "yes", "no"):
        raise Invalid(f"{raw!r}: expected yes, no or empty")
    return raw.lower() == "yes"


ROW_PARSERS = {
    "id": ident,
    "label": nonempty,
    "value": parse_value,
    "unit": parse_unit,
    "scale": parse_scale,
    "qualifier": parse_qualifier,
    "period": parse_period,
    "geography": nonempty,
    "document": ident,
    "locator": parse_locator,
    "unit_locator": optional_locator,
    "anchor": parse_anchor,
    "attributed_to": optional,
    "note": optional,
    "historical": parse_flag,
}
ROW_FIELDS = {"qualifier": "qualifiers"}


def read_indicator_row(cells: dict[str, str], loc: Loc) -> tuple[Indicator | None, list[Problem]]:
    values: dict[str, Any] = {}
    problems = []
    for column, parse in ROW_PARSERS.items():
        raw = (cells.get(column) or "").strip()
        try:
            values[ROW_FIELDS.get(column, column)] = parse(raw)
        except Invalid as err:
            problems.append(Problem(loc, column, err.message))
    if problems:
        return None, problems
    return Indicator(**values, loc=loc), []


def read_indicator_table(path: Path) -> tuple[list[Indicator], list[Problem], set[str]]:
    """The rows that are valid, every problem, and the ids of rows that are not
    (so that references to them are not reported a second time)."""
    file = display_path(path)
    problems: list[Problem] = []
    broken: set[str] = set()
    raw = read_text(path, problems)
    if raw is None:
        return [], problems, broken
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if missing:
        problems.append(
            Problem(
                Loc(file, 1),
                "header",
                f"missing column(s): {', '.join(missing)} (expected {','.join(COLUMNS)}, and optionally note,historical)",
            )
        )
    for column in unknown:
        message = f"unknown column (expected: {', '.join(COLUMNS + OPTIONAL_COLUMNS)})"
        if column == "context":  # copied from a candidates file with its source words
            message = "holds the source's own words and belongs to candidates files only: leave it out of indicators.csv, so source wording never reaches the brief"
        problems.append(Problem(Loc(file, 1), column, message))
    if missing or unknown:
        return [], problems, broken
    indicators = []
    try:
        for row in reader:
            indicator, more = read_row(row, header, Loc(file, reader.line_num), broken)
            problems += more
            if indicator:
                indicators.append(indicator)
    except csv.Error as err:  # an unclosed quote swallows the rest of the file
        problems.append(
            Problem(Loc(file, reader.line_num), "", f"CSV syntax error: {err} (an unclosed quote?)")
        )
    return indicators, problems, broken


def read_row(
    row: list[str], header: list[str], loc: Loc, broken: set[str]
) -> tuple[Indicator | None, list[Problem]]:
    """One CSV row; the id of a row that fails goes into `broken`, so references to
    it are not reported a second time."""
    if not any(cell.strip() for cell in row):
        return None, []
    if len(row) != len(header):
        broken.add(row[0].strip())
        return None, [
            Problem(loc, "", f"row has {len(row)} cells; the header has {len(header)} columns")
        ]
    cells = dict(zip(header, row, strict=True))
    indicator, problems = read_indicator_row(cells, loc)
    if indicator is None:
        broken.add(cells["id"].strip())
    return indicator, problems


# --- brief.yaml --------------------------------------------------------------


def items_of(
    value: Any, field: str, file: str, line: int
) -> tuple[list[tuple[Any, int]], list[Problem]]:
    """The items of a YAML list with their lines, or a problem if it is not a list."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [Problem(Loc(file, line), field, f"expected a list, found {describe(value)}")]
    lines = getattr(value, "item_lines", [line] * len(value))
    return list(zip(value, lines, strict=True)), []


def read_takeaways(value: Any, file: str, line: int) -> tuple[list[Takeaway], list[Problem]]:
    items, problems = items_of(value, "takeaways", file, line)
    if value is not None and not items and not problems:
        problems.append(
            Problem(Loc(file, line), "takeaways", "has no items; expected 1 to 8 key takeaways")
        )
    if len(items) > 8:
        problems.append(
            Problem(Loc(file, line), "takeaways", f"has {len(items)} items; expected 1 to 8")
        )
    takeaways = []
    for index, (item, item_line) in enumerate(items):
        try:
            takeaways.append(Takeaway(text(item), Loc(file, item_line)))
        except Invalid as err:
            problems.append(Problem(Loc(file, item_line), f"takeaways[{index}]", err.message))
    return takeaways, problems


def read_headline_figures(
    value: Any, file: str, line: int
) -> tuple[list[HeadlineFigure], list[Problem]]:
    items, problems = items_of(value, "headline_figures", file, line)
    figures = []
    for index, (item, item_line) in enumerate(items):
        field = f"headline_figures[{index}]"
        if isinstance(item, str):
            item = {"indicator": item}
        values, more = check_mapping(item, FIGURE_FIELDS, file, prefix=f"{field}.")
        more = [Problem(Loc(file, p.loc.line or item_line), p.field, p.message) for p in more]
        problems += more
        if not more:
            figures.append(
                HeadlineFigure(values["indicator"], values["label"], Loc(file, item_line))
            )
    return figures, problems


def read_chart_item(
    item: Any, field: str, file: str, line: int
) -> tuple[ChartItem | None, list[Problem]]:
    if isinstance(item, str):
        item = {"indicator": item}
    values, problems = check_mapping(item, ITEM_FIELDS, file, prefix=f"{field}.")
    problems = [Problem(Loc(file, p.loc.line or line), p.field, p.message) for p in problems]
    if problems:
        return None, problems
    if (values["indicator"] is None) == (values["indicators"] is None):
        return None, [
            Problem(
                Loc(file, line), field, "give either 'indicator: ID' or 'indicators: [ID, ...]'"
            )
        ]
    ids = (values["indicator"],) if values["indicator"] else values["indicators"]
    return ChartItem(values["label"], ids, Loc(file, line)), []


def read_chart(
    data: Any, index: int, file: str, line: int
) -> tuple[ChartSpec | None, list[Problem]]:
    field = f"charts[{index}]"
    values, problems = check_mapping(data, CHART_FIELDS, file, prefix=f"{field}.")
    items_line = getattr(data, "key_lines", {}).get("items", line)
    entries, more = items_of(values.get("items"), f"{field}.items", file, items_line)
    problems += more
    if values.get("items") is not None and not entries and not more:
        problems.append(
            Problem(Loc(file, items_line), f"{field}.items", "has no items; expected at least one")
        )
    items = []
    for position, (entry, entry_line) in enumerate(entries):
        item, more = read_chart_item(entry, f"{field}.items[{position}]", file, entry_line)
        problems += more
        if item:
            items.append(item)
    if problems:
        return None, problems
    spec = ChartSpec(
        id=values["id"],
        kind=values["kind"],
        title=values["title"],
        items=tuple(items),
        series=values["series"] or (),
        value_label=values["value_label"],
        note=values["note"],
        loc=Loc(file, line),
        place=values["place"],
        axes=values["axes"] or "shared",
    )
    return spec, check_chart_shape(spec)


def check_chart_shape(spec: ChartSpec) -> list[Problem]:
    """What each kind of chart needs from its items, apart from the data itself."""
    field = f"charts[{spec.id}]"
    if spec.kind == "paired":
        if not spec.series:
            return [
                Problem(
                    spec.loc,
                    f"{field}.series",
                    "a paired chart needs 'series' (e.g. [Mexico, United States])",
                )
            ]
        return [
            Problem(
                item.loc,
                f"{field}.items",
                f"has {len(item.indicators)} indicators; expected one per series ({len(spec.series)})",
            )
            for item in spec.items
            if len(item.indicators) != len(spec.series)
        ]
    problems = []
    if spec.axes == "separate":
        problems.append(
            Problem(
                spec.loc,
                f"{field}.axes",
                f"only paired charts take 'axes: separate' (this one is {spec.kind}); "
                "to show values of very different size, split the chart in two",
            )
        )
    if spec.series:
        problems.append(
            Problem(
                spec.loc,
                f"{field}.series",
                f"only paired charts take 'series' (this one is {spec.kind})",
            )
        )
    limit = 1 if spec.kind == "line" else 2
    for item in spec.items:
        if len(item.indicators) > limit:
            expected = (
                "one indicator" if limit == 1 else "one indicator, or two for a range (low, high)"
            )
            problems.append(
                Problem(
                    item.loc,
                    f"{field}.items",
                    f"has {len(item.indicators)} indicators; expected {expected}",
                )
            )
    return problems


def read_charts(value: Any, file: str, line: int) -> tuple[list[ChartSpec], list[Problem]]:
    entries, problems = items_of(value, "charts", file, line)
    charts = []
    for index, (entry, entry_line) in enumerate(entries):
        spec, more = read_chart(entry, index, file, entry_line)
        problems += more
        if spec and not any(p.is_error for p in more):
            charts.append(spec)
    return charts, problems


def read_brief(path: Path) -> tuple[Brief | None, list[Problem]]:
    file = display_path(path)
    data, problems = read_yaml_file(path)
    if data is None and problems:
        return None, problems
    values, more = check_mapping(data, BRIEF_FIELDS, file)
    problems += more
    lines = getattr(data, "key_lines", {})
    takeaways, more = read_takeaways(values.get("takeaways"), file, lines.get("takeaways", 1))
    problems += more
    figures, more = read_headline_figures(
        values.get("headline_figures"), file, lines.get("headline_figures", 1)
    )
    problems += more
    charts, more = read_charts(values.get("charts"), file, lines.get("charts", 1))
    problems += more
    sections = values.get("sections") or SECTIONS
    if len(set(sections)) != len(sections):
        problems.append(
            Problem(Loc(file, lines.get("sections")), "sections", "lists a section twice")
        )
    email, more = read_email(values.get("email"), path.parent, file, lines.get("email", 1), charts)
    problems += more
    if any(p.is_error for p in problems):
        return None, problems
    sources = (path.parent / values["sources"]).resolve() if values["sources"] else None
    brief = Brief(
        title=values["title"],
        subtitle=values["subtitle"],
        organisation=values["organisation"],
        language=values["language"],
        keywords=values["keywords"] or (),
        takeaways=tuple(takeaways),
        headline_figures=tuple(figures),
        charts=tuple(charts),
        sections=tuple(sections),
        sources=sources,
        email=email,
        stale_after_years=values["stale_after_years"] or 5,
        timezone=values["timezone"] or "UTC",
        loc=Loc(file, 1),
    )
    return brief, problems


def read_email(
    value: Any, folder: Path, file: str, line: int, charts: list[ChartSpec]
) -> tuple[EmailSettings | None, list[Problem]]:
    """The `email:` block; its charts default to the brief's first two."""
    if value is None:
        return None, []
    values, problems = check_mapping(value, EMAIL_FIELDS, file, prefix="email.")
    chart_ids = [c.id for c in charts]
    for chart_id in values.get("charts") or ():
        if chart_id not in chart_ids:
            problems.append(
                Problem(
                    Loc(file, line),
                    "email.charts",
                    f"{chart_id!r} is not a chart id (known: {', '.join(chart_ids) or 'none'})",
                )
            )
    subject = values.get("subject") or ""
    unknown = [name for name in re.findall(r"\{([^{}]*)\}", subject) if name != "edition"]
    if unknown:
        problems.append(
            Problem(
                Loc(file, line),
                "email.subject",
                f"{{{unknown[0]}}} is not a placeholder; the subject may use {{edition}}",
            )
        )
    if problems:
        return None, problems
    settings = EmailSettings(
        sender=values["from"],
        subject=subject,
        recipients=values["recipients"] or (),
        recipients_file=(folder / values["recipients_file"]).resolve()
        if values["recipients_file"]
        else None,
        list_unsubscribe=values["list_unsubscribe"],
        pdf_url=values["pdf_url"],
        attach_pdf=bool(values["attach_pdf"]),
        charts=values["charts"] if values["charts"] is not None else tuple(chart_ids[:2]),
        loc=Loc(file, line),
    )
    return settings, []
