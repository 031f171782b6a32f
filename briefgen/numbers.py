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
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from briefgen.model import SCALES, Indicator
from briefgen.periods import periods_in

POINT, COMMA = "decimal-point", "decimal-comma"
NUMBER_STYLES = (POINT, COMMA)  # 1,234.5 (English, Mexico) and 1.234,5 (Spain, South America)
_LOCALES = {POINT: "en_US", COMMA: "es_ES"}
APPROXIMATIONS = ("about", "over", "under", "nearly", "at-least", "up-to")

# --- words -----------------------------------------------------------------------

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_EN_ORDINAL_TENS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]
_ES_UNITS = [
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
]
_ES_TWENTIES = [
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
]
_ES_TENS = ["treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
_ES_HUNDREDS = [
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]
_ES_ORDINALS = {
    "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
    "quinto": 5, "sexto": 6, "séptimo": 7, "septimo": 7, "octavo": 8, "noveno": 9,
    "décimo": 10, "decimo": 10, "undécimo": 11, "onceavo": 11, "duodécimo": 12,
    "doceavo": 12, "decimotercero": 13, "treceavo": 13, "decimocuarto": 14,
    "catorceavo": 14, "decimoquinto": 15, "quinceavo": 15, "vigésimo": 20,
}  # fmt: skip


def _english_words() -> tuple[dict[str, int], dict[str, int]]:
    cardinals = {word: n for n, word in enumerate(_EN_UNITS)}
    ordinals = {word: n for n, word in enumerate(_EN_ORDINAL_UNITS) if n}
    for tens, (word, ordinal) in enumerate(zip(_EN_TENS, _EN_ORDINAL_TENS, strict=True), start=2):
        cardinals[word], ordinals[ordinal] = tens * 10, tens * 10
        for unit in range(1, 10):
            cardinals[f"{word}-{_EN_UNITS[unit]}"] = tens * 10 + unit
            ordinals[f"{word}-{_EN_ORDINAL_UNITS[unit]}"] = tens * 10 + unit
    cardinals["hundred"], ordinals["hundredth"] = 100, 100
    return cardinals, ordinals


def _spanish_words() -> tuple[dict[str, int], dict[str, int]]:
    cardinals = {word: n for n, word in enumerate(_ES_UNITS)}
    cardinals |= {word: 21 + n for n, word in enumerate(_ES_TWENTIES)}
    cardinals |= {
        "veintiún": 21,
        "dieciseis": 16,
        "veintidos": 22,
        "veintitres": 23,
        "veintiseis": 26,
    }
    cardinals |= {word: 30 + 10 * n for n, word in enumerate(_ES_TENS)}
    cardinals |= {word: 100 * (n + 1) for n, word in enumerate(_ES_HUNDREDS)} | {"cien": 100}
    cardinals |= {"quinientas": 500, "doscientas": 200, "trescientas": 300}
    ordinals = dict(_ES_ORDINALS)
    ordinals |= {word[:-1] + "a": n for word, n in _ES_ORDINALS.items() if word.endswith("o")}
    return cardinals, ordinals


EN_CARDINALS, EN_ORDINALS = _english_words()
ES_CARDINALS, ES_ORDINALS = _spanish_words()
# An ordinal before a count is a period or a sequence: "the first two months".
_COUNT_AFTER_RE = re.compile(
    rf"\s+(?:{'|'.join(sorted({*EN_CARDINALS, *ES_CARDINALS}, key=len, reverse=True))}|\d)\b", re.I
)
# A fraction can stand for a share or a percentage: "one-quarter" is 0.25 or 25%.
# A fraction word states a share: "around one-quarter of car sales" is about 25%.
# Where the percentage is not whole, both roundings a table may record are readings.
FRACTIONS = {
    "half": ("50",), "one-half": ("50",), "quarter": ("25",), "one-quarter": ("25",),
    "one-fourth": ("25",), "three-quarters": ("75",), "three-fourths": ("75",),
    "one-third": ("33.3", "33"), "two-thirds": ("66.7", "67"), "one-fifth": ("20",),
    "one-tenth": ("10",), "mitad": ("50",), "tercio": ("33.3", "33"),
    "dos tercios": ("66.7", "67"), "cuarta parte": ("25",), "tres cuartas partes": ("75",),
    "quinta parte": ("20",), "décima parte": ("10",),
}  # fmt: skip
SCALE_WORDS = {
    "thousand": "thousand", "thousands": "thousand", "k": "thousand", "mil": "thousand",
    "million": "million", "millions": "million", "mn": "million", "mln": "million", "m": "million",
    "millón": "million", "millon": "million", "millones": "million",
    "billion": "billion", "billions": "billion", "bn": "billion", "b": "billion",
    "mil millones": "billion", "miles de millones": "billion",
    "trillion": "trillion", "trillions": "trillion", "tn": "trillion", "tr": "trillion",
    "billón": "trillion", "billon": "trillion", "billones": "trillion",  # Spanish: 10^12
}  # fmt: skip
# Short forms that count as a scale only when stuck to the number ("$26m", "$5bn").
ATTACHED_ONLY = {"k", "m", "b", "tr"}

# --- what stands around a number ---------------------------------------------------

_L = r"[^\W\d_]"  # a letter, in any language
_MARKUP_RE = re.compile(r"\]\([^)\s]*\)|\*\*|__|[\[\]`]")
_NUMBER_RE = re.compile(rf"(?<![\w.,])\d+(?:[.,]\d+)*|{_L}+(?:-{_L}+)*")
_ISO_DATE_RE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_MIL_RE = re.compile(r"\d{1,3}\s+mil\s+\d{1,3}(?:[.,]\d+)?(?![\d]|[.,]\d)")
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th|º|ª|°|er|ro|do|to|vo|mo|no)(?![\w])")
_ATTACHED_RE = re.compile(r"(?:k|m|mn|bn|b|tn|tr|x|pp|bps|bp|pb|mdd|mdp)(?![\w])", re.I)
_SCALE_AFTER_RE = re.compile(
    r"\s*(?P<word>mil\s+millones|miles\s+de\s+millones|mil|millones|millón|millon|billones|billón"
    r"|thousands?|millions?|billions?|trillions?|mn|mln|bn|tn)(?![\w])",
    re.I,
)
_CURRENCY_AFTER = {
    "dollar": "USD", "dollars": "USD", "dólar": "USD", "dólares": "USD", "dolares": "USD",
    "usd": "USD", "us$": "USD", "peso": "MXN", "pesos": "MXN", "mxn": "MXN",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "gbp": "GBP", "pounds": "GBP",
}  # fmt: skip
_CURRENCY_AFTER_RE = re.compile(
    r"\s*(?:(?:de|of|in)\s+)?(?:(?:US|U\.S\.)\s+)?(?P<word>dollars?|dólares|dólar|dolares|pesos?|euros?|USD|MXN|EUR|GBP|US\$)(?![\w])",
    re.I,
)
_CURRENCY_BEFORE_RE = re.compile(
    r"(?P<word>US\s?\$|U\.S\.\s?\$|USD\s?\$?|MX\$|Mex\$|MXN\s?\$?|EUR|GBP|\$|€|£)\s*$"
)
_CURRENCY_BEFORE = {"$": None, "€": "EUR", "£": "GBP", "eur": "EUR", "gbp": "GBP"}
_PERCENT_RE = re.compile(
    r"\s*(?:%|percent(?![\w-])|per\s*cent(?![\w])|pct(?![\w])|por\s*ciento(?![\w]))", re.I
)
_OF_GDP_RE = re.compile(
    r"\s+(?:of|del|de)\s+(?:(?:the|its|their|el|su|la|[\w.]+['’]s|national|nacional|world|global|mundial)\s+){0,3}"
    r"(?:GDP|PIB|gross\s+domestic\s+product|producto\s+interno\s+bruto)\b",
    re.I,
)
_POINTS_RE = re.compile(
    r"\s*(?:(?P<pp>percentage[\s-]points?|pp(?![\w])|p\.p\.|puntos?\s+porcentuales?)"
    r"|(?P<bp>-?basis[\s-]points?|bps?(?![\w])|puntos?\s+base(?![\w])|pb(?![\w])))",
    re.I,
)
_MDD_RE = re.compile(r"\s*(?:mdd|mdp)(?![\w])", re.I)
_TIMES_RE = re.compile(r"\s*(?:times(?![\w])|veces(?![\w])|-?fold(?![\w]))", re.I)
_TIME_UNITS = {
    "hour": "hour", "hora": "hour", "day": "day", "día": "day", "week": "week",
    "semana": "week", "month": "month", "mes": "month", "year": "year", "año": "year",
}  # fmt: skip
# "$16 per hour", "$2 an hour": a rate. "$60 billion a year" is an annual amount, in USD.
_PER_TIME_RE = re.compile(
    r"\s+(?:(?:per|each|por|/)\s+(?P<unit>hour|hora|day|día|week|semana|month|mes|year|año)"
    r"|(?:an?|la|al)\s+(?P<short>hour|hora|day|día))(?![\w])",
    re.I,
)
_EXCHANGE_RE = re.compile(
    r"\s+(?:(?:pesos|unidades)\s+)?(?:to|per|against|por)\s+(?:the\s+|each\s+|cada\s+|un\s+)?"
    r"(?:(?:US|U\.S\.)\s+)?(?:dollar|greenback|dólar)(?![\w])",
    re.I,
)
# Words that qualify the number right after them (an article may come between in
# Spanish: "casi los 30 mil millones", "más del 3%", "sobrepasa el 80%"). Comparisons
# with another figure ("below the $5.2 billion of 2023", "inferior a los 14 mil
# millones de 2022") take a definite article and qualify nothing.
_QUALIFIERS = (
    ("over", r"just\s+over|over|more\s+than|exceeding|in\s+excess\s+of|upwards\s+of", r"poco\s+más\s+de|más\s+de|sobrepas\w*|super[aó]\w*|rebas\w*"),
    ("over", r"above|arriba\s+de|superior\s+a|por\s+encima\s+de", ""),
    ("under", r"just\s+under|under|less\s+than|fewer\s+than|below|inferior\s+a|por\s+debajo\s+de", r"poco\s+menos\s+de|menos\s+de"),
    ("at-least", r"at\s+least|a\s+minimum\s+of|no\s+less\s+than", r"al\s+menos|por\s+lo\s+menos|como\s+mínimo"),
    ("up-to", r"up\s+to|as\s+much\s+as|as\s+many\s+as|as\s+high\s+as|at\s+most|no\s+more\s+than", r"hasta"),
    ("nearly", r"nearly|almost", r"casi"),
    ("about", r"about|around|approximately|approx\.|roughly|some|circa|close\s+to", r"alrededor\s+de|cerca\s+de|aproximadamente|unos|unas|en\s+torno\s+a|del\s+orden\s+de"),
)  # fmt: skip
_INDEFINITE = r"(?:(?:a|an|un|una)\s+)?"
_ANY_ARTICLE = r"(?:(?:el|la|los|las|un|una|a|an)\s+)?"


