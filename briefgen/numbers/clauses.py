"""Numbers in their clauses: words they share (a range's unit), the period each
clause states, and the words that stand with each number."""

from __future__ import annotations

import re
from dataclasses import replace

from briefgen.numbers.reading import Reading
from briefgen.periods import periods_in

# --- numbers that share their words ---------------------------------------------------

_CONNECTOR_RE = re.compile(
    r"^\s*(?P<word>,\s*(?:and|or|y|o)?|and|or|y|o|to|a|hasta|-|–|—)\s*(?:(?:un|una|los|las|el|the)\s+)?(?:US\$\s?|\$|€)?\s*$",
    re.I,
)


def share_units(text: str, readings: list[Reading], dates: list[tuple[int, int]]) -> list[Reading]:
    """'between 55,000 and 60,000 million dollars', '60 y 26 millones de dólares',
    '0.7 y 0.3 por ciento': the words after the last number belong to each; 'between'
    and 'X to Y' make a range (but 'from X to Y' is a change)."""
    result = list(readings)
    for index in range(len(result) - 2, -1, -1):
        first, second = result[index], result[index + 1]
        if any(s <= r.start and r.end <= e for r in (first, second) for s, e in dates):
            continue  # a year standing as a date shares nothing
        gap = text[first.end : second.start]
        if second.qualifier_words and gap.rstrip().endswith(second.qualifier_words):
            gap = gap.rstrip()[: -len(second.qualifier_words)]
        connector = _CONNECTOR_RE.match(gap)
        if not connector or first.kind == "ordinal" and second.unit != "rank":
            continue
        if first.kind == "ordinal" and second.unit == "rank":
            result[index] = replace(first, unit="rank", unit_words=second.unit_words, kind="word")
            continue
        result[index] = first = shared(first, second)
        if is_range(text, first, second, connector["word"].strip().lower()):
            result[index] = replace(first, qualifiers=(*first.qualifiers, "range-low"))
            result[index + 1] = replace(second, qualifiers=(*second.qualifiers, "range-high"))
    return result


def shared(first: Reading, second: Reading) -> Reading:
    if first.unit == "rank" or second.unit == "rank":
        return first
    if first.scale == "1" and second.scale != "1" and first.unit in ("", second.unit):
        first = replace(first, scale=second.scale, scale_words=second.scale_words)
    if not first.unit and second.unit:
        first = replace(
            first,
            unit=second.unit,
            unit_words=second.unit_words,
            currency_assumed=second.currency_assumed,
        )
    return first


def is_range(text: str, first: Reading, second: Reading, word: str) -> bool:
    if first.unit != second.unit or first.scale != second.scale or first.value >= second.value:
        return False
    if first.looks_like_year() and second.looks_like_year():
        return False
    before = text[: first.start]
    lead = r"(?:(?:el|la|los|las|un|una|the)\s+)?(?:US\$\s?|\$|€)?\s*$"
    if word in ("and", "y"):
        return re.search(rf"\b(?:between|entre)\s+{lead}", before, re.I) is not None
    if word in ("to", "-", "–", "—"):
        return not re.search(rf"\b(?:from|de|desde|del)\s+{lead}", before, re.I)
    return False


# --- periods ---------------------------------------------------------------------------

_CLAUSE_BREAK_RE = re.compile(
    r"(?:(?<=(?-i:[a-zé\d%)\]]))|(?<=(?-i:[A-Z]{2})))\s*[.!?](?=\s|$)|;|:\s|\s[–—]\s|,\s+(?=(?:and|but|while|whereas|although|though|yet|so|y|pero|mientras|aunque|cuando|donde)\b)|\s(?=while\b|whereas\b|mientras\s+que\b)",
    re.I,
)


def clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _CLAUSE_BREAK_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def assign_periods(text: str, readings: list[Reading]) -> list[Reading]:
    """Each number gets the period its own clause states (the one right after it,
    before the next number, else one that opens the clause, else none) and the words
    that stand with it (those after it up to the next number; the clause's opening
    words go with its first number)."""
    periods = periods_in(text)
    covered = [(s, e) for s, e, _ in periods]
    figures = [
        r
        for r in readings
        if r.kind != "ordinal" and not any(s <= r.start and r.end <= e for s, e in covered)
    ]
    result = {id(r): r for r in readings}
    for start, end in clauses(text):
        inside = [r for r in figures if start <= r.start < end]
        stated = [(s, e, p) for s, e, p in periods if start <= s < end]
        opener = next((p for s, e, p in stated if inside and e <= inside[0].start), None)
        words = split_words(text, inside, start, end)
        for position, reading in enumerate(inside):
            limit = inside[position + 1].start if position + 1 < len(inside) else end
            limit = comparison_start(text, reading.end, limit)
            own = next((p for s, e, p in stated if reading.end <= s < limit), None)
            result[id(reading)] = replace(reading, period=own or opener, words=words[position])
    return [result[id(r)] for r in readings]


# "rose 1.1% compared to the amount reported in 2023": 2023 is the base's period.
_COMPARISON_RE = re.compile(
    r"\b(?:compared\s+(?:to|with)|than|versus|vs\.?|respecto\s+(?:a|al|de)|frente\s+al?|en\s+comparación\s+con|comparad[oa]s?\s+con)\b",
    re.I,
)


def comparison_start(text: str, start: int, end: int) -> int:
    """Where a comparison with another figure begins between start and end, if it does."""
    match = _COMPARISON_RE.search(text, start, end)
    return match.start() if match else end


_WORD_BREAK_RE = re.compile(r",|;|\b(?:and|or|with|while|y|o|e|con)\b", re.I)


def split_words(text: str, inside: list[Reading], start: int, end: int) -> list[str]:
    """The words of a clause that stand with each of its numbers: between two numbers,
    those before the last comma or 'and' go with the first, the rest with the second
    ('79.6% of its total exports | and 51.4% of its imports')."""
    owned = [""] * len(inside)
    if not inside:
        return owned
    owned[0] = text[start : inside[0].start]
    for index, reading in enumerate(inside):
        limit = inside[index + 1].start if index + 1 < len(inside) else end
        gap = text[reading.end : limit]
        breaks = list(_WORD_BREAK_RE.finditer(gap)) if index + 1 < len(inside) else []
        cut = breaks[-1].start() if breaks else len(gap)
        owned[index] += " " + gap[:cut]
        if index + 1 < len(inside):
            owned[index + 1] += gap[cut:]
    return [" ".join(words.split()) for words in owned]


def stands_with(anchor: str, reading: Reading) -> bool:
    """The anchor's words stand with the number in its clause ('exports' for 79.6%)."""
    pattern = r"\s+".join(re.escape(word) for word in anchor.split())
    return re.search(rf"(?<![\w]){pattern}(?![\w])", reading.words, re.I) is not None
