"""Words and numbers for readers: one way of writing each figure, the editor's lead
on the cover, citations instead of internal names, figures that do not look like
links. The shipped brief is built once (the session's `built`) and read as a reader
gets it: the PDF's text, the HTML in Chromium, the email's parts."""

from __future__ import annotations

import datetime as dt
import email
import html as htmllib
import re
import subprocess
from decimal import Decimal
from email import policy
from pathlib import Path

import pytest

from briefgen.content import parse_qualifier
from briefgen.context import paired_ranges
from briefgen.errors import ContentError
from briefgen.numbers.writing import (
    amount_text,
    as_stated_differs,
    date_words,
    format_number,
    format_value,
    week_words,
)
from briefgen.project import check_project, load_project
from tests.conftest import REPO, edit
from tests.test_browser import browser  # noqa: F401, F811  (the fixture)

SOURCES_FOLDER_NAME = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
TOOL_WORDS = ("extraction", "calendar banner", "Source text:", "Data file:", "content/data/")


def words_of(path: Path) -> str:
    """What a reader reads in an HTML file: its text, tags and styles dropped."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?s)<(style|script)\b.*?</\1>", " ", text)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


def email_texts(folder: Path) -> list[str]:
    message = email.message_from_bytes((folder / "email.eml").read_bytes(), policy=policy.default)
    parts = [p.get_content() for p in message.walk() if p.get_content_type().startswith("text/")]
    return [str(message["Subject"]), *parts]


def problems_of(root: Path) -> list[str]:
    """Every error `check` finds in a project, as it prints them."""
    try:
        check_project(root / "content")
    except ContentError as err:
        return [str(p) for p in err.problems if p.is_error]
    return []


# --- 1. one way of writing a figure ---------------------------------------------------


def test_the_scale_is_chosen_for_readers_and_the_table_keeps_the_source_s(shipped: Path) -> None:
    project = load_project(shipped / "content")
    by_id = project.indicators_by_id()
    low, high = by_id["mx-fdi-potential-low"], by_id["mx-fdi-potential-high"]
    assert amount_text(low, high) == "$55–60 billion"  # beside "$29 billion"
    assert amount_text(low, high, as_stated=True) == "$55,000–60,000 million"
    assert amount_text(by_id["mx-fdi-2023-h1"]) == "$29 billion"
    assert (
        amount_text(by_id["border-migration-annual"]) == "300,000 people"
    )  # under a million: in full
    assert not as_stated_differs(by_id["regional-trade-2016"])


def test_no_figure_is_written_two_ways_in_the_brief_or_the_email(built) -> None:  # noqa: ANN001
    """Every figure the source writes at another scale than the brief: that other
    writing appears only in the table's 'source:' note, nowhere else for readers."""
    project = load_project(REPO / "content")
    other_ways = {
        amount_text(low, high, as_stated=True)
        for low, high in paired_ranges(list(project.indicators))
        if as_stated_differs(low, high)
    }
    assert "$55,000–60,000 million" in other_ways
    page = (built.folder / "brief.html").read_text(encoding="utf-8")
    assert page.count('class="as-stated"') == len(other_ways)
    without_notes = built.folder / "brief-without-notes.html"
    without_notes.write_text(re.sub(r'<span class="as-stated">.*?</span>', "", page))
    readers = [words_of(without_notes), pdf_text(built.folder / "brief.pdf")]
    without_notes.unlink()
    readers += email_texts(built.folder)
    pdf = readers[1]
    for text in readers:
        for other in other_ways - {"$55,000–60,000 million"}:
            assert other not in text
        assert not re.search(r"\d(bn|tn)\b", text)  # chart labels write "billion" as prose does
    # the range itself: one writing in prose, chart label, table, email
    for text in (readers[0], *readers[3:]):  # the page, then the email's text parts
        assert "$55–60 billion" in text
    assert pdf.count("$55,000–60,000 million") == 1  # the table's note only
    assert "$55–60 billion" in pdf


