"""Numbers found in text, and numbers written for readers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from briefgen.errors import Loc
from briefgen.model import Indicator, Period
from briefgen.numbers import (
    find_numbers,
    format_number,
    format_range,
    format_short,
    format_value,
    ordinal,
)


def numbers(line: str) -> list[set[str]]:
    return [{str(v) for v in found.values} for found in find_numbers(line)]


def test_digits_with_and_without_separators() -> None:
    assert numbers("over 30,000 researchers and 1.1 trillion, 55,000 to 60000") == [
        {"30000"},
        {"1.1"},
        {"55000"},
        {"60000"},
    ]


def test_number_words() -> None:
    assert numbers("ranks seventh, the eleventh-largest, twenty-first") == [{"7"}, {"11"}, {"21"}]
    assert numbers("around one-quarter of sales") == [{"25"}]  # a share: 25%
    assert numbers("over a trillion dollars") == [{"1"}]


def test_words_inside_other_words_are_not_numbers() -> None:
    assert numbers("Often, someone went into the tone") == []


def make(value: str, unit: str, scale: str = "1", qualifiers: tuple[str, ...] = ()) -> Indicator:
    return Indicator(
        id="x",
        label="x",
        value=Decimal(value),
        unit=unit,
        scale=scale,
        qualifiers=qualifiers,
        period=Period("2020", 2020, 2020),
        geography="Mexico",
        document="d",
        locator=1,
        unit_locator=None,
        attributed_to=None,
        note=None,
        historical=False,
        loc=Loc("content/indicators.csv", 2),
    )


@pytest.mark.parametrize(
    ("indicator", "shown"),
    [
        (make("1.1", "USD", "trillion", ("over",)), "over $1.1 trillion"),
        (make("25", "%", qualifiers=("forecast", "about")), "forecast: about 25%"),
        (make("20", "%", qualifiers=("over",)), "over 20%"),
        (make("0.3", "% of GDP", qualifiers=("about",)), "about 0.3% of GDP"),
        (make("7", "rank"), "7th"),
        (make("30000", "researchers", qualifiers=("over",)), "over 30,000 researchers"),
        (make("3", "workers", "million", ("about",)), "about 3 million workers"),
        (make("600", "EUR", "billion", ("at-least",)), "at least €600 billion"),
        (make("73.14", "USD", "billion"), "$73.14 billion"),
        (make("16", "times"), "16 times"),
    ],
)
def test_format_value_shows_the_qualifier(indicator: Indicator, shown: str) -> None:
    assert format_value(indicator) == shown


def test_inline_forecast_goes_after_the_number() -> None:
    assert (
        format_value(make("25", "%", qualifiers=("forecast", "about")), inline=True)
        == "about 25% (forecast)"
    )


def test_range_of_two_rows() -> None:
    low = make("55000", "USD", "million", ("forecast", "range-low"))
    high = make("60000", "USD", "million", ("forecast", "range-high"))
    assert format_range(low, high) == "forecast: $55,000–60,000 million"


def test_chart_labels_use_each_number_s_natural_scale() -> None:
    assert format_short(Decimal("290e9"), "USD") == "$290bn"
    assert format_short(Decimal("1.1e12"), "USD") == "$1.1tn"
    assert format_short(Decimal("55e9"), "USD", Decimal("60e9")) == "$55–60bn"
    assert format_short(Decimal("79.6"), "%") == "79.6%"


def test_format_number_keeps_the_source_s_decimals() -> None:
    assert format_number(Decimal("73.10")) == "73.10"
    assert format_number(Decimal("1234567")) == "1,234,567"
    assert [ordinal(Decimal(n)) for n in (1, 2, 3, 11, 12, 13, 21, 53)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "53rd",
    ]
