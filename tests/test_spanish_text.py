"""The shipped Spanish brief reads Spanish in the words briefgen's Python code writes
(section titles, Figure N, chart subtitles and captions, citations), and prints the
same figures as the English brief, each written the Spanish way."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import parse_decimal

from briefgen import build
from tests.conftest import EDITION, edit

# What the code wrote in English before it spoke the brief's language. (Template
# strings, the headings and "(accessed" of the sources list among them, are the
# templates' own and checked with them.)
ENGLISH = [
    "Source:",
    "Sources:",
    "Note:",
    "Notes:",
    "Per cent",
    "Billions of US dollars",
    "not stated",
    "Computed from",
    "cited in",
    "Blog post",
    "News analysis",
    "Policy note",
    "Data note",
    "Bar chart",
    "Line chart",
    "(n.d.)",
    "Hatched bars",
    "Outlined bars",
]
SPANISH = [
    "Fuente:",
    "Nota:",
    "Porcentaje",
    "Miles de millones de dólares",
    "(s. f.)",
    "Entrada de blog",
    "Gráfica de barras",
    "Las barras con contorno son escenarios",
]
SECTION_TITLES = {
    "Key takeaways": "Conclusiones clave",
    "Headline figures": "Cifras principales",
    "Documents reviewed this edition": "Documentos revisados en esta edición",
    "Indicator table": "Tabla de indicadores",
    "Sources": "Fuentes",
}
SCALES = {  # the longest first: "mil millones" before "millones" and "mil"
    "en": [("trillion", 12), ("billion", 9), ("million", 6), ("thousand", 3)],
    "es": [("billones", 12), ("mil millones", 9), ("millones", 6), ("mil", 3)],
}


def text_of(page: str) -> str:
    """What a reader reads: tags, styles and comments gone (an SVG's <title>, the
    chart's alt text, stays), whitespace collapsed."""
    page = re.sub(r"<style.*?</style>|<!--.*?-->", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def contents_titles(page: str) -> list[str]:
    nav = re.search(r'<nav class="contents".*?</nav>', page, flags=re.S)
    assert nav, "no contents list"
    return [text_of(t) for t in re.findall(r"<li><a [^>]*>(.*?)</a></li>", nav[0], flags=re.S)]


def table_values(page: str, locale: str) -> dict[str, list[list[Decimal]]]:
    """Each indicator table's amounts as numbers: the figures a row prints, in its scale."""
    tables = {}
    for table_id, body in re.findall(
        r'<table class="indicator-table[^"]*" id="([^"]+)">(.*?)</table>', page, flags=re.S
    ):
        rows = []
        for amount in re.findall(r'<span class="amount">(.*?)</span>', body, flags=re.S):
            amount = html.unescape(amount)
            power = next(
                (p for word, p in SCALES[locale[:2]] if re.search(rf"\b{word}\b", amount)), 0
            )
            numbers = re.findall(r"\d(?:[\d.,\u202f\xa0]*\d)?", amount)
            rows.append(
                [parse_decimal(n, locale=locale, strict=True).scaleb(power) for n in numbers]
            )
        tables[table_id] = rows
    return tables


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from tests.conftest import REPO, need_shared_sources

    out = tmp_path_factory.mktemp("es") / "output"
    result = build(
        REPO / "content", out=out, edition=EDITION, sources=need_shared_sources(), variant="es"
    )
    return result.folder


def test_the_codes_words_in_the_spanish_brief_are_spanish(spanish: Path) -> None:
    page = (spanish / "brief.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert [w for w in ENGLISH if w in text] == []
    assert re.findall(r"\bFigure \d+", text) == []
    assert [w for w in SPANISH if w not in text] == []
    assert re.search(r"\bFigura \d+", text)
    titles = contents_titles(page)
    assert [t for t in SECTION_TITLES if t in titles] == []
    assert [t for t in SECTION_TITLES.values() if t not in titles] == []
    # The email's cards say where a document is, and when the desk read it.
    email = (spanish / "email.txt").read_text(encoding="utf-8")
    assert "accessed" not in email and "consultado el" in email
    assert "Figure " not in email


def test_the_spanish_indicator_table_prints_the_english_figures(built, spanish: Path) -> None:
    english = table_values((built.folder / "brief.html").read_text(encoding="utf-8"), "en_US")
    ours = table_values((spanish / "brief.html").read_text(encoding="utf-8"), "es_MX")
    assert sum(len(r) for rows in english.values() for r in rows) > 50  # the table was read
    assert ours == english


def test_an_es_es_brief_writes_a_decimal_comma(shipped: Path) -> None:
    edit(shipped / "content" / "briefs" / "es.yaml", "locale: es-MX", "locale: es-ES")
    result = build(shipped / "content", out=shipped / "output", edition=EDITION, variant="es")
    page = (result.folder / "brief.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "0,3\xa0%" in text or "0,3 %" in text
    assert "0.3%" not in text
    # The same figures as es-MX writes them, read the es-ES way.
    assert table_values(page, "es_ES")
