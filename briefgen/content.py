"""Read content/ (brief.yaml, documents/*.yaml, indicators.csv), keep line numbers,
validate everything, and return the model, or every problem at once."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from briefgen.errors import Loc, Problem, warning
from briefgen.fields import (
    LANGUAGE_RE,
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
from briefgen.limits import (
    LOCATOR_DIGITS,
    VALUE_DIGITS,
    Refused,
    check_inside,
    project_root,
    read_input,
)
from briefgen.model import (
    CHART_AXES,
    CHART_KINDS,
    SCALES,
    SECTIONS,
    Brief,
    ChartData,
    ChartItem,
    ChartSpec,
    Document,
    DocumentChoice,
    Draft,
    EmailSettings,
    HeadlineFigure,
    Indicator,
    Period,
    Takeaway,
)
from briefgen.numbers import DEFAULT_LOCALE, NUMBER_STYLES, normal_unit
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
    Field("indicators", text_list(0, item=ident), required=False),  # schema 1 only
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

SCHEMAS = (1, 2)  # the content models this briefgen reads; see README, "Content model"
SCHEMA = SCHEMAS[-1]  # what briefgen init and briefgen upgrade write


def schema_version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(
            f"expected a whole number (the content model's version), found {describe(value)}"
        )
    if value > SCHEMA:
        raise Invalid(
            f"schema {value} is newer than this briefgen reads (schema {SCHEMAS[0]} to {SCHEMA}): "
            "upgrade briefgen (pip install --upgrade briefgen) to build this content"
        )
    if value not in SCHEMAS:
        raise Invalid(f"{value} is not a schema briefgen knows (schema {SCHEMAS[0]} to {SCHEMA})")
    return value


BRIEF_FIELDS = (
    Field("schema", schema_version, required=False),
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
    Field("documents", lambda v: v, required=False),  # checked with its lines below
    Field("locale", lambda v: locale_name(v), required=False),
    Field("lead", text, required=False),
    Field("intros", lambda v: v, required=False),  # checked section by section below
    Field("editors", text_list(0), required=False),
    Field("authors", text_list(0), required=False),
    Field("contact", one_line, required=False),
    Field("disclaimer", text, required=False),
)

# The locales the theme's catalogs and number formats are made for (CLDR names, with a hyphen).
LOCALES = ("en-GB", "en-US", "es-ES", "es-MX")

DOCUMENT_CHOICE_FIELDS = (
    Field("ids", text_list(0, item=ident), required=False),
    Field("topics", text_list(0), required=False),
)


def locale_name(value: Any) -> str:
    """One of LOCALES, as Babel knows it (its CLDR data decides how numbers read)."""
    from babel import Locale, UnknownLocaleError

    written = text(value)
    result = written.replace("_", "-")  # Babel's spelling (en_US) is the same locale
    if result not in LOCALES:
        raise Invalid(
            f"{written!r} is not a locale briefgen ships (expected one of {', '.join(LOCALES)})"
        )
    try:
        Locale.parse(result, sep="-")
    except (UnknownLocaleError, ValueError):
        raise Invalid(f"{result!r} is not a locale Babel knows") from None
    return result


def read_document_choice(
    value: Any, file: str, line: int
) -> tuple[DocumentChoice | None, list[Problem]]:
    """`documents: {ids: [...], topics: [...]}`: which summaries the brief shows."""
    if value is None:
        return None, []
    values, problems = check_mapping(value, DOCUMENT_CHOICE_FIELDS, file, prefix="documents.")
    problems = [Problem(Loc(file, p.loc.line or line), p.field, p.message) for p in problems]
    if not problems and not (values["ids"] or values["topics"]):
        problems.append(Problem(Loc(file, line), "documents", "names no ids and no topics; "
                                "leave `documents:` out to show every document"))  # fmt: skip
    if problems:
        return None, problems
    lines = getattr(value, "key_lines", {})

    def item_lines(key: str) -> tuple[int, ...]:
        items = value.get(key) or ()
        return tuple(getattr(items, "item_lines", [lines.get(key, line)] * len(items)))

    return DocumentChoice(tuple(values["ids"] or ()), tuple(values["topics"] or ()), Loc(file, line),
                          item_lines("ids"), item_lines("topics")), []  # fmt: skip


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
    Field("items", lambda v: v, required=False),  # or `data:`, a dataset's series
    Field("data", lambda v: v, required=False),
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

CHART_DATA_FIELDS = (
    Field("dataset", ident),
    Field("series", text_list(1, 4, item=ident)),
    Field(
        "from",
        lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else text(v),
        required=False,
    ),
    Field("annotate", text_list(0, 4, item=ident), required=False),
)


def read_chart_data(
    value: Any, field: str, file: str, line: int
) -> tuple[ChartData | None, list[Problem]]:
    """A chart's `data:`: which dataset's series to draw over time."""
    if value is None:
        return None, []
    values, problems = check_mapping(value, CHART_DATA_FIELDS, file, prefix=f"{field}.data.")
    problems = [Problem(Loc(file, p.loc.line or line), p.field, p.message) for p in problems]
    if problems:
        return None, problems
    return ChartData(
        values["dataset"], tuple(values["series"]), values["from"], tuple(values["annotate"] or ())
    ), []


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
# label_es, note_es ...: a figure's label, note, place and credit in the other languages
# briefs are built in (a place CLDR names needs no column: see languages.py).
TRANSLATION_COLUMNS = ("label_en", "label_es", "note_en", "note_es", "geography_en", "geography_es",
                       "attributed_to_en", "attributed_to_es")  # fmt: skip
OPTIONAL_COLUMNS = ("note", "historical", "unit_locator", "anchor", *TRANSLATION_COLUMNS)

APPROXIMATIONS = ("about", "over", "under", "nearly", "at-least", "up-to")
QUALIFIERS = ("exact", "forecast", "scenario", "range-low", "range-high", *APPROXIMATIONS)
VALUE_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")  # ASCII digits: "²" is no digit


def display_path(path: Path) -> str:
    """A path as messages show it: relative to where the command runs, if below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") and path.is_absolute() else relative


