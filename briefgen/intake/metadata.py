"""What a text states about itself: its title, author, publication date and
language, each with the line that states it. Only what the text's own header says
counts: never a data period ("From January to September 2024"), a site's header
date, or the author of a study the article reports; where it states nothing, None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.model import MONTHS

MONTH_WORDS = {m.lower(): i for i, m in enumerate(MONTHS, start=1)} | {
    m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)
}
SPANISH_MONTHS = {m: i for i, m in enumerate(
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"], start=1)}  # fmt: skip
ALL_MONTHS = MONTH_WORDS | SPANISH_MONTHS
WEEKDAYS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b",
    re.I,
)
SPANISH = set(
    [
        "de",
        "la",
        "el",
        "los",
        "las",
        "y",
        "en",
        "que",
        "del",
        "por",
        "para",
        "una",
        "con",
        "se",
        "su",
        "al",
        "es",
        "lo",
        "como",
        "más",
    ]
)
ENGLISH = set(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "with",
        "as",
        "on",
        "by",
        "its",
        "was",
        "are",
        "from",
        "this",
        "be",
    ]
)
HEADER_LINES = 30  # a text's own header (title, byline, date) stands in its first lines
TITLE_BODY_WORDS = 25  # a headline comes before the first line this long
HEADER_BODY_WORDS = 40  # a byline or date may follow a standfirst, not a paragraph


@dataclass(frozen=True, slots=True)
class Stated:
    value: str | None
    line: int | None  # where the text says it
    where: str = ""  # for the draft's comment when it is not a line: "the page's og:title"


NOT_STATED = Stated(None, None)


def text_language(text: str) -> str:
    """English or Spanish, by the commoner words of its prose (page furniture such as
    a Spanish site's calendar banner above an English article does not count)."""
    prose = " ".join(line for line in text.splitlines() if not is_furniture(line))
    words = re.findall(r"[a-záéíóúñ]+", prose.lower())
    return "es" if sum(w in SPANISH for w in words) > sum(w in ENGLISH for w in words) else "en"


def is_furniture(line: str) -> bool:
    """Page furniture, not prose: reading times, calendar banners, comment counts."""
    lowered = line.lower()
    if re.search(
        r"\b\d+\s*min(?:ute)?s?\s+read\b|^\s*\d+\s+(?:comments?|comentarios?|shares?|compartidos)\s*$",
        lowered,
    ):
        return True
    dates = len(re.findall(rf"\b\d{{1,2}}\s+(?:de\s+)?(?:{'|'.join(ALL_MONTHS)})\b", lowered))
    return dates >= 2  # a calendar: "Lunes 21 de abril | Martes 22 de abril ..."


def header(lines: list[str], body_words: int = HEADER_BODY_WORDS) -> list[tuple[int, str]]:
    """The text's header: its first lines, up to the first line of body text."""
    found = []
    for number, line in enumerate(lines[:HEADER_LINES], start=1):
        if len(line.split()) > body_words and not DATE_STAMP_RE.match(line):
            break
        found.append((number, line.strip()))
    return found


# --- title -------------------------------------------------------------------------

ABBREVIATION_END = re.compile(r"(?:\b[A-ZÁÉÍÓÚ]{1,3}\.){2,}$")  # "EE.UU.", "U.S."


def stated_title(lines: list[str]) -> Stated:
    """The first line of the header that reads like a headline: a few words, not a
    date, a byline, a sentence or page furniture."""
    for number, line in header(lines, TITLE_BODY_WORDS):
        line = line.lstrip("#").strip()  # a Markdown heading
        if is_headline(line):
            return Stated(without_byline(line), number)
    return NOT_STATED


def is_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 20 or is_furniture(line) or line.endswith((":", "/", ",")):
        return False
    if line.endswith(".") and not ABBREVIATION_END.search(line):
        return False  # a sentence
    if not line[0].isupper() and not line[0].isdigit() and line[0] not in "“\"'¿¡":
        return False
    return not (date_in(line) and len(words) <= 8) and not BYLINE_RE.match(line)


def without_byline(line: str) -> str:
    """'A Path to Prosperity by Jorge Mandujano, CEO' -> 'A Path to Prosperity'."""
    match = EMBEDDED_BYLINE_RE.search(line)
    return line[: match.start()].strip() if match else line


# --- author ------------------------------------------------------------------------

# A person's name: two to four capitalised words (case matters even in a case-blind
# pattern), and nothing after it but punctuation, a date or the end of the line.
NAME = (
    r"(?P<name>(?-i:[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+(?:de|del|la|van|von|y)?\s*[A-ZÁÉÍÓÚÑ][\w'’-]+){1,3}))"
)
NAME_END = r"(?=\s*(?:$|[,|·(]|\d|(?-i:[A-Z][a-z]+day)))"
BYLINE_RE = re.compile(
    rf"^(?:(?:written\s+)?by|por|escrito\s+por|author|autor[a]?)\s*:?\s+{NAME}{NAME_END}", re.I
)
EMBEDDED_BYLINE_RE = re.compile(rf"\s+(?:by|por)\s+{NAME}(?=\s*(?:,|$|\|))")
NOT_NAMES = re.compile(
    r"^(?:Estados Unidos|United States|Reuters|Associated Press|Staff|Redacción|The Editors)$", re.I
)


def stated_author(lines: list[str]) -> Stated:
    """An author the header names: a byline ("By ...", "Por ...", "Author: ..."), or
    a headline's own "... by Name". A name met in the body (the author of a study
    the article reports) is not the text's author."""
    for number, line in header(lines):
        match = BYLINE_RE.match(line) or (is_headline(line) and EMBEDDED_BYLINE_RE.search(line))
        if match and not NOT_NAMES.match(match["name"]):
            return Stated(match["name"].strip(), number)
    return NOT_STATED


# --- date --------------------------------------------------------------------------

MONTHS_RE = "|".join(sorted(ALL_MONTHS, key=len, reverse=True))
DATE_STAMP_RE = re.compile(
    r"^\s*(?:date|fecha|published|publicado(?:\s+el)?|posted|publicación)\s*:?\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)\b",
    re.I,
)
DATE_PATTERNS = (
    rf"\b(?P<month>{MONTHS_RE})\.?\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})\b",  # Dec 22, 2024
    rf"\b(?P<day>\d{{1,2}})\s+(?:de\s+)?(?P<month>{MONTHS_RE})\.?\s+(?:de\s+)?(?P<year>\d{{4}})\b",
    r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b",
    rf"\b(?P<month>{MONTHS_RE})\s+(?:de\s+)?(?P<year>\d{{4}})\b",  # July 2024
)
LABEL_RE = re.compile(r"\b(?:published|publicado|posted|fecha|date|updated)\b", re.I)
TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|hrs?)?\b", re.I)


