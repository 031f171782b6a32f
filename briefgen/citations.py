"""How the brief names its sources: short cites for captions and tables, full
references for the appendix and the email, and who made a document. Never guessed:
what a source does not state is said to be not stated, or "n.d."."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefgen.model import Dataset, Document
from briefgen.numbers.writing import date_words
from briefgen.translations import _


def join_names(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" and ") + names[-1]


def date_text(document: Document) -> str:
    return date_words(document.published) if document.published else _("n.d.")


def creator(document: Document) -> str:
    """Who made it, as far as the source says: never guessed."""
    if document.authors and document.publisher:
        return f"{join_names(document.authors)}, {document.publisher}"
    if document.authors:
        return _("{name} (publisher not stated)").format(name=join_names(document.authors))
    if document.publisher:
        return _("{name} (author not stated)").format(name=document.publisher)
    return _("Author and publisher not stated")


def short_cite(document: Document) -> str:
    """'Park (2024)', 'México, ¿cómo vamos? (n.d.)': for captions and tables."""
    year = str(document.published.year) if document.published else _("n.d.")
    if document.cite_as:
        name = document.cite_as
    elif document.authors:
        surname = document.authors[0].split()[-1]
        name = surname + (
            " et al."
            if len(document.authors) > 2
            else _(" and ") + document.authors[1].split()[-1]
            if len(document.authors) == 2
            else ""
        )
    else:
        name = document.publisher or document.title
    return f"{name} ({year})"


def citation_parts(document: Document) -> tuple[str, str, str]:
    """The full reference around its title: 'Creator (date).', 'Title', '. Publisher. Note.'"""
    date = date_text(document)
    dated_title = ""
    if document.authors:
        before = f"{join_names(document.authors)} ({date})."
        tail = [f"{document.publisher}." if document.publisher else _("Publisher not stated.")]
    elif document.publisher:
        before, tail = f"{document.publisher} ({date}).", [_("Author not stated.")]
    elif document.cite_as:  # nobody to put first: the name it is cited by leads
        before, tail = f"{document.cite_as} ({date}).", [_("Author and publisher not stated.")]
    else:  # nobody and no name: the title leads, and carries the date
        before, dated_title, tail = "", f" ({date})", [_("Author and publisher not stated.")]
    if document.citation_note:
        tail.append(document.citation_note.rstrip(".") + ".")
    return before, document.title.rstrip("."), f"{dated_title}. " + " ".join(tail)


def where_to_find(document: Document) -> str:
    """'https://... (accessed December 2, 2026).', or 'URL not known.': a reader is
    told plainly when the brief cannot say where the document is."""
    if not document.url:
        return _("URL not known.")
    accessed = accessed_words(document.accessed) if document.accessed else ""
    return f"{document.url}{accessed}."


def accessed_words(day: dt.date) -> str:
    """' (accessed 2 December 2026)': when the desk read it, after its address."""
    return " (" + _("accessed {date}").format(date=date_words(day)) + ")"


def publication_line(document: Document) -> str:
    """What the email's card adds below its type, date, title and creator: where to
    find the document, and anything the citation notes ('https://... (accessed ...).')."""
    note = document.citation_note.rstrip(".") + ". " if document.citation_note else ""
    return note + where_to_find(document)


def citation(document: Document) -> str:
    before, title, after = citation_parts(document)
    return f"{before} {title}{after} {where_to_find(document)}".strip()


# --- datasets: the figures computed from them, and their observations -----------


def data_cite(dataset: Dataset) -> str:
    """Who produced the data, for tiles and tables: 'U.S. Census Bureau, as reported
    by Opportimes'."""
    return dataset.origin.producer


def data_citation_parts(dataset: Dataset) -> tuple[str, str, str]:
    """The dataset's full reference around its title, as for a document: producer and
    date published ("n.d." when not known), title, then how it was compiled, its
    licence and where it was read, with the date accessed."""
    origin = dataset.origin
    date = date_words(origin.published) if origin.published else _("n.d.")
    accessed = accessed_words(origin.accessed) if origin.accessed else ""
    pages = list(dict.fromkeys(o.page for s in dataset.series for o in s.observations if o.page))
    tail = [origin.license.rstrip(".") + "."] if origin.license else []
    if dataset.compiled_by_hand and pages:  # where a reader can check each observation
        tail.append(
            _("Compiled by hand from {pages}").format(pages="; ".join(pages)) + f"{accessed}."
        )
    elif dataset.compiled_by_hand:
        tail.append(_("Compiled by hand."))
    if origin.url and not (dataset.compiled_by_hand and pages):
        tail.append(f"{origin.url}{accessed}.")
    return f"{origin.producer} ({date}).", origin.title.rstrip("."), ". " + " ".join(tail)
