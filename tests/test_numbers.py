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
        anchor=None,
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
    # written at the scale a reader compares ("$29 billion" beside it), not the source's
    assert format_range(low, high) == "forecast: $55–60 billion"


def test_chart_labels_use_each_number_s_natural_scale() -> None:
    assert format_short(Decimal("290e9"), "USD") == "$290 billion"
    assert format_short(Decimal("1.1e12"), "USD") == "$1.1 trillion"
    assert format_short(Decimal("55e9"), "USD", Decimal("60e9")) == "$55–60 billion"
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


# --- one reader, every style (sentences written for these tests) ------------------------

from briefgen.numbers import COMMA, POINT, detect_style, read_line  # noqa: E402


def reading(line: str, number: str, style: str | None = POINT, **options: str):  # noqa: ANN201
    """The reading of `number` (as written) on `line`."""
    found = [r for r in read_line(line, style, **options) if r.number == number]
    assert found, (
        f"{number!r} not read on {line!r}: {[r.number for r in read_line(line, style, **options)]}"
    )
    return found[0]


def said(line: str, number: str, style: str | None = POINT, **options: str) -> tuple:
    r = reading(line, number, style, **options)
    return ([format(v, "f") for v in r.values], r.scale, r.unit, r.qualifiers)


@pytest.mark.parametrize(
    ("line", "number", "expected"),
    [
        ("Freight rose to $1.1tn last year.", "1.1", (["1.1"], "trillion", "USD", ())),
        ("The fund holds £3.4bn.", "3.4", (["3.4"], "billion", "GBP", ())),
        ("Remittances hit US$378.885 billion.", "378.885", (["378.885"], "billion", "USD", ())),
        ("Exports fell by 36 billion dollars.", "36", (["36"], "billion", "USD", ())),
        ("The quota falls to 18.3 million tonnes.", "18.3", (["18.3"], "million", "tonnes", ())),
        ("a margin of 12.5 percentage points", "12.5", (["12.5"], "1", "percentage points", ())),
        ("after a 25-basis-point cut", "25", (["25"], "1", "basis points", ())),
        ("rates of 40 bps", "40", (["40"], "1", "basis points", ())),
        ("as much as 3% of output", "3", (["3"], "1", "%", ("up-to",))),
        ("at least 600 billion euros", "600", (["600"], "billion", "EUR", ("at-least",))),
        ("some 55,000 million dollars", "55,000", (["55000"], "million", "USD", ("about",))),
        ("almost 7 per cent", "7", (["7"], "1", "%", ("nearly",))),
        ("more than $100 billion", "100", (["100"], "billion", "USD", ("over",))),
        ("around one-quarter of sales", "one-quarter", (["25"], "1", "%", ("about",))),
        ("over a trillion dollars", "a", (["1"], "trillion", "USD", ("over",))),
        ("the peso traded at 17.2 pesos per dollar", "17.2", (["17.2"], "1", "MXN per USD", ())),
        ("wages of at least $16 per hour", "16", (["16"], "1", "USD per hour", ("at-least",))),
        ("imports were 3.8 times larger", "3.8", (["3.8"], "1", "times", ())),
        ("an outflow of -$1.64 billion", "1.64", (["-1.64"], "billion", "USD", ())),
        ("it ranks seventh in output", "seventh", (["7"], "1", "rank", ())),
        ("the eleventh-largest recipient", "eleventh", (["11"], "1", "rank", ())),
        ("Canada is the top supplier", "top", (["1"], "1", "rank", ())),
        ("back in the top 25 of the list", "25", (["25"], "1", "rank", ("up-to",))),
        ("the top three buyers of steel", "three", (["3"], "1", "buyers", ())),
        ("for the fourth consecutive month", "fourth", (["4"], "1", "consecutive months", ())),
        ("between 40 and 45% of content", "40", (["40"], "1", "%", ("range-low",))),
        ("3 to 5 years", "5", (["5"], "1", "years", ("range-high",))),
        ("over 30 U.S. states", "30", (["30"], "1", "states", ("over",))),
    ],
)
def test_english_numbers_are_read_as_stated(line: str, number: str, expected: tuple) -> None:
    assert said(line, number, language="en") == expected


