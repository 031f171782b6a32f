"""Every figure a new source text states, as candidate rows for the indicator
table, read by the same number reader as `briefgen check`.

Pure functions over text; nothing here is ever written to indicators.csv by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefgen.intake.metadata import ALL_MONTHS, is_furniture
from briefgen.numbers import Reading, detect_style, read_line, stated_units, unit_kind

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
    context: str  # the source's words around it, whole words, the figure in «»; "p. 4:" for a PDF
    unit_locator: int | None = None  # the line that states the unit, when not next to the number


def candidates(
    text: str,
    *,
    style: str | None = None,
    language: str | None = None,
    currency: str = "USD",
    pages: tuple[int, ...] | None = None,
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
        page = pages[number - 1] if pages and number <= len(pages) else None
        found += figures_on(line, number, style, language, currency, page)
    return found


def figures_on(
    line: str,
    number: int,
    style: str | None,
    language: str | None,
    currency: str,
    page: int | None = None,
) -> list[Candidate]:
    read = read_line(line, style, currency=currency, language=language)
    kept = [is_figure(line, r) for r in read]
    for index, reading in enumerate(read[:-1]):  # a range's two ends stand or go together
        if reading.range_end == "range-low" and read[index + 1].range_end == "range-high":
            kept[index] = kept[index + 1] = kept[index] and kept[index + 1]
    readings = [r for r, keep in zip(read, kept, strict=True) if keep]
    stated = stated_units(line, currency=currency)
    return [candidate(line, number, r, stated, page) for r in readings]


# A count of time that frames a figure rather than states one: "the first three
# quarters", "over the last 20 years", "los primeros cinco meses", "hace 47 años".
TIME_NOUNS = r"(?:months?|quarters?|years?|weeks?|days?|decades?|hours?|meses|mes|trimestres?|semestres?|años?|semanas?|días?|décadas?|horas?)"
FRAMING_BEFORE = re.compile(
    r"\b(?:first|last|past|next|previous|coming|primer[oa]?s?|últim[oa]s|próxim[oa]s|hace|durante\s+l[oa]s|in\s+the|over\s+the)\s+$",
    re.I,
)
# A span named as one, before its length (and the low end of a span given as a
# range): "a period of 5 to 7 years", "un periodo que va de 3 a 5 años", "within
# two years", "el acumulado a 12 meses", "trailing 12 months".
SPAN_BEFORE = re.compile(
    r"\b(?:(?:periodo|período|plazo|lapso|horizonte|period|span|horizon|window)\s+(?:que\s+va\s+)?(?:de|of)"
    r"|within|dentro\s+de|acumulad[oa]s?\s+a|anualizad[oa]s?\s+a|trailing|rolling)"
    r"\s+(?:\S+\s+(?:a|to|y|and|-)\s+)?$",
    re.I,
)
AGO_AFTER = re.compile(rf"^\s*-?\s*{TIME_NOUNS}\s+(?:ago|atrás)\b", re.I)
# "the three North American countries", "las dos economías": a set the text already named.
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|both|all|los|las|estos|estas|ambos)\s+$", re.I)
# A date stamp in ISO form, "2023-07" or "2024-03-18": a date, however the reader
# splits it ("2023" and "07").
DATE_STAMP = re.compile(
    r"(?<![\d.,])(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?![\d%])"
)
# An edition or version, not a quantity: "version 2.1", "edición 9", "v3", and a name's
# "N.0" ("Industry 4.0", "T-MEC 2.0", a newsletter's "Nearshoring 7.0").
VERSION_BEFORE = re.compile(
    r"(?:\bv|\b(?:version|versión|release|edition|edición|ed\.|vol\.|volume|volumen|issue|season|temporada)\s+)$",
    re.I,
)
NAMED_VERSION = re.compile(r"\d{1,2}\.0")
NAME_BEFORE = re.compile(r"\b[A-ZÁÉÍÓÚÑ][\w-]*\s$")
# A count of readers' reactions, furniture wherever the layout puts it: the noun in
# capitals ("13 COMMENTS"), or nothing of a sentence after it ("27 comments Share this").
REACTIONS_AFTER = re.compile(
    r"^\s*(comments?|comentarios?|shares?|compartid[oa]s|likes?|replies|respuestas|views|vistas)\b(.*)",
    re.I,
)
# The items of a list the text itself is about to give or has given: "the top three
# imports", "los tres principales socios", "two caveats: first ...", and the counts of
# a text's own argument ("four reasons why", "tres claves").
TOP_BEFORE = re.compile(r"\btop\s+$", re.I)
TOP_AFTER = re.compile(r"^\s+principales\b", re.I)
ANNOUNCES_LIST = re.compile(r"^(?:\s+[^\s:.;,()]+){1,3}\s*:")
DISCOURSE_NOUNS = frozenset(
    {
        *("reasons", "ways", "steps", "lessons", "keys", "principles", "pillars", "questions"),
        *("caveats", "takeaways", "things", "ideas", "tips"),
        *("razones", "claves", "pasos", "lecciones", "principios", "pilares", "preguntas"),
        *("asteriscos", "salvedades", "matices", "ideas", "consejos", "cosas"),
    }
)  # not "points"/"puntos": "subió dos puntos" is a change in percentage points
DISCOUNT_AFTER = re.compile(r"^\s*(?:off|de\s+descuento|menos)\b", re.I)


def is_figure(line: str, reading: Reading) -> bool:
    """Numbers that are not figures: years used as dates, list markers, labels, days,
    spans of time that frame a figure, ordinals that rank nothing, number words in
    titles and names, page furniture and adverts."""
    before, after = line[: reading.start], line[reading.end :]
    if reading.kind == "ordinal" or reading.looks_like_year() or frames_time(line, reading):
        return False
    if in_date_stamp(line, reading) or is_version(line, reading) or counts_reactions(line, reading):
        return False
    if reading.kind in ("word", "article", "fraction"):
        return is_figure_word(line, reading)
    if LABEL_BEFORE.search(before) or re.search(r"\d[:.]\s*$", before):
        return False  # Figure 1, NAICS 334
    if re.search(r"(?:^|>|\t|\s{2,})\s*$", before) and re.match(r"[.)]\s+\S", after):
        return False  # a list marker: "1. Engage ..."
    if ADDRESS_AFTER.match(after) or not line.strip(" .").replace(reading.number, "", 1).strip():
        return False  # "17 Charles Babbage Road"; a number alone on its line
    if reading.unit in ("USD", "EUR", "MXN", "GBP", "%") and DISCOUNT_AFTER.match(after):
        return False  # "$200 off for a limited time": an advert
    near = (before[-12:] + " " + after[:12]).lower()
    month = re.search(rf"\b(?:{'|'.join(ALL_MONTHS)})\b", near)
    day = month and reading.unit == "" and reading.scale == "1" and reading.value <= 31
    return not (day and "." not in reading.number)


def in_date_stamp(line: str, reading: Reading) -> bool:
    return any(
        m.start() < reading.end and reading.start < m.end() for m in DATE_STAMP.finditer(line)
    )


def is_version(line: str, reading: Reading) -> bool:
    if reading.kind != "digits" or reading.scale != "1":
        return False
    before, after = line[: reading.start], line[reading.end :]
    if not reading.unit and VERSION_BEFORE.search(before):
        return True
    # "Industry 4.0 plants": nothing is counted in tenths, so a noun after it is no unit
    named = (
        unit_kind(reading.unit) in ("none", "count")
        and NAMED_VERSION.fullmatch(reading.number)
        and NAME_BEFORE.search(before)
    )
    return bool(named and not re.match(r"\s*[\d%]", after))  # not a table row's next number


def counts_reactions(line: str, reading: Reading) -> bool:
    found = REACTIONS_AFTER.match(line[reading.end :])
    if not found or reading.scale != "1":
        return False
    noun, rest = found.groups()
    return noun.isupper() or re.match(r"\s*(?:$|[|·•]|[A-ZÁÉÍÓÚ])", rest) is not None


def counts_list_items(line: str, reading: Reading) -> bool:
    """A number word counting the items of a list or of the text's own argument."""
    if unit_kind(reading.unit) != "count" or reading.scale != "1" or reading.value > 12:
        return False
    before, after = line[: reading.start], line[reading.end :]
    return bool(
        TOP_BEFORE.search(before)
        or TOP_AFTER.match(after)
        or ANNOUNCES_LIST.match(after)
        or reading.unit.lower() in DISCOURSE_NOUNS
    )


