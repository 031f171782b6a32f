"""What a new source text states, for `briefgen add`: every figure, as candidate rows
for the indicator table, and the title, author and date where the text says them.

Pure functions over text; nothing here is ever written to indicators.csv by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefgen.indicators import WORD_NUMBERS
from briefgen.model import MONTHS

SCALE_WORDS = {
    "thousand": "thousand", "thousands": "thousand", "mil": "thousand",
    "million": "million", "millions": "million", "millón": "million", "millones": "million", "mn": "million",
    "billion": "billion", "billions": "billion", "bn": "billion", "trillion": "trillion", "trillions": "trillion",
}  # fmt: skip
CURRENCY_AFTER = {
    "dollars": "USD",
    "dólares": "USD",
    "usd": "USD",
    "euros": "EUR",
    "eur": "EUR",
    "pesos": "MXN",
    "mxn": "MXN",
}
CURRENCY_BEFORE = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
QUALIFIERS = [
    (r"(?:about|around|approximately|roughly|some|circa|cerca de|alrededor de)", "about"),
    (r"(?:nearly|almost|close to|casi)", "nearly"),
    (r"(?:just over|over|more than|above|exceeding|más de)", "over"),
    (r"(?:under|less than|below|menos de)", "under"),
    (r"(?:at least|al menos)", "at-least"),
    (r"(?:up to|hasta)", "up-to"),
]
STOPWORDS = {
    "",
    "and",
    "to",
    "of",
    "in",
    "the",
    "a",
    "an",
    "from",
    "or",
    "by",
    "for",
    "y",
    "en",
    "de",
    "la",
    "el",
}
MONTH_WORDS = {m.lower(): i for i, m in enumerate(MONTHS, start=1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)
}
SPANISH_MONTHS = {m: i for i, m in enumerate(
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"], start=1)}  # fmt: skip
ALL_MONTHS = MONTH_WORDS | SPANISH_MONTHS
LABEL_BEFORE = re.compile(
    r"(?:figures?|fig\.|tables?|naics|chapters?|sections?|reason|page|no\.|#)\s*$", re.I
)
ADDRESS_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|St|Avenue|Ave|Lane|Boulevard|Square|Place)\b"
)
RANK_WORDS = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|placed?|positioned|is|was|became|as)\s+(?:the\s+)?$", re.I
)
TOP_RE = re.compile(
    r"\btop\s+(?:\S+\s+){0,2}?(?:trading\s+partner|partner|supplier|exporter|importer|producer|destination|recipient|investor)",
    re.I,
)
# Digits: 1,234.5 (English), 1.234,5 (Spanish), 1234, 12.5, 12,5 (a decimal comma).
NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?)(?P<suffix>st|nd|rd|th)?(?![\w])"
)
WORD_RE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)*\b")
YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


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

    def row(self) -> dict[str, str]:
        return {"line": str(self.line), "text": self.text, "value": format(self.value, "f"), "unit": self.unit,
                "scale": self.scale, "qualifier": self.qualifier, "period": self.period, "phrase": self.phrase}  # fmt: skip


def candidates(text: str) -> list[Candidate]:
    """Every figure the text states, line by line, as rows an analyst can copy."""
    found: list[Candidate] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if is_furniture(line):
            continue
        found += figures_on(line, number)
    return found


def is_furniture(line: str) -> bool:
    """Page furniture, not prose: reading times, calendar banners, table-of-contents scraps."""
    lowered = line.lower()
    if re.search(r"\b\d+\s*min(?:ute)?s?\s+read\b", lowered):
        return True
    dates = len(re.findall(rf"\b\d{{1,2}}\s+(?:de\s+)?(?:{'|'.join(ALL_MONTHS)})\b", lowered))
    return dates >= 2  # a calendar: "Lunes 21 de abril | Martes 22 de abril ..."


def figures_on(line: str, number: int) -> list[Candidate]:
    spans: list[tuple[int, int, str, Decimal, bool]] = []  # start, end, text, value, is_rank
    for match in NUMBER_RE.finditer(line):
        if skip_digits(line, match):
            continue
        spans.append(
            (match.start(), match.end(), match[0], parse_number(match["n"]), bool(match["suffix"]))
        )
    for match in WORD_RE.finditer(line):
        word = match[0].lower()
        value = word_value(line, match, word)
        if value is not None:
            spans.append((match.start(), match.end(), match[0], value[0], value[1]))
    for match in re.finditer(
        r"\b(?:a|an|one)\s+(?=(?:thousand|million|billion|trillion)\b)", line, re.I
    ):
        spans.append((match.start(), match.end() - 1, match[0].strip(), Decimal(1), False))
    for match in TOP_RE.finditer(line):
        spans.append((match.start(), match.start() + 3, "top", Decimal(1), True))
    spans.sort()
    return with_ranges(
        [describe(line, number, *span) for span in spans if not inside_other(span, spans)]
    )


def skip_digits(line: str, match: re.Match[str]) -> bool:
    """Numbers that are not figures: years used as dates, list markers, labels, times, days."""
    before, after = line[: match.start()], line[match.end() :]
    raw = match["n"]
    if (
        LABEL_BEFORE.search(before)
        or re.match(r"\s*[:.]\d", after)
        or re.search(r"\d[:.]\s*$", before)
    ):
        return True  # Figure 1, NAICS 334, #1, 7:15
    if re.search(r"(?:^|>|\t|\s{2,})\s*$", before) and re.match(r"[.)]\s+\S", after):
        return True  # a list marker: "1. Engage ...", "<p>2. Firm ..."
    if ADDRESS_AFTER.match(after):
        return True  # "17 Charles Babbage Road"
    if YEAR_RE.fullmatch(raw) and not re.match(
        r"\s*(?:%|percent|per cent|[a-z]+ion\b)", after, re.I
    ):
        return True  # a year is a date here, not a figure
    near = (before[-12:] + " " + after[:12]).lower()
    if (
        re.search(rf"\b(?:{'|'.join(ALL_MONTHS)})\b", near)
        and int(Decimal(parse_number(raw))) <= 31
        and "." not in raw
    ):
        return True  # "Dec 22", "21 de abril"
    if match["suffix"] and re.match(r"-century", after):
        return True
    return bool(
        re.match(r"[A-Za-z]", after)
        and not match["suffix"]
        and not re.match(r"(?:min|bn|mn|m|k|x)\b", after)
    )


def word_value(line: str, match: re.Match[str], word: str) -> tuple[Decimal, bool] | None:
    """A number word that states a figure: 'seventh', 'one-quarter', 'ten ATP categories'."""
    if word not in WORD_NUMBERS or word in ("top", "a", "an", "dozen", "hundred", "zero"):
        parts = [p for p in word.split("-") if p in WORD_NUMBERS and p not in ("top",)]
        if not parts or "-" not in word:
            return None
        word = parts[0]  # "eleventh-largest"
    if match[0][0].isupper():
        return None  # "Five reasons ...", "Four Asian Tigers": titles and names
    if re.match(r"(?:-century|-way|\s+part(?:y|ies)\b)", line[match.end() :], re.I):
        return None  # "21st-century", "two-way trade", "a third party"
    values = WORD_NUMBERS[word]
    ordinal = word.endswith(("st", "nd", "rd", "th")) and word not in (
        "one-fifth",
        "one-tenth",
        "fourth",
    )
    if ordinal:
        before = line[: match.start()]
        if word in ("first", "second") and not RANK_WORDS.search(before):
            return None  # "the first step", "the second half"
        return min(values), True
    if any(v < 1 for v in values):  # a fraction: read as a share in per cent
        return max(values), False
    after = line[match.end() :].lower()
    if word == "one" and re.match(r"\s+(?:of|another|way|day|side)\b", after):
        return None
    return min(values), False


def inside_other(span: tuple, spans: list[tuple]) -> bool:
    start, end = span[0], span[1]
    return any(
        s is not span and s[0] <= start and end <= s[1] and (s[1] - s[0]) > (end - start)
        for s in spans
    )


def parse_number(raw: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):  # 1.234,5: Spanish style
        return Decimal(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d{1,2}", raw):  # 12,5: a decimal comma
        return Decimal(raw.replace(",", "."))
    return Decimal(raw.replace(",", ""))


def describe(
    line: str, number: int, start: int, end: int, text: str, value: Decimal, is_rank: bool
) -> Candidate:
    before, after = line[:start], line[end:]
    unit, scale = unit_and_scale(before, after, is_rank, text)
    if unit == "%" and any(v < 1 for v in WORD_NUMBERS.get(text.lower(), ())):
        value = max(WORD_NUMBERS[text.lower()])
    qualifier = next(
        (
            name
            for pattern, name in QUALIFIERS
            if re.search(rf"\b{pattern}\s+(?:\$|us\$|€)?\s*$", before, re.I)
        ),
        "exact",
    )
    phrase = " ".join(line[max(0, start - 60) : end + 60].split())
    return Candidate(number, text, value, unit, scale, qualifier, period_of(line, start), phrase)


def unit_and_scale(before: str, after: str, is_rank: bool, text: str) -> tuple[str, str]:
    if is_rank:
        return "rank", "1"
    words = after.lower().split()
    scale = "1"
    head = after.lower()
    m = re.match(r"\s*(?:-|\s)?\s*(?:%|percent\b|per cent\b|por ciento\b)", head)
    if m:
        return ("% of GDP" if re.match(r"\s*(?:%|percent|per cent)\s+of\s+gdp", head) else "%"), "1"
    if text.lower() in WORD_NUMBERS and any(v < 1 for v in WORD_NUMBERS[text.lower()]):
        return "%", "1"  # one-quarter of ...
    rest = [w.strip(".,;:()'\"’") for w in words[:4]]
    if rest and rest[0] == "mil" and len(rest) > 1 and rest[1] in ("millones", "million"):
        scale, rest = "billion", rest[2:]  # "mil millones": a Spanish billion
    elif rest and rest[0] in SCALE_WORDS:
        scale, rest = SCALE_WORDS[rest[0]], rest[1:]
    currency = next(
        (c for sign, c in CURRENCY_BEFORE.items() if before.lower().rstrip().endswith(sign)), None
    )
    if rest and rest[0] in ("de",):
        rest = rest[1:]
    if currency is None and rest and rest[0] in CURRENCY_AFTER:
        currency = CURRENCY_AFTER[rest[0]]
    if currency:
        return currency, scale
    if rest and rest[0] == "times":
        return "times", scale
    if scale == "1":
        noun = re.match(
            r"\s*(?:-\s*)?([a-záéíóúñ]+)", after.lower().replace("‘", "").replace("'", "")
        )
        word = noun[1] if noun else ""
    else:
        word = rest[0] if rest and rest[0].isalpha() else ""
    # A count's unit is a plural noun ("workers", "categories"), or people.
    is_unit = word not in STOPWORDS and (
        word.endswith("s") or word in ("people", "staff", "personnel")
    )
    return (word, scale) if is_unit else ("", scale)


def period_of(line: str, position: int) -> str:
    """The year the sentence around the figure states, if it states one."""
    sentence_start = max(line.rfind(". ", 0, position), 0)
    ends = [i for i in (line.find(". ", position),) if i != -1]
    sentence = line[sentence_start : ends[0] if ends else len(line)]
    years = YEAR_RE.findall(sentence)
    if not years:
        return ""
    if re.search(r"first (?:six months|half) of (19|20)\d\d", sentence):
        return f"{years[0]}-H1"
    if len(set(years)) >= 2 and re.search(r"between (19|20)\d\d and (19|20)\d\d", sentence):
        return f"{min(years)}/{max(years)}"
    return years[-1] if len(set(years)) == 1 else ""


def with_ranges(found: list[Candidate]) -> list[Candidate]:
    """'between 55,000 and 60,000 million dollars': both ends get the unit and scale
    stated after the second, and are marked range-low and range-high."""
    result = list(found)
    for index in range(len(result) - 1):
        low, high = result[index], result[index + 1]
        gap = re.search(
            re.escape(low.text) + r"\s*(?:and|to|-|–|y|a)\s*(?:\$|€)?\s*" + re.escape(high.text),
            low.phrase + " " + high.phrase,
        )
        if gap and low.line == high.line and low.value < high.value:
            unit = high.unit or low.unit
            result[index] = Candidate(
                low.line,
                low.text,
                low.value,
                unit,
                high.scale,
                "range-low",
                low.period or high.period,
                low.phrase,
            )
            result[index + 1] = Candidate(
                high.line,
                high.text,
                high.value,
                unit,
                high.scale,
                "range-high",
                high.period or low.period,
                high.phrase,
            )
    return result


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
