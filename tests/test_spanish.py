"""The shipped Spanish brief speaks Spanish in the theme's own words too: the
cover, the cards, the indicator table, the sources, the colophon, the change
section and the email, from templates/locale/es/LC_MESSAGES/messages.po."""

from __future__ import annotations

import io
import re
import shutil

import pytest

from briefgen import build
from tests.conftest import REPO, need_shared_sources

# The theme's English (in its templates), as a reader of the Spanish brief would
# spot it. Words the Python code writes (chart captions, "Figure 1", citation words,
# "Figure 7 of the full brief") are the code's, translated there, and left out here.
ENGLISH = [
    "Weekly brief",
    "first edition",
    "Covers the week",
    "(week ",
    "Reviewed",
    "documents ·",
    "Edited by",
    "Written by",
    "Key points",
    "What it means.",
    "How far to trust it.",
    "figures in the indicator table",
    "cited as",
    "new this week",
    "Credited to",
    "Where the brief writes",
    "source:",
    "not checked",
    "historical",
    "URL not known.",
    "the source states no date",
    "Summaries are written in our own words",
    "Contact:",
    "made with briefgen",
    "How the figures were checked",
    "Where each document's figures stand",
    "What changed",
    "the documents and figures are",
    "The full brief",
]
# What the Spanish reader gets instead (each where the PDF, the page and the
# email all show it).
SPANISH = ["Resumen semanal", "Puntos clave", "Qué significa.", "Qué tan confiable es."]
HEADINGS_ES = ["Conclusiones clave", "Cifras principales", "Documentos revisados en esta edición"]


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The shipped es brief, built twice (W48 and W49) so that the second has a
    previous edition to compare with: html, pdf and email text of each."""
    root = tmp_path_factory.mktemp("es")
    shutil.copytree(need_shared_sources(), root / "shared" / "sources")
    shutil.copytree(REPO / "content", root / "shipped" / "content")
    import pypdf

    texts: dict[str, str] = {}
    for edition in ("2026-W48", "2026-W49"):
        content, out = root / "shipped" / "content", root / "shipped" / "output"
        result = build(content, out=out, edition=edition, variant="es")
        folder = result.folder
        pdf = pypdf.PdfReader(io.BytesIO((folder / "brief.pdf").read_bytes()))
        texts[f"{edition}/pdf"] = " ".join(
            " ".join(page.extract_text() for page in pdf.pages).split()
        )
        texts[f"{edition}/html"] = (folder / "brief.html").read_text(encoding="utf-8")
        texts[f"{edition}/email.txt"] = (folder / "email.txt").read_text(encoding="utf-8")
        texts[f"{edition}/email.html"] = (folder / "email.html").read_text(encoding="utf-8")
    return texts


def visible(html: str) -> str:
    """The page's text and its attributes a reader meets (alt, aria-label, title)."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(re.findall(r'(?:alt|aria-label|title)="([^"]*)"', html))
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join((text + " " + attributes).replace("&#39;", "'").split())


@pytest.mark.parametrize("kind", ["html", "pdf", "email.txt", "email.html"])
@pytest.mark.parametrize("edition", ["2026-W48", "2026-W49"])
def test_no_english_theme_words_in_the_spanish_brief(spanish, edition: str, kind: str) -> None:
    text = spanish[f"{edition}/{kind}"]
    text = visible(text) if kind.endswith("html") else " ".join(text.split())
    # the PDF's text is as printed: a kicker or a card heading in capitals
    found = [english for english in ENGLISH if english in text or english.upper() in text]
    assert not found, f"English in the Spanish {kind} of {edition}: {found}"


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_the_spanish_brief_has_the_theme_words_in_spanish(spanish, kind: str) -> None:
    text = spanish[f"2026-W48/{kind}"]
    if kind == "html":
        text = visible(text)
    words = [*SPANISH, *HEADINGS_ES, "Fuentes", "consultado el"]
    missing = [w for w in words if w not in text and w.upper() not in text]
    assert not missing, missing
    # documents and figures counted with their plural; a first edition said so
    assert re.search(r"\d+ documentos · \d+ cifras", text)
    assert "primera edición" in text or "PRIMERA EDICIÓN" in text


def test_the_second_spanish_edition_says_what_changed_in_spanish(spanish) -> None:
    for kind in ("html", "email.txt"):
        text = " ".join(spanish[f"2026-W49/{kind}"].split())
        assert "Qué cambió desde 2026-W48" in text or "QUÉ CAMBIÓ DESDE 2026-W48" in text, kind


def test_the_spanish_email_is_spanish(spanish) -> None:
    text = spanish["2026-W48/email.txt"]
    assert "Resumen semanal" in text and "CONCLUSIONES CLAVE" in text
    assert "DOCUMENTOS REVISADOS EN ESTA EDICIÓN" in text
    html = visible(spanish["2026-W48/email.html"])
    assert "Conclusiones clave" in html and "Resumen semanal" in html
