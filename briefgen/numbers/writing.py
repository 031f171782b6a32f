"""Numbers and dates written for readers: the brief's, the charts', the table's and
the email's. Every figure a reader sees is written here, once, so prose, tiles,
chart labels and the table cannot write one figure two ways.

Numbers, currency signs and dates come from Babel, for a locale (`brief.yaml`'s
`locale`, `en-US` when it names none). What stays hand-written is what Babel has
no data for: scale words ("billion") and English ordinals ("7th").

A figure is shown at a scale chosen for readers: money and counts of a million or
more at the largest of million, billion or trillion at which the number is at least
1 ("$55,000 million" is written "$55 billion"), smaller ones in full. The indicator
table adds the figure as the source states it wherever the two differ.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_month_names
from babel.numbers import format_decimal, get_currency_symbol

from briefgen.model import SCALES, Indicator, PartialDate
from briefgen.numbers.units import DEFAULT_LOCALE

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
# What a figure is, when it is not an observation: said after it inside a sentence
# ("$55–60 billion (scenario)") and before it in tiles and the table.
STATUS_WORDS = {"forecast": "forecast", "scenario": "scenario"}
# How chart labels show what the source says about a number: "~$290 billion".
QUALIFIER_MARKS = {
    "about": "~",
    "nearly": "~",
    "over": ">",
    "at-least": "≥",
    "under": "<",
    "up-to": "≤",
}
SCALE_WORDS = {"1": "", "thousand": "thousand", "million": "million", "billion": "billion",
               "trillion": "trillion"}  # fmt: skip
READER_SCALES = ("million", "billion", "trillion")
# Placeholder forms an editor writes: {id} prints the qualifier words the source
# uses ("about 3 million workers"); {id|amount} prints the amount alone, for prose
# that qualifies it in its own words ("just over {id|amount}").
FORMS = ("", "amount")

# The same words in Spanish (Babel has no data for scale words or qualifiers). Note
# "billones": a Spanish billón is 10^12, so 10^9 is "mil millones".
SPANISH = {
    "qualifiers": {"about": "alrededor de", "over": "más de", "under": "menos de",
                   "nearly": "casi", "at-least": "al menos", "up-to": "hasta",
                   "range-low": "de", "range-high": "a"},
    "status": {"forecast": "pronóstico", "scenario": "escenario"},
    "scales": {"1": "", "thousand": "mil", "million": "millones", "billion": "mil millones",
               "trillion": "billones"},
    "units": {"workers": "trabajadores", "people": "personas", "employees": "empleados",
              "jobs": "empleos", "minutes": "minutos", "years": "años",
              "categories": "categorías", "mega-regions": "megarregiones",
              "researchers": "investigadores", "industries": "industrias", "times": "veces",
              "% of GDP": "% del PIB"},
}  # fmt: skip
# The locale figures are written in when a caller names none: the build sets the
# brief's (`reading(brief.locale)`), so every writer below follows it.
_READER: ContextVar[str] = ContextVar("reader_locale", default=DEFAULT_LOCALE)


@contextmanager
def reading(locale: str) -> Iterator[None]:
    """Write every figure and date inside the block for `locale` (es-MX, en-GB, ...)."""
    token = _READER.set(locale)
    try:
        yield
    finally:
        _READER.reset(token)


def current(locale: str | None) -> str:
    return locale or _READER.get()


def spanish(locale: str | None) -> bool:
    return current(locale).split("-")[0].split("_")[0] == "es"


def words(kind: str, english: dict[str, str], locale: str | None) -> dict[str, str]:
    return SPANISH[kind] if spanish(locale) else english


# --- numbers -------------------------------------------------------------------------


def babel_name(locale: str) -> str:
    """'es-MX' (CLDR, as brief.yaml and HTML write it) -> 'es_MX' (as Babel parses it)."""
    return current(locale).replace("-", "_")


def format_number(value: Decimal, locale: str | None = None) -> str:
    """1234567.50 -> '1,234,567.50': grouped as the locale groups, with the decimals
    the figure has (a source's '3.40' keeps its zero)."""
    digits = max(0, -value.as_tuple().exponent) if value == value else 0  # type: ignore[operator]
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_name(locale))


def ordinal(value: Decimal, locale: str | None = None) -> str:
    n = int(value)
    if spanish(locale):  # CLDR's Spanish ordinal indicator: 7.º
        return f"{n}.º"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def reader_scale(values: Iterable[Decimal], unit: str) -> str:
    """The scale readers see a figure (or a range's ends, `values` in units) at."""
    if unit == "rank" or unit.startswith("%") or unit == "times":
        return "1"
    smallest = min((abs(v) for v in values if v), default=Decimal(0))
    fitting = [s for s in READER_SCALES if smallest >= SCALES[s]]
    return fitting[-1] if fitting else "1"


def display_scale(ends: list[Indicator]) -> str:
    """The reader scale, unless it would write more decimals than two: $1,234,567.50
    stays in full rather than becoming $1.2345675 million."""
    scale = reader_scale((i.normalised for i in ends), ends[0].unit)
    decimals = (-scaled(i, scale).as_tuple().exponent for i in ends)
    return scale if max(decimals) <= 2 else ends[0].scale  # type: ignore[operator]