def _qualifier_re(plain: str, spanish: str) -> re.Pattern[str]:
    forms = [f"(?:{plain})\\s+{_INDEFINITE}"] if plain else []
    if spanish:
        forms.append(f"(?:{spanish})(?:l)?\\s+{_ANY_ARTICLE}")
    return re.compile(rf"(?<![\w])(?P<words>{'|'.join(forms)})$", re.I)


_QUALIFIER_RES = tuple(
    (name, _qualifier_re(plain, spanish)) for name, plain, spanish in _QUALIFIERS
)
_QUALIFIER_AFTER_RE = re.compile(
    r"\s*(?:(?P<least>or\s+more|o\s+más|y\s+más|-?plus)|(?P<most>or\s+less|o\s+menos))(?![\w])",
    re.I,
)
_RANK_NOUN_RE = re.compile(
    r"\s*(?:-|\s)?(?:(?:most|largest|biggest|highest|leading|main|more)\b|(?:place|position|spot|rank|ranking|lugar|puesto|posición|sitio)\b|más\s+(?:grande|importante)s?\b|mayor(?:es)?\b)",
    re.I,
)
_RANK_BEFORE_RE = re.compile(
    r"(?:rank(?:s|ed|ing)?|placed|placing|ocup\w+|ubic\w+|posicion\w+)\s+(?:(?:only|just|solo|sólo|el|la|the|in|en|at)\s+){0,2}$",
    re.I,
)
_NO_RANK_RE = re.compile(r"(?:(?<![\w])(?:No|Nº|N°|number)\.?\s*|#)$", re.I)
_STREAK_RE = re.compile(
    r"\s*(?:(?:consecutive|straight|running)\s+(?P<noun>[^\W\d_]+)|(?P<noun2>[^\W\d_]+)\s+(?:consecutiv[oa]s?|seguid[oa]s?|en\s+fila|in\s+a\s+row))",
    re.I,
)
# After an ordinal, these make it a period or a sequence, not a rank: "first half", "segundo mes".
_SEQUENCE_NOUNS = set(
    [
        "month",
        "months",
        "year",
        "years",
        "quarter",
        "quarters",
        "half",
        "week",
        "weeks",
        "day",
        "days",
        "decade",
        "decades",
        "century",
        "time",
        "times",
        "step",
        "steps",
        "phase",
        "stage",
        "round",
        "edition",
        "term",
        "semester",
        "wave",
        "half-year",
        "mes",
        "meses",
        "año",
        "años",
        "trimestre",
        "trimestres",
        "semestre",
        "semestres",
        "bimestre",
        "bimestres",
        "mitad",
        "semana",
        "semanas",
        "día",
        "días",
        "década",
        "décadas",
        "siglo",
        "vez",
        "paso",
        "pasos",
        "etapa",
        "fase",
        "ronda",
        "edición",
    ]
)
_COUNT_NOUNS_ES = {
    "personas": "people", "empleados": "employees", "trabajadores": "workers",
    "transacciones": "transactions", "hogares": "households", "empresas": "companies",
    "estados": "states", "vehículos": "vehicles", "unidades": "units", "empleos": "jobs",
    "habitantes": "inhabitants", "países": "countries", "plantas": "plants",
    "envíos": "transfers", "migrantes": "migrants", "años": "years", "meses": "months",
}  # fmt: skip
_STREAK_NOUNS_ES = {
    "mes": "months",
    "revés": "declines",
    "caída": "declines",
    "alza": "rises",
    "año": "years",
}
_NOT_NOUNS = set(
    [
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "its",
        "this",
        "his",
        "us",
        "as",
        "plus",
        "thus",
        "less",
        "across",
        "versus",
        "whereas",
        "always",
        "perhaps",
        "series",
        "news",
    ]
)
_STOP = set(
    [
        "and",
        "or",
        "to",
        "of",
        "in",
        "the",
        "a",
        "an",
        "from",
        "by",
        "for",
        "with",
        "on",
        "at",
        "than",
        "that",
        "which",
        "who",
        "per",
        "each",
        "into",
        "y",
        "o",
        "de",
        "del",
        "en",
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "con",
        "por",
        "para",
        "que",
        "al",
        "se",
        "su",
        "sus",
        "más",
    ]
)


