"""One reader per kind of document an analyst has: plain text, Markdown, a PDF with
a text layer, a web page saved from a browser. Each gives the text whose lines the
indicator table cites, and for a PDF the page each line starts on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefgen.errors import OptionError
from briefgen.intake.metadata import Stated
from briefgen.limits import LIMITS, too_large

# The README's table of limits (briefgen/limits.py): what `briefgen add` reads at most.
LIMIT_OF = {
    "text": "source text",
    "markdown": "source text",
    "html": "web page to add",
    "pdf": "PDF to add",
}
SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a Word .docx, Excel .xlsx or OpenDocument file?): save it as PDF or plain text"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc, .xls): save it as PDF or plain text"),
    (b"{\\rtf", "an RTF document: save it as PDF or plain text"),
    (b"\x89PNG", "a PNG image: run it through OCR and add the text"),
    (b"\xff\xd8\xff", "a JPEG image: run it through OCR and add the text"),
    (b"GIF8", "a GIF image: run it through OCR and add the text"),
)  # fmt: skip
HTML_START = re.compile(
    rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html|<!--\s*saved from url)", re.I
)


@dataclass(frozen=True, slots=True)
class Source:
    """A document as `briefgen add` read it."""

    kind: str  # text, markdown, pdf, html
    text: str  # the text whose lines are cited
    pages: tuple[int, ...] | None = None  # PDF: the page each line starts on
    metadata: dict[str, Stated] = field(default_factory=dict)  # what the file's own fields state
    original: bytes | None = None  # the PDF or page as received, kept beside its text


def kind_of(path: Path, data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if HTML_START.match(data[:2000]) or path.suffix.lower() in (".html", ".htm"):
        return "html"
    for signature, what in SIGNATURES:
        if data.startswith(signature):
            raise OptionError(f"{path}: {what}")
    if b"\0" in data:
        raise OptionError(f"{path}: a binary file, not a text (briefgen add reads plain text, Markdown, PDF and saved web pages)")  # fmt: skip
    return "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"


def read_input(path: Path) -> Source:
    """Raises OptionError, naming the file and what to do, for a missing, empty,
    oversized, encrypted, scanned or unknown file."""
    if not path.is_file():
        raise OptionError(f"{path}: file not found")
    size = path.stat().st_size
    named = {".pdf": "pdf", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "text")
    if size > LIMITS[LIMIT_OF[named]]:  # by its name, before a byte is read
        raise OptionError(f"{path}: {too_large(size, LIMIT_OF[named])}")
    data = path.read_bytes()
    kind = kind_of(path, data)
    if size > LIMITS[LIMIT_OF[kind]]:
        raise OptionError(f"{path}: {too_large(size, LIMIT_OF[kind])}")
    if kind == "pdf":
        source = read_pdf_file(path, data)
    elif kind == "html":
        source = read_page(path, data)
    else:
        source = Source(kind, decode(path, data))
    if not source.text.strip():
        raise OptionError(f"{path}: the file is empty")
    if len(source.text.encode("utf-8")) > LIMITS["source text"]:
        raise OptionError(f"{path}: its text: {too_large(len(source.text.encode('utf-8')), 'source text')}: split it")  # fmt: skip
    return source


def decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise OptionError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save it as UTF-8") from None  # fmt: skip


def read_pdf_file(path: Path, data: bytes) -> Source:
    from briefgen.intake.pdf import PdfProblem, read_pdf

    try:
        pdf = read_pdf(data)
    except PdfProblem as err:
        raise OptionError(f"{path}: {err}") from None
    return Source("pdf", "\n".join(pdf.paragraphs) + "\n", pdf.pages, {}, data)


def read_page(path: Path, data: bytes) -> Source:
    from briefgen.intake.html import PageProblem, decode_page, page_metadata, page_text

    html = decode_page(data)
    try:
        text = page_text(html)
    except PageProblem as err:
        raise OptionError(f"{path}: {err}") from None
    return Source("html", text, None, page_metadata(html), data)