def frames_time(line: str, reading: Reading) -> bool:
    after = line[reading.end :]
    if AGO_AFTER.match(after) or re.search(r"\bhace\s+$", line[: reading.start], re.I):
        return True
    counts_time = re.fullmatch(r"(?:consecutive\s+)?" + TIME_NOUNS, reading.unit or "", re.I) or (
        not reading.unit and re.match(rf"\s+{TIME_NOUNS}\b", after, re.I)
    )
    before = line[: reading.start]
    return bool(counts_time and (FRAMING_BEFORE.search(before) or SPAN_BEFORE.search(before)))


def is_figure_word(line: str, reading: Reading) -> bool:
    word = reading.number
    if word[0].isupper() and reading.kind == "word" and reading.unit != "rank":
        return False  # "Five reasons ...", "Four Asian Tigers": titles and names
    if re.match(
        r"(?:-way|-century|\s+part(?:y|ies)\b)", line[reading.start + len(word.split()[0]) :], re.I
    ):
        return False  # "two-way trade", "a third party"
    if (
        DEFINITE_BEFORE.search(line[: reading.start])
        and unit_kind(reading.unit) in ("count", "none")
        and reading.scale == "1"
        and reading.value <= 4
    ):
        return False  # "the three North American countries": a set already named
    if counts_list_items(line, reading):
        return False  # "the top three imports", "dos asteriscos: por un lado ..."
    # "one of the", "one step": a word that counts nothing
    return not (
        word.lower() in ("one", "hundred", "zero") and not reading.unit and reading.scale == "1"
    )


