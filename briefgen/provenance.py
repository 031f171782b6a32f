"""Checks against the source texts: every figure stands on the line it cites,
and the summaries are in our own words."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.content import decode, display_path, read_bytes
from briefgen.errors import Loc, Problem, warning
from briefgen.indicators import NumberFound, find_numbers, format_number
from briefgen.inputs import Refused, real_file
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


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """How a document's source text stands against the summary written from it."""

    document: str
    source_file: str
    state: str  # missing, unchanged, changed, unrecorded (no source_sha256 yet)
    moved: tuple[tuple[Indicator, int], ...] = ()  # (figure, the line it is on now)
    gone: tuple[Indicator, ...] = ()
    sha256: str | None = None  # of the text as it is now


def check_provenance(
    indicators: Iterable[Indicator],
    documents: Iterable[Document],
    sources: dict[str, SourceText],
    archived: dict[str, tuple[str, ...]] | None = None,
) -> tuple[list[Problem], list[SourceStatus]]:
    """Every figure on its cited line. Against a source that changed since its summary
    was written, a figure that moved or is gone is a warning (the analyst reviews it
    and runs `briefgen accept`); against an unchanged source it is an error."""
    by_document: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_document.setdefault(indicator.document, []).append(indicator)
    problems: list[Problem] = []
    statuses = []
    for document in documents:
        figures = by_document.get(document.id, [])
        source = sources.get(document.source_file)
        if source is None:
            statuses.append(SourceStatus(document.id, document.source_file, "missing"))
        elif document.source_sha256 and document.source_sha256 != source.sha256:
            old = (archived or {}).get(document.source_sha256)
            status, more = recheck(document, figures, source, old)
            statuses.append(status)
            problems += more
        else:
            state = "unchanged" if document.source_sha256 else "unrecorded"
            statuses.append(
                SourceStatus(document.id, document.source_file, state, sha256=source.sha256)
            )
            problems += [p for indicator in figures for p in check_figure(indicator, source)]
    return problems, statuses


def recheck(
    document: Document, figures: list[Indicator], source: SourceText, old: tuple[str, ...] | None
) -> tuple[SourceStatus, list[Problem]]:
    """Re-verify a changed source's figures: still there, moved (propose the line), or gone."""
    moved, gone, problems = [], [], []
    hint = f"run briefgen accept {document.id} after checking"
    for indicator in figures:
        if not check_figure(indicator, source):
            continue
        old_line = old[indicator.locator - 1] if old and indicator.locator <= len(old) else None
        line = relocate(indicator, source, old_line)
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


def relocate(indicator: Indicator, source: SourceText, old_line: str | None) -> int | None:
    """The line the figure stands on now: among lines stating the same value, the one
    whose words are closest to the old line's (or, without it, to the figure's label)."""
    words = set(words_of(old_line or indicator.label))
    best, best_score = None, 0.0
    for number, line in enumerate(source.lines, start=1):
        found = [f for f in find_numbers(line) if indicator.value in f.values]
        if not any(stands_as_stated(f, line, indicator) for f in found):
            continue
        here = set(words_of(line))
        score = len(words & here) / max(len(words | here), 1)
        if best is None or score > best_score:
            best, best_score = number, score
    return best if best is not None and (best_score >= 0.2 or old_line is None) else None


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


def unregistered(folder: Path, documents: Iterable[Document]) -> list[str]:
    """Text files in the sources folder that no summary names."""
    named = {d.source_file for d in documents}
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and p.suffix in (".txt", ".md") and p.name not in named
    )


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
    what = what_of(indicator)
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
