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

from briefgen.numbers.clauses import stands_with
from briefgen.numbers.lexicon import APPROXIMATIONS, COMMA, NUMBER_STYLES, POINT
from briefgen.numbers.reader import find_numbers, mask, read_line, stated_units
from briefgen.numbers.reading import Reading
from briefgen.numbers.style import StyleGuess, detect_style, marks_of, parse_digits
from briefgen.numbers.units import normal_unit, unit_kind
from briefgen.numbers.writing import (
    DEFAULT_LOCALE,
    QUALIFIER_MARKS,
    QUALIFIER_WORDS,
    amount_text,
    axis_label,
    chart_label,
    chart_scale,
    date_words,
    format_amount,
    format_number,
    format_range,
    format_short,
    format_value,
    ordinal,
    qualified,
    short_number,
    status_of,
    week_words,
)

__all__ = [
    "APPROXIMATIONS", "COMMA", "DEFAULT_LOCALE", "NUMBER_STYLES", "POINT", "QUALIFIER_MARKS",
    "QUALIFIER_WORDS", "Reading", "amount_text", "chart_label", "date_words", "status_of", "week_words", "StyleGuess", "axis_label", "chart_scale", "detect_style",
    "find_numbers", "format_amount", "format_number", "format_range", "format_short",
    "format_value", "marks_of", "mask", "normal_unit", "ordinal", "parse_digits", "qualified",
    "read_line", "short_number", "stands_with", "stated_units", "unit_kind",
]  # fmt: skip
