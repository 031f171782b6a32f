"""Units: one spelling each, and the kind of quantity each is."""

from __future__ import annotations

import re

POINT, COMMA = "decimal-point", "decimal-comma"
NUMBER_STYLES = (POINT, COMMA)  # 1,234.5 (English, Mexico) and 1.234,5 (Spain, South America)
DEFAULT_LOCALE = "en-US"  # CLDR names as brief.yaml writes them; Babel spells them en_US

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