def test_a_conditional_estimate_is_a_scenario_not_a_forecast(built) -> None:  # noqa: ANN001
    assert parse_qualifier("scenario+range-low") == ("scenario", "range-low")
    with pytest.raises(Exception, match="contradict"):
        parse_qualifier("forecast+scenario")
    project = load_project(REPO / "content")
    figure = project.indicators_by_id()["mx-fdi-potential-low"]
    assert "scenario" in figure.qualifiers and "forecast" not in figure.qualifiers
    assert format_value(figure, inline=True).endswith("(scenario)")
    svg = (built.folder / "charts/fdi-by-source.svg").read_text(encoding="utf-8")
    assert "<pattern" not in svg and "hatch" not in svg  # not hatched as a forecast
    text = pdf_text(built.folder / "brief.pdf")
    assert "Outlined bars are scenarios" in " ".join(text.split())
    assert "Hatched bars are forecasts" not in " ".join(text.split())


def test_numbers_and_dates_are_written_for_a_locale() -> None:
    assert format_number(Decimal("1234567.50")) == "1,234,567.50"  # en_US, decimals as stated
    assert format_number(Decimal("1234567.50"), "de_DE") == "1.234.567,50"
    assert date_words(dt.date(2026, 11, 16)) == "November 16, 2026"
    assert date_words(dt.date(2026, 11, 16), "es_MX") == "16 de noviembre de 2026"
    assert week_words(dt.date(2026, 11, 16), "en_GB").replace("\u2009", " ") == "16 – 22 Nov 2026"


def test_the_editor_decides_how_a_placeholder_prints_its_qualifier(shipped: Path) -> None:
    brief = shipped / "content/brief.yaml"
    edit(brief, "spends {mx-rd-intensity} on R&D", "spends just {mx-rd-intensity} on R&D")
    (problem,) = [p for p in problems_of(shipped) if "just" in p]
    assert re.match(r"content/brief\.yaml:\d+: takeaways\[3\]: \{mx-rd-intensity\} prints 'about' after 'just'", problem.replace(str(shipped) + "/", ""))  # fmt: skip
    assert "{mx-rd-intensity|amount}" in problem
    edit(brief, "just {mx-rd-intensity} on R&D", "just about {mx-rd-intensity|amount} on R&D")
    assert not problems_of(shipped)
    from briefgen.context import make_context

    context = make_context(load_project(shipped / "content"), {}, edition="2026-W48")
    prose = "".join(s.text for s in context["takeaways"][3])
    assert "just about 0.3% of GDP on R&D" in prose and "about about" not in prose


# --- 2. the editor's voice and a real cover --------------------------------------------


def test_the_editor_s_lead_opens_the_brief_and_the_cover_says_the_dates(built) -> None:  # noqa: ANN001
    first_page = pdf_text(built.folder / "brief.pdf").split("\f")[0]
    flat = " ".join(first_page.split())
    assert "Nov 23 – 29, 2026" in flat.replace("\u2009", " ") and "(week 48)" in flat
    lead = flat.index("Two of this edition's sources rank Mexico")
    assert lead < flat.index("CONTENTS") < flat.index("Key takeaways", flat.index("CONTENTS") + 9)
    assert "$475.6 billion" in flat[lead : lead + 200]  # its placeholder, printed from the table
    assert "Edited by" in flat.replace("EDITED BY", "Edited by")
    page = (built.folder / "brief.html").read_text(encoding="utf-8")
    assert page.index('<p class="lead">') < page.index('<nav class="contents"')
    text = " ".join(p for p in email_texts(built.folder)[1:])
    assert "Two of this edition's sources rank Mexico" in " ".join(text.split())


def test_headings_say_what_they_hold_and_empty_sections_are_left_out(built) -> None:  # noqa: ANN001
    words = words_of(built.folder / "brief.html")
    assert "Documents reviewed this edition" in words and "What was published" not in words
    assert "What changed" not in words  # the first edition has nothing to compare with
    footer = words[words.index("How the figures were checked") :]
    assert "Contact: desk@example.org" in footer and "not endorsed by the desk" in footer


def test_new_brief_keys_are_checked_with_file_line_and_field(shipped: Path) -> None:
    brief = shipped / "content/brief.yaml"
    edit(brief, "locale: en-US", "locale: xx_YY")
    text = brief.read_text()
    brief.write_text(
        text + "intros:\n  takeaways: What the week's figures say.\n  bogus: No such section.\n"
    )
    messages = [m.replace(str(shipped) + "/", "") for m in problems_of(shipped)]
    locale_line = text.splitlines().index("locale: xx_YY") + 1
    bogus_line = len(text.splitlines()) + 3
    assert f"content/brief.yaml:{locale_line}: locale: 'xx_YY' is not a locale briefgen ships (expected one of en-GB, en-US, es-ES, es-MX)" in messages  # fmt: skip
    assert any(m.startswith(f"content/brief.yaml:{bogus_line}: intros.bogus: 'bogus' is not a section") for m in messages)  # fmt: skip