def read_text(path: Path, problems: list[Problem], *, kind: str, root: Path) -> str | None:
    """A content file's text, or None with the one problem that stopped it being
    read (missing, refused, over its size limit, not UTF-8, empty)."""
    data = read_bytes(path, problems, kind=kind, root=root)
    text = None if data is None else decode(data, path, problems)
    if text is not None and not text.strip():
        problems.append(Problem(Loc(display_path(path)), "", "the file is empty"))
        return None
    return text


def read_bytes(path: Path, problems: list[Problem], *, kind: str, root: Path) -> bytes | None:
    """A file's bytes, checked first (see limits.read_input): inside root, a regular
    file, within the limit for its kind."""
    try:
        return read_input(path, kind, root=root)
    except FileNotFoundError:
        problems.append(Problem(Loc(display_path(path)), "", "file not found"))
    except Refused as err:
        problems.append(Problem(Loc(display_path(path)), "", f"refused: {err}"))
    except OSError as err:
        problems.append(Problem(Loc(display_path(path)), "", f"cannot read: {err.strerror}"))
    return None


def decode(data: bytes, path: Path, problems: list[Problem]) -> str | None:
    """UTF-8 text; a byte-order mark (Excel's "CSV UTF-8") is not content. A file
    in another encoding is one problem, at the line and column of its first odd byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8", "replace")) + 1
        message = f"not UTF-8 text (byte 0x{data[err.start]:02x} cannot be read as UTF-8): save the file as UTF-8"
        problems.append(Problem(Loc(display_path(path), line, column), "", message))
    return None


# --- documents ---------------------------------------------------------------


def read_yaml_file(path: Path, *, kind: str, root: Path) -> tuple[Any, list[Problem]]:
    """A YAML file's data, or None with the problem that stopped it being read."""
    problems: list[Problem] = []
    raw = read_text(path, problems, kind=kind, root=root)
    if raw is None:
        return None, problems
    data, problems = parse_yaml(raw, display_path(path))
    if data is None and not problems:  # comments only
        return None, [Problem(Loc(display_path(path)), "", "the file is empty")]
    return (None if data is None and problems else data), problems


