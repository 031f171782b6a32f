"""Checks against the source texts: every figure stands on the line it cites, as the
table records it, both ways (what the row claims is on the line, and what the line
states next to the number is in the row); and the summaries are in our own words."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefgen.content import decode, display_path, read_bytes
from briefgen.errors import Loc, Problem, warning
from briefgen.limits import Refused, real_file
from briefgen.model import SCALES, Document, Draft, Indicator
from briefgen.numbers import (
    APPROXIMATIONS,
    Reading,
    StyleGuess,
    detect_style,
    format_number,
    read_line,
    stands_with,
    stated_units,
    unit_kind,
)
from briefgen.periods import agree

COPIED_WORDS = 8  # a run of this many words shared with the source is copied wording
SHOWN_CHARACTERS = 300
NEARBY = 3  # lines searched either side of a cited line that does not hold the figure

Summary = Document | Draft


@dataclass(frozen=True, slots=True)
class SourceText:
    name: str
    path: Path
    lines: tuple[str, ...]
    sha256: str


def read_sources(
    folder: Path, documents: Iterable[Summary]
) -> tuple[dict[str, SourceText], list[Problem]]:
    """The source texts the summaries name; a named file that is missing is an error."""
    sources: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for document in documents:
        if document.source_file in sources:
            continue
        loc = Loc(document.loc.file, document.line_of("source_file"))
        try:  # a regular file inside the folder: no link leads out of it
            path = real_file(folder, folder / document.source_file)
        except Refused as err:
            message = f"{document.source_file!r} in the sources folder {display_path(folder)} is refused: {err}"
            problems.append(Problem(loc, "source_file", message))
            continue
        if path is None:
            problems.append(
                Problem(
                    loc,
                    "source_file",
                    f"{document.source_file!r} not found in the sources folder {display_path(folder)}",
                )
            )
            continue
        # read once: the hash is of the very text checked
        data = read_bytes(path, problems, kind="source text", root=folder.resolve())
        text = None if data is None else decode(data, path, problems)
        if text is not None:
            digest = hashlib.sha256(data).hexdigest()
            sources[document.source_file] = SourceText(
                document.source_file, path, tuple(text.splitlines()), digest
            )
    return sources, problems


def check_originals(folder: Path, documents: Iterable[Summary]) -> list[Problem]:
    """A text extracted from a PDF or a web page names its original: a revised
    original is noticed (its text is read again only by `briefgen extract`)."""
    problems = []
    for document in documents:
        if not document.original_file:
            continue
        loc = Loc(document.loc.file, document.line_of("original_file"))
        try:  # a regular file of the sources folder, as the text is
            path = real_file(folder, folder / document.original_file)
        except Refused as err:
            problems.append(
                Problem(loc, "original_file", f"{document.original_file!r} is refused: {err}")
            )
            continue
        if path is None:
            message = f"{document.original_file!r}, the file {document.source_file} was extracted from, is not in the sources folder {display_path(folder)}"
            problems.append(warning(loc, "original_file", message))
        elif (
            document.original_sha256
            and hashlib.sha256(path.read_bytes()).hexdigest() != document.original_sha256
        ):
            message = f"{document.original_file} changed since {document.source_file} was extracted from it: run briefgen extract {document.id} to read it again, then briefgen accept {document.id}"
            problems.append(warning(loc, "original_sha256", message))
    return problems


@dataclass
class SourceReader:
    """A source text read the way its summary says it is written: its number style
    (recorded, or detected exactly as `briefgen add` detects it), its language and
    what a bare "$" means in it."""

    source: SourceText
    style: StyleGuess
    currency: str = "USD"
    language: str | None = None
    _lines: dict[int, list[Reading]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Summary, source: SourceText) -> SourceReader:
        language = document.language.split("-")[0].lower() or None  # a salvaged summary: unknown
        if document.number_style:
            style = StyleGuess(document.number_style, f"number_style in {document.loc.file}")
        else:
            style = detect_style(source.lines, language)
        return cls(source, style, document.currency or "USD", language)

    def readings(self, number: int) -> list[Reading]:
        if number not in self._lines:
            line = self.source.lines[number - 1]
            self._lines[number] = read_line(
                line, self.style.style, currency=self.currency, language=self.language
            )
        return self._lines[number]

    @cached_property
    def count(self) -> int:
        return len(self.source.lines)


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """How a document's source text stands against the summary written from it."""

    document: str
    source_file: str
    state: str  # missing, unchanged, changed, unrecorded (no source_sha256 yet)
    moved: tuple[tuple[Indicator, int], ...] = ()  # (figure, the line it is on now)
    gone: tuple[Indicator, ...] = ()
    sha256: str | None = None  # of the text as it is now


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the check found: every problem, each source's state, and which figures
    were verified (value, scale, unit, currency and qualifier on their cited line)."""

    problems: tuple[Problem, ...]
    statuses: tuple[SourceStatus, ...]
    verified: frozenset[str]  # indicator ids
    unverified: dict[str, str]  # indicator id -> why not: "draft", "source missing" ...


def check_provenance(
    indicators: Iterable[Indicator],
    documents: Iterable[Summary],
    sources: dict[str, SourceText],
    archived: dict[str, tuple[str, ...]] | None = None,
) -> Provenance:
    """Every figure on its cited line. Against a source that changed since its summary
    was written, a figure that moved or is gone is a warning (the analyst reviews it
    and runs `briefgen accept`); against an unchanged source it is an error."""
    by_document: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_document.setdefault(indicator.document, []).append(indicator)
    problems: list[Problem] = []
    statuses, verified, unverified = [], set(), {}
    for document in documents:
        figures = by_document.get(document.id, [])
        source = sources.get(document.source_file)
        if source is None:
            statuses.append(SourceStatus(document.id, document.source_file, "missing"))
            unverified |= {i.id: "its source text is missing" for i in figures}
            continue
        reader = SourceReader.of(document, source)
        if document.source_sha256 and document.source_sha256 != source.sha256:
            old = (archived or {}).get(document.source_sha256)
            status, more = recheck(document, figures, reader, old)
            statuses.append(status)
            problems += more
            unverified |= {i.id: "its source changed" for i in figures}
            continue
        state = "unchanged" if document.source_sha256 else "unrecorded"
        statuses.append(
            SourceStatus(document.id, document.source_file, state, sha256=source.sha256)
        )
        for indicator in figures:
            more, ok = check_figure(indicator, reader)
            problems += more
            if ok:
                verified.add(indicator.id)
            else:
                unverified[indicator.id] = "it does not stand on its line as recorded"
    return Provenance(tuple(problems), tuple(statuses), frozenset(verified), unverified)


def recheck(
    document: Summary, figures: list[Indicator], reader: SourceReader, old: tuple[str, ...] | None
) -> tuple[SourceStatus, list[Problem]]:
    """Re-verify a changed source's figures: still there, moved (propose the line), or gone."""
    moved, gone, problems = [], [], []
    source = reader.source
    hint = f"run briefgen accept {document.id} after checking"
    for indicator in figures:
        if check_figure(indicator, reader)[1]:
            continue
        old_line = old[indicator.locator - 1] if old and indicator.locator <= len(old) else None
        line = relocate(indicator, reader, old_line)
        if line is not None:
            moved.append((indicator, line))
            message = f"{source.name} changed since {document.id} was written: {what_of(indicator)} moved from line {indicator.locator} to line {line} ({hint})"
            problems.append(warning(indicator.loc, "locator", message))
            continue
        gone.append(indicator)
        was = (
            f"line {indicator.locator} read: {shorten(old_line)!r}; "
            if old_line is not None
            else ""
        )
        now = (
            source.lines[indicator.locator - 1]
            if indicator.locator <= len(source.lines)
            else "(past the end of the text)"
        )
        message = f"{source.name} changed since {document.id} was written: {what_of(indicator)} is no longer in it; {was}it now reads: {shorten(now)!r}"
        problems.append(warning(indicator.loc, "value", message))
    status = SourceStatus(
        document.id, document.source_file, "changed", tuple(moved), tuple(gone), source.sha256
    )
    return status, problems


