"""The theme's own strings in the brief's language: gettext catalogs under the theme
(`locale/<language>/LC_MESSAGES/messages.po`), compiled with Babel in memory when a
build starts, so a wheel and an editable install read the same .po files and no
compiled .mo can go stale. A project's theme folder may bring its own catalog; its
messages win, the default theme's fill the rest.
"""

from __future__ import annotations

import gettext
import io
from pathlib import Path

from briefgen.errors import ContentError, Loc, Problem
from briefgen.theme import Theme, inside, read_theme_file

DOMAIN = "messages"


def catalog_path(folder: Path, language: str) -> Path:
    return folder / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations_for(theme: Theme, language: str) -> gettext.NullTranslations:
    """The theme's messages in `language` (its base: "es" for "es-MX"); English, the
    language the templates are written in, needs no catalog."""
    base = language.split("-")[0]
    found: gettext.NullTranslations = gettext.NullTranslations()
    for folder in reversed(theme.folders):  # the default theme first, the project's over it
        path = inside(folder, catalog_path(folder, base))
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