def scaled(indicator: Indicator, scale: str) -> Decimal:
    """The figure at `scale`: at its own scale exactly as stated ('252.0' keeps its
    zero), at another without trailing zeros ('55000' million is '55' billion)."""
    if scale == indicator.scale:
        return indicator.value
    return at_scale(indicator.normalised, scale)


def at_scale(normalised: Decimal, scale: str) -> Decimal:
    """A value in units, divided down to `scale` without a trailing exponent."""
    number = normalised / SCALES[scale]
    return (
        number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    )


def format_amount(number: str, unit: str, scale: str, locale: str | None = None) -> str:
    """Put a written number together with its unit and scale: '$1.1 trillion'."""
    scale_word = words("scales", SCALE_WORDS, locale)[scale]
    scale_word = f" {scale_word}" if scale_word else ""
    babel_locale = Locale.parse(babel_name(locale))
    if re.fullmatch(r"[A-Z]{3}", unit):  # a currency code: the locale's sign, where it goes
        sign = get_currency_symbol(unit, babel_locale)
        if babel_locale.currency_formats["standard"].pattern.startswith("¤"):
            space = "\u00a0" if sign[-1].isalpha() else ""  # CLDR currency spacing: USD 29
            return f"{sign}{space}{number}{scale_word}"
        return f"{number}{scale_word}\u00a0{sign}"
    unit = words("units", {}, locale).get(unit, unit)
    if unit.startswith("%"):  # "0.3% of GDP"; es-ES writes "0,3 % del PIB"
        space = "\u00a0" if "\u00a0%" in babel_locale.percent_formats[None].pattern else ""
        return f"{number}{scale_word}{space}{unit}"
    if scale_word and spanish(locale):  # "3 millones de trabajadores"
        return f"{number}{scale_word} de {unit}"
    return f"{number}{scale_word} {unit}"


def amount_text(
    low: Indicator, high: Indicator | None = None, *, locale: str | None = None,
    as_stated: bool = False,
) -> str:  # fmt: skip
    """A figure's (or a range's) amount, no qualifier words: '$29 billion', '7th',
    '$55–60 billion'; `as_stated` keeps the source's own scale: '$55,000–60,000 million'."""
    ends = [low, high] if high is not None else [low]
    if low.unit == "rank":
        return "–".join(ordinal(i.value, locale) for i in ends)
    scale = low.scale if as_stated else display_scale(ends)
    numbers = "–".join(format_number(scaled(i, scale), locale) for i in ends)
    return format_amount(numbers, low.unit, scale, locale)


def as_stated_differs(low: Indicator, high: Indicator | None = None) -> bool:
    return amount_text(low, high) != amount_text(low, high, as_stated=True)


def qualifier_words(qualifiers: Iterable[str], locale: str | None = None) -> str:
    """'about', 'at least', '' for exact: the source's own wording of a figure."""
    table = words("qualifiers", QUALIFIER_WORDS, locale)
    return " ".join(table[q] for q in qualifiers if q in table)


def status_of(qualifiers: Iterable[str], locale: str | None = None) -> str | None:
    """'forecast' or 'scenario' (a conditional estimate: what could happen if its
    condition holds), or None for a figure that records what happened."""
    table = words("status", STATUS_WORDS, locale)
    return next((table[q] for q in qualifiers if q in table), None)


def shared_qualifiers(low: Indicator, high: Indicator | None) -> tuple[str, ...]:
    if high is None:
        return low.qualifiers
    return tuple(q for q in low.qualifiers if q in high.qualifiers)


def format_value(
    indicator: Indicator, *, inline: bool = False, form: str = "",
    locale: str | None = None,
) -> str:  # fmt: skip
    """The figure as the brief prints it: 'over $1.1 trillion', 'forecast: about 25%', '7th'.

    Inline (inside a sentence) a forecast or scenario is marked after the number:
    'about 25% (forecast)'. With form 'amount' the qualifier words are left to the
    editor's prose: '25% (forecast)'."""
    return qualified(amount_text(indicator, locale=locale), indicator.qualifiers,
                     inline=inline, form=form, locale=locale)  # fmt: skip


def format_range(
    low: Indicator, high: Indicator, *, inline: bool = False, form: str = "",
    locale: str | None = None,
) -> str:  # fmt: skip
    """A range stated as two rows: 'scenario: $55–60 billion'."""
    return qualified(amount_text(low, high, locale=locale), shared_qualifiers(low, high),
                     inline=inline, form=form, locale=locale)  # fmt: skip


def qualified(amount: str, qualifiers: Iterable[str], *, inline: bool, form: str = "",
              locale: str | None = None) -> str:  # fmt: skip
    qualifiers = tuple(qualifiers)
    words = "" if form == "amount" else qualifier_words(qualifiers, locale)
    status = status_of(qualifiers, locale)
    if not inline:
        prefix = f"{status}: " if status else ""
        return f"{prefix}{words} {amount}" if words else f"{prefix}{amount}"
    suffix = f" ({status})" if status else ""
    return f"{words} {amount}{suffix}" if words else f"{amount}{suffix}"


