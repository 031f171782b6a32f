"""`briefgen add PATH`: register a new source text and start its summary: a draft
with what the text states about itself (each with its line), and every figure it
states as candidate rows for the indicator table. Writes only inside content/."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.content import COLUMNS, document_paths, read_brief
from briefgen.errors import OptionError
from briefgen.extract import Stated, candidates, stated_author, stated_date, stated_title
from briefgen.fields import ID_RE
from briefgen.output import write_atomic

SPANISH = {"de", "la", "el", "los", "las", "y", "en", "que", "del", "por", "para", "una", "con"}


@dataclass(frozen=True, slots=True)
class Added:
    document: Path  # the draft summary
    candidates: Path  # the candidate rows
    source: Path  # the registered source text
    figures: int


def add(
    path: Path, content: Path, *, document_id: str | None = None, sources: Path | None = None
) -> Added:
    """Check everything first, then write the draft, the candidates and (when the text
    is not yet in the sources folder) a copy of it. Raises OptionError, naming the
    file, for a missing, empty, binary or non-UTF-8 text, a bad or taken id, or a
    sources folder outside content/."""
    text = read_source(path)
    document_id = document_id or slug(path.stem)
    if not ID_RE.match(document_id):
        raise OptionError(
            f"{document_id!r} is not a valid id (lowercase letters, digits and single hyphens); give one with --id"
        )
    draft = content / "documents" / f"{document_id}.yaml"
    if draft.exists() or any(p.stem == document_id for p in document_paths(content / "documents")):
        raise OptionError(f"{draft} already exists: choose another id with --id")
    folder = sources_folder_for(content, sources)
    target = folder / path.name
    if target.resolve() != path.resolve():
        if not folder.resolve().is_relative_to(content.resolve()):
            raise OptionError(
                f"{path} is not in the sources folder {folder}, which is outside {content}: copy it there first"
            )
        if target.exists():
            raise OptionError(
                f"{target} already exists and is another file: rename {path.name} first"
            )
    found = candidates(text)
    rows = candidate_table(found, document_id)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if target.resolve() != path.resolve():
        write_atomic(target, path.read_bytes())
    write_atomic(draft, draft_yaml(document_id, target.name, digest, text).encode("utf-8"))
    table = content / "candidates" / f"{document_id}.csv"
    write_atomic(table, rows.encode("utf-8"))
    return Added(draft, table, target, len(found))


def read_source(path: Path) -> str:
    if not path.is_file():
        raise OptionError(f"{path}: file not found")
    data = path.read_bytes()
    if b"\0" in data:
        raise OptionError(f"{path}: a binary file, not a text (plain text or Markdown)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise OptionError(
            f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8"
        ) from None
    if not text.strip():
        raise OptionError(f"{path}: the file is empty")
    return text


def slug(name: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", name.lower())).strip("-")


def sources_folder_for(content: Path, override: Path | None) -> Path:
    if override is not None:
        return override
    brief, _ = read_brief(content / "brief.yaml")
    return brief.sources if brief and brief.sources else content / "sources"


def candidate_table(found: list, document_id: str) -> str:
    """Rows in indicators.csv's own columns, ready to copy once labelled and checked;
    the note holds the words around the figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, "note"])
    for number, c in enumerate(found, start=1):
        writer.writerow([f"{document_id}-{number:02d}", "", format(c.value, "f"), c.unit, c.scale, c.qualifier, c.period,
                         "", document_id, c.line, "", f"the source says: {c.phrase}"])  # fmt: skip
    return buffer.getvalue()


def draft_yaml(document_id: str, source_file: str, digest: str, text: str) -> str:
    lines = text.splitlines()
    title, author, date = stated_title(lines), stated_author(lines), stated_date(lines)
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    language = "es" if sum(w in SPANISH for w in words) > 0.08 * max(len(words), 1) else "en"
    return f"""# Draft written by `briefgen add` from {source_file}. Facts below come from the text, with
# the line that states them; where it states none, the value is null: never guess one.
# Write the summary, key points, implications and reliability in your own words,
# copy the figures you keep from candidates/{document_id}.csv into indicators.csv (their
# document column says {document_id}: that makes them this summary's), then remove the status line.
id: {document_id}
status: draft
title: {quoted(title)}{where(title)}
publisher: null  # not found in the text: fill in only if the text states it
authors: [{quoted(author) if author.value else ""}]{where(author)}
published: {date.value or "null"}{where(date)}
url: null
accessed: null
source_file: {source_file}
source_sha256: {digest}
language: {language}
document_type: report  # news-analysis, blog-post, data-note, opinion, policy-note, report, ...
topics: []
summary: ""
key_points: []
implications: ""
reliability: ""
"""


def quoted(stated: Stated) -> str:
    if stated.value is None:
        return "null"
    return '"' + stated.value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def where(stated: Stated) -> str:
    return f"  # line {stated.line}" if stated.line else "  # not stated in the text"