@pytest.mark.parametrize(
    ("line", "number", "style", "expected"),
    [
        # Mexico: marks as in English, and "mil" groupings
        (
            "La inversión sumó 29 mil 041 millones de dólares.",
            "29 mil 041",
            POINT,
            (["29041"], "million", "USD", ()),
        ),
        (
            "Las ventas fueron de 236 mil 46 millones.",
            "236 mil 46",
            POINT,
            (["236046"], "million", "", ()),
        ),
        (
            "llegaría a casi los 30 mil millones de dólares",
            "30",
            POINT,
            (["30"], "billion", "USD", ("nearly",)),
        ),
        ("El empleo creció 11.8 por ciento.", "11.8", POINT, (["11.8"], "1", "%", ())),
        ("un salario de 22,258 pesos", "22,258", POINT, (["22258"], "1", "MXN", ())),
        ("una planta de 350 mdd", "350", POINT, (["350"], "million", "USD", ())),
        ("un fondo de 1,200 mdp", "1,200", POINT, (["1200"], "million", "MXN", ())),
        ("sobrepasa el 80% del total", "80", POINT, (["80"], "1", "%", ("over",))),
        ("más del 3% de las empresas", "3", POINT, (["3"], "1", "%", ("over",))),
        ("cerca de 2 millones de personas", "2", POINT, (["2"], "million", "people", ("about",))),
        ("alrededor del 15% del PIB", "15", POINT, (["15"], "1", "% of GDP", ("about",))),
        ("menos de 500 empleados", "500", POINT, (["500"], "1", "employees", ("under",))),
        ("hasta 40 mil millones de pesos", "40", POINT, (["40"], "billion", "MXN", ("up-to",))),
        ("al menos 12 estados", "12", POINT, (["12"], "1", "states", ("at-least",))),
        ("subió 0.45 puntos porcentuales", "0.45", POINT, (["0.45"], "1", "percentage points", ())),
        ("bajó 50 puntos base", "50", POINT, (["50"], "1", "basis points", ())),
        ("cerró en 18.9 pesos por dólar", "18.9", POINT, (["18.9"], "1", "MXN per USD", ())),
        ("casi un millón de personas", "un", POINT, (["1"], "million", "people", ("nearly",))),
        (
            "entre los 55 y 60 mil millones de dólares",
            "55",
            POINT,
            (["55"], "billion", "USD", ("range-low",)),
        ),
        ("México ocupa el tercer lugar", "tercer", POINT, (["3"], "1", "rank", ())),
        ("es la segunda más grande", "segunda", POINT, (["2"], "1", "rank", ())),
        ("el onceavo fabricante de autos", "onceavo", POINT, (["11"], "1", "rank", ())),
        ("el undécimo destino", "undécimo", POINT, (["11"], "1", "rank", ())),
        ("se mantuvo en primer lugar", "primer", POINT, (["1"], "1", "rank", ())),
        # Spain and South America: 1.234,5
        (
            "Las ventas alcanzaron 81.062 millones de dólares.",
            "81.062",
            COMMA,
            (["81062"], "million", "USD", ()),
        ),
        ("un 60,2% del total", "60,2", COMMA, (["60.2"], "1", "%", ())),
        ("una deuda de 1,6 billones de euros", "1,6", COMMA, (["1.6"], "trillion", "EUR", ())),
        ("Se registraron 12.450 empresas", "12.450", COMMA, (["12450"], "1", "companies", ())),
        ("un valor de US$ 51.800 millones", "51.800", COMMA, (["51800"], "million", "USD", ())),
    ],
)
def test_spanish_numbers_are_read_as_stated(
    line: str, number: str, style: str, expected: tuple
) -> None:
    assert said(line, number, style, language="es") == expected


