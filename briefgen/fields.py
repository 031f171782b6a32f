"""Reading YAML with line numbers, and the small validators content.py is made of.

Every validator either returns the converted value or raises Invalid with a
message that says what was expected and what was found; content.py turns those
into Problems and collects all of them before giving up.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from briefgen.errors import Loc, Problem
from briefgen.limits import YAML_DEPTH
from briefgen.model import PartialDate

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 1
    key_lines: dict[str, int]


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]


# libyaml's parser when PyYAML has it (ten times the speed: a preview rebuild reads
# every summary), the same safe constructors and resolvers either way.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoading:
    """A SafeLoader that keeps line numbers and reports duplicate keys instead of
    letting the last one win silently."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str, int]] = []  # (line, key, first line)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Composing recurses once per level: stop at the limit, not at Python's
        recursion limit (5,000 nested [[[...]]] gave a RecursionError traceback)."""
        self.depth += 1
        try:
            if self.depth > YAML_DEPTH:
                raise TooDeep(None, None, "", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _LineLoader(_LineLoading, _SafeBase):
    """Through libyaml when PyYAML has it: its composer is C, so compose_node's limit
    is checked on the result instead (see parse_yaml)."""


class _PyLineLoader(_LineLoading, yaml.SafeLoader):
    """Pure Python: says where a file nests too deep (its composer is the one above)."""


class TooDeep(yaml.MarkedYAMLError):
    """Lists and mappings nested deeper than YAML_DEPTH."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):  # noqa: ANN202
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    yield mapping
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool | dt.date):
            key = str(key)
        if key in mapping.key_lines:
            loader.duplicates.append((line, str(key), mapping.key_lines[key]))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode):  # noqa: ANN202
    sequence = LineList()
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield sequence
    sequence.extend(loader.construct_object(child, deep=True) for child in node.value)


# Dates stay text: partial_date() checks them with a message that names the line,
# where PyYAML's own conversion would stop on 2024-02-30 with a bare ValueError.
for _loader in (_LineLoader, _PyLineLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, p) for tag, p in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; syntax errors and duplicate keys come back as problems."""
    data, problems = _parse(_LineLoader, text, file)
    if deeper_than(data, YAML_DEPTH) or any("nesting depth" in p.message for p in problems):
        return _parse(_PyLineLoader, text, file)  # says where: libyaml's composer cannot
    return data, problems


def _parse(loader_class: type, text: str, file: str) -> tuple[Any, list[Problem]]:
    loader = loader_class(text)
    deep = f"lists and mappings nested more than {YAML_DEPTH} levels deep (the limit for a YAML file; see README, Limits)"
    try:
        data = loader.get_single_data()
    except TooDeep as err:
        where = Loc(file, err.problem_mark.line + 1, err.problem_mark.column + 1)
        return None, [Problem(where, "", deep)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Loc(file, mark.line + 1, mark.column + 1) if mark else Loc(file)
        reason = " ".join(filter(None, [err.context, err.problem]))
        return None, [Problem(where, "", f"YAML syntax error: {reason}")]
    except RecursionError:  # aliases (*name) can nest what is within the limit deeper still
        return None, [Problem(Loc(file), "", deep)]
    except (yaml.YAMLError, ValueError, OverflowError) as err:
        return None, [Problem(Loc(file), "", f"YAML error: {err}")]
    finally:
        loader.dispose()
    problems = [
        Problem(Loc(file, line), key, f"duplicate key (first given at line {first})")
        for line, key, first in loader.duplicates
    ]
    return data, problems


def deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings nest deeper than limit (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = (
            value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        )
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def value_span(text: str, keys: tuple[str, ...]) -> tuple[int, int] | None:
    """Where, in YAML text, the value at a path of keys ("email", "recipients")
    lies: from the end of its key to the end of the value, so that text[start:end]
    can be replaced by ": <new value>". None when it is not there or does not parse."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    key_node = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        key_node, node = next(((k, v) for k, v in node.value if k.value == key), (None, None))
        if node is None:
            return None
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        # a block list ends where the next key begins: stop after its last item
        return key_node.end_mark.index, node.value[-1].end_mark.index
    return key_node.end_mark.index, node.end_mark.index


