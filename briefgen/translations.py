"""The theme's own strings in the brief's language: gettext catalogs under the theme
(`locale/<language>/LC_MESSAGES/messages.po`), compiled with Babel in memory when a
build starts, so a wheel and an editable install read the same .po files and no
compiled .mo can go stale. A project's theme folder may bring its own catalog; its
messages win, the default theme's fill the rest.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from briefgen.errors import ContentError, Loc, Problem
from briefgen.theme import Theme, inside, read_theme_file

DOMAIN = "messages"
# The words briefgen's Python code writes for readers have a catalog of their own
# beside the templates' (python.po), merged into the same translations at load.
CATALOGS = (DOMAIN, "python")
# The catalog the words Python writes for readers are read from (section titles,
# chart notes, "not stated"): the build sets the brief's, as the templates get it.
_SPEAKING: ContextVar[gettext.NullTranslations | None] = ContextVar("speaking", default=None)
_ENGLISH = gettext.NullTranslations()  # the code's own words


def _(message: str) -> str:
    """A reader-facing string of briefgen's code, in the language of the brief being built."""
    return (_SPEAKING.get() or _ENGLISH).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_SPEAKING.get() or _ENGLISH).ngettext(singular, plural, n)


@contextmanager
def speaking(translations: gettext.NullTranslations) -> Iterator[None]:
    token = _SPEAKING.set(translations)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def catalog_path(folder: Path, language: str, domain: str = DOMAIN) -> Path:
    return folder / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def translations_for(theme: Theme, language: str) -> gettext.NullTranslations:
    """The theme's messages in `language` (its base: "es" for "es-MX"); English, the
    language the templates are written in, needs no catalog."""
    base = language.split("-")[0]
    found: gettext.NullTranslations = gettext.NullTranslations()
    for folder in reversed(theme.folders):  # the default theme first, the project's over it
        for domain in reversed(CATALOGS):  # a theme's messages.po over its python.po
            path = inside(folder, catalog_path(folder, base, domain))
            if path is None:
                continue
            compiled = compile_catalog(read_theme_file(folder, path, "template"), path, base)
            compiled.add_fallback(found)
            found = compiled
    return found


def compile_catalog(data: bytes, path: Path, language: str) -> gettext.GNUTranslations:
    """A .po file as gettext reads it (Babel writes the .mo into memory). Raises
    ContentError naming the file and line of a syntax error."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        catalog = read_po(io.BytesIO(data), locale=language, abort_invalid=True)
    except PoFileError as err:
        line = getattr(err, "lineno", None)
        raise ContentError(
            [Problem(Loc(str(path), line), "", f"not a gettext catalog: {err}")]
        ) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy entry is a guess, never printed
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