@dataclass(frozen=True, slots=True)
class Reading:
    """One number on a line, and what the line says about it."""

    start: int
    end: int
    number: str  # the number as written: "51.800", "29 mil 041", "one-quarter", "53rd"
    values: tuple[Decimal, ...]  # one; both readings when the marks cannot be told
    scale: str = "1"  # a key of SCALES
    scale_words: str = ""  # as written: "millones", "bn"
    unit: str = (
        ""  # %, % of GDP, percentage points, basis points, USD, MXN per USD, times, rank, a noun
    )
    unit_words: str = ""  # as written: "dólares", "por ciento", "$"
    qualifiers: tuple[str, ...] = ()  # about, over ..., range-low, range-high
    qualifier_words: str = ""  # as written: "casi los", "more than"
    period: str | None = None  # the period its own clause states
    kind: str = "digits"  # digits, word, fraction, ordinal (an ordinal that is no rank)
    ambiguous: bool = False  # the marks read two ways: 1.234 or 1,234
    currency_assumed: bool = False  # a bare "$" read as the text's currency
    words: str = ""  # the words of its clause that stand with it, for a row's anchor

    @property
    def value(self) -> Decimal:
        return self.values[0]

    @property
    def approximation(self) -> str | None:
        return next((q for q in self.qualifiers if q in APPROXIMATIONS), None)

    @property
    def range_end(self) -> str | None:
        return next((q for q in self.qualifiers if q.startswith("range-")), None)

    def looks_like_year(self) -> bool:
        return (
            self.kind == "digits"
            and re.fullmatch(r"(?:19|20)\d\d", self.number) is not None
            and not self.unit
            and self.scale == "1"
        )


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