def relocate(indicator: Indicator, reader: SourceReader, old_line: str | None) -> int | None:
    """The line the figure stands on now: among lines stating it as recorded, the one
    whose words are closest to the old line's (or, without it, to the figure's label)."""
    words = set(words_of(old_line or indicator.label))
    best, best_score = None, 0.0
    for number in lines_stating(indicator, reader, range(1, reader.count + 1)):
        here = set(words_of(reader.source.lines[number - 1]))
        score = len(words & here) / max(len(words | here), 1)
        if best is None or score > best_score:
            best, best_score = number, score
    return best if best is not None and (best_score >= 0.2 or old_line is None) else None


def lines_stating(indicator: Indicator, reader: SourceReader, numbers: Iterable[int]) -> list[int]:
    """The lines on which the figure stands exactly as the row records it."""
    return [
        n
        for n in numbers
        if any(not disagreements(indicator, r, reader) for r in same_value(indicator, reader, n))
    ]


def what_of(indicator: Indicator) -> str:
    what = format_number(indicator.value) + (
        "" if indicator.scale == "1" else f" {indicator.scale}"
    )
    return what + ("%" if indicator.unit.startswith("%") else "")


def archived_texts(out: Path) -> dict[str, tuple[str, ...]]:
    """Source texts as earlier editions kept them (snapshot/sources/), by SHA-256: what a
    changed source used to say."""
    texts: dict[str, tuple[str, ...]] = {}
    for path in sorted(out.glob("*/snapshot/sources/*")):
        data = path.read_bytes()
        texts.setdefault(
            hashlib.sha256(data).hexdigest(), tuple(data.decode("utf-8", "replace").splitlines())
        )
    return texts


