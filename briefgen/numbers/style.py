"""A text's number style: which mark is the decimal one. It belongs to the source
text, not to the brief."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from briefgen.numbers.lexicon import _LOCALES, COMMA, POINT, mask

# --- number style ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StyleGuess:
    style: str | None  # POINT, COMMA, or None when nothing tells
    reason: str  # for messages and the draft summary


def marks_of(number: str) -> str | None:
    """The style a number's own marks prove, or None when they could be either."""
    seps = re.findall(r"[.,]", number)
    if not seps:
        return None
    if len(set(seps)) == 2:
        return POINT if seps[-1] == "." else COMMA
    whole, _, fraction = number.partition(seps[0])
    if len(seps) > 1:  # 1,234,567 or 1.234.567: the mark is a grouping
        return COMMA if seps[0] == "." else POINT
    if len(fraction) != 3 or whole == "0" or len(whole) > 3:
        return POINT if seps[0] == "." else COMMA  # 12.5, 60,2, 0.125: a decimal mark
    return None  # 1.234 / 22,258: one mark, three digits


def detect_style(lines: Sequence[str], language: str | None = None) -> StyleGuess:
    """A text's number style from its unambiguous numbers; failing those, from its
    language (English never writes a decimal comma); else None."""
    counts: dict[str, list[str]] = {POINT: [], COMMA: []}
    for number, line in enumerate(lines, start=1):
        for match in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)+(?![\w])", mask(line)):
            if style := marks_of(match[0]):
                counts[style].append(f"{match[0]!r} on line {number}")
    point, comma = len(counts[POINT]), len(counts[COMMA])
    if point or comma:
        style = POINT if point >= comma else COMMA
        if point == comma:
            return StyleGuess(
                None,
                f"the text writes {point} numbers each way ({counts[POINT][0]}, {counts[COMMA][0]})",
            )
        shown = ", ".join(counts[style][:3])
        other = counts[COMMA if style == POINT else POINT]
        mixed = f"; {len(other)} the other way ({other[0]})" if other else ""
        return StyleGuess(
            style, f"from {shown}{' and more' if len(counts[style]) > 3 else ''}{mixed}"
        )
    if (language or "").startswith("en"):
        return StyleGuess(POINT, "no number of the text tells; English writes 1,234.5")
    return StyleGuess(None, "no number of the text tells which mark is the decimal one")


def parse_digits(number: str, style: str | None) -> tuple[tuple[Decimal, ...], bool]:
    """The values digits can have in a text of this style, and whether they are ambiguous."""
    marks = marks_of(number)
    if marks is None and not re.search(r"[.,]", number):
        return (Decimal(number),), False
    if marks is None and style is None:
        point, comma = (_parse(number, POINT), _parse(number, COMMA))
        return tuple(v for v in (point, comma) if v is not None), True
    value = _parse(number, marks or style)
    return ((value,) if value is not None else ()), False


def _parse(number: str, style: str) -> Decimal | None:
    from babel.numbers import NumberFormatError, parse_decimal  # only texts with marks need it

    try:
        return parse_decimal(number, locale=_LOCALES[style], strict=True)
    except NumberFormatError:
        return None
