"""Reading a line: every number with what stands before and after it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from briefgen.numbers.clauses import assign_periods, share_units
from briefgen.numbers.lexicon import (
    _ATTACHED_RE,
    _COUNT_AFTER_RE,
    _COUNT_NOUNS_ES,
    _CURRENCY_AFTER,
    _CURRENCY_AFTER_RE,
    _CURRENCY_BEFORE,
    _CURRENCY_BEFORE_RE,
    _EXCHANGE_RE,
    _ISO_DATE_RE,
    _L,
    _MDD_RE,
    _MIL_RE,
    _NO_RANK_RE,
    _NOT_NOUNS,
    _NUMBER_RE,
    _OF_GDP_RE,
    _ORDINAL_SUFFIX_RE,
    _PER_TIME_RE,
    _PERCENT_RE,
    _POINTS_RE,
    _QUALIFIER_AFTER_RE,
    _QUALIFIER_RES,
    _RANK_BEFORE_RE,
    _RANK_NOUN_RE,
    _SCALE_AFTER_RE,
    _SEQUENCE_NOUNS,
    _STOP,
    _STREAK_NOUNS_ES,
    _STREAK_RE,
    _TIME_UNITS,
    _TIMES_RE,
    EN_CARDINALS,
    EN_ORDINALS,
    ES_CARDINALS,
    ES_ORDINALS,
    FRACTIONS,
    POINT,
    SCALE_WORDS,
    mask,
)
from briefgen.numbers.reading import Reading
from briefgen.numbers.style import parse_digits
from briefgen.periods import periods_in

# --- reading a line ----------------------------------------------------------------


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


def counted_top(text: str, end: int) -> bool:
    """'top' before a number counts a list ("the top three buyers", "top 5
    exporters"): the number is read, not a rank 1."""
    following = re.match(r"\s+([\w-]+)", text[end:])
    return bool(following and (following[1][0].isdigit() or following[1].lower() in EN_CARDINALS))


def word_token(text: str, match: re.Match[str], language: str | None) -> Token | None:
    word = match[0].lower()
    if word == "top" and _TOP_RE.match(text, match.start()) and not counted_top(text, match.end()):
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
        if word == "Estados" and words[index + 1 : index + 2] == ["Unidos"]:
            return reading  # "en 2020 Estados Unidos": a country, not 2,020 states
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