def unregistered(folder: Path, documents: Iterable[Summary]) -> list[str]:
    """Text files in the sources folder that no summary names."""
    named = {d.source_file for d in documents}
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.suffix in (".txt", ".md") and p.name not in named
    )


# --- one figure against its line ---------------------------------------------------------


def check_figure(indicator: Indicator, reader: SourceReader) -> tuple[list[Problem], bool]:
    """The problems of one row against its cited line, and whether it was verified."""
    source = reader.source
    if indicator.locator > reader.count:
        message = f"line {indicator.locator} does not exist: {source.name} has {reader.count} lines"
        return [Problem(indicator.loc, "locator", message)], False
    if indicator.unit_locator is not None and indicator.unit_locator > reader.count:
        message = (
            f"line {indicator.unit_locator} does not exist: {source.name} has {reader.count} lines"
        )
        return [Problem(indicator.loc, "unit_locator", message)], False
    candidates = same_value(indicator, reader, indicator.locator)
    if not candidates:
        return [not_on_line(indicator, reader)], False
    judged = sorted(
        ((disagreements(indicator, r, reader), r) for r in candidates), key=lambda d: len(d[0])
    )
    found, reading = judged[0]
    if found:
        return [Problem(indicator.loc, name, message) for name, message in found], False
    problems = period_warnings(indicator, reading, source)
    if reading.ambiguous:
        problems.append(ambiguous_marks(indicator, reading, reader))
        return problems, False
    return problems, True


def same_value(indicator: Indicator, reader: SourceReader, number: int) -> list[Reading]:
    return [r for r in reader.readings(number) if indicator.value in r.values]


def disagreements(
    indicator: Indicator, reading: Reading, reader: SourceReader
) -> list[tuple[str, str]]:
    """(column, what differs) for each way the line's words and the row differ."""
    where = f"line {indicator.locator}"
    elsewhere = stated_elsewhere(indicator, reader)
    found = []
    if reading.scale != indicator.scale and not (
        reading.scale == "1" and indicator.scale in elsewhere
    ):
        if reading.scale == "1":
            found.append(
                (
                    "scale",
                    f"{where} states no scale word after {reading.number!r}; the row has scale {indicator.scale}{unit_hint(indicator)}",
                )
            )
        else:
            found.append(
                (
                    "scale",
                    f"{where} says {reading.scale_words!r} after {reading.number!r}; the row has scale {indicator.scale}",
                )
            )
    unit = unit_disagreement(indicator, reading, elsewhere)
    if unit:
        found.append(("unit", f"{where} {unit}"))
    qualifier = qualifier_disagreement(indicator, reading)
    if qualifier:
        found.append(("qualifier", f"{where} {qualifier}"))
    if indicator.anchor and not stands_with(indicator.anchor, reading):
        message = f"{indicator.anchor!r} does not stand with {reading.number!r} on line {indicator.locator}; the words that do: {shorten(reading.words)!r}"
        found.append(("anchor", message))
    return found


