"""Editions are ISO weeks: '2026-W48' runs from Monday 23 to Sunday 29 November 2026."""

from __future__ import annotations

import datetime as dt
import re

from briefgen.errors import OptionError
from briefgen.model import MONTHS

EDITION_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def current_edition(today: dt.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def parse_edition(edition: str) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of an edition. Raises OptionError for a bad edition."""
    match = EDITION_RE.match(edition)
    if not match:
        raise OptionError(f"edition {edition!r} is not an ISO week (YYYY-Www, e.g. 2026-W48)")
    year, week = int(match[1]), int(match[2])
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise OptionError(f"edition {edition!r}: {year} has no week {week}") from None
    return monday, monday + dt.timedelta(days=6)


def week_range(edition: str) -> str:
    """'23–29 November 2026', or '28 December 2026 – 3 January 2027' across a year."""
    monday, sunday = parse_edition(edition)
    if monday.year != sunday.year:
        return f"{day_month(monday)} {monday.year} – {day_month(sunday)} {sunday.year}"
    if monday.month != sunday.month:
        return f"{day_month(monday)} – {day_month(sunday)} {sunday.year}"
    return f"{monday.day}–{sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"


def day_month(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"