def candidate(
    line: str, number: int, reading: Reading, stated: set[str], page: int | None
) -> Candidate:
    unit, unit_locator = reading.unit, None
    currencies = {u for u in stated if re.fullmatch(r"[A-Z]{3}", u)}
    if not unit and reading.scale != "1" and len(currencies) == 1:
        # "7 mil 829 millones" beside "8 mil 755 millones de dólares": the line says it
        unit, unit_locator = currencies.pop(), number
    qualifiers = (*(("forecast",) if is_projection(line, reading) else ()), *reading.qualifiers)
    qualifier = "+".join(qualifiers) or "exact"
    where = f"p. {page}: " if page else ""
    return Candidate(number, reading.number, reading.value, unit, reading.scale, qualifier,
                     reading.period or "", where + context(line, reading), unit_locator)  # fmt: skip


# A projection's verb in the figure's own sentence: "could reach", "is expected to",
# "oscilaría entre", "se prevé". The analyst confirms it; check does not read it.
PROJECTION_RE = re.compile(
    r"\b(?:will|would|could|might|may|is\s+expected|are\s+expected|expects?|expected\s+to|projects?|projected|forecasts?|anticipates?|estimated\s+to|is\s+set\s+to|"
    r"podría|podrían|oscilaría|alcanzaría|llegaría|sería|serían|estaría|estarían|se\s+espera|espera\s+que|prevé|proyecta|pronostica|estima\s+que)\b",
    re.I,
)


def is_projection(line: str, reading: Reading) -> bool:
    """The figure's sentence, up to the figure, speaks of what will or could be."""
    start = max(line.rfind(". ", 0, reading.start) + 1, 0)
    return PROJECTION_RE.search(line, start, reading.start) is not None


CONTEXT_WORDS = 8


def context(line: str, reading: Reading) -> str:
    """The whole words around the figure, the figure itself in «»."""
    before = line[: reading.start].split()[-CONTEXT_WORDS:]
    after = line[reading.end :].split()[:CONTEXT_WORDS]
    lead = "… " if len(line[: reading.start].split()) > CONTEXT_WORDS else ""
    tail = " …" if len(line[reading.end :].split()) > CONTEXT_WORDS else ""
    figure = line[reading.start : reading.end].strip()
    return f"{lead}{' '.join(before)} «{figure}» {' '.join(after)}{tail}".strip()
