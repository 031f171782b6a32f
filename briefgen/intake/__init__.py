"""`briefgen add PATH`: register a new source document (plain text, Markdown, a PDF
with a text layer or a web page saved from a browser) and start its summary: a draft
with what the document states about itself, and every figure it states as candidate
rows for the indicator table. `briefgen extract DOC_ID` reads a revised PDF or page
again. Both write only inside content/."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from briefgen.content import document_paths, read_brief
from briefgen.errors import OptionError
from briefgen.fields import ID_RE
from briefgen.intake.draft import candidate_table, draft_yaml
from briefgen.intake.figures import Candidate, candidates
from briefgen.intake.inputs import Source, read_input
from briefgen.intake.metadata import (
    NOT_STATED,
    stated_author,
    stated_date,
    stated_title,
    text_language,
)
from briefgen.numbers import detect_style
from briefgen.output import write_atomic

MANY_CANDIDATES = 500  # more than this and the analyst hears about it


@dataclass(frozen=True, slots=True)
class Added:
    document: Path  # the draft summary
    candidates: Path  # the candidate rows
    source: Path  # the registered source text (extracted, for a PDF or a page)
    figures: int
    kind: str = "text"  # text, markdown, pdf, html
    original: Path | None = None  # the PDF or page, kept beside its text
    warnings: tuple[str, ...] = ()


def add(
    path: Path, content: Path, *, document_id: str | None = None, sources: Path | None = None
) -> Added:
    """Check everything first, then write the draft, the candidates and the files of
    the sources folder. Raises OptionError, naming the file, for a file it cannot
    read (missing, empty, oversized, binary, encrypted, scanned, not UTF-8), a bad
    or taken id, or a sources folder outside content/."""
    source = read_input(path)
    document_id = document_id or slug(path.stem)
    draft = content / "documents" / f"{document_id}.yaml"
    check_id(document_id, draft, content)
    folder = sources_folder_for(content, sources)
    files = planned_files(path, source, folder)
    for target, data in files.items():
        check_target(path, target, data, folder, content)
    text_path = next(iter(files))
    found, rows = figures_of(source, document_id)
    summary = draft_yaml(
        document_id, file_fields(files, source), stated_of(source), *style_of(source)
    )
    for target, data in files.items():
        if not (target.exists() and target.read_bytes() == data):
            write_atomic(target, data)
    write_atomic(draft, summary.encode("utf-8"))
    table = content / "candidates" / f"{document_id}.csv"
    write_atomic(table, rows.encode("utf-8"))
    warnings = (f"{len(found)} candidates: a long text; copy only the figures the brief needs",) if len(found) > MANY_CANDIDATES else ()  # fmt: skip
    original = next((t for t in files if t.suffix.lower() in (".pdf", ".html", ".htm")), None)
    return Added(draft, table, text_path, len(found), source.kind, original, warnings)


@dataclass(frozen=True, slots=True)
class Extracted:
    document: str
    source: Path  # the text, extracted again
    original: Path
    changed: bool  # the new text differs from the one its summary was written from


def reextract(content: Path, document_id: str, *, sources: Path | None = None) -> Extracted:
    """Read a revised PDF or web page again: write its text (and page map) anew and
    record the original's hash. The summary's source_sha256 stays as it is, so the
    next check shows which figures moved, and `briefgen accept` records the new text.
    Raises OptionError for an unknown document or one with no original."""
    from briefgen.content import read_document
    from briefgen.revisions import record_hash

    path = content / "documents" / f"{document_id}.yaml"
    summary, problems = read_document(path) if path.is_file() else (None, [])
    if summary is None:
        detail = "; ".join(map(str, problems)) or "no such summary"
        raise OptionError(f"cannot read {path}: {detail}")
    if not summary.original_file:
        raise OptionError(f"{document_id} was added from a text, not a PDF or web page: there is nothing to extract again")  # fmt: skip
    folder = sources_folder_for(content, sources)
    original = folder / summary.original_file
    source = read_input(original)
    text_path = folder / summary.source_file
    old = text_path.read_bytes() if text_path.is_file() else b""
    new = source.text.encode("utf-8")
    if new != old:
        write_atomic(text_path, new)
    if source.pages is not None:
        write_atomic(folder / f"{original.stem}.pages.tsv", page_map(source.pages))
    record_hash(path, hashlib.sha256(source.original or b"").hexdigest(), "original_sha256")
    return Extracted(document_id, text_path, original, new != old)


def check_id(document_id: str, draft: Path, content: Path) -> None:
    if not ID_RE.match(document_id):
        raise OptionError(f"{document_id!r} is not a valid id (lowercase letters, digits and single hyphens); give one with --id")  # fmt: skip
    if draft.exists() or any(p.stem == document_id for p in document_paths(content / "documents")):
        raise OptionError(f"{draft} already exists: choose another id with --id")


def planned_files(path: Path, source: Source, folder: Path) -> dict[Path, bytes]:
    """The sources folder's new files, the cited text first: a text as it is; a PDF
    or a page kept as received, beside its extracted text (and a PDF's page map)."""
    if source.original is None:
        return {folder / path.name: path.read_bytes()}
    files = {
        folder / f"{path.stem}.txt": source.text.encode("utf-8"),
        folder / path.name: source.original,
    }
    if source.pages is not None:
        files[folder / f"{path.stem}.pages.tsv"] = page_map(source.pages)
    return files


def page_map(pages: tuple[int, ...]) -> bytes:
    """`<name>.pages.tsv`: the page of the PDF on which each line of the text starts."""
    rows = ["line\tpage", *(f"{line}\t{page}" for line, page in enumerate(pages, start=1))]
    return ("\n".join(rows) + "\n").encode("utf-8")


def check_target(path: Path, target: Path, data: bytes, folder: Path, content: Path) -> None:
    if target.resolve() == path.resolve() or (target.exists() and target.read_bytes() == data):
        return
    if not folder.resolve().is_relative_to(content.resolve()):
        raise OptionError(f"{path} is not in the sources folder {folder}, which is outside {content}: copy it there first")  # fmt: skip
    if target.exists():
        raise OptionError(f"{target} already exists and is another file: rename {path.name} first")


def figures_of(source: Source, document_id: str) -> tuple[list[Candidate], str]:
    language, style = style_of(source)
    found = candidates(source.text, style=style.style, language=language, pages=source.pages)
    return found, candidate_table(found, document_id)


def style_of(source: Source):  # noqa: ANN201
    language = text_language(source.text)
    return language, detect_style(source.text.splitlines(), language)


def stated_of(source: Source) -> dict:
    """What the document states about itself: the file's own fields first (a page's
    metadata), then its text's header."""
    lines = source.text.splitlines()
    from_text = {
        "title": stated_title(lines),
        "author": stated_author(lines),
        "published": stated_date(lines),
    }
    return {key: source.metadata.get(key, NOT_STATED) if source.metadata.get(key, NOT_STATED).value else found
            for key, found in from_text.items()}  # fmt: skip


def file_fields(files: dict[Path, bytes], source: Source) -> dict[str, str]:
    (text_path, text), *rest = files.items()
    fields = {"source_file": text_path.name, "source_sha256": hashlib.sha256(text).hexdigest()}
    if source.original is not None:
        original = next(p for p, data in rest if data is source.original)
        fields |= {
            "original_file": original.name,
            "original_sha256": hashlib.sha256(source.original).hexdigest(),
        }
    return fields


def slug(name: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", name.lower())).strip("-")


def sources_folder_for(content: Path, override: Path | None) -> Path:
    if override is not None:
        return override
    brief, _ = read_brief(content / "brief.yaml")
    return brief.sources if brief and brief.sources else content / "sources"
