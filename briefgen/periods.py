"""Periods: the ones a text states ("in the first six months of 2023", "primer
bimestre de 2023", "between 2005 and 2019"), in the indicator table's own notation,
and whether two periods agree."""

from __future__ import annotations

import datetime as dt
import functools
import re

MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS_ES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
_MONTHS = {name: n for n, name in enumerate(MONTHS_EN, start=1)}
_MONTHS |= {name: n for n, name in enumerate(MONTHS_ES, start=1)} | {"setiembre": 9}
_MONTHS |= {name[:3]: n for n, name in enumerate(MONTHS_EN, start=1) if name != "may"} | {"sept": 9}
_COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
}  # fmt: skip
_PARTS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
    "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4,
}  # fmt: skip

Y = r"(?P<y>(?:19|20)\d\d)"
M = (
    r"(?P<m>(?-i:May)|(?i:"
    + "|".join(sorted((k for k in _MONTHS if k != "may"), key=len, reverse=True))
    + r"))\.?"
)
_OF = r"(?:\s+(?:of|de|del))?,?\s+"

# Longest first: a month span before a single month, a span of years before a year.
PATTERNS: list[tuple[str, str]] = [
    (
        "month-span",
        rf"(?:(?:between|from|the|entre|de|desde)\s+)?{M.replace('(?P<m>', '(?P<m1>')}\s*(?:and|to|through|-|–|—|y|a|al|hasta)\s*{M.replace('(?P<m>', '(?P<m2>')}{_OF}{Y}",
    ),
    (
        "month-span-years",
        rf"(?:(?:from|de|desde)\s+)?{M.replace('(?P<m>', '(?P<m1>')}{_OF}(?P<y1>(?:19|20)\d\d)\s*(?:to|through|until|-|–|a|al|hasta)\s*{M.replace('(?P<m>', '(?P<m2>')}{_OF}{Y}",
    ),
    ("through-month", rf"(?:hasta|through|acumulad[oa]s?\s+a)\s+{M}{_OF}{Y}"),
    ("first-months", rf"(?:first|primeros?)\s+(?P<n>\w+)\s+(?:months|meses){_OF}{Y}"),
    ("bimester", rf"(?P<part>\w+)\s+bimestre{_OF}{Y}"),
    (
        "half",
        rf"(?:(?P<part>first|second|1st|2nd|primer|primera|segundo|segunda)\s+(?:half|semestre|mitad)|(?P<h>H[12]|[12]H)){_OF}{Y}",
    ),
    (
        "quarter",
        rf"(?:(?P<part>first|second|third|fourth|1st|2nd|3rd|4th|primer|segundo|tercer|cuarto)\s+(?:quarter|trimestre)|Q(?P<q>[1-4])|(?P<q2>[1-4])Q){_OF}{Y}",
    ),
    ("year-span", r"(?:between|entre)\s+(?P<y1>(?:19|20)\d\d)\s+(?:and|y)\s+(?P<y>(?:19|20)\d\d)"),
    (
        "year-span",
        r"(?:from|de|desde)\s+(?P<y1>(?:19|20)\d\d)\s+(?:to|a|al|hasta|until|through)\s+(?P<y>(?:19|20)\d\d)",
    ),
    ("year-span", r"(?<![\w-])(?P<y1>(?:19|20)\d\d)\s*[-–]\s*(?P<y>(?:19|20)\d\d)(?![\w-])"),
    ("month", rf"(?:\d{{1,2}}\s+(?:de\s+)?)?{M}(?:\s+\d{{1,2}})?{_OF}{Y}"),
    (
        "year",
        rf"(?:(?<![\w])(?:in|during|by|for|of|through|throughout|until|at\s+the\s+(?:end|close|start)\s+of|en|durante|de|del|para|hacia|al\s+(?:final|cierre|término|inicio)\s+de|a\s+finales\s+de)\s+(?:(?:fiscal|calendar|the\s+year|el\s+año|year|mediados\s+de)\s+|mid-)?){Y}(?![\w-])",
    ),
    ("year", rf"\(\s*{Y}\s*\)"),
]
_COMPILED = [(kind, re.compile(pattern, re.I)) for kind, pattern in PATTERNS]


_YEAR_RE = re.compile(r"(?:19|20)\d\d")


