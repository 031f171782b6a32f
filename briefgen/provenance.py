"""Checks against the source texts: every figure stands on the line it cites,
and the summaries are in our own words."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.content import display_path, read_text
from briefgen.errors import Loc, Problem, warning
from briefgen.indicators import NumberFound, find_numbers, format_number
from briefgen.model import Document, Indicator

COPIED_WORDS = 8  # a run of this many words shared with the source is copied wording
SCALE_SPELLINGS = {
    "thousand": r"thousand|k",
    "million": r"million|mn|m|millones",
    "billion": r"billion|bn|b",
    "trillion": r"trillion|tn",
}
PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.I)
SHOWN_CHARACTERS = 300


@dataclass(frozen=True, slots=True)
class SourceText:
    name: str
    path: Path
    lines: tuple[str, ...]
    sha256: str


def read_sources(
    folder: Path, documents: Iterable[Document]
) -> tuple[dict[str, SourceText], list[Problem]]:
    """The source texts the summaries name; a named file that is missing is an error."""
    sources: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for document in documents:
        path = folder / document.source_file
        if document.source_file in sources:
            continue
        if not path.is_file():
            loc = Loc(document.loc.file, document.line_of("source_file"))
            problems.append(
                Problem(
                    loc,
                    "source_file",
                    f"{document.source_file!r} not found in the sources folder {display_path(folder)}",
                )
            )
            continue
        text = read_text(path, problems)
        if text is not None:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            sources[document.source_file] = SourceText(
                document.source_file, path, tuple(text.splitlines()), digest
            )
    return sources, problems


def check_provenance(
    indicators: Iterable[Indicator], documents: Iterable[Document], sources: dict[str, SourceText]
) -> list[Problem]:
    documents_by_id = {d.id: d for d in documents}
    problems = []
    for indicator in indicators:
        document = documents_by_id.get(indicator.document)
        source = sources.get(document.source_file) if document else None
        if source is not None:
            problems += check_figure(indicator, source)
    return problems


def check_figure(indicator: Indicator, source: SourceText) -> list[Problem]:
    if indicator.locator > len(source.lines):
        message = (
            f"line {indicator.locator} does not exist: {source.name} has {len(source.lines)} lines"
        )
        return [Problem(indicator.loc, "locator", message)]
    line = source.lines[indicator.locator - 1]
    found = [f for f in find_numbers(line) if indicator.value in f.values]
    if any(stands_as_stated(f, line, indicator) for f in found):
        return []
    what = f"{format_number(indicator.value)}" + (
        "" if indicator.scale == "1" else f" {indicator.scale}"
    )
    if indicator.unit.startswith("%"):
        what += "%"
    numbers = ", ".join(dict.fromkeys(f.text for f in find_numbers(line))) or "none"
    message = (
        f"{what} is not on line {indicator.locator} of {source.name} "
        f"(numbers on that line: {numbers}); the line reads: {shorten(line)!r}"
    )
    return [Problem(indicator.loc, "value", message)]


def stands_as_stated(found: NumberFound, line: str, indicator: Indicator) -> bool:
    """The number is followed by the scale and percent sign the table claims."""
    after = line[found.end :]
    if indicator.scale != "1":
        pattern = rf"^[^.;:]{{0,40}}?\b(?:{SCALE_SPELLINGS[indicator.scale]})\b"
        if not re.match(pattern, after, re.I):
            return False
    if indicator.unit.startswith("%") and not found.is_word:
        return PERCENT_AFTER.match(after) is not None
    return True


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


def check_own_words(documents: Iterable[Document], sources: dict[str, SourceText]) -> list[Problem]:
    """Summaries are written in our own words: flag any run copied from the source."""
    problems = []
    for document in documents:
        source = sources.get(document.source_file)
        if source is None:
            continue
        runs = shingles(source.lines)
        for field, text in document.prose():
            copied = first_copied_run(text, runs)
            if copied:
                phrase, line = copied
                loc = Loc(document.loc.file, document.line_of(field))
                message = f"copies wording from {source.name} line {line} ({phrase!r}...); write it in your own words"
                problems.append(warning(loc, field, message))
    return problems


def first_copied_run(text: str, runs: dict[tuple[str, ...], int]) -> tuple[str, int] | None:
    words = words_of(text)
    for start in range(len(words) - COPIED_WORDS + 1):
        run = tuple(words[start : start + COPIED_WORDS])
        if run in runs:
            return " ".join(run), runs[run]
    return None