def read_document(
    path: Path, *, salvage: bool = False, language: str | None = None, default: str | None = None
) -> tuple[Document | Draft | None, list[Problem]]:
    """A summary (or a draft), or its problems. With `salvage`, a summary with wrong
    fields still comes back (those fields empty) for the checks across files; its
    problems say it is not to be used. Its text is read in `language` (plain text
    being in `default`, brief.yaml's language; see languages.py)."""
    file = display_path(path)
    data, problems = read_yaml_file(path, kind="summary", root=project_root(path.parent.parent))
    if data is None and problems:
        return None, problems
    if language is not None:
        from briefgen.languages import in_language

        data, more = in_language(
            data, language, kind="summary", default=default or language, file=file
        )
        problems += more
    if isinstance(data, dict) and data.get("status") == "draft":
        return read_draft(path, data, problems)
    values, more = check_mapping(data, DOCUMENT_FIELDS, file)
    problems += more + check_id(path, values, data)
    if any(p.is_error for p in problems):
        salvaged = salvage and isinstance(data, dict)
        return (salvaged_document(values, path, data) if salvaged else None), problems
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


# A wrong field's stand-in in a salvaged summary: nothing, so no check finds anything in it.
EMPTY_DOCUMENT_FIELDS = {"title": "", "source_file": "", "language": "", "document_type": "",
                         "topics": (), "summary": "", "key_points": (), "implications": "",
                         "reliability": "", "authors": ()}  # fmt: skip


def salvaged_document(values: dict[str, Any], path: Path, data: Any) -> Document:
    fields = {f.name: values.get(f.name) for f in DOCUMENT_FIELDS if f.name not in ("id", "status")}
    for name, empty in EMPTY_DOCUMENT_FIELDS.items():
        if fields[name] is None:
            fields[name] = empty
    return Document(id=values.get("id") or path.stem, **fields,
                    loc=Loc(display_path(path), 1), field_lines=field_lines(data))  # fmt: skip


