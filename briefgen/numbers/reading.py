"""What the reader says of one number on a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefgen.numbers.lexicon import APPROXIMATIONS


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