# --- 3. citations, not internals -------------------------------------------------------


def test_no_internal_name_or_tool_note_reaches_a_reader(built) -> None:  # noqa: ANN001
    project = load_project(REPO / "content")
    names = [d.source_file for d in project.documents]
    texts = {
        "brief.html": words_of(built.folder / "brief.html"),
        "brief.pdf": pdf_text(built.folder / "brief.pdf"),
        **{f"email part {n}": t for n, t in enumerate(email_texts(built.folder))},
    }
    for where, text in texts.items():
        assert not SOURCES_FOLDER_NAME.search(text), where
        assert not any(name in text for name in names), where
        for word in TOOL_WORDS:
            assert word not in text, (where, word)
    assert not re.search(r"(?m)^\s*FIGURE\s+VALUE.*\bLINE\b", texts["brief.pdf"])


def test_every_source_can_be_found_by_a_reader(built) -> None:  # noqa: ANN001
    page = (built.folder / "brief.html").read_text(encoding="utf-8")
    references = re.findall(r'<li id="ref-([^"]+)">(.*?)</li>', page, re.S)
    project = load_project(REPO / "content")
    assert {d.id for d in project.documents} <= {i for i, _ in references}
    for document in project.documents:
        (entry,) = [e for i, e in references if i == document.id]
        if document.url:
            assert document.url.replace("&", "&amp;") in entry and "(accessed " in entry
        else:
            assert "URL not known." in entry
        assert "Author" in entry or document.authors[0] in entry
    assert all(d.url for d in project.documents)  # every shipped source was found
    # the line-level trail, worded for readers, on the web page only
    words = words_of(built.folder / "brief.html")
    assert "How the figures were checked" in words and "line 20: 79.6%, 51.4%" in words
    printed = " ".join(pdf_text(built.folder / "brief.pdf").split())
    assert "line 20: 79.6%" not in printed  # the trail itself is the web page's
    assert "“How the figures were checked”, at the end of the brief's web page" in printed


def test_the_email_cards_do_not_repeat_author_and_title_and_the_footer_says_attached(built) -> None:  # noqa: ANN001
    page = (built.folder / "email.html").read_text(encoding="utf-8")
    project = load_project(REPO / "content")
    citations = re.findall(r'<p class="citation"[^>]*>(.*?)</p>', page, re.S)
    assert len(citations) == len(project.documents)
    for document, line in zip(project.documents, citations, strict=True):
        assert not line.startswith(htmllib.escape(document.title, quote=False))
        assert not any(author in line for author in document.authors)
        assert (document.url or "URL not known").replace("&", "&amp;") in line
    assert "is attached as a PDF (brief.pdf)" in words_of(built.folder / "email.html")


# --- 4. typography, in Chromium ----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_figures_in_text_do_not_look_like_links_and_tiles_are_of_one_height(
    browser,  # noqa: F811
    built,
    width: int,
) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built.folder / "brief.html").as_uri())
    styles = page.evaluate("""() => {
      const style = e => getComputedStyle(e);
      const figure = document.querySelector('.takeaway-list strong.figure');
      const link = document.querySelector('.takeaway-list a.figure-ref');
      const item = figure.closest('li');
      const tiles = [...document.querySelectorAll('.tile')].map(t => t.getBoundingClientRect());
      return {figure: [style(figure).fontFamily, style(figure).color],
              text: [style(item).fontFamily, style(item).color],
              link: style(link).color,
              tiles: tiles.map(r => [Math.round(r.top), Math.round(r.height)])};
    }""")
    page.close()
    assert styles["figure"] == styles["text"]  # the text's face and colour
    assert styles["figure"][1] != styles["link"]  # links alone are coloured
    rows: dict[int, set[int]] = {}
    for top, height in styles["tiles"]:
        rows.setdefault(top, set()).add(height)
    assert all(len(heights) == 1 for heights in rows.values()), rows
    if width == 1280:
        assert len({h for heights in rows.values() for h in heights}) == 1  # every row alike