def date_in(line: str) -> str | None:
    """The first full or month-and-year date a line writes, as YYYY-MM(-DD)."""
    for pattern in DATE_PATTERNS:
        match = re.search(pattern, line, re.I)
        if match:
            month = match["month"]
            month = int(month) if month.isdigit() else ALL_MONTHS[month.lower()]
            day = match.groupdict().get("day")
            return f"{match['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


def stated_date(lines: list[str]) -> Stated:
    """A publication date the header states: a date stamp ("date 2024-08-29"), a
    labelled date ("Published: ..."), a byline's date and time ("Wesley Park Sunday,
    Dec 22, 2024 7:15 am ET") or a dateline ("Cambridge, UK | July 2024"). A lone
    "Tuesday, December 23, 2025" is a site's header date; a sentence's date is data."""
    for number, line in header(lines):
        if stamp := DATE_STAMP_RE.match(line):
            return Stated(stamp["date"], number)
        date = date_in(line)
        if date is None or len(line.split()) > 12 or is_furniture(line):
            continue
        labelled = (
            LABEL_RE.search(line)
            or TIME_RE.search(line)
            or BYLINE_RE.match(line)
            or re.search(r"[|·]", line)
        )
        lone = re.sub(r"[\W\d_]+", " ", line).split()
        header_date = WEEKDAYS.search(line) and len(lone) <= 3
        if labelled and not header_date or not WEEKDAYS.search(line) and len(lone) <= 2:
            return Stated(date, number)
    return NOT_STATED
