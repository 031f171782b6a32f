"""Extraction of candidate figures from a source text, measured against the shipped
indicator table (the five sources), and tried on texts written for the purpose."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from briefgen.intake.figures import candidates
from tests.conftest import REPO, need_shared_sources


def measure() -> tuple[float, float, list[str]]:
    """Recall: shipped figures found with the right value, scale and line. Precision:
    candidates that are one of those figures (the table holds every figure the five
    sources state, so anything else is a list number, a year used as a label or
    page furniture)."""
    sources = need_shared_sources()
    rows = list(csv.DictReader((REPO / "content/indicators.csv").open(encoding="utf-8")))
    files = {}
    for path in (REPO / "content/documents").glob("*.yaml"):
        text = path.read_text()
        files[path.stem] = next(
            line.split(":", 1)[1].split("#")[0].strip()
            for line in text.splitlines()
            if line.startswith("source_file:")
        )
    found = {
        name: candidates((sources / name).read_text(encoding="utf-8"))
        for name in set(files.values())
    }
    matched, missed = set(), []
    for row in rows:
        name = files[row["document"]]
        hits = [
            c
            for c in found[name]
            if c.line == int(row["locator"])
            and c.value == Decimal(row["value"])
            and c.scale == row["scale"]
        ]
        if hits:
            matched.update((name, c.line, c.text, c.value) for c in hits)
        else:
            missed.append(row["id"])
    total = sum(len(c) for c in found.values())
    recall = (len(rows) - len(missed)) / len(rows)
    return recall, len(matched) / total, missed


def test_recall_and_precision_on_the_five_sources() -> None:
    recall, precision, missed = measure()
    print(f"recall {recall:.3f}, precision {precision:.3f}, missed {missed}")
    assert recall >= 0.95, missed
    assert precision >= 0.8


def test_odd_number_formats() -> None:
    text = "Exports rose to $1.1 trillion, up 12.5% from over 3 million units.\nSome 55,000 million dollars; ranked 7th; around one-quarter of sales; 16 times larger.\n"
    found = [(c.text, str(c.value), c.unit, c.scale, c.qualifier) for c in candidates(text)]
    assert ("1.1", "1.1", "USD", "trillion", "exact") in found
    assert ("12.5", "12.5", "%", "1", "exact") in found
    assert ("3", "3", "units", "million", "over") in found
    assert ("55,000", "55000", "USD", "million", "about") in found
    assert ("7th", "7", "rank", "1", "exact") in found
    assert ("one-quarter", "25", "%", "1", "about") in found
    assert ("16", "16", "times", "1", "exact") in found


def test_spanish_decimal_commas_and_scales() -> None:
    text = "La inversión extranjera llegó a 1.234,5 millones de dólares en 2024, un alza de 3,5 por ciento.\n"
    found = {c.text: c for c in candidates(text)}
    assert (
        found["1.234,5"].value == Decimal("1234.5")
        and found["1.234,5"].scale == "million"
        and found["1.234,5"].unit == "USD"
    )
    assert found["3,5"].value == Decimal("3.5") and found["3,5"].unit == "%"
    assert found["1.234,5"].period == "2024"
    assert "2024" not in found  # a year used as a date is not a figure


def test_ranges_become_two_rows() -> None:
    (low, high) = candidates("Flows reached between 55,000 and 60,000 million dollars a year.\n")
    assert (low.value, low.qualifier, low.scale, low.unit) == (
        Decimal(55000),
        "range-low",
        "million",
        "USD",
    )
    assert (high.value, high.qualifier, high.scale, high.unit) == (
        Decimal(60000),
        "range-high",
        "million",
        "USD",
    )


def test_a_projection_is_proposed_as_a_forecast() -> None:
    (low, high) = candidates(
        "Flows could reach between 55,000 and 60,000 million dollars a year.\n"
    )
    assert (low.qualifier, high.qualifier) == ("forecast+range-low", "forecast+range-high")
    (found,) = candidates(
        "La inversión oscilaría en torno a 40 mil millones de dólares.\n", language="es"
    )
    assert found.qualifier == "forecast+about"
    (past,) = candidates("Exports grew 4.1% last year.\n")
    assert past.qualifier == "exact"


def test_spans_of_time_that_frame_a_figure_are_not_proposed() -> None:
    text = (
        "In the first three quarters, sales rose 6% over the last 20 years' average.\n"
        "Hace 47 años la planta abrió; en los primeros cinco meses vendió 12% más.\n"
        "The three North American countries trade $1.8 trillion; posted 1 day ago\n"
        "34\n"
        "Subscribe now: $200 off for a limited time.\n"
    )
    found = [(c.line, c.text) for c in candidates(text)]
    assert found == [(1, "6"), (2, "12"), (3, "1.8")]


def test_page_furniture_and_labels_are_not_figures() -> None:
    text = "Jane Doe · Dec 22, 2024 7:15 am ET\n4min read\nSee Figure 2 and NAICS 334.\n1. First point of a list\n17 Charles Babbage Road\n"
    assert candidates(text) == []


def copied_into_a_table(text_path, tmp_path, language: str | None = None):  # noqa: ANN001, ANN201
    """What `add` proposes for a text, copied into an indicator table as an analyst
    would (a label, a geography and, for a bare count, its noun filled in), checked
    by `check` against the text read as the draft records it (language, style)."""
    from briefgen.content import read_indicator_table
    from briefgen.errors import Loc
    from briefgen.intake.draft import candidate_table
    from briefgen.intake.metadata import text_language
    from briefgen.model import Draft
    from briefgen.numbers import detect_style
    from briefgen.provenance import check_provenance, read_sources

    text = text_path.read_text(encoding="utf-8")
    assert language in (None, text_language(text))
    language = text_language(text)
    style = detect_style(text.splitlines(), language).style
    found = candidates(text, style=style, language=language)
    rows = list(csv.DictReader(io.StringIO(candidate_table(found, "doc"))))
    for row in rows:
        del row["context"]  # the source's words: candidates files only
        row |= {"label": "a figure", "geography": "somewhere", "unit": row["unit"] or "items"}
    table = tmp_path / f"{text_path.stem}.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    indicators, problems, _ = read_indicator_table(table)
    assert problems == []
    summary = Draft(
        "doc", text_path.name, None, language, style, None, None, None, Loc("doc.yaml"), {}
    )
    texts, _ = read_sources(text_path.parent, [summary])
    return found, check_provenance(indicators, [summary], texts)


@pytest.mark.parametrize(
    "name",
    ["000_d670995f30a0e47e.txt", "001_5e3d32742e26f71a.txt", "002_a8ee646486193806.txt",
     "003_d2b5ee3936b65198.txt", "004_ffe8d3aacfa7690a.txt"],
)  # fmt: skip
def test_every_candidate_of_a_shipped_source_passes_check(name: str, tmp_path) -> None:  # noqa: ANN001
    found, checked = copied_into_a_table(need_shared_sources() / name, tmp_path)
    assert [str(p) for p in checked.problems] == []
    assert len(checked.verified) == len(found) >= 3


@pytest.mark.parametrize(
    ("name", "language"),
    [("en-trade-note.txt", "en"), ("mx-remesas.txt", "es"), ("es-comercio.txt", "es")],
)
def test_every_candidate_of_our_own_texts_passes_check(name: str, language: str, tmp_path) -> None:  # noqa: ANN001
    found, checked = copied_into_a_table(REPO / "tests/texts" / name, tmp_path, language)
    assert [str(p) for p in checked.problems] == []
    assert len(checked.verified) == len(found) > 5


def found_on(text: str, language: str | None = None) -> list[tuple[int, str]]:
    return [(c.line, c.text) for c in candidates(text, language=language)]


def test_iso_date_stamps_are_dates_not_figures() -> None:
    text = (
        "posted 2024-03 Canada sold goods worth $12.4 billion to Mexico in May.\n"
        "Updated 2025-01-17: sales of used trucks rose 6.2%.\n"
        "fecha 2022-11 Las remesas sumaron 4 mil 310 millones de dólares en octubre.\n"
    )
    assert found_on(text) == [(1, "12.4"), (2, "6.2"), (3, "4 mil 310")]


def test_counts_of_list_items_in_words_are_not_figures() -> None:
    english = (
        "Copper, grain and resin were the top three exports by rail in June.\n"
        "The outlook carries two caveats: the peso is strong and orders are slow.\n"
        "This memo gives four reasons why plants moved south and three lessons for ports.\n"
        "Engineers from all three partner countries met; the border counts seven freight hubs.\n"
    )
    assert found_on(english, "en") == [(4, "seven")]
    spanish = (
        "El pronóstico tiene tres salvedades: por un lado, el tipo de cambio; por otro, la demanda.\n"
        "Los dos principales productos fueron el acero y el vidrio, con 14% del total.\n"
        "El informe da cinco claves del auge y la región suma seis parques industriales.\n"
    )
    assert found_on(spanish, "es") == [(2, "14"), (3, "seis")]
    # with a scale or a unit a number word is a figure again
    assert found_on("The top three buyers spent nearly two million dollars.\n", "en") == [
        (1, "two")
    ]


def test_version_and_edition_numbers_are_not_figures() -> None:
    english = (
        "Border Trade Digest 5.0 | Monthly Letter\n"
        "Version 2.1 of the rules, edition 12 of the survey and Industry 4.0 plants: output grew 3.0%.\n"
        "Ontario 7.0 6.5\n"
    )
    assert found_on(english, "en") == [(2, "3.0"), (3, "7.0"), (3, "6.5")]
    spanish = "La revisión del T-MEC 2.0, en la edición 9 del boletín, prevé un alza de 2,5%.\n"
    assert found_on(spanish, "es") == [(1, "2,5")]


def test_reader_reaction_counts_are_furniture_wherever_the_layout_puts_them() -> None:
    text = (
        "Reporting by our desk staff 27 COMMENTS Share this story on social media\n"
        "41 shares\n"
        "Read more 9 comments Subscribe to the daily letter\n"
        "The draft rule drew 450 comments from industry groups in March.\n"
        "12 comentarios\n"
        "La consulta pública reunió 230 comentarios de empresas del sector.\n"
    )
    assert found_on(text) == [(4, "450"), (6, "230")]


def test_a_span_named_as_a_period_frames_the_figure() -> None:
    english = (
        "Over a period of 5 to 7 years, investment could reach $40 billion.\n"
        "Within two years the plant shipped 18% more parts; trailing 12 months sales hit $3 billion.\n"
    )
    assert found_on(english, "en") == [(1, "40"), (2, "18"), (2, "3")]
    spanish = (
        "En un periodo que va de 2 a 4 años, la inversión sumaría 30 mil millones de dólares.\n"
        "El acumulado a 12 meses fue de 61 mil 200 millones de dólares, en un plazo de 6 meses.\n"
    )
    assert found_on(spanish, "es") == [(1, "30"), (2, "61 mil 200")]
