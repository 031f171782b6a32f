"""THE number reader, and numbers written for readers.

`read_line` returns every number a line of text states, with the scale word, the
unit or currency next to it, the words that qualify it and the period its own
clause states, in English and Spanish and in the number style of the text
(`detect_style`). `briefgen check`, `briefgen add`, the re-anchoring of moved
figures and the figures-in-prose check all read lines here, so no two commands
can disagree about what a line says.

Why not text2num: it reads "onceavo" as 1/11, leaves "primer" and "segunda" as
words, turns "29 mil 041 millones" into "29 1000 041 1000000" and gives no
positions. Babel's parse_decimal turns the digits into a number once the style
of the marks is known.

    lexicon.py   the words and patterns (English, Spanish)
    style.py     a text's number style: 1,234.5 or 1.234,5
    reader.py    read_line: each number with what stands before and after it
    clauses.py   ranges and lists that share a unit; each clause's period; anchors
    units.py     one spelling per unit; the kind of each
    writing.py   numbers for readers
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use (PEP 562): a no-op rebuild reads a brief's settings without
# the reader's patterns or Babel's locale data.
_WHERE = {
    "APPROXIMATIONS": "briefgen.numbers.lexicon",
    "COMMA": "briefgen.numbers.units",
    "DEFAULT_LOCALE": "briefgen.numbers.units",
    "NUMBER_STYLES": "briefgen.numbers.units",
    "POINT": "briefgen.numbers.units",
    "QUALIFIER_MARKS": "briefgen.numbers.writing",
    "QUALIFIER_WORDS": "briefgen.numbers.writing",
    "Reading": "briefgen.numbers.reading",
    "StyleGuess": "briefgen.numbers.style",
    "amount_text": "briefgen.numbers.writing",
    "axis_label": "briefgen.numbers.writing",
    "chart_label": "briefgen.numbers.writing",
    "chart_scale": "briefgen.numbers.writing",
    "date_words": "briefgen.numbers.writing",
    "detect_style": "briefgen.numbers.style",
    "find_numbers": "briefgen.numbers.reader",
    "format_amount": "briefgen.numbers.writing",
    "format_number": "briefgen.numbers.writing",
    "format_range": "briefgen.numbers.writing",
    "format_short": "briefgen.numbers.writing",
    "format_value": "briefgen.numbers.writing",
    "marks_of": "briefgen.numbers.style",
    "mask": "briefgen.numbers.reader",
    "normal_unit": "briefgen.numbers.units",
    "ordinal": "briefgen.numbers.writing",
    "parse_digits": "briefgen.numbers.style",
    "qualified": "briefgen.numbers.writing",
    "read_line": "briefgen.numbers.reader",
    "short_number": "briefgen.numbers.writing",
    "stands_with": "briefgen.numbers.clauses",
    "stated_units": "briefgen.numbers.reader",
    "status_of": "briefgen.numbers.writing",
    "unit_kind": "briefgen.numbers.units",
    "week_words": "briefgen.numbers.writing",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


__all__ = [
    "APPROXIMATIONS", "COMMA", "DEFAULT_LOCALE", "NUMBER_STYLES", "POINT", "QUALIFIER_MARKS",
    "QUALIFIER_WORDS", "Reading", "amount_text", "chart_label", "date_words", "status_of", "week_words", "StyleGuess", "axis_label", "chart_scale", "detect_style",
    "find_numbers", "format_amount", "format_number", "format_range", "format_short",
    "format_value", "marks_of", "mask", "normal_unit", "ordinal", "parse_digits", "qualified",
    "read_line", "short_number", "stands_with", "stated_units", "unit_kind",
]  # fmt: skip