# --- reading a line ----------------------------------------------------------------


def mask(line: str) -> str:
    """The line with Markdown links and emphasis blanked out, offsets unchanged:
    "approximately [30%](#)" reads as "approximately  30%    "."""
    line = line.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return _MARKUP_RE.sub(lambda m: " " * len(m[0]), line)


def read_line(
    line: str,
    style: str | None = POINT,
    *,
    currency: str = "USD",
    language: str | None = None,
) -> list[Reading]:
    """Every number `line` states, in order: its value (in the text's `style`), scale,
    unit or currency (a bare "$" is `currency`), qualifier and the period its own
    clause states. `language` ("en", "es") decides which number words count; None
    reads both."""
    text = mask(line)
    readings: list[Reading] = []
    for token in tokens(text, language):
        if readings and token.start < readings[-1].end:
            continue  # "por ciento" after 11.8 is its unit, not a hundred
        reading = describe(text, token, style, currency)
        if reading is not None:
            readings.append(reading)
    dates = [(s, e) for s, e, _ in periods_in(text)]
    readings = share_units(text, readings, dates)
    return assign_periods(text, readings)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    number: str
    kind: str  # digits, mil (29 mil 041), word, ordinal, fraction, article (a trillion)
    value: Decimal | None  # None for digits: parsed later, in the text's style


def tokens(text: str, language: str | None) -> Iterator[Token]:
    """The numbers of a (masked) line, left to right, without overlaps."""
    position = 0
    while (match := _NUMBER_RE.search(text, position)) is not None:
        token = token_at(text, match, language)
        if token is None:
            position = match.end()
            continue
        yield token
        position = token.end


def token_at(text: str, match: re.Match[str], language: str | None) -> Token | None:
    if match[0][0].isdigit():
        mil = _MIL_RE.match(text, match.start())
        if mil and not re.match(r"\s+mill", text[mil.end() - len(mil[0].split()[-1]) - 1 :]):
            return Token(mil.start(), mil.end(), mil[0], "mil", None)
        if is_glued(text, match):
            return None
        return Token(match.start(), match.end(), match[0], "digits", None)
    return word_token(text, match, language)


@functools.lru_cache(maxsize=256)
def iso_dates(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _ISO_DATE_RE.finditer(text))


def is_glued(text: str, match: re.Match[str]) -> bool:
    """Digits that are part of a name or a time: COVID-19, Q4, 5G, G20, 7:15, 2024-08-29."""
    before, after = text[: match.start()], text[match.end() :]
    if re.search(rf"{_L}-?$", before) or re.search(r"\d[:/]$", before):
        return True
    if any(start <= match.start() < end for start, end in iso_dates(text)):
        return True
    if re.match(r"[:/]\d|-\d\d-\d\d", after):
        return True
    return bool(
        re.match(_L, after)
        and not _ORDINAL_SUFFIX_RE.match(after)
        and not _ATTACHED_RE.match(after)
    )


_TOP_RE = re.compile(
    r"top\s+(?:[\w.’'-]+\s+){0,2}?(?:trading\s+partner|partner|supplier|exporter|importer|producer|"
    r"destination|recipient|investor|market|source|spot|position|place|economy|buyer|seller)s?\b",
    re.I,
)


def word_token(text: str, match: re.Match[str], language: str | None) -> Token | None:
    word = match[0].lower()
    if word == "top" and _TOP_RE.match(text, match.start()):
        return Token(match.start(), match.end(), match[0], "top", Decimal(1))  # "the top supplier"
    english, spanish = language in (None, "en"), language in (None, "es")
    following = text[match.end() :]
    if english and word in ("a", "an", "one") or spanish and word in ("un", "una"):
        scale = re.match(
            r"\s+(mil\s+millones|millón|millones|thousand|million|billion|trillion|billón)\b",
            following,
            re.I,
        )
        if scale:  # "a trillion", "un millón": the article is the number
            return Token(match.start(), match.end(), match[0], "article", Decimal(1))
        if word in ("a", "an", "un", "una"):
            return None
    fraction = fraction_at(text, match, spanish)
    if fraction:
        return fraction
    first, _, _ = word.partition("-")
    for table, kind in ((EN_ORDINALS, "ordinal"), (EN_CARDINALS, "word")) if english else ():
        for candidate in (word, first):
            if candidate in table:
                end = match.start() + len(candidate)
                value, end = (
                    (table[candidate], end)
                    if kind == "ordinal"
                    else hundreds(text, table[candidate], end)
                )
                return Token(match.start(), end, text[match.start() : end], kind, Decimal(value))
    if spanish:
        return spanish_token(text, match, word, language)
    return None


def hundreds(text: str, value: int, end: int) -> tuple[int, int]:
    """'two hundred (and fifty)': extend an English cardinal."""
    more = re.match(
        r"\s+hundred(?:\s+(?:and\s+)?(?P<rest>[a-z]+(?:-[a-z]+)?))?\b", text[end:], re.I
    )
    if not more or value >= 10 or value == 0:
        return value, end
    rest = (more["rest"] or "").lower()
    if rest in EN_CARDINALS and EN_CARDINALS[rest] < 100:
        return value * 100 + EN_CARDINALS[rest], end + more.end()
    return value * 100, end + more.start("rest") - 1 if more["rest"] else end + more.end()


