"""What a new source text states, for `briefgen add`: every figure, as candidate rows
for the indicator table, and the title, author and date where the text says them.

Pure functions over text; nothing here is ever written to indicators.csv by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefgen.model import MONTHS
from briefgen.numbers import Reading, detect_style, read_line, stated_units

MONTH_WORDS = {m.lower(): i for i, m in enumerate(MONTHS, start=1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)
}
SPANISH_MONTHS = {m: i for i, m in enumerate(
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"], start=1)}  # fmt: skip
ALL_MONTHS = MONTH_WORDS | SPANISH_MONTHS
LABEL_BEFORE = re.compile(
    r"(?:figures?|fig\.|tables?|naics|chapters?|sections?|reason|page|#)\s*$", re.I
)
ADDRESS_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|St|Avenue|Ave|Lane|Boulevard|Square|Place)\b"
)


@dataclass(frozen=True, slots=True)
class Candidate:
    line: int
    text: str  # the number as the source writes it: "55,000", "one-quarter"
    value: Decimal
    unit: str
    scale: str
    qualifier: str
    period: str
    phrase: str  # the words around it
    unit_locator: int | None = None  # the line that states the unit, when not next to the number

    def row(self) -> dict[str, str]:
        return {"line": str(self.line), "text": self.text, "value": format(self.value, "f"), "unit": self.unit,
                "scale": self.scale, "qualifier": self.qualifier, "period": self.period, "phrase": self.phrase}  # fmt: skip


def candidates(
    text: str, *, style: str | None = None, language: str | None = None, currency: str = "USD"
) -> list[Candidate]:
    """Every figure the text states, line by line, as rows an analyst can copy. The
    lines are read by the same reader as `briefgen check`, in the text's number style
    (detected when not given), so a copied row passes the check."""
    lines = text.splitlines()
    if style is None:
        style = detect_style(lines, language).style
    found: list[Candidate] = []
    for number, line in enumerate(lines, start=1):
        if is_furniture(line):
            continue
        found += figures_on(line, number, style, language, currency)
    return found


SPANISH = set(
    [
        "de",
        "la",
        "el",
        "los",
        "las",
        "y",
        "en",
        "que",
        "del",
        "por",
        "para",
        "una",
        "con",
        "se",
        "su",
        "al",
        "es",
        "lo",
        "como",
        "más",
    ]
)
ENGLISH = set(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "with",
        "as",
        "on",
        "by",
        "its",
        "was",
        "are",
        "from",
        "this",
        "be",
    ]
)


def text_language(text: str) -> str:
    """English or Spanish, by the commoner words of its prose (page furniture such as
    a Spanish site's calendar banner above an English article does not count)."""
    prose = " ".join(line for line in text.splitlines() if not is_furniture(line))
    words = re.findall(r"[a-záéíóúñ]+", prose.lower())
    return "es" if sum(w in SPANISH for w in words) > sum(w in ENGLISH for w in words) else "en"


def is_furniture(line: str) -> bool:
    """Page furniture, not prose: reading times, calendar banners, table-of-contents scraps."""
    lowered = line.lower()
    if re.search(r"\b\d+\s*min(?:ute)?s?\s+read\b", lowered):
        return True
    dates = len(re.findall(rf"\b\d{{1,2}}\s+(?:de\s+)?(?:{'|'.join(ALL_MONTHS)})\b", lowered))
    return dates >= 2  # a calendar: "Lunes 21 de abril | Martes 22 de abril ..."


def figures_on(
    line: str, number: int, style: str | None, language: str | None, currency: str
) -> list[Candidate]:
    readings = [
        r
        for r in read_line(line, style, currency=currency, language=language)
        if is_figure(line, r)
    ]
    stated = stated_units(line, currency=currency)
    return [candidate(line, number, r, stated) for r in readings]


def is_figure(line: str, reading: Reading) -> bool:
    """Numbers that are not figures: years used as dates, list markers, labels, days,
    ordinals that rank nothing, and number words in titles and names."""
    before, after = line[: reading.start], line[reading.end :]
    if reading.kind == "ordinal" or reading.looks_like_year():
        return False
    if reading.kind in ("word", "article", "fraction"):
        return is_figure_word(line, reading)
    if LABEL_BEFORE.search(before) or re.search(r"\d[:.]\s*$", before):
        return False  # Figure 1, NAICS 334
    if re.search(r"(?:^|>|\t|\s{2,})\s*$", before) and re.match(r"[.)]\s+\S", after):
        return False  # a list marker: "1. Engage ..."
    if ADDRESS_AFTER.match(after):
        return False  # "17 Charles Babbage Road"
    near = (before[-12:] + " " + after[:12]).lower()
    month = re.search(rf"\b(?:{'|'.join(ALL_MONTHS)})\b", near)
    return not (
        month
        and reading.unit == ""
        and reading.scale == "1"
        and reading.value <= 31
        and "." not in reading.number
    )


def is_figure_word(line: str, reading: Reading) -> bool:
    word = reading.number
    if word[0].isupper() and reading.kind == "word" and reading.unit != "rank":
        return False  # "Five reasons ...", "Four Asian Tigers": titles and names
    if re.match(
        r"(?:-way|-century|\s+part(?:y|ies)\b)", line[reading.start + len(word.split()[0]) :], re.I
    ):
        return False  # "two-way trade", "a third party"
    # "one of the", "one step": a word that counts nothing
    return not (
        word.lower() in ("one", "hundred", "zero") and not reading.unit and reading.scale == "1"
    )


def candidate(line: str, number: int, reading: Reading, stated: set[str]) -> Candidate:
    unit, unit_locator = reading.unit, None
    currencies = {u for u in stated if re.fullmatch(r"[A-Z]{3}", u)}
    if not unit and reading.scale != "1" and len(currencies) == 1:
        unit, unit_locator = (
            currencies.pop(),
            number,
        )  # "7 mil 829 millones" beside "... de dólares"
    qualifier = "+".join(reading.qualifiers) or "exact"
    phrase = " ".join(line[max(0, reading.start - 60) : reading.end + 60].split())
    value = reading.value
    return Candidate(number, reading.number, value, unit, reading.scale, qualifier,
                     reading.period or "", phrase, unit_locator)  # fmt: skip


# --- what the text says about itself ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stated:
    value: str | None
    line: int | None  # where the text says it


def stated_author(lines: list[str]) -> Stated:
    for number, line in enumerate(lines[:40], start=1):
        match = re.search(
            r"(?:^|\b)(?i:author|autor|by|por)\s*:?\s+([A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){1,3})",
            line,
        )
        if match and not re.search(r"\bby\s+(?:the|a|an)\b", match[0], re.I):
            return Stated(match[1].strip(), number)
    return Stated(None, None)


def stated_date(lines: list[str]) -> Stated:
    """A publication date the text states near its top: '22 December 2024', 'July 2024', 'Dec 22, 2024'."""
    months = "|".join(sorted(MONTH_WORDS, key=len, reverse=True))
    patterns = [
        (
            rf"\b({months})\.?\s+(\d{{1,2}}),\s+(\d{{4}})\b",
            lambda m: f"{m[3]}-{ALL_MONTHS[m[1].lower()]:02d}-{int(m[2]):02d}",
        ),
        (
            rf"\b(\d{{1,2}})\s+({months})\.?\s+(\d{{4}})\b",
            lambda m: f"{m[3]}-{ALL_MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}",
        ),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", lambda m: f"{m[1]}-{m[2]}-{m[3]}"),
        (rf"\b({months})\s+(\d{{4}})\b", lambda m: f"{m[2]}-{ALL_MONTHS[m[1].lower()]:02d}"),
    ]
    for number, line in enumerate(lines[:30], start=1):
        for pattern, build in patterns:
            match = re.search(pattern, line, re.I)
            if match:
                return Stated(build(match), number)
    return Stated(None, None)


def stated_title(lines: list[str]) -> Stated:
    """The first line that reads like a headline: a few words, not page furniture."""
    for number, line in enumerate(lines[:20], start=1):
        words = line.split()
        if (
            3 <= len(words) <= 20
            and not is_furniture(line)
            and not line.strip().endswith((".", ":"))
        ):
            return Stated(" ".join(words), number)
    return Stated(None, None)
