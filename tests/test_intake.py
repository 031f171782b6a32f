"""`briefgen add`: a draft summary and candidate figures from a new source text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import build, check_project
from briefgen.cli import main
from briefgen.errors import OptionError
from briefgen.intake import add
from tests.conftest import EDITION, REPO, need_shared_sources, snapshot

EXPECTED = {  # what INDEX.md says each text states about itself
    "000_d670995f30a0e47e.txt": ("2024-12-22", None),
    "001_5e3d32742e26f71a.txt": ("null", None),
    "002_a8ee646486193806.txt": ("null", None),
    "003_d2b5ee3936b65198.txt": ("null", "Jorge Mandujano"),
    "004_ffe8d3aacfa7690a.txt": ("2024-07", "Carlos López-Gómez"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_add_writes_a_draft_and_candidates_for_each_source(
    project: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes((need_shared_sources() / name).read_bytes())
    result = add(path, project / "content", document_id="new-source")
    draft = result.document.read_text()
    date, author = EXPECTED[name]
    assert "status: draft" in draft and f"source_file: {name}" in draft
    assert f"published: {date}" in draft  # never guessed: null where the text states none
    assert (f'authors: ["{author}"]' in draft) if author else ("authors: []" in draft)
    rows = list(csv.DictReader(io.StringIO(result.candidates.read_text())))
    assert rows and all(r["document"] == "new-source" and r["locator"].isdigit() for r in rows)
    assert (project / "content/sources" / name).read_bytes() == path.read_bytes()
    report = check_project(project / "content", strict=False)
    assert [d.id for d in report.project.documents] == ["example-2026"]  # the draft stays out
    assert any("draft: left out of the brief" in str(w) for w in report.warnings)
    build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0", "a PNG image: run it through OCR"),
        (b"\x00\x01\x02binary", "a binary file"),
        (b"PK\x03\x04rest", "a ZIP archive"),
        ("café".encode("latin-1"), "not UTF-8 text"),
        (b"   \n", "the file is empty"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    project: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "new.txt"
    path.write_bytes(content)
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match=message) as caught:
        add(path, project / "content")
    assert str(path) in str(caught.value)
    assert snapshot(project / "content") == before


def test_missing_file_taken_id_and_bad_id(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match="file not found"):
        add(tmp_path / "nowhere.txt", project / "content")
    path = tmp_path / "note.txt"
    path.write_text("A note\n\nIt says 42% of plants opened near the border.\n")
    with pytest.raises(OptionError, match="already exists"):
        add(path, project / "content", document_id="example-2026")
    with pytest.raises(OptionError, match="is not a valid id"):
        add(path, project / "content", document_id="Bad_Id")
    assert snapshot(project / "content") == before


def test_add_writes_only_inside_the_content_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "texts"
    outside.mkdir()
    brief = project / "content/brief.yaml"
    brief.write_text(brief.read_text().replace("sources: sources", f"sources: {outside}"))
    path = tmp_path / "note.txt"
    path.write_text("A note\n\nIt says 42% of plants opened near the border.\n")
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match="outside"):
        add(path, project / "content")
    assert snapshot(project / "content") == before and not list(outside.iterdir())


def test_cli_add_says_what_it_wrote(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "border-note.txt"
    path.write_text(
        "Border note\n\nBy Ana Ruiz, 3 March 2026\n\nNearly 60% of plants, about 3 million workers.\n"
    )
    result = CliRunner().invoke(main, ["add", str(path), "--content", str(project / "content")])
    assert result.exit_code == 0, result.output
    assert "2 candidate figures to review and copy" in result.stdout
    draft = (project / "content/documents/border-note.yaml").read_text()
    assert 'authors: ["Ana Ruiz"]  # line 3' in draft and "published: 2026-03-03  # line 3" in draft
    bad = CliRunner().invoke(
        main, ["add", str(tmp_path / "missing.txt"), "--content", str(project / "content")]
    )
    assert bad.exit_code == 2 and "file not found" in bad.stderr


# --- PDFs and saved web pages, made here from our own test texts -------------------------

TEXTS = REPO / "tests/texts"
PRINTED = """<!DOCTYPE html><html lang="{lang}"><head><style>
@page {{ size: A4; margin: 2.5cm 2cm;
  @top-center {{ content: "prensa.example"; font-size: 8pt }}
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages); font-size: 8pt }} }}
body {{ font: 11pt/1.45 serif; }} .columns {{ columns: 2; column-gap: 1cm; }}
p {{ text-align: justify; hyphens: auto; margin: 0 0 0.5em; }} h1 {{ font-size: 18pt; }}
</style></head><body><h1>{title}</h1><div class="columns">{paragraphs}</div></body></html>"""
SAVED = """<!DOCTYPE html>
<!-- saved from url=(0040)https://prensa.example/nota-remesas-2026 -->
<html lang="es"><head><meta charset="utf-8"><title>prensa.example</title>
<meta property="og:site_name" content="prensa.example">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2026-03-02T08:00:00-06:00">
<script>window.dataLayer = []; gtag('config', 'G-7734'); var sizes = [1440, 992];</script>
</head><body>
<nav><ul><li><a href="/">Inicio</a></li><li><a href="/economia">Economía</a></li><li><a href="/t/39">Top 39</a></li></ul></nav>
<div class="cookie-banner">Usamos cookies. <button>Aceptar</button></div>
<main><article><h1>{title}</h1>{paragraphs}</article>
<aside><h2>Lo más leído</h2><ol><li><a href="/a">El peso gana 4% en una semana</a></li><li><a href="/b">Suben 14% las ventas</a></li></ol></aside>
<div class="ad">Suscríbete: $250 de descuento por tiempo limitado</div></main>
<footer>© 2025 Prensa Ejemplo · Calle Mayor 17 · Tel. +52 81 4321 8765</footer>
</body></html>"""


def our_lines(name: str) -> list[str]:
    return [
        line for line in (TEXTS / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def printed_pdf(tmp_path: Path, name: str, title: str, lang: str, repeat: int = 1) -> Path:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in our_lines(name) * repeat)
    html = PRINTED.format(lang=lang, title=title, paragraphs=paragraphs)
    path = tmp_path / "nota-remesas.pdf"
    HTML(string=html).write_pdf(path)
    return path


def test_a_two_column_pdf_gives_back_its_paragraphs_with_their_pages(
    project: Path, tmp_path: Path
) -> None:
    title = "Remesas y exportaciones al inicio de 2026"
    pdf = printed_pdf(tmp_path, "mx-remesas.txt", title, "es", repeat=8)
    result = add(pdf, project / "content", document_id="nota")
    text = result.source.read_text(encoding="utf-8").splitlines()
    assert result.kind == "pdf" and result.source.name == "nota-remesas.txt"
    assert (
        text[0] == title and text[1:] == our_lines("mx-remesas.txt") * 8
    )  # hyphens undone, columns and pages in order
    assert not any(
        "prensa.example" in line or "Page " in line for line in text
    )  # running header and footer
    pages = (result.source.parent / "nota-remesas.pages.tsv").read_text().splitlines()
    assert pages[0] == "line\tpage" and pages[1] == "1\t1" and pages[-1].endswith("\t3")
    draft = result.document.read_text()
    assert f'title: "{title}"  # line 1' in draft and "original_file: nota-remesas.pdf" in draft
    assert (result.source.parent / "nota-remesas.pdf").read_bytes() == pdf.read_bytes()
    rows = list(csv.DictReader(io.StringIO(result.candidates.read_text())))
    first = next(r for r in rows if r["value"] == "98412")
    assert (
        first["context"].startswith("p. 1: ")
        and "«98 mil 412 millones de dólares»" in first["context"]
    )


def test_a_saved_web_page_gives_its_article_and_its_own_metadata(
    project: Path, tmp_path: Path
) -> None:
    title = "Las remesas crecen al inicio de 2026"
    paragraphs = "".join(f"<p>{line}</p>" for line in our_lines("mx-remesas.txt"))
    page = tmp_path / "nota.html"
    page.write_text(SAVED.format(title=title, paragraphs=paragraphs), encoding="utf-8")
    result = add(page, project / "content")
    text = result.source.read_text(encoding="utf-8").splitlines()
    assert result.kind == "html" and text[0] == title and text[1:] == our_lines("mx-remesas.txt")
    draft = result.document.read_text()
    assert f'title: "{title}"  # the page\'s og:title' in draft
    assert "published: 2026-03-02  # the page's article:published_time" in draft
    assert "authors: []" in draft  # the page names none, and the footer is not a byline
    values = {r["value"] for r in csv.DictReader(io.StringIO(result.candidates.read_text()))}
    assert not values & {
        "7734",
        "1440",
        "992",
        "39",
        "4",
        "14",
        "250",
        "2025",
        "17",
        "52",
        "81",
        "4321",
        "8765",
    }


def test_an_encrypted_or_textless_pdf_is_refused_with_what_to_do(
    project: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    pdf = printed_pdf(tmp_path, "en-trade-note.txt", "A note", "en")
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    scan = tmp_path / "scan.pdf"
    HTML(string='<div style="width:8cm;height:10cm;background:#333"></div>').write_pdf(scan)
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match="encrypted .*save a copy without one"):
        add(locked, project / "content")
    with pytest.raises(OptionError, match="has a text layer .*OCR"):
        add(scan, project / "content")
    assert snapshot(project / "content") == before


def test_a_damaged_pdf_is_refused_with_what_to_do(project: Path, tmp_path: Path) -> None:
    pdf = printed_pdf(tmp_path, "en-trade-note.txt", "A note", "en")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:1500])  # a download that stopped half-way
    before = snapshot(project / "content")
    with pytest.raises(OptionError) as refused:
        add(cut, project / "content")
    message = str(refused.value)
    assert str(cut) in message and "damaged or incomplete" in message
    assert "save or print it to PDF again" in message and "save its text as a .txt file" in message
    assert snapshot(project / "content") == before


def test_a_revised_pdf_is_noticed_and_read_again_only_when_asked(
    project: Path, tmp_path: Path
) -> None:
    content = project / "content"
    pdf = printed_pdf(tmp_path, "en-trade-note.txt", "A trade note", "en")
    result = add(pdf, content, document_id="note")
    kept = result.source.parent / "nota-remesas.pdf"
    text_before = result.source.read_bytes()
    revised = (
        printed_pdf(tmp_path / "v2", "en-trade-note.txt", "A revised trade note", "en")
        if (tmp_path / "v2").mkdir() is None
        else None
    )
    kept.write_bytes(revised.read_bytes())
    report = check_project(content)
    assert any(
        "changed since nota-remesas.txt was extracted from it: run briefgen extract note" in str(w)
        for w in report.warnings
    )
    assert result.source.read_bytes() == text_before  # nothing read again by itself
    run = CliRunner().invoke(main, ["extract", "note", "--content", str(content)])
    assert run.exit_code == 0, run.output
    assert "the text changed" in run.stdout
    assert result.source.read_text().startswith("A revised trade note")
    assert not any("was extracted from it" in str(w) for w in check_project(content).warnings)


def test_an_oversized_text_is_refused_by_its_size_before_it_is_read(
    project: Path, tmp_path: Path
) -> None:
    text = tmp_path / "huge.txt"
    with text.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(
        OptionError,
        match=r"17.0 MB is over the limit for a source text \(16.0 MB; see README, Limits\)",
    ):
        add(text, project / "content")
    assert not (project / "content/documents/huge.yaml").exists()
