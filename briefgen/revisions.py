"""`briefgen accept DOC_ID`: after an analyst has read what changed in a source text,
record its new SHA-256 in the summary and move its figures to their new lines."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import ContentError, Loc, OptionError, Problem
from briefgen.output import write_atomic
from briefgen.project import read_parts, sources_folder
from briefgen.provenance import archived_texts, check_provenance, read_sources


@dataclass(frozen=True, slots=True)
class Accepted:
    document: str
    source_file: str
    sha256: str
    moved: tuple[tuple[str, int, int], ...]  # (indicator id, old line, new line)
    gone: tuple[str, ...]  # indicator ids still to fix by hand


def accept(
    content: Path, document_id: str, *, sources: Path | None = None, archive: Path | None = None
) -> Accepted:
    """Record the source's current hash in the summary and apply the proposed line
    numbers. Raises ContentError when the content does not load, OptionError for an
    unknown document or a missing source. Touches no other document."""
    parts = read_parts(content)
    project = parts.project()
    if project is None:
        raise ContentError([p for p in parts.problems if p.is_error])
    document = next((d for d in project.documents if d.id == document_id), None)
    if document is None:
        raise OptionError(
            f"no summary with id {document_id!r} (known: {', '.join(d.id for d in project.documents)})"
        )
    folder, note, _ = sources_folder(project.brief, sources, content)
    if folder is None:
        raise OptionError(f"cannot accept {document_id}: {note}")
    texts, problems = read_sources(folder, [document])
    if problems:
        raise ContentError(problems)
    old = archived_texts(archive) if archive is not None and archive.is_dir() else {}
    (status,) = check_provenance(project.indicators, [document], texts, old).statuses
    moved = tuple((indicator.id, indicator.locator, line) for indicator, line in status.moved)
    if moved:
        move_locators(content / "indicators.csv", {i.loc.line: line for i, line in status.moved})
    record_hash(
        Path(document.loc.file)
        if Path(document.loc.file).is_absolute()
        else Path.cwd() / document.loc.file,
        texts[document.source_file].sha256,
    )
    return Accepted(
        document.id,
        document.source_file,
        texts[document.source_file].sha256,
        moved,
        tuple(i.id for i in status.gone),
    )


def move_locators(table: Path, new_lines: dict[int | None, int]) -> None:
    """Change the locator of the given rows (by their line in the CSV); every other
    byte of the file stays as it was."""
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    column = header.index("locator")
    for number, locator in new_lines.items():
        if number is None:
            continue
        ending = lines[number - 1][len(lines[number - 1].rstrip("\r\n")) :]
        row = next(csv.reader([lines[number - 1]]))
        row[column] = str(locator)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(row)
        lines[number - 1] = buffer.getvalue() + ending
    write_atomic(table, "".join(lines).encode("utf-8"))


def record_hash(summary: Path, sha256: str, key: str = "source_sha256") -> None:
    """Set `source_sha256:` (or another key) in the summary, just after source_file
    when it is new, keeping the file's comments and layout."""
    text = summary.read_text(encoding="utf-8")
    line = f"{key}: {sha256}"
    if re.search(rf"(?m)^{key}:.*$", text):
        text = re.sub(rf"(?m)^{key}:.*$", line, text)
    elif re.search(r"(?m)^source_file:.*$", text):
        text = re.sub(r"(?m)^(source_file:.*)$", lambda m: f"{m[1]}\n{line}", text, count=1)
    else:
        raise ContentError([Problem(Loc(str(summary)), "source_file", "required field is missing")])
    write_atomic(summary, text.encode("utf-8"))