def test_a_text_s_number_style_comes_from_its_unambiguous_numbers() -> None:
    spain = ["Las exportaciones crecieron un 4,5% hasta 12.300 millones.", "El paro bajó al 11,2%."]
    mexico = ["Las remesas sumaron 5 mil 120 millones, un alza de 6.3 por ciento."]
    english = ["Exports rose 4.5% to $12,300 million."]
    assert detect_style(spain, "es").style == COMMA
    assert detect_style(mexico, "es").style == POINT
    assert detect_style(english, "en").style == POINT
    assert "4,5" in detect_style(spain, "es").reason


def test_marks_that_cannot_be_told_give_both_readings() -> None:
    guess = detect_style(["Se vendieron 1.234 unidades en 2025."], "es")
    assert guess.style is None and "no number of the text tells" in guess.reason
    (found,) = [r for r in read_line("Se vendieron 1.234 unidades.", guess.style, language="es")]
    assert found.ambiguous and [format(v, "f") for v in found.values] == ["1.234", "1234"]
    # unambiguous marks need no style: 60,2 and 1.234,5 read the same in any text
    assert reading("60,2% y 1.234,5 millones", "60,2", None).values == (Decimal("60.2"),)
    assert reading("60,2% y 1.234,5 millones", "1.234,5", None).values == (Decimal("1234.5"),)


def test_a_bare_dollar_sign_is_the_text_s_own_currency() -> None:
    assert reading("las ventas de $45 millones", "45", currency="MXN").unit == "MXN"
    assert reading("las ventas de $45 millones", "45").unit == "USD"
    assert reading("US$45 millones", "45", currency="MXN").unit == "USD"


def test_the_period_comes_from_the_number_s_own_clause() -> None:
    line = "Trade rose from roughly $290 billion in 1993 to more than $1.1 trillion in 2016, and it may grow in 2030."
    assert reading(line, "290").period == "1993"
    assert reading(line, "1.1").period == "2016"
    line = "Exports grew 27.5% between 2005 and 2019, while imports rose 14.5% over the same years."
    assert reading(line, "27.5").period == "2005/2019" and reading(line, "14.5").period is None
    line = "En el primer bimestre de 2026 las ventas sumaron 8 mil 755 millones de dólares."
    assert reading(line, "8 mil 755").period == "2026-01/2026-02"
    line = "FDI was $29 billion in the first six months of 2023 and $676 million in Q4 2024."
    assert reading(line, "29").period == "2023-H1" and reading(line, "676").period == "2024-Q4"
    assert reading("The 2022 law gives $3.4 billion to ports.", "3.4").period is None  # a label


def test_a_number_inside_markdown_is_read_with_its_words() -> None:
    line = "At around [0.3%](#) of GDP, and **60%** of the rest, over [30,000](#) researchers"
    assert said(line, "0.3") == (["0.3"], "1", "% of GDP", ("about",))
    assert said(line, "60") == (["60"], "1", "%", ())
    assert said(line, "30,000") == (["30000"], "1", "researchers", ("over",))


def test_names_times_and_codes_are_not_numbers() -> None:
    line = "COVID-19 hit Q4 output; the 5G plant opened at 7:15 on 2024-08-29 with G20 delegates."
    assert [r.number for r in read_line(line)] == []


def test_top_before_a_number_counts_a_list_and_is_no_rank() -> None:
    numbers = [r.number for r in read_line("The top three buyers and the top 5 exporters.", POINT)]
    assert numbers == ["three", "5"]
    assert [r.number for r in read_line("Canada is the top buyer.", POINT)] == ["top"]


def test_estados_unidos_after_a_year_is_a_country_not_a_count() -> None:
    text = "En 2020 Estados Unidos compró 12 estados de cuenta y 300 estados financieros."
    found = [(f.number, f.unit) for f in find_numbers(text, "decimal-point", language="es")]
    assert ("2020", "states") not in found  # a year, not a count of states
    assert ("300", "states") in found  # the noun still counts where it is one