@functools.lru_cache(maxsize=4096)
def periods_in(text: str) -> tuple[tuple[int, int, str], ...]:
    """The periods a text states, as (start, end, period), without overlaps."""
    if not _YEAR_RE.search(text):
        return ()  # every period names a year: most lines need no further look
    found: list[tuple[int, int, str]] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            period = _period(kind, match)
            if period:
                found.append((match.start(), match.end(), period))
    return tuple(sorted(found))


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _period(kind: str, m: re.Match[str]) -> str | None:
    year = m["y"]
    if kind == "month-span":
        return span(year, _month(m["m1"]), year, _month(m["m2"]))
    if kind == "month-span-years":
        return span(m["y1"], _month(m["m1"]), year, _month(m["m2"]))
    if kind == "through-month":  # "hasta septiembre de 2024": January to September
        return span(year, 1, year, _month(m["m"]))
    if kind == "first-months":
        count = _COUNTS.get(m["n"].lower()) or (int(m["n"]) if m["n"].isdigit() else None)
        return span(year, 1, year, count) if count and 2 <= count <= 12 else None
    if kind == "bimester":
        part = _PARTS.get(m["part"].lower())
        return span(year, 2 * part - 1, year, 2 * part) if part else None
    if kind == "half":
        part = _PARTS.get((m["part"] or "").lower()) or int(m["h"].strip("H"))
        return f"{year}-H{part}"
    if kind == "quarter":
        part = _PARTS.get((m["part"] or "").lower()) or int(m["q"] or m["q2"])
        return f"{year}-Q{part}"
    if kind == "year-span":
        return f"{m['y1']}/{year}" if int(m["y1"]) < int(year) else None
    if kind == "month":
        return f"{year}-{_month(m['m']):02d}"
    return year


def span(first_year: str, first_month: int, last_year: str, last_month: int) -> str | None:
    """A span of months, in the table's notation: a whole year, half or quarter by its
    own name ('2023-H1'), otherwise 'YYYY-MM/YYYY-MM'."""
    if (first_year, first_month) > (last_year, last_month):
        return None
    if first_year == last_year:
        if (first_month, last_month) == (1, 12):
            return first_year
        if first_month == last_month:
            return f"{first_year}-{first_month:02d}"
        if last_month - first_month == 5 and first_month in (1, 7):
            return f"{first_year}-H{1 if first_month == 1 else 2}"
        if last_month - first_month == 2 and first_month % 3 == 1:
            return f"{first_year}-Q{first_month // 3 + 1}"
    return f"{first_year}-{first_month:02d}/{last_year}-{last_month:02d}"


PERIOD_RE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:/(?P<end_year>\d{4})-(?P<end_month>0[1-9]|1[0-2]))?"
    r"|-Q(?P<quarter>[1-4])|-H(?P<half>[12])|/(?P<end>\d{4}))?$"
)


def interval(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day a period covers: '2023-H1' -> 1 Jan .. 30 Jun 2023."""
    match = PERIOD_RE.match(period)
    if match is None:
        raise ValueError(f"not a period: {period!r}")
    year = int(match["year"])
    if match["end"]:
        return dt.date(year, 1, 1), dt.date(int(match["end"]), 12, 31)
    if match["end_year"]:
        return dt.date(year, int(match["month"]), 1), _month_end(
            int(match["end_year"]), int(match["end_month"])
        )
    if match["month"]:
        return dt.date(year, int(match["month"]), 1), _month_end(year, int(match["month"]))
    if match["quarter"]:
        last = 3 * int(match["quarter"])
        return dt.date(year, last - 2, 1), _month_end(year, last)
    if match["half"]:
        last = 6 * int(match["half"])
        return dt.date(year, last - 5, 1), _month_end(year, last)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def agree(row: str, stated: str) -> bool:
    """The row's period is the one the text states, or lies inside the year the text
    names (the text may name the part of the year in words)."""
    if row == stated:
        return True
    row_start, row_end = interval(row)
    stated_start, stated_end = interval(stated)
    if (row_start, row_end) == (stated_start, stated_end):
        return True
    is_year = re.fullmatch(r"\d{4}", stated) is not None
    return is_year and stated_start <= row_start and row_end <= stated_end