def stated_elsewhere(indicator: Indicator, reader: SourceReader) -> set[str]:
    """Scales and units the row's unit_locator line states (a heading 'millions of dollars')."""
    if indicator.unit_locator is None:
        return set()
    return stated_units(reader.source.lines[indicator.unit_locator - 1], currency=reader.currency)


def unit_hint(indicator: Indicator) -> str:
    if indicator.unit_locator is None:
        return " (if the source states it elsewhere, give that line in unit_locator)"
    return f" (nor does line {indicator.unit_locator}, its unit_locator)"


def unit_disagreement(indicator: Indicator, reading: Reading, elsewhere: set[str]) -> str | None:
    row, line = unit_kind(indicator.unit), unit_kind(reading.unit)
    said = f"{reading.unit_words!r}" if reading.unit_words else "no unit"
    if line == "none":
        if row in ("count", "none") or indicator.unit in elsewhere:
            return None
        return f"states no unit next to {reading.number!r}; the row has {indicator.unit}{unit_hint(indicator)}"
    if row == "count" and line == "count":
        return None  # a count's noun is the table's wording ("people" for "Mexicans")
    if row != line:
        return f"says {said} after {reading.number!r} ({line}); the row has unit {indicator.unit} ({row})"
    if indicator.unit != reading.unit and row != "count":
        if reading.currency_assumed:
            return f"says '$' for {reading.number!r}, which this text's summary reads as {reading.unit} (set `currency:` in the summary if it means another); the row has {indicator.unit}"
        return f"says {said} after {reading.number!r} ({reading.unit}); the row has unit {indicator.unit}"
    return None


def qualifier_disagreement(indicator: Indicator, reading: Reading) -> str | None:
    row = next((q for q in indicator.qualifiers if q in APPROXIMATIONS), None)
    if row != reading.approximation:
        if reading.approximation is None:
            return f"states no qualifier with {reading.number!r} (exact); the row has {row}"
        return f"says {reading.qualifier_words!r} before {reading.number!r} ({reading.approximation}); the row has {row or 'exact'}"
    row_range = next((q for q in indicator.qualifiers if q.startswith("range-")), None)
    if row_range != reading.range_end:
        if reading.range_end is None:
            return f"states {reading.number!r} on its own, not as the end of a range; the row has {row_range}"
        return f"states {reading.number!r} as the {reading.range_end.replace('range-', '')} end of a range; the row has {row_range or 'exact'}"
    return None


def period_warnings(indicator: Indicator, reading: Reading, source: SourceText) -> list[Problem]:
    stated = reading.period
    if stated is None:
        return []
    if indicator.period is None:
        message = f"line {indicator.locator} of {source.name} states the period {stated} for {reading.number!r}; the row has none"
        return [warning(indicator.loc, "period", message)]
    if agree(indicator.period.text, stated):
        return []
    message = f"line {indicator.locator} of {source.name} states {stated} for {reading.number!r}; the row has {indicator.period.text}"
    return [warning(indicator.loc, "period", message)]


def ambiguous_marks(indicator: Indicator, reading: Reading, reader: SourceReader) -> Problem:
    readings = " or ".join(format_number(v) for v in reading.values)
    message = (
        f"{reading.number!r} on line {indicator.locator} of {reader.source.name} can be read as {readings}: "
        f"{reader.style.reason}; not verified until the summary says which (number_style: decimal-point or decimal-comma)"
    )
    return warning(indicator.loc, "value", message)


def not_on_line(indicator: Indicator, reader: SourceReader) -> Problem:
    """The figure is not on its line: say what is, and where the figure does stand."""
    source, number = reader.source, indicator.locator
    line = source.lines[number - 1]
    readings = reader.readings(number)
    hint = (
        other_split(indicator, readings)
        or sign_hint(indicator, readings)
        or nearby(indicator, reader)
    )
    numbers = ", ".join(dict.fromkeys(r.number for r in readings)) or "none"
    message = (
        f"{what_of(indicator)} is not on line {number} of {source.name} "
        f"(numbers on that line: {numbers}){hint}; the line reads: {shorten(line)!r}"
    )
    return Problem(indicator.loc, "value", message)