# --- charts ----------------------------------------------------------------------------


def chart_scale(values: Iterable[Decimal], unit: str) -> str:
    """The scale a chart's axis uses: the largest at which even the smallest value is
    at least 1 ($15 billion and $1.1 trillion share an axis in billions)."""
    if unit == "rank" or unit.startswith("%"):
        return "1"
    smallest = min((abs(v) for v in values if v), default=Decimal(0))
    return next((s for s in reversed(SCALES) if smallest >= SCALES[s]), "1")


def chart_label(low: Indicator, high: Indicator | None = None, *, locale: str | None = None) -> str:
    """A bar's or a point's label: the amount as the text writes it, after the sign of
    its qualifier ('~$290 billion', '>$1.1 trillion', '$55–60 billion')."""
    mark = next((QUALIFIER_MARKS[q] for q in low.qualifiers if q in QUALIFIER_MARKS), "")
    return mark + amount_text(low, high, locale=locale)


def format_short(normalised: Decimal, unit: str, high: Decimal | None = None,
                 locale: str | None = None) -> str:  # fmt: skip
    """A value in units written as the brief writes figures, for messages and charts
    of computed values: '$29 billion', '79.6%'; with `high`, a range."""
    ends = [v for v in (normalised, high) if v is not None]
    if unit == "rank":
        return "–".join(ordinal(v, locale) for v in ends)
    scale = reader_scale(ends, unit)
    numbers = "–".join(format_number(short_number(at_scale(v, scale)), locale) for v in ends)
    return format_amount(numbers, unit, scale, locale)


def short_number(value: Decimal) -> Decimal:
    """At most two decimals below 1,000, none above."""
    value = value.normalize()
    rounded = value.quantize(Decimal("0.01")) if abs(value) < 1000 else value.quantize(Decimal(1))
    return (
        rounded.quantize(Decimal(1))
        if rounded == rounded.to_integral_value()
        else rounded.normalize()
    )


def axis_label(unit: str, scale: str, locale: str | None = None) -> str:
    """What a chart's value axis measures: '% of GDP', 'USD billion', 'million workers'
    (in Spanish 'miles de millones de USD', 'millones de trabajadores')."""
    if spanish(locale):
        unit = SPANISH["units"].get(unit, unit)
        plural = {"thousand": "miles", "billion": "miles de millones"}
        word = plural.get(scale, SPANISH["scales"].get(scale, scale))
        return unit if scale == "1" or unit.startswith("%") else f"{word} de {unit}"
    if unit.startswith("%"):
        return unit
    if re.fullmatch(r"[A-Z]{3}", unit):
        return unit if scale == "1" else f"{unit} {scale}"
    return unit if scale == "1" else f"{scale} {unit}"


# --- dates -----------------------------------------------------------------------------


def date_words(date: PartialDate | dt.date, locale: str | None = None) -> str:
    """'December 22, 2024', 'July 2024', '2024': as precise as the date is."""
    if isinstance(date, dt.date):
        return format_date(date, "long", locale=babel_name(locale))
    if date.day and date.month:
        return format_date(
            dt.date(date.year, date.month, date.day), "long", locale=babel_name(locale)
        )
    if date.month:
        return format_skeleton(
            "yMMMM", dt.date(date.year, date.month, 1), locale=babel_name(locale)
        )
    return str(date.year)


def period_words(text: str, locale: str | None = None) -> str:
    """A figure's period for readers: 'Jan 2024', 'Jan–Feb 2023', 'H1 2023', '2005–2019';
    in Spanish 'ene 2024', 'S1 2023', 'T2 2024' (CLDR's month abbreviations)."""
    months = get_month_names("abbreviated", locale=babel_name(locale))
    if "/" in text and "-" in text:  # a span of months: 2023-01/2023-02
        (first_year, first), (last_year, last) = (part.split("-") for part in text.split("/"))
        first_name, last_name = months[int(first)], months[int(last)]
        if first_year == last_year:
            return f"{first_name}–{last_name} {last_year}"
        return f"{first_name} {first_year}–{last_name} {last_year}"
    if "/" in text:
        start, end = text.split("/")
        return f"{start}–{end}"
    if "-H" in text or "-Q" in text:
        year, part = text.split("-")
        if spanish(locale):  # semestre, trimestre
            part = part.replace("H", "S").replace("Q", "T")
        return f"{part} {year}"
    if "-" in text:
        year, month = text.split("-")
        return f"{months[int(month)]} {year}"
    return text


def week_words(monday: dt.date, locale: str | None = None) -> str:
    """The days an edition covers, as the locale writes a span: 'Nov 16 – 22, 2026'."""
    return format_interval(
        monday, monday + dt.timedelta(days=6), "yMMMd", locale=babel_name(locale)
    )