def spanish_token(text: str, match: re.Match[str], word: str, language: str | None) -> Token | None:
    if word in ES_ORDINALS and not (
        word == "cuarto" and re.search(r"\bun\s+$", text[: match.start()])
    ):
        return Token(match.start(), match.end(), match[0], "ordinal", Decimal(ES_ORDINALS[word]))
    if word not in ES_CARDINALS or word == "uno" or (word == "once" and language is None):
        return None
    value, end = ES_CARDINALS[word], match.end()
    more = re.match(r"\s+y\s+(?P<unit>[a-zé]+)|\s+(?P<tens>[a-záéíóú]+)", text[end:], re.I)
    if more and value >= 30 and value % 10 == 0 and value < 100 and more["unit"]:
        unit = ES_CARDINALS.get(more["unit"].lower())
        if unit and unit < 10:
            value, end = value + unit, end + more.end()
    elif more and value >= 100 and more["tens"]:
        rest = ES_CARDINALS.get(more["tens"].lower())
        if rest and rest < 100:
            value, end = value + rest, end + more.end()
    return Token(match.start(), end, text[match.start() : end], "word", Decimal(value))


def fraction_at(text: str, match: re.Match[str], spanish: bool) -> Token | None:
    word = match[0].lower()
    before = text[: match.start()]
    if word in ("half", "quarter") and re.search(
        r"(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+$", before, re.I
    ):
        return None  # "the second half": a period
    if word in ("half", "quarter") and not re.search(
        r"(?:a|one|nearly|almost|about|over|than|just|around|roughly)\s+$", before, re.I
    ):
        return None
    if word in FRACTIONS and (word not in ("mitad", "tercio") or spanish):
        if word == "mitad" and not re.search(r"\bla\s+$", before, re.I):
            return None
        return Token(match.start(), match.end(), match[0], "fraction", None)
    if spanish:
        for phrase in (
            "dos tercios",
            "cuarta parte",
            "tres cuartas partes",
            "quinta parte",
            "décima parte",
        ):
            if text[match.start() :].lower().startswith(phrase):
                end = match.start() + len(phrase)
                return Token(match.start(), end, text[match.start() : end], "fraction", None)
    return None


def describe(text: str, token: Token, style: str | None, currency: str) -> Reading | None:
    """The reading of one number: value, then what stands after and before it."""
    if token.kind == "mil":
        high, _, low = token.number.partition("mil")
        lows, ambiguous = parse_digits(low.strip(), style)
        values, ambiguous = tuple(Decimal(high.strip()) * 1000 + v for v in lows), ambiguous
    elif token.kind == "digits":
        values, ambiguous = parse_digits(token.number, style)
    elif token.kind == "fraction":
        values = tuple(Decimal(v) for v in FRACTIONS[" ".join(token.number.lower().split())])
        reading = Reading(
            token.start,
            token.end,
            token.number,
            values,
            unit="%",
            unit_words=token.number,
            kind="fraction",
        )
        return qualify(text, reading, token.start)
    elif token.kind == "top":
        return Reading(
            token.start,
            token.end,
            token.number,
            (Decimal(1),),
            unit="rank",
            unit_words="top",
            kind="word",
        )
    else:
        values, ambiguous = (token.value,), False
    if not values:
        return None
    reading = Reading(
        token.start, token.end, token.number, values, kind=token.kind, ambiguous=ambiguous
    )
    reading = read_after(text, reading, currency)
    return read_before(text, reading, currency)


def read_after(text: str, reading: Reading, currency: str) -> Reading:
    """Ordinal suffix, scale, percent, points, currency, ratio and noun after the number."""
    end = reading.end
    after = text[end:]
    if reading.kind == "digits" and (suffix := _ORDINAL_SUFFIX_RE.match(after)):
        number = reading.number + suffix[0]
        reading = replace(reading, number=number, end=end + suffix.end(), kind="ordinal-digits")
        return rank_or_ordinal(text, reading)
    if reading.kind == "ordinal":
        return rank_or_ordinal(text, reading)
    if attached := _ATTACHED_RE.match(after):
        return attached_unit(text, reading, attached)
    scale_match = _SCALE_AFTER_RE.match(after)
    if scale_match and not (reading.kind == "mil" and scale_match["word"].lower() == "mil"):
        word = " ".join(scale_match["word"].lower().split())
        if not (word == "mil" and re.match(r"\s+\d", after[scale_match.end() :])):
            reading = replace(
                reading,
                scale=SCALE_WORDS[word],
                scale_words=scale_match["word"],
                end=end + scale_match.end(),
            )
            end, after = reading.end, text[reading.end :]
    return unit_after(text, reading, currency)


def attached_unit(text: str, reading: Reading, attached: re.Match[str]) -> Reading:
    suffix = attached[0].lower()
    end = reading.end + attached.end()
    if suffix == "x":
        return replace(reading, unit="times", unit_words=attached[0], end=end)
    if suffix in ("pp",):
        return replace(reading, unit="percentage points", unit_words=attached[0], end=end)
    if suffix in ("bp", "bps", "pb"):
        return replace(reading, unit="basis points", unit_words=attached[0], end=end)
    if suffix in ("mdd", "mdp"):
        unit = "USD" if suffix == "mdd" else "MXN"
        return replace(
            reading,
            scale="million",
            scale_words=attached[0],
            unit=unit,
            unit_words=attached[0],
            end=end,
        )
    reading = replace(reading, scale=SCALE_WORDS[suffix], scale_words=attached[0], end=end)
    return unit_after(text, reading, "USD")


def unit_after(text: str, reading: Reading, currency: str) -> Reading:
    """The unit written after the number (and its scale), or a count noun."""
    for read in (
        percent_after,
        points_after,
        mdd_after,
        exchange_after,
        currency_after,
        times_after,
    ):
        found = read(text, reading)
        if found is not None:
            return found
    return count_noun(text, reading)


