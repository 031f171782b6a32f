"""What `briefgen add` writes: the draft summary, with what the text states about
itself (each with where it says so), and the candidate rows for the indicator table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from briefgen.content import COLUMNS
from briefgen.intake.figures import Candidate
from briefgen.intake.metadata import Stated
from briefgen.numbers import StyleGuess

# The candidates file has the table's columns, and one more, `context`, which
# holds the source's own words around each figure: check refuses it in
# indicators.csv, so source wording never reaches the brief.
CANDIDATE_COLUMNS = (*COLUMNS, "unit_locator", "context")


def candidate_table(found: Sequence[Candidate], document_id: str) -> str:
    """Rows in indicators.csv's own columns, ready to copy once labelled and checked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CANDIDATE_COLUMNS)
    for number, c in enumerate(found, start=1):
        writer.writerow([f"{document_id}-{number:02d}", "", format(c.value, "f"), c.unit, c.scale, c.qualifier, c.period,
                         "", document_id, c.line, "", c.unit_locator or "", c.context])  # fmt: skip
    return buffer.getvalue()


def draft_yaml(
    document_id: str,
    files: dict[str, str],
    stated: dict[str, Stated],
    language: str,
    style: StyleGuess,
) -> str:
    """The draft summary. `files` holds source_file and source_sha256, and for a PDF
    or a page original_file and original_sha256."""
    title, author, date = stated["title"], stated["author"], stated["published"]
    style_line = (
        f"number_style: {style.style}  # {style.reason}"
        if style.style
        else f"number_style: null  # {style.reason}: set decimal-point (1,234.5) or decimal-comma (1.234,5)"
    )
    original = "".join(
        f"{key}: {files[key]}\n" for key in ("original_file", "original_sha256") if key in files
    )
    return f"""# Draft written by `briefgen add` from {files.get("original_file") or files["source_file"]}. Facts below come from the text, with
# where it states them; where it states none, the value is null: never guess one.
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
source_file: {files["source_file"]}
source_sha256: {files["source_sha256"]}
{original}language: {language}
{style_line}
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
    if stated.line:
        return f"  # line {stated.line}"
    return f"  # {stated.where}" if stated.where else "  # not stated in the text"
