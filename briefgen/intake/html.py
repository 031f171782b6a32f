"""A web page saved from a browser: its main text (trafilatura, imported only when a
page is added) and what the page's own metadata states about it.

Metadata comes only from the page's explicit fields (og:title, the JSON-LD
headline, article:published_time, datePublished, the author meta tags), never from
guesses: trafilatura's own metadata takes a sidebar heading for the title and a
copyright year for the date, so it is not used. A <title> that only names the site
is not a title.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from briefgen.intake.metadata import NOT_STATED, Stated


class PageProblem(Exception):
    """A page with no main text to read."""


def page_text(html: str) -> str:
    """The page's main text, one paragraph a line (menus, sidebars, ads, cookie
    banners, scripts and footers left out)."""
    import trafilatura  # heavy: only `briefgen add` of a web page needs it

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        deduplicate=False,  # a headline repeated as the first line is the page's own text
    )
    if not text or not text.strip():
        raise PageProblem("no main text found in the page (is it a saved article?)")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.json_ld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (
                values.get("property") or values.get("name") or values.get("itemprop") or ""
            ).lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"].strip())
        elif tag == "title":
            self._in = "title"
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in = "json"
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld[-1] += data


def page_metadata(html: str) -> dict[str, Stated]:
    """Title, author and publication date as the page's own metadata states them."""
    parser = _Meta()
    parser.feed(html)
    linked = linked_data(parser.json_ld)
    site = parser.meta.get("og:site_name", "").lower()
    title = first(
        (parser.meta.get("og:title"), "the page's og:title"),
        (linked.get("headline"), "the page's JSON-LD headline"),
        (parser.meta.get("twitter:title"), "the page's twitter:title"),
        (None if names_the_site(parser.title, site) else parser.title, "the page's <title>"),
    )
    published = first(
        (parser.meta.get("article:published_time"), "the page's article:published_time"),
        (linked.get("datePublished"), "the page's JSON-LD datePublished"),
        (parser.meta.get("date") or parser.meta.get("dc.date.issued"), "the page's date meta tag"),
    )
    if published.value:
        date = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", published.value)
        published = Stated(date[0], None, published.where) if date else NOT_STATED
    author = first(
        (
            parser.meta.get("author") or parser.meta.get("article:author"),
            "the page's author meta tag",
        ),
        (author_of(linked), "the page's JSON-LD author"),
    )
    return {"title": title, "author": author, "published": published}


def names_the_site(title: str, site: str) -> bool:
    """'milenio.com' or the og:site_name: the page's <title> names no article."""
    title = " ".join(title.split()).lower()
    return (
        not title
        or title == site
        or re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", title) is not None
    )


def decode_page(data: bytes) -> str:
    """A saved page's text: UTF-8, else the charset its <meta> names, else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4000], re.I)
    for encoding in ([declared[1].decode("ascii")] if declared else []) + ["cp1252"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def linked_data(blocks: list[str]) -> dict:
    """The first JSON-LD object that describes an article."""
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and (
                "headline" in item or "datePublished" in item or "author" in item
            ):
                return item
    return {}


def author_of(item: dict) -> str | None:
    author = item.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return author if isinstance(author, str) else None


def first(*options: tuple[str | None, str]) -> Stated:
    for value, where in options:
        if value and value.strip():
            return Stated(" ".join(value.split()), None, where)
    return NOT_STATED