def other_split(indicator: Indicator, readings: list[Reading]) -> str:
    amount = indicator.value * SCALES[indicator.scale]
    for reading in readings:
        if any(v * SCALES[reading.scale] == amount for v in reading.values):
            value = format(reading.value.normalize(), "f")
            return f"; the line writes it as {reading.number!r} {reading.scale_words}".rstrip() + (
                f": record it as the source does (value {value}, scale {reading.scale})"
            )
    return ""


def sign_hint(indicator: Indicator, readings: list[Reading]) -> str:
    if any(-indicator.value in r.values for r in readings if indicator.value):
        return "; the line has it with the other sign (values are recorded as written: '-5%' is -5, 'fell 5%' is 5)"
    return ""


def nearby(indicator: Indicator, reader: SourceReader) -> str:
    around = sorted(
        range(
            max(1, indicator.locator - NEARBY), min(reader.count, indicator.locator + NEARBY) + 1
        ),
        key=lambda n: abs(n - indicator.locator),
    )
    found = lines_stating(indicator, reader, (n for n in around if n != indicator.locator))
    if not found:
        found = lines_stating(indicator, reader, range(1, reader.count + 1))[:3]
    if not found:
        return ""
    return f"; found on line {', '.join(map(str, found))}"


def shorten(line: str) -> str:
    line = " ".join(line.split())
    return line if len(line) <= SHOWN_CHARACTERS else line[: SHOWN_CHARACTERS - 1] + "…"


# --- own words -------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def shingles(lines: Iterable[str]) -> dict[tuple[str, ...], int]:
    """Every run of COPIED_WORDS words in the source, with the line it starts on."""
    runs: dict[tuple[str, ...], int] = {}
    numbered = [
        (number, word) for number, line in enumerate(lines, start=1) for word in words_of(line)
    ]
    words = [w for _, w in numbered]
    for start in range(len(words) - COPIED_WORDS + 1):
        runs.setdefault(tuple(words[start : start + COPIED_WORDS]), numbered[start][0])
    return runs


def check_own_words(
    documents: Iterable[Document],
    sources: dict[str, SourceText],
    indicators: Iterable[Indicator] = (),
) -> list[Problem]:
    """Summaries, and the table's labels and notes, are written in our own words:
    flag any run of words copied from the source."""
    problems = []
    by_id = {d.id: d for d in documents}
    runs: dict[str, dict[tuple[str, ...], int]] = {}  # by source file: shingles once each

    def runs_of(document: Document | None) -> tuple[dict, str] | None:
        source = sources.get(document.source_file) if document else None
        if source is None:
            return None
        if source.name not in runs:
            runs[source.name] = shingles(source.lines)
        return runs[source.name], source.name

    for document in by_id.values():
        if found := runs_of(document):
            for field_name, text in document.prose():
                loc = Loc(document.loc.file, document.line_of(field_name))
                problems += copied_wording(text, *found[:1], loc, field_name, found[1])
    for indicator in indicators:
        if found := runs_of(by_id.get(indicator.document)):
            for column in ("label", "note"):
                text = getattr(indicator, column) or ""
                problems += copied_wording(text, found[0], indicator.loc, column, found[1])
    return problems


def copied_wording(text: str, runs: dict, loc: Loc, field_name: str, name: str) -> list[Problem]:
    copied = first_copied_run(text, runs)
    if not copied:
        return []
    phrase, line = copied
    message = f"copies wording from {name} line {line} ({phrase!r}...); write it in your own words"
    return [warning(loc, field_name, message)]


def first_copied_run(text: str, runs: dict[tuple[str, ...], int]) -> tuple[str, int] | None:
    words = words_of(text)
    for start in range(len(words) - COPIED_WORDS + 1):
        run = tuple(words[start : start + COPIED_WORDS])
        if run in runs:
            return " ".join(run), runs[run]
    return None
