"""A PDF's text layer as paragraphs, one a line, with the page each starts on
(pypdfium2; imported only when a PDF is added).

The lines of a PDF are put back into paragraphs by their layout: lines of a
column that follow at the usual line pitch belong to one paragraph, a larger gap
starts the next one. Columns are read left to right, running headers and footers
("Page 2 of 5", the site's name on every page) are dropped, and a word broken at
a line end by hyphenation ("va‐" + "lor") is joined again.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

HYPHEN = "\u2010"  # what justified, hyphenated text breaks words with
SOFT_HYPHEN = "\u00ad"
PAGE_NUMBER_RE = re.compile(r"^(?:page|página|pag\.?|p\.)?\s*\d+(?:\s*(?:of|de|/)\s*\d+)?$", re.I)


class PdfProblem(Exception):
    """A PDF that cannot give a text: encrypted, scanned, damaged."""


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    left: float
    right: float
    baseline: float
    size: float  # font size
    text: str


@dataclass(frozen=True, slots=True)
class PdfText:
    paragraphs: tuple[str, ...]
    pages: tuple[int, ...]  # the page each paragraph starts on
    title: str | None  # the document's own Title metadata, when it has one
    page_count: int


def read_pdf(data: bytes) -> PdfText:
    """Raises PdfProblem for an encrypted PDF, one without a text layer, or one
    pypdfium2 cannot open."""
    import pypdfium2 as pdfium  # heavy: only `briefgen add` of a PDF needs it

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise PdfProblem(
                "the PDF is encrypted (it needs a password): open it with its password and "
                "save a copy without one, or save its text as a .txt file, and add that"
            ) from None
        raise PdfProblem(
            f"the PDF is damaged or incomplete, and cannot be read (pypdfium2: {str(err).rstrip('.')}): open it in a PDF "
            "viewer and save or print it to PDF again (or download it again), or save its "
            "text as a .txt file, and add that"
        ) from None
    try:
        lines = [line for number in range(len(document)) for line in page_lines(document, number)]
        title = (document.get_metadata_dict().get("Title") or "").strip() or None
        count = len(document)
    finally:
        document.close()
    if not any(line.text.strip() for line in lines):
        raise PdfProblem(
            f"none of its {count} page(s) has a text layer (a scan?): run it through OCR "
            "(e.g. ocrmypdf) and add the result"
        )
    body = drop_furniture(lines, count)
    paragraphs, pages = paragraphs_of(body)
    return PdfText(tuple(paragraphs), tuple(pages), title, count)


def page_lines(document, number: int) -> list[Line]:  # noqa: ANN001
    """The page's lines, from its characters: pdfium's own line breaks, split again
    where a wide gap separates two columns or a margin note on one baseline."""
    import pypdfium2.raw as raw

    page = document[number]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    found: list[Line] = []
    chars: list[tuple[str, float, float, float, float]] = []  # char, left, right, bottom, size
    for index, char in enumerate(text):
        if char in "\r\n":
            found += line_pieces(number + 1, chars)
            chars = []
            continue
        left, bottom, right, _ = textpage.get_charbox(index)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        if char == "\ufffe":  # pdfium's hyphen at a line end, with no line break after it
            found += line_pieces(number + 1, [*chars, ("\x02", left, right, bottom, size)])
            chars = []
            continue
        chars.append((char, left, right, bottom, size))
    found += line_pieces(number + 1, chars)
    textpage.close()
    page.close()
    return found


def line_pieces(page: int, chars: list[tuple[str, float, float, float, float]]) -> list[Line]:
    pieces, current = [], []
    for char in chars:
        if current and char[0] != " " and char[1] - current[-1][2] > 2.5 * max(char[4], 1):
            pieces.append(current)
            current = []
        current.append(char)
    pieces.append(current)
    return [line for piece in pieces if (line := make_line(page, piece)) is not None]


def make_line(page: int, chars: list[tuple[str, float, float, float, float]]) -> Line | None:
    text = "".join(c[0] for c in chars)
    visible = [c for c in chars if not c[0].isspace()]
    if not visible:
        return None
    baselines = Counter(round(c[3]) for c in visible if c[0].isalnum()) or Counter(
        round(c[3]) for c in visible
    )
    sizes = Counter(round(c[4], 1) for c in visible)
    words = " ".join(text.split())
    return Line(
        page,
        visible[0][1],
        visible[-1][2],
        baselines.most_common(1)[0][0],
        sizes.most_common(1)[0][0],
        words,
    )


def drop_furniture(lines: list[Line], pages: int) -> list[Line]:
    """Running headers and footers: page numbers; lines repeated at the same height
    on most pages; and small print alone at the top or foot of a page."""
    if not lines:
        return lines
    body = Counter(line.size for line in lines).most_common(1)[0][0]
    repeated = Counter((line.text, round(line.baseline)) for line in lines)
    result = []
    for page in sorted({line.page for line in lines}):
        on_page = sorted((x for x in lines if x.page == page), key=lambda x: -x.baseline)
        top, foot = on_page[0].baseline, on_page[-1].baseline
        for line in on_page:
            if PAGE_NUMBER_RE.match(line.text):
                continue
            if pages > 1 and repeated[(line.text, round(line.baseline))] >= max(2, pages // 2 + 1):
                continue
            if line.size < 0.9 * body and line.baseline in (top, foot):
                continue
            result.append(line)
    return result


def line_pitch(lines: list[Line]) -> float:
    gaps = [
        a.baseline - b.baseline
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 < a.baseline - b.baseline < 60
    ]
    return statistics.median(gaps) if gaps else 14.0


def columns_of(lines: list[Line]) -> list[list[Line]]:
    """A page's lines in reading order: lines spanning the text width first where they
    stand above the columns, then each column top to bottom, left to right."""
    if not lines:
        return []
    left_edge = min(line.left for line in lines)
    right_edge = max(line.right for line in lines)
    middle = (left_edge + right_edge) / 2
    body = Counter(line.size for line in lines).most_common(1)[0][0]
    text = [x for x in lines if x.size <= 1.1 * body]  # headings span the columns
    left = [x for x in text if x.right <= middle + 8]
    right = [x for x in text if x.left >= middle - 8]
    wide = [x for x in lines if x not in left and x not in right]
    if len(right) < 3 or len(left) < 3:
        return [sorted(lines, key=lambda x: -x.baseline)]
    top_of_columns = max(x.baseline for x in left + right)
    above = sorted((x for x in wide if x.baseline > top_of_columns), key=lambda x: -x.baseline)
    below = sorted((x for x in wide if x.baseline <= top_of_columns), key=lambda x: -x.baseline)
    down = lambda lines: sorted(lines, key=lambda x: -x.baseline)  # noqa: E731
    return [above, down(left), down(right), below]


def paragraphs_of(lines: list[Line]) -> tuple[list[str], list[int]]:
    """Join the lines of each column into paragraphs at the usual line pitch."""
    paragraphs: list[str] = []
    pages: list[int] = []
    for page in sorted({line.page for line in lines}):
        on_page = [x for x in lines if x.page == page]
        for column in columns_of(on_page):
            pitch = line_pitch(column)
            current: list[Line] = []
            for line in column:
                if current and not continues(current[-1], line, pitch):
                    paragraphs.append(join_lines(current))
                    pages.append(current[0].page)
                    current = []
                current.append(line)
            if current:
                paragraphs.append(join_lines(current))
                pages.append(current[0].page)
    return merge_across_pages(paragraphs, pages)


def continues(previous: Line, line: Line, pitch: float) -> bool:
    """The next line of the same paragraph: same type size, at the column's usual
    leading (a paragraph break leaves more space; a heading's leading is its own)."""
    gap = previous.baseline - line.baseline
    if abs(previous.size - line.size) > 0.5 or gap <= 0:
        return False
    leading = pitch if line.size <= 1.1 * typical_size(previous, line) else 1.35 * line.size
    return gap <= 1.25 * leading


def typical_size(*lines: Line) -> float:
    return min(line.size for line in lines)


def join_lines(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        words = line.text.replace(SOFT_HYPHEN, "")
        if text.endswith("\x02"):  # pdfium's mark for a hyphen at a line end: "peso-" "dólar"
            text = text[:-1] + "-"
        if text.endswith(HYPHEN):
            text = text[:-1] + words  # "va‐" + "lor": a word the layout broke
        elif text.endswith(("-", "/")) and words[:1].isalnum():
            text += words  # "heavy-" + "duty", "y/" + "y": the mark is the word's own
        else:
            text = f"{text} {words}" if text else words
    return text


def merge_across_pages(paragraphs: list[str], pages: list[int]) -> tuple[list[str], list[int]]:
    """A paragraph that runs on to the next page or column ends without a full stop
    and the next begins in lower case: one paragraph."""
    merged: list[str] = []
    starts: list[int] = []
    for text, page in zip(paragraphs, pages, strict=True):
        if merged and not re.search(r"[.!?:\"”)]$", merged[-1]) and text[:1].islower():
            joined = join_lines([Line(0, 0, 0, 0, 0, merged[-1]), Line(0, 0, 0, 0, 0, text)])
            merged[-1] = joined
            continue
        merged.append(text)
        starts.append(page)
    return merged, starts
