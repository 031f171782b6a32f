"""Numbers written for readers: the brief's, the charts' and the table's."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from briefgen.model import SCALES, Indicator

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
