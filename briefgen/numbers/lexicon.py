"""The words and patterns the number reader knows, in English and Spanish: number
words, scale words, units and currencies, qualifiers, ranks and the words that
surround them."""

from __future__ import annotations

import re

from briefgen.numbers.units import COMMA, NUMBER_STYLES, POINT  # noqa: F401 (their home is light)

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


def mask(line: str) -> str:
    """The line with Markdown links and emphasis blanked out, offsets unchanged:
    "approximately [30%](#)" reads as "approximately  30%    "."""
    line = line.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return _MARKUP_RE.sub(lambda m: " " * len(m[0]), line)
