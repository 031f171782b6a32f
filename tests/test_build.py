"""End to end: the shipped brief as a real PDF (read with pypdf) and a self-contained HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import ContentError, build, load_project
from tests.conftest import EDITION, REPO, edit


@pytest.fixture(scope="module")
def pdf(built) -> PdfReader:  # noqa: ANN001
    return PdfReader(built.folder / "brief.pdf")


@pytest.fixture(scope="module")
def html(built) -> str:  # noqa: ANN001
    return (built.folder / "brief.html").read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_writes_pdf_and_html_in_the_edition_folder(built) -> None:  # noqa: ANN001
    assert built.folder.name == EDITION
    names = [a.name for a in built.artifacts]
    charts = [f"charts/{c.id}.svg" for c in load_project(REPO / "content").brief.charts]
    project = load_project(REPO / "content")
    pngs = [f"charts/{c}.png" for c in project.brief.email.charts]
    emails = ["email.html", "email-preview.html", "email.txt", "email.eml"]
    snapshot = [n for n in names if n.startswith("snapshot/")]
    assert sorted(snapshot) == sorted(["snapshot/brief.yaml", "snapshot/indicators.csv",
                                       *(f"snapshot/documents/{d.id}.yaml" for d in project.documents),
                                       *(f"snapshot/sources/{d.source_file}" for d in project.documents),
                                       *(f"snapshot/data/{p.name}" for p in (REPO / "content/data").iterdir())])  # fmt: skip
    assert sorted(names) == sorted(["brief.pdf", "brief.html", *charts, *pngs, *emails, *snapshot])
    assert all((built.folder / a.name).stat().st_size == a.size > 0 for a in built.artifacts)
    assert all(a.size > 10_000 for a in built.artifacts if a.name.startswith("brief."))
    assert (built.folder / "manifest.json").is_file()


def test_pdf_metadata(pdf: PdfReader) -> None:
    meta = pdf.metadata
    assert meta.title == f"US–Mexico Trade & Technology Brief · {EDITION}"
    assert meta.author == "briefgen sample desk"
    assert meta.subject.startswith("Nearshoring")
    assert "nearshoring" in meta["/Keywords"]
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"] == "D:20261123"  # the edition's Monday, not the clock


def test_pdf_is_tagged_with_alt_text_for_every_chart(pdf: PdfReader) -> None:
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    alts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    project = load_project(REPO / "content")
    assert len(alts) == len(project.brief.charts)
    assert all(alt.endswith(".") and ": " in alt for alt in alts)


def test_pdf_outline_has_sections_and_every_document(pdf: PdfReader) -> None:
    titles: list[str] = []

    def walk(items) -> None:  # noqa: ANN001
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(pdf.outline)
    assert {
        "Key takeaways",
        "Documents reviewed this edition",
        "Indicator table",
        "Sources",
    } <= set(titles)
    assert "Charts" not in titles  # every shipped chart stands where it is discussed
    for document in load_project(REPO / "content").documents:
        assert document.title in titles


def test_pdf_text_has_every_document_title_page_numbers_and_nd(pdf: PdfReader) -> None:
    pages = [flat(page.extract_text()) for page in pdf.pages]
    text = " ".join(pages)
    assert len(pdf.pages) >= 8
    for document in load_project(REPO / "content").documents:
        assert flat(document.title) in text
    assert (
        f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    )
    assert "US–Mexico Trade & Technology Brief" in pages[1]  # running header
    assert "(n.d.)" in text and "Nov 23 – 29, 2026" in pages[0]  # the week in words


def test_pdf_chart_labels_are_text(pdf: PdfReader) -> None:
    page = next(
        flat(p.extract_text())
        for p in pdf.pages
        if "Foreign direct investment into Mexico, as three" in p.extract_text()
    )
    # the drawing's value and bar labels, as text, written as the prose writes them
    assert "$29 billion" in page and "2023 (Ministry of Economy)" in page
    assert "$55–60 billion" in page and "$55–60bn" not in page


def test_pdf_table_of_contents_gives_real_page_numbers(pdf: PdfReader) -> None:
    first = flat(pdf.pages[0].extract_text())
    match = re.search(r"Sources[ .]*(\d+)", first)
    assert match, first
    page = int(match[1])
    assert "Sources" in pdf.pages[page - 1].extract_text()


def test_pdf_embeds_only_the_theme_fonts(pdf: PdfReader) -> None:
    fonts = set()
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font[
                "/BaseFont"
            ]
            fonts.add(font["/BaseFont"].split("+")[-1])
    assert fonts and all(f.startswith(("Briefgen-Sans", "Briefgen-Serif")) for f in fonts), fonts


class References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self.svgs = 0
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.svgs += tag == "svg"
        if values.get("id"):
            self.ids.append(values["id"])
        for name in ("src", "href", "xlink:href", "poster", "data"):
            if values.get(name):
                self.urls.append((tag, values[name]))


def test_html_is_self_contained(html: str) -> None:
    parser = References()
    parser.feed(html)
    external = [(tag, url) for tag, url in parser.urls if not url.startswith(("#", "data:"))]
    # A link a reader follows to a cited document loads nothing: it is the citation.
    cited = {d.url for d in load_project(REPO / "content").documents if d.url}
    assert [(t, u) for t, u in external if not (t == "a" and u in cited)] == []
    assert {u for _, u in external} == cited
    assert re.findall(r"url\((?![\"']?(?:data:|#))", html) == []
    assert "@import" not in html and "<script" not in html


def test_html_has_every_chart_inline_with_unique_ids(html: str) -> None:
    parser = References()
    parser.feed(html)
    charts = load_project(REPO / "content").brief.charts
    assert parser.svgs == 2 * len(charts)  # each drawn for wide screens and for phones
    for chart in charts:
        assert f'id="chart-{chart.id}"' in html
    assert len(parser.ids) == len(set(parser.ids))


@pytest.mark.parametrize("pdf_process", [False, True])
@pytest.mark.parametrize(
    "address", ["file:///etc/hostname", "http://192.0.2.1/logo.png", "../../content/brief.yaml"]
)
def test_renderer_refuses_files_and_urls_outside_the_theme(
    project: Path, tmp_path: Path, address: str, pdf_process: bool
) -> None:
    (project / "templates/partials").mkdir(parents=True)
    (project / "templates/partials/colophon.html").write_text(
        f'<footer><img src="{address}" alt="logo"></footer>\n'
    )
    with pytest.raises(ContentError) as caught:
        build(
            project / "content",
            out=tmp_path / "output",
            templates=project / "templates",
            edition=EDITION,
            pdf_process=pdf_process,  # the refusal crosses from the PDF process intact
        )
    assert "refused" in str(caught.value)
    assert caught.value.problems[0].field == "url"
    assert not (tmp_path / "output" / EDITION / "brief.pdf").exists()


def test_the_pdf_process_makes_the_same_bytes_and_leaves_no_process(
    project: Path, tmp_path: Path
) -> None:
    import os

    here = build(project / "content", out=tmp_path / "here", edition=EDITION)
    apart = build(project / "content", out=tmp_path / "apart", edition=EDITION, pdf_process=True)
    assert (apart.folder / "brief.pdf").read_bytes() == (here.folder / "brief.pdf").read_bytes()
    # A build that needs no new PDF stops its PDF process unused.
    (project / "content/indicators.csv").write_text(
        (project / "content/indicators.csv").read_text() + "\n"
    )
    again = build(project / "content", out=tmp_path / "apart", edition=EDITION, pdf_process=True)
    assert not again.up_to_date and "brief.pdf" not in again.rendered
    children = [p for p in os.listdir("/proc") if p.isdigit()
                and (Path("/proc", p, "stat").read_text().split()[3] == str(os.getpid()))]  # fmt: skip
    assert not [p for p in children if "briefgen.pdf" in Path("/proc", p, "cmdline").read_text()]


def test_bad_edition_is_refused(project: Path, tmp_path: Path) -> None:
    from briefgen import OptionError

    with pytest.raises(OptionError, match="2026-W60"):
        build(project / "content", out=tmp_path / "out", edition="2026-W60")
    with pytest.raises(OptionError, match="not an ISO week"):
        build(project / "content", out=tmp_path / "out", edition="../../etc")


def test_the_brief_says_its_figures_were_checked_only_when_they_were(
    html: str, project: Path, tmp_path: Path
) -> None:
    assert "value, scale, unit and qualifier were checked on the line" in html
    assert "not checked" not in html
    brief = project / "content/brief.yaml"
    brief.write_text(brief.read_text().replace("sources: sources\n", ""))
    (project / "content/sources").rename(tmp_path / "elsewhere")
    result = build(project / "content", out=tmp_path / "out", edition=EDITION)
    page = (result.folder / "brief.html").read_text(encoding="utf-8")
    assert "were not checked against their source texts for this edition" in page
    assert "were checked on the line" not in page


def build_editing(project: Path, tmp_path: Path, step: str, path: Path, old: str, new: str):  # noqa: ANN201
    """Build, and make one edit while the build is at `step` (as a user saving a file then)."""

    def progress(now: str) -> None:
        if now == step:
            edit(path, old, new)

    return build(project / "content", out=tmp_path / "output", templates=project / "templates",
                 edition=EDITION, progress=progress)  # fmt: skip


def test_a_template_edited_during_a_build_is_rebuilt_by_the_next(
    project: Path, tmp_path: Path
) -> None:
    colophon = project / "templates/partials/colophon.html"
    colophon.parent.mkdir(parents=True)
    colophon.write_text("<footer>Version one</footer>\n")
    first = build_editing(project, tmp_path, "rendering PDF", colophon, "one", "two")
    assert "Version one" in (first.folder / "brief.html").read_text()  # rendered before the edit
    second = build(project / "content", out=tmp_path / "output", templates=project / "templates",
                   edition=EDITION)  # fmt: skip
    assert not second.up_to_date
    assert "Version two" in (second.folder / "brief.html").read_text()


def test_a_source_text_edited_during_a_build_is_checked_again_by_the_next(
    project: Path, tmp_path: Path
) -> None:
    source = project / "content/sources/example-2026.txt"
    first = build_editing(
        project, tmp_path, "rendering HTML", source, "rose by 12.5%", "rose by 13%"
    )
    assert first.report.warnings == ()  # checked as it was before the edit
    second = build(project / "content", out=tmp_path / "output", templates=project / "templates",
                   edition=EDITION)  # fmt: skip
    assert not second.up_to_date
    assert any("12.5% is no longer in it" in p.message for p in second.report.warnings)