def percent_after(text: str, reading: Reading) -> Reading | None:
    match = _PERCENT_RE.match(text, reading.end)
    if not match:
        return None
    if gdp := _OF_GDP_RE.match(text, match.end()):  # "3.7 percent of the national GDP"
        words = text[reading.end : gdp.end()].strip()
        return replace(reading, unit="% of GDP", unit_words=words, end=gdp.end())
    return replace(reading, unit="%", unit_words=match[0].strip(), end=match.end())


def points_after(text: str, reading: Reading) -> Reading | None:
    match = _POINTS_RE.match(text, reading.end)
    if not match:
        return None
    unit = "percentage points" if match["pp"] else "basis points"
    return replace(reading, unit=unit, unit_words=match[0].strip(), end=match.end())


def mdd_after(text: str, reading: Reading) -> Reading | None:
    """'350 mdd': millones de dólares; 'mdp': millones de pesos."""
    match = _MDD_RE.match(text, reading.end)
    if not match:
        return None
    unit = "USD" if "mdd" in match[0].lower() else "MXN"
    words = match[0].strip()
    return replace(
        reading, scale="million", scale_words=words, unit=unit, unit_words=words, end=match.end()
    )


def exchange_after(text: str, reading: Reading) -> Reading | None:
    """'18.25 pesos per dollar', '16.52 to the greenback', '20,46 unidades por dólar'."""
    match = _EXCHANGE_RE.match(text, reading.end)
    if not match or not re.search(r"\bpesos?\b", text, re.I):
        return None
    return replace(reading, unit="MXN per USD", unit_words=match[0].strip(), end=match.end())


def currency_after(text: str, reading: Reading) -> Reading | None:
    match = _CURRENCY_AFTER_RE.match(text, reading.end)
    if not match:
        return None
    unit = _CURRENCY_AFTER[match["word"].lower()]
    return per_unit(text, replace(reading, unit=unit, unit_words=match[0].strip(), end=match.end()))


def times_after(text: str, reading: Reading) -> Reading | None:
    match = _TIMES_RE.match(text, reading.end)
    if not match:
        return None
    return replace(reading, unit="times", unit_words=match[0].strip(), end=match.end())


def per_unit(text: str, reading: Reading) -> Reading:
    """'$16 per hour': a money amount per unit of time."""
    if match := _PER_TIME_RE.match(text[reading.end :]):
        unit = f"{reading.unit} per {_TIME_UNITS[(match['unit'] or match['short']).lower()]}"
        return replace(
            reading,
            unit=unit,
            unit_words=f"{reading.unit_words} {match[0].strip()}".strip(),
            end=reading.end + match.end(),
        )
    return reading


def count_noun(text: str, reading: Reading) -> Reading:
    """A plural noun right after the number (an adjective or 'de' may come between):
    '300,000 people', '30,000 registered researchers', '11.6 millones de transacciones'."""
    after = text[reading.end :]
    words = re.findall(r"[^\W\d_][\w'’.-]*|\S", after[:60])
    if words and words[0] == "-":  # "10-minute"
        words = words[1:]
    for index, word in enumerate(words[:3]):
        lowered = word.lower().strip(".'’")
        if lowered in _COUNT_NOUNS_ES:
            return replace(reading, unit=_COUNT_NOUNS_ES[lowered], unit_words=word)
        if lowered in _STOP and not (lowered == "de" and index == 0):
            return reading
        if re.search(r"(?:ados|idos|adas|idas)$", lowered):
            return reading  # "millones recibidos": a participle, not a noun
        if re.fullmatch(r"[a-z][a-z-]*[a-rt-z]s", lowered) and lowered not in _NOT_NOUNS:
            return replace(reading, unit=lowered, unit_words=word)
        if lowered in ("people", "staff", "personnel"):
            return replace(reading, unit=lowered, unit_words=word)
        if (
            index == 0
            and re.fullmatch(r"(?:minute|hour|day|week|month|year|mile|point)", lowered)
            and re.match(r"\s*-", after)
        ):
            return replace(reading, unit=lowered + "s", unit_words=word)
        if not re.fullmatch(rf"{_L}[\w'’.-]*", word):
            return reading
    return reading


def rank_or_ordinal(text: str, reading: Reading) -> Reading:
    """'ranks seventh', 'the eleventh-largest', 'primer lugar', 'el onceavo fabricante'
    are ranks; 'fourth consecutive month' a streak; 'the first step', 'primer semestre' neither."""
    before, after = text[: reading.start], text[reading.end :]
    value = reading.values
    word_kind = "digits" if reading.kind == "ordinal-digits" else "word"
    streak = _STREAK_RE.match(after)
    if streak:
        noun = (streak["noun"] or streak["noun2"]).lower()
        noun = _STREAK_NOUNS_ES.get(noun) or _COUNT_NOUNS_ES.get(noun) or noun.rstrip("s") + "s"
        unit = f"consecutive {noun}"
        return replace(
            reading, values=value, unit=unit, unit_words=streak[0].strip(), kind=word_kind
        )
    next_word = re.match(rf"\s*(?:-|\s)?({_L}+)", after)
    following = next_word[1].lower() if next_word else ""
    if following in _SEQUENCE_NOUNS or re.match(r"\s*(?:-century|century|siglo)", after, re.I):
        return replace(reading, kind="ordinal")
    if _COUNT_AFTER_RE.match(after):
        return replace(
            reading, kind="ordinal"
        )  # "the first two months", "los primeros cinco meses"
    is_rank = (
        _RANK_NOUN_RE.match(after)
        or _RANK_BEFORE_RE.search(before)
        or reading.kind == "ordinal-digits"
        or re.search(r"(?:\b(?:the|el|la|its|su)|['’]s)\s+$", before, re.I)
        and following
        and following not in _STOP
    )
    if is_rank:
        return replace(reading, unit="rank", unit_words=reading.number, kind=word_kind)
    return replace(reading, kind="ordinal")


