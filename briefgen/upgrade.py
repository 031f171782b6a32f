"""`briefgen upgrade`: rewrite content written for an older schema in the current one.

Schema 1 listed each document's figures twice: in the summary (`indicators:`) and
in the indicator table's `document` column. Schema 2 keeps the table's column
alone. Upgrading checks that the two agree (the content must load), deletes the
lists, and records `schema: 2` in brief.yaml. Every other byte of every file,
comments included, stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefgen.content import SCHEMA, document_paths
from briefgen.output import write_atomic
from briefgen.project import load_project


@dataclass(frozen=True, slots=True)
class Upgraded:
    schema: int  # what the content was written for
    changed: tuple[Path, ...]  # the files rewritten, brief.yaml last


def upgrade(content: Path) -> Upgraded:
    """Move the content in `content` to the current schema (at it already: nothing
    changes). Raises ContentError when it does not load as it is; nothing is changed then."""
    project = load_project(content)
    if project.brief.schema == SCHEMA:
        return Upgraded(SCHEMA, ())
    rewritten: dict[Path, str] = {}
    for path in document_paths(content / "documents"):  # drafts too
        text = path.read_text(encoding="utf-8")
        without = without_key(text, "indicators")
        if without != text:
            rewritten[path] = without
    brief = content / "brief.yaml"
    rewritten[brief] = with_schema(brief.read_text(encoding="utf-8"), SCHEMA)
    for path, text in rewritten.items():  # each file whole or not at all
        write_atomic(path, text.encode("utf-8"))
    return Upgraded(project.brief.schema, tuple(rewritten))


def without_key(text: str, key: str) -> str:
    """The YAML mapping's text without one top-level key and its value (all its lines)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key_node, value_node in getattr(root, "value", []):
        if key_node.value == key:
            lines = text.splitlines(keepends=True)
            return "".join(lines[: key_node.start_mark.line] + lines[last_line(value_node) + 1 :])
    return text


def last_line(node: yaml.Node) -> int:
    """The 0-based line a value ends on. A block collection ends with its last item:
    its own end mark lies at the next key, past any comment lines between."""
    children = node.value if isinstance(node.value, list) else []
    if children and not getattr(node, "flow_style", True):
        last = children[-1]
        return last_line(last[1] if isinstance(last, tuple) else last)
    end = node.end_mark
    return end.line if end.column > 0 else end.line - 1


def with_schema(text: str, schema: int) -> str:
    """brief.yaml saying `schema: N`: the line replaced, or added after the comments
    that open the file."""
    line = f'schema: {schema}  # the content model these settings are written for: see README.md, "Content model"\n'
    if re.search(r"(?m)^schema:", text):
        return re.sub(r"(?m)^schema:.*\n?", line, text, count=1)
    lines = text.splitlines(keepends=True)
    opening = 0
    while opening < len(lines) and lines[opening].startswith("#"):
        opening += 1
    return "".join(lines[:opening] + [line] + lines[opening:])