def document_paths(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def read_documents(
    folder: Path,
    *,
    salvage: bool = False,
    language: str | None = None,
    default: str | None = None,
    only: frozenset[str] | None = None,
) -> tuple[list[Document], list[Problem]]:
    """The summaries in folder (`only` those ids), their text in `language`."""
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
        if only is not None and path.stem not in only:
            continue
        document, more = read_document(path, salvage=salvage, language=language, default=default)
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
    if (
        sum(t in APPROXIMATIONS for t in tokens) > 1
        or ("range-low" in tokens and "range-high" in tokens)
        or (
            "forecast" in tokens and "scenario" in tokens
        )  # a scenario is conditional, not expected
    ):
        raise Invalid(f"{raw!r} combines qualifiers that contradict each other")
    order = {
        name: index
        for index, name in enumerate(
            ("forecast", "scenario", "range-low", "range-high", *APPROXIMATIONS)
        )
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
    # ASCII digits only: '²'.isdigit() is true, and int('²') a ValueError
    if not re.fullmatch(rf"[0-9]{{1,{LOCATOR_DIGITS}}}", raw) or int(raw) < 1:
        raise Invalid(
            f"{raw!r} is not a line number (a whole number from 1: the line of the source text that states the figure)"
        )
    return int(raw)


def parse_value(raw: str) -> Decimal:
    if not VALUE_RE.match(raw):
        raise Invalid(
            f"{describe(raw)} is not a plain decimal number (e.g. 1.1 or 30000: no thousands separators, units or words)"
        )
    if sum(c.isdigit() for c in raw) > VALUE_DIGITS:  # 400 digits: check passed, charts crashed
        raise Invalid(
            f"{describe(raw)} has more than {VALUE_DIGITS} digits (the limit for a value; see README, Limits)"
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


# What checking a figure against its source needs; a row wrong elsewhere is still checked.
PROVENANCE_COLUMNS = ("id", "value", "unit", "scale", "document", "locator")


def read_indicator_row(cells: dict[str, str], loc: Loc) -> tuple[Indicator | None, list[Problem]]:
    """The row as an Indicator, or its problems. A row with problems still comes back
    when the columns its provenance check needs are right (the others left empty), so
    that check runs in the same pass; its problems say it is not to be used."""
    values: dict[str, Any] = {}
    problems = []
    for column, parse in ROW_PARSERS.items():
        raw = (cells.get(column) or "").strip()
        try:
            values[ROW_FIELDS.get(column, column)] = parse(raw)
        except Invalid as err:
            problems.append(Problem(loc, column, err.message))
    if problems and {p.field for p in problems} & set(PROVENANCE_COLUMNS):
        return None, problems
    if problems:
        blank = {"label": cells.get("label", "").strip(), "qualifiers": (), "period": None,
                 "geography": "", "attributed_to": None, "note": None, "historical": False}  # fmt: skip
        values |= {name: blank[name] for name in blank if name not in values}
    translations = tuple(
        (c, cells[c].strip()) for c in TRANSLATION_COLUMNS if (cells.get(c) or "").strip()
    )
    return Indicator(**values, loc=loc, translations=translations), problems


def read_indicator_table(
    path: Path,
) -> tuple[list[Indicator], list[Problem], dict[str, Indicator | None] | None]:
    """The rows that are valid, every problem, and the rows that are not, by id (so
    that references to them are not reported a second time), each with what can still
    be checked against its source (None when the value, unit, scale, document or
    locator is wrong); None instead of those rows when the table as a whole could not
    be read (its one problem says why, and nothing that refers to it can be judged)."""
    file = display_path(path)
    problems: list[Problem] = []
    broken: dict[str, Indicator | None] = {}
    raw = read_text(path, problems, kind="indicator table", root=project_root(path.parent))
    if raw is None:
        return [], problems, None
    reader = csv.reader(io.StringIO(raw, newline=""))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if len(missing) == len(COLUMNS):  # no header at all: one problem, not one per cell
        expected = f"the first line is not the header: expected the columns {','.join(COLUMNS)} (and optionally note,historical)"
        return [], [Problem(Loc(file, 1), "header", expected)], None
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
        return [], problems, None
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
        return indicators, problems, None  # the rows after it are unknown
    return indicators, problems, broken


def read_row(
    row: list[str], header: list[str], loc: Loc, broken: dict[str, Indicator | None]
) -> tuple[Indicator | None, list[Problem]]:
    """One CSV row; a row that fails goes into `broken`, so references to it are not
    reported a second time."""
    if not any(cell.strip() for cell in row):
        return None, []
    left_out = header[len(row) :]
    if len(row) > len(header) or any(c not in OPTIONAL_COLUMNS for c in left_out):
        broken[row[0].strip()] = None
        optional = ", ".join(c for c in header if c in OPTIONAL_COLUMNS)
        hint = (
            f" (a row may leave out only the optional columns at its end: {optional})"
            if optional and left_out
            else ""
        )
        return None, [
            Problem(
                loc, "", f"row has {len(row)} cells; the header has {len(header)} columns{hint}"
            )
        ]
    cells = dict(zip(header, row + [""] * len(left_out), strict=True))
    indicator, problems = read_indicator_row(cells, loc)
    if problems:
        broken[cells["id"].strip()] = indicator
        return None, problems
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
    chart_data, more = read_chart_data(
        values.get("data"), field, file, getattr(data, "key_lines", {}).get("data", line)
    )
    problems += more
    if isinstance(data, dict) and (("items" in data) == ("data" in data)):
        problems.append(
            Problem(
                Loc(file, line),
                field,
                "give either `items:` (figures of the table) or `data:` (a dataset's series)",
            )
        )
    elif chart_data is not None and values.get("kind") not in ("line", "bar"):
        problems.append(
            Problem(
                Loc(file, line), f"{field}.kind", "a chart of data series is a line or a bar chart"
            )
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
        data=chart_data,
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


def read_brief(path: Path, *, salvage: bool = False) -> tuple[Brief | None, list[Problem]]:
    """brief.yaml, or its problems. With `salvage`, a brief with wrong fields still
    comes back (those fields empty, its charts, takeaways and figures those that are
    right) for the checks across files; its problems say it is not to be used."""
    file = display_path(path)
    data, problems = read_yaml_file(path, kind="brief.yaml", root=project_root(path.parent))
    if data is None and problems:
        return None, problems
    brief, more = brief_from_data(data, path.parent, lambda _key: file, salvage=salvage)
    return brief, problems + more


def brief_in_language(
    data: Any, file_of: Callable[[str], str], default_of: Callable[[str], str | None] | None
) -> tuple[Any, list[Problem]]:
    """The brief's settings with their text in the brief's own language."""
    language = data.get("language") if isinstance(data, dict) else None
    if not isinstance(language, str) or not LANGUAGE_RE.match(language):
        return data, []  # said by the check of `language:`
    from briefgen.languages import in_language

    resolved, problems = type(data)(), []
    resolved.line, resolved.key_lines = getattr(data, "line", 1), getattr(data, "key_lines", {})
    for key, value in data.items():
        default = (default_of(key) if default_of else None) or language
        wrapper = type(data)({key: value})
        wrapper.line, wrapper.key_lines = resolved.line, resolved.key_lines
        found, more = in_language(
            wrapper, language, kind="brief", default=default, file=file_of(key)
        )
        resolved[key] = found[key]
        problems += more
    return resolved, problems


def top_key(field: str) -> str:
    """The key of brief.yaml a problem's field sits under: "email.charts" -> "email"."""
    match = re.match(r"[A-Za-z_]+", field)
    return match.group(0) if match else ""


def brief_from_data(
    data: Any,
    folder: Path,
    file_of: Callable[[str], str],
    *,
    salvage: bool = False,
    default_language: Callable[[str], str | None] | None = None,
) -> tuple[Brief | None, list[Problem]]:
    """A brief's settings from their YAML mapping; `file_of` names the file each
    top-level key was written in (a variant's keys and the default's differ). Text in
    several languages is read in the brief's; plain text under a key is in
    `default_language(key)` (the language of the file it was written in; see languages.py)."""
    file = file_of("")
    data, translated = brief_in_language(data, file_of, default_language)
    values, more = check_mapping(data, BRIEF_FIELDS, file)
    schema = [p for p in more if p.field == "schema"]
    if schema:  # content for another model: every other message would mislead
        return None, schema
    problems = [replace(p, loc=replace(p.loc, file=file_of(top_key(p.field)))) for p in more]
    problems += translated
    lines = getattr(data, "key_lines", {})
    takeaways, more = read_takeaways(
        values.get("takeaways"), file_of("takeaways"), lines.get("takeaways", 1)
    )
    problems += more
    figures, more = read_headline_figures(
        values.get("headline_figures"),
        file_of("headline_figures"),
        lines.get("headline_figures", 1),
    )
    problems += more
    charts, more = read_charts(values.get("charts"), file_of("charts"), lines.get("charts", 1))
    problems += more
    sections = values.get("sections") or SECTIONS
    if len(set(sections)) != len(sections):
        problems.append(
            Problem(
                Loc(file_of("sections"), lines.get("sections")), "sections", "lists a section twice"
            )
        )
    email, more = read_email(
        values.get("email"), folder, file_of("email"), lines.get("email", 1), charts
    )
    problems += more
    documents, more = read_document_choice(
        values.get("documents"), file_of("documents"), lines.get("documents", 1)
    )
    problems += more
    problems += check_locale(values, file_of, lines)
    intros, more = read_intros(values.get("intros"), file_of("intros"), lines.get("intros", 1))
    problems += more
    lead = (
        Takeaway(values["lead"], Loc(file_of("lead"), lines.get("lead")))
        if values.get("lead")
        else None
    )
    if any(p.is_error for p in problems) and not (salvage and isinstance(data, dict)):
        return None, problems
    sources = (folder / values["sources"]).resolve() if values.get("sources") else None
    problems += refuse_outside(
        sources, folder, Loc(file_of("sources"), lines.get("sources")), "sources"
    )
    if any(p.is_error for p in problems) and not (salvage and isinstance(data, dict)):
        return None, problems
    brief = Brief(
        title=values.get("title") or "",
        subtitle=values.get("subtitle"),
        organisation=values.get("organisation") or "",
        language=values.get("language") or "",
        keywords=values.get("keywords") or (),
        takeaways=tuple(takeaways),
        headline_figures=tuple(figures),
        charts=tuple(charts),
        sections=tuple(sections),
        sources=sources,
        email=email,
        stale_after_years=values.get("stale_after_years") or 5,
        timezone=values.get("timezone") or "UTC",
        loc=Loc(file, 1),
        schema=values.get("schema") or 1,  # no `schema:` is today's first model, kept working
        locale=values.get("locale") or default_locale(values.get("language")),
        lead=lead,
        intros=tuple(intros),
        editors=values.get("editors") or (),
        authors=values.get("authors") or (),
        contact=values.get("contact"),
        disclaimer=values.get("disclaimer"),
        field_lines=dict(lines),
        field_files={key: file_of(key) for key in lines},
        documents=documents,
    )
    return brief, problems


def check_locale(
    values: dict[str, Any], file_of: Callable[[str], str], lines: dict[str, int]
) -> list[Problem]:
    """A locale belongs to the brief's language: es-MX is Spanish, never an English brief's."""
    locale, language = values.get("locale"), values.get("language")
    if not locale or not language or locale.split("-")[0] == language.split("-")[0]:
        return []
    message = f"{locale!r} is not a locale of the brief's language {language!r}"
    return [Problem(Loc(file_of("locale"), lines.get("locale")), "locale", message)]


def default_locale(language: str | None) -> str:
    """A brief that names no locale: its language's first shipped one (en -> en-US)."""
    base = (language or "en").split("-")[0]
    if (language or "") in LOCALES:
        return language
    return next((name for name in LOCALES if name.startswith(base + "-") and name != "en-GB"),
                DEFAULT_LOCALE)  # fmt: skip


def read_intros(
    value: Any, file: str, line: int
) -> tuple[list[tuple[str, Takeaway]], list[Problem]]:
    """`intros:` a short text for any section, keyed by the section's id."""
    if value is None:
        return [], []
    if not isinstance(value, Mapping):
        return [], [Problem(Loc(file, line), "intros", f"expected a mapping of section ids to text, found {describe(value)}")]  # fmt: skip
    lines = getattr(value, "key_lines", {})
    intros, problems = [], []
    for key, entry in value.items():
        where = Loc(file, lines.get(key, line))
        if key not in SECTIONS:
            problems.append(Problem(where, f"intros.{key}", f"{key!r} is not a section; expected one of {', '.join(SECTIONS)}"))  # fmt: skip
            continue
        try:
            intros.append((key, Takeaway(text(entry), where)))
        except Invalid as err:
            problems.append(Problem(where, f"intros.{key}", str(err)))
    return intros, problems


def read_email(
    value: Any, folder: Path, file: str, line: int, charts: list[ChartSpec]
) -> tuple[EmailSettings | None, list[Problem]]:
    """The `email:` block; its charts default to the brief's first two."""
    if value is None:
        return None, []
    values, problems = check_mapping(value, EMAIL_FIELDS, file, prefix="email.")
    lines = getattr(value, "key_lines", {})
    chart_ids = [c.id for c in charts]
    for chart_id in values.get("charts") or ():
        if chart_id not in chart_ids:
            problems.append(
                Problem(
                    Loc(file, lines.get("charts", line)),
                    "email.charts",
                    f"{chart_id!r} is not a chart id (known: {', '.join(chart_ids) or 'none'})",
                )
            )
    subject = values.get("subject") or ""
    unknown = [name for name in re.findall(r"\{([^{}]*)\}", subject) if name != "edition"]
    if unknown:
        problems.append(
            Problem(
                Loc(file, lines.get("subject", line)),
                "email.subject",
                f"{{{unknown[0]}}} is not a placeholder; the subject may use {{edition}}",
            )
        )
    recipients_file = (
        (folder / values["recipients_file"]).resolve() if values.get("recipients_file") else None
    )
    where = Loc(file, getattr(value, "key_lines", {}).get("recipients_file", line))
    problems += refuse_outside(recipients_file, folder, where, "email.recipients_file")
    if problems:
        return None, problems
    settings = EmailSettings(
        sender=values["from"],
        subject=subject,
        recipients=values["recipients"] or (),
        recipients_file=recipients_file,
        list_unsubscribe=values["list_unsubscribe"],
        pdf_url=values["pdf_url"],
        attach_pdf=bool(values["attach_pdf"]),
        charts=values["charts"] if values["charts"] is not None else tuple(chart_ids[:2]),
        loc=Loc(file, line),
    )
    return settings, []


def refuse_outside(path: Path | None, content: Path, loc: Loc, field: str) -> list[Problem]:
    """A path in brief.yaml must lead inside the project's folder or its parent."""
    try:
        if path is not None:
            check_inside(path, project_root(content))
    except Refused as err:
        return [Problem(loc, field, str(err))]
    return []