class Invalid(Exception):
    """A value that does not fit; suffix and line point inside lists."""

    def __init__(self, message: str, *, suffix: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suffix = suffix
        self.line = line


def describe(value: Any) -> str:
    """Say what was found, for messages: 'a number (12)', "'July 2024x'"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


Converter = Callable[[Any], Any]


def text(value: Any) -> str:
    if isinstance(value, bool | int | float):
        # YAML reads 2024 and 1.5 as numbers, yes and no as true and false.
        example = "" if isinstance(value, bool) else f' ("{value}")'
        raise Invalid(
            f"expected text, found {describe(value)}: put it in quotes to make it text{example}"
        )
    if not isinstance(value, str):
        raise Invalid(f"expected text, found {describe(value)}")
    if not value.strip():
        raise Invalid("expected text, found an empty string")
    return " ".join(value.split())


def words(low: int, high: int) -> Converter:
    def convert(value: Any) -> str:
        result = text(value)
        count = len(result.split())
        if not low <= count <= high:
            raise Invalid(f"has {count} words; expected {low} to {high}")
        return result

    return convert


def ident(value: Any) -> str:
    result = text(value)
    if not ID_RE.match(result):
        raise Invalid(
            f"{result!r} is not a valid id (lowercase letters, digits and single hyphens, "
            "e.g. cambridge-2024)"
        )
    return result


def choice(options: tuple[str, ...]) -> Converter:
    def convert(value: Any) -> str:
        if value not in options:
            raise Invalid(f"{describe(value)} is not one of: {', '.join(options)}")
        return value

    return convert


def language(value: Any) -> str:
    result = text(value)
    if not LANGUAGE_RE.match(result):
        raise Invalid(f"{result!r} is not a language tag (e.g. en, es, en-GB)")
    return result


def url(value: Any) -> str:
    result = text(value)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", result):
        raise Invalid(f"{result!r} is not a web address (https://...)")
    return result


ADDRESS_RE = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def address(value: Any) -> str:
    """One email address, alone or with a display name: 'Desk <desk@example.org>'.
    ASCII only (no SMTPUTF8), and never two addresses in one."""
    from email.utils import getaddresses

    if not isinstance(value, str):
        raise Invalid(f"expected an email address, found {describe(value)}")
    if "\r" in value or "\n" in value:
        raise Invalid(f"{value.strip()!r} has a line break; an address or name must be one line")
    expected = (
        f"{value!r} is not one email address (e.g. desk@example.org or Desk <desk@example.org>)"
    )
    found = getaddresses([value])
    if len(found) != 1 or "," in value.replace(f'"{found[0][0]}"', ""):
        raise Invalid(expected)
    name, addr = found[0]
    if not ADDRESS_RE.match(addr) or (value.strip() != addr and "<" not in value):
        raise Invalid(expected)
    if not addr.isascii():
        raise Invalid(
            f"{addr!r}: addresses with accents or other non-ASCII letters are not supported"
        )
    return value.strip()


def one_line(value: Any) -> str:
    result = value if isinstance(value, str) else text(value)
    if "\r" in result or "\n" in result.strip():
        raise Invalid(f"{result.strip()!r} has a line break; it must be one line")
    return text(result)


def partial_date(value: Any) -> PartialDate:
    """A date, as precise as the source states it."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    raw = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    match = DATE_RE.match(raw) if isinstance(raw, str) else None
    expected = "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if not match:
        raise Invalid(f"{describe(value)} {expected}")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise Invalid(f"{describe(value)} {expected}") from None
    return PartialDate(year, month, day)


def text_list(low: int, high: int | None = None, item: Converter = text) -> Converter:
    def convert(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, found {describe(value)}")
        if len(value) < low or (high is not None and len(value) > high):
            expected = f"{low} to {high}" if high is not None else f"at least {low}"
            raise Invalid(f"has {len(value)} items; expected {expected}")
        lines = getattr(value, "item_lines", [None] * len(value))
        result = []
        for index, (element, line) in enumerate(zip(value, lines, strict=True)):
            try:
                result.append(item(element))
            except Invalid as err:
                raise Invalid(err.message, suffix=f"[{index}]{err.suffix}", line=line) from None
        return tuple(result)

    return convert


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    convert: Converter
    required: bool = True  # the key must be present
    nullable: bool = False  # null is a valid value (e.g. "the source states no date")


def check_mapping(
    data: Any, fields: tuple[Field, ...], file: str, *, prefix: str = ""
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate a YAML mapping against its fields: every problem, none skipped."""
    line = getattr(data, "line", 1)
    if not isinstance(data, Mapping):
        where = prefix.rstrip(".") or "file"
        return {}, [
            Problem(Loc(file, line), where, f"expected a mapping of fields, found {describe(data)}")
        ]
    key_lines = getattr(data, "key_lines", {})
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    problems = [
        Problem(
            Loc(file, key_lines.get(key, line)), f"{prefix}{key}", unknown_field(str(key), known)
        )
        for key in data
        if key not in known
    ]
    for field in fields:
        if field.name not in data:
            if field.required:
                problems.append(
                    Problem(Loc(file, line), f"{prefix}{field.name}", "required field is missing")
                )
            values[field.name] = None
            continue
        value = data[field.name]
        key_line = key_lines.get(field.name, line)
        if value is None:
            values[field.name] = None
            if not field.nullable:
                problems.append(
                    Problem(Loc(file, key_line), f"{prefix}{field.name}", "must not be empty")
                )
            continue
        try:
            values[field.name] = field.convert(value)
        except Invalid as err:
            where = Loc(file, err.line or key_line)
            problems.append(Problem(where, f"{prefix}{field.name}{err.suffix}", err.message))
            values[field.name] = None
    return values, problems


def unknown_field(key: str, known: Mapping[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown field{hint} (expected one of: {', '.join(known)})"