def read_before(text: str, reading: Reading, currency: str) -> Reading:
    """Currency sign, sign, rank marks and qualifier before the number."""
    start = reading.start
    if reading.kind in ("digits", "mil"):
        reading, start = currency_before(text, reading, currency)
        reading, start = sign_before(text, reading, start)
    before = text[:start]
    if reading.kind == "digits" and not reading.unit and (mark := _NO_RANK_RE.search(before)):
        reading = replace(reading, unit="rank", unit_words=mark[0] + reading.number)
    top = re.search(r"(?<![\w])top\s+$", before, re.I)
    if top and reading.kind == "digits" and not reading.unit:  # "the top 25": 25th or better
        return replace(
            reading, unit="rank", unit_words="top", qualifiers=("up-to",), qualifier_words="top"
        )
    return qualify(text, reading, start)


def currency_before(text: str, reading: Reading, currency: str) -> tuple[Reading, int]:
    """'$29 billion', 'US$ 51.800 millones': a bare '$' is the text's own currency."""
    sign = _CURRENCY_BEFORE_RE.search(text[: reading.start])
    if not sign or reading.unit not in ("", "USD", "MXN", "EUR", "GBP"):
        return reading, reading.start
    word = re.sub(r"\s", "", sign["word"]).upper()
    unit = reading.unit or _currency_code(word, currency)
    reading = replace(reading, unit=unit, unit_words=sign["word"], currency_assumed=word == "$")
    return per_unit(text, reading), sign.start()


def sign_before(text: str, reading: Reading, start: int) -> tuple[Reading, int]:
    """'-$1.64 billion' is negative; so is '(?0.2%)', where extraction lost a minus sign."""
    minus = re.search(r"(?:^|(?<=[\s(\[]))[-−]$|(?<=\()\?$", text[:start])
    if not minus:
        return reading, start
    return replace(reading, values=tuple(-v for v in reading.values)), minus.start()


def _currency_code(word: str, currency: str) -> str:
    if word == "$":
        return currency
    if word.startswith(("US", "U.S.")):
        return "USD"
    if word.startswith(("MX", "MEX")):
        return "MXN"
    return _CURRENCY_BEFORE.get(word.lower()) or word[:3]


def qualify(text: str, reading: Reading, start: int) -> Reading:
    before = text[:start]
    for name, pattern in _QUALIFIER_RES:
        if match := pattern.search(before):
            return replace(reading, qualifiers=(name,), qualifier_words=match[0].strip())
    if match := _QUALIFIER_AFTER_RE.match(text[reading.end :]):
        name = "at-least" if match["least"] else "up-to"
        return replace(reading, qualifiers=(name,), qualifier_words=match[0].strip())
    return reading


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


def find_numbers(
    line: str, style: str | None = POINT, *, language: str | None = None
) -> list[Reading]:
    """The readings of a line that are figures rather than years standing as dates."""
    covered = [(s, e) for s, e, _ in periods_in(mask(line))]
    return [
        r
        for r in read_line(line, style, language=language)
        if not (r.looks_like_year() and any(s <= r.start and r.end <= e for s, e in covered))
    ]


_STATED_SCALE_RE = re.compile(
    r"\b(?P<word>thousands?|millions?|billions?|trillions?|miles\s+de\s+millones|mil\s+millones|miles|millones|billones)\b",
    re.I,
)
_STATED_SCALES = {"thousand": "thousand", "thousands": "thousand", "miles": "thousand"}


def stated_units(line: str, *, currency: str = "USD") -> set[str]:
    """The scales and units a line states anywhere, with or without a number: a table
    heading "(millions of dollars)", "cifras en millones de pesos", "in per cent"."""
    text = mask(line)
    found: set[str] = set()
    for match in _STATED_SCALE_RE.finditer(text):
        word = " ".join(match["word"].lower().split())
        found.add(
            _STATED_SCALES.get(word) or SCALE_WORDS.get(word) or SCALE_WORDS[word.rstrip("s")]
        )
    for match in re.finditer(
        r"(?<![\w])(?:dollars?|dólares|dolares|pesos?|euros?|USD|MXN|EUR|GBP|US\$)(?![\w])",
        text,
        re.I,
    ):
        found.add(_CURRENCY_AFTER.get(match[0].lower(), "USD"))
    if re.search(r"(?<![\w$])\$", text):
        found.add(currency)
    if re.search(r"%|\bper\s*cent\b|\bpercent\b|\bpor\s*ciento\b", text, re.I):
        found.add("%")
    for reading in read_line(line, currency=currency):
        found |= {reading.scale, reading.unit} - {"1", ""}
    return found


def amounts(readings: Iterable[Reading]) -> set[tuple[Decimal, str]]:
    return {(v, r.scale) for r in readings for v in r.values}


# --- units -----------------------------------------------------------------------------

UNIT_SYNONYMS = {
    "percent": "%", "per cent": "%", "pct": "%", "por ciento": "%",
    "% of gdp": "% of GDP", "pp": "percentage points", "percentage point": "percentage points",
    "bp": "basis points", "bps": "basis points", "basis point": "basis points",
    "usd": "USD", "us$": "USD", "mxn": "MXN", "eur": "EUR", "gbp": "GBP",
}  # fmt: skip


def normal_unit(unit: str) -> str:
    """One spelling per unit: 'percent', 'per cent' and 'pct' are '%'."""
    cleaned = " ".join(unit.split())
    return UNIT_SYNONYMS.get(cleaned.lower(), cleaned)


def unit_kind(unit: str) -> str:
    """What kind of quantity a unit is: percent, percentage points, basis points,
    money, ratio, times, rank, streak, count, or none."""
    unit = normal_unit(unit)
    if not unit:
        return "none"
    if unit.startswith("%"):
        return "percent"
    if unit in ("percentage points", "basis points", "times", "rank"):
        return unit
    if " per " in unit:
        return "ratio"
    if re.fullmatch(r"[A-Z]{3}", unit):
        return "money"
    if unit.startswith("consecutive "):
        return "streak"
    return "count"


# --- writing numbers -----------------------------------------------------------------

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}
QUALIFIER_WORDS = {
    "about": "about",
    "over": "over",
    "under": "under",
    "nearly": "nearly",
    "at-least": "at least",
    "up-to": "up to",
    "range-low": "from",
    "range-high": "to",
}
# How chart labels show what the source says about a number: "~$290bn", ">$1.1tn".
QUALIFIER_MARKS = {
    "about": "~",
    "nearly": "~",
    "over": ">",
    "at-least": "≥",
    "under": "<",
    "up-to": "≤",
}
SHORT_SCALES = {"1": "", "thousand": "k", "million": "m", "billion": "bn", "trillion": "tn"}


def format_number(value: Decimal) -> str:
    """1234567.50 -> '1,234,567.50': thousands separated, decimals as the source gives them."""
    sign = "−" if value < 0 else ""
    whole, _, fraction = format(abs(value), "f").partition(".")
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


def ordinal(value: Decimal) -> str:
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def format_amount(number: str, unit: str, scale: str) -> str:
    """Put a formatted number together with its unit and scale: '$1.1 trillion'."""
    scale_word = "" if scale == "1" else f" {scale}"
    if unit in CURRENCY_SIGNS:
        return f"{CURRENCY_SIGNS[unit]}{number}{scale_word}"
    if re.fullmatch(r"[A-Z]{3}", unit):  # another currency code
        return f"{unit} {number}{scale_word}"
    if unit.startswith("%"):  # "0.3% of GDP"
        return f"{number}{scale_word}{unit}"
    if unit == "times":
        return f"{number}{scale_word} times"
    return f"{number}{scale_word} {unit}"


def qualifier_prefix(qualifiers: Iterable[str]) -> str:
    qualifiers = tuple(qualifiers)
    words = " ".join(QUALIFIER_WORDS[q] for q in qualifiers if q in QUALIFIER_WORDS)
    prefix = "forecast: " if "forecast" in qualifiers else ""
    return f"{prefix}{words} " if words else prefix


def format_value(indicator: Indicator, *, inline: bool = False) -> str:
    """The figure as the brief prints it: 'over $1.1 trillion', 'forecast: about 25%', '7th'.

    Inline (inside a sentence) a forecast is marked after the number instead:
    'about 25% (forecast)'.
    """
    if indicator.unit == "rank":
        amount = ordinal(indicator.value)
    else:
        amount = format_amount(format_number(indicator.value), indicator.unit, indicator.scale)
    return qualified(amount, indicator.qualifiers, inline=inline)


def format_range(low: Indicator, high: Indicator, *, inline: bool = False) -> str:
    """A range stated as two rows: 'forecast: $55,000–60,000 million'."""
    number = f"{format_number(low.value)}–{format_number(high.value)}"
    shared = [q for q in low.qualifiers if q in high.qualifiers]
    return qualified(format_amount(number, low.unit, low.scale), shared, inline=inline)


def qualified(amount: str, qualifiers: Iterable[str], *, inline: bool) -> str:
    qualifiers = tuple(qualifiers)
    if not inline:
        return qualifier_prefix(qualifiers) + amount
    words = " ".join(QUALIFIER_WORDS[q] for q in qualifiers if q in QUALIFIER_WORDS)
    suffix = " (forecast)" if "forecast" in qualifiers else ""
    return f"{words} {amount}{suffix}" if words else f"{amount}{suffix}"


def chart_scale(values: Iterable[Decimal], unit: str) -> str:
    """The scale a chart's axis uses: the largest at which even the smallest value is
    at least 1 ($15bn and $1.1tn share an axis in billions, not $0.015tn)."""
    if unit == "rank" or unit.startswith("%"):
        return "1"
    smallest = min((abs(v) for v in values if v), default=Decimal(0))
    return next((s for s in reversed(SCALES) if smallest >= SCALES[s]), "1")


def format_short(normalised: Decimal, unit: str, high: Decimal | None = None) -> str:
    """A chart label, each number at its own natural scale: '$29bn', '>$1.1tn',
    '79.6%', '3m'; with `high`, a range: '$55–60bn'."""
    scale = chart_scale([high if high is not None else normalised], unit)
    numbers = [short_number(v / SCALES[scale]) for v in (normalised, high) if v is not None]
    if unit == "rank":
        return "–".join(ordinal(Decimal(n.replace(",", ""))) for n in numbers)
    number = "–".join(numbers)
    if unit in CURRENCY_SIGNS:
        return f"{CURRENCY_SIGNS[unit]}{number}{SHORT_SCALES[scale]}"
    if unit.startswith("%"):
        return f"{number}%"
    return f"{number}{SHORT_SCALES[scale]}"


def short_number(value: Decimal) -> str:
    value = value.normalize()
    return format_number(
        value.quantize(Decimal("0.01")).normalize() if abs(value) < 1000 else value
    )


def axis_label(unit: str, scale: str) -> str:
    """What a chart's value axis measures: '% of GDP', 'USD billion', 'million workers'."""
    if unit.startswith("%"):
        return unit
    if unit in CURRENCY_SIGNS or re.fullmatch(r"[A-Z]{3}", unit):
        return unit if scale == "1" else f"{unit} {scale}"
    return unit if scale == "1" else f"{scale} {unit}"
