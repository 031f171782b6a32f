"""Editor text in several languages. Any text field the editor writes may be a
mapping of language to text (`title: {en: ..., es: ...}`); a brief reads the text of
its own language. A plain text is in the language of brief.yaml (the corpus's base
language): a brief in another language needs a mapping with its text in every
translatable field it shows, and a field that lacks it is an error naming file,
line and field, never a silent mix of languages.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from briefgen.errors import Loc, Problem
from briefgen.fields import LineDict, LineList
from briefgen.model import Indicator

LANGUAGES = ("en", "es")  # those the theme has catalogs for (templates/locale/)
NAMES = {"en": "English", "es": "Spanish"}

# The fields that hold editor text, by kind of file, as paths inside the file.
TRANSLATABLE = {
    "brief": re.compile(
        r"(title|subtitle|lead|disclaimer|intros\.[\w-]+|keywords\[\d+\]|takeaways\[\d+\]"
        r"|headline_figures\[\d+\]\.label"
        r"|charts\[\d+\]\.(title|value_label|note|series\[\d+\]|items\[\d+\]\.label))"
    ),
    "summary": re.compile(
        r"(summary|key_points\[\d+\]|implications|reliability|citation_note|cite_as|topics\[\d+\])"
    ),
    "dataset": re.compile(r"(series|derived)\[\d+\]\.label|origin\.(producer|citation)|geography"),
}
ALWAYS = re.compile(r"(keywords\[\d+\]|keywords)")  # may stay in one language: search words


def base(language: str) -> str:
    """ "es" for "es-MX": catalogs and editor text go by the language alone."""
    return language.split("-")[0]


def is_translation(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(k in LANGUAGES for k in value)


def in_language(
    data: Any, language: str, *, kind: str, default: str, file: str
) -> tuple[Any, list[Problem]]:
    """`data` with each mapping of languages replaced by its `language` text. A
    translatable field that lacks it, or (in a brief of another language than the
    `default`) is plain text, is a problem."""
    problems: list[Problem] = []
    resolved = walk(data, "", base(language), base(default), TRANSLATABLE[kind], file, problems, 1)
    return resolved, problems


def walk(value: Any, field: str, language: str, default: str, translatable: re.Pattern[str],
         file: str, problems: list[Problem], line: int) -> Any:  # fmt: skip
    """One node of the YAML tree, its children resolved in turn."""
    if is_translation(value):
        chosen = value.get(language)
        if chosen is None:
            written = ", ".join(NAMES.get(k, k) for k in value)
            problems.append(Problem(Loc(file, line), field,
                                    f"has no {NAMES.get(language, language)} text ({language}:); "
                                    f"it is written in {written}"))  # fmt: skip
            return next(iter(value.values()))
        return chosen
    if language != default and isinstance(value, str) and translatable.fullmatch(field):
        if not ALWAYS.fullmatch(field):
            problems.append(Problem(Loc(file, line), field,
                                    f"is written in {NAMES.get(default, default)} only (plain text is "
                                    f"brief.yaml's language): give it as {{{default}: ..., {language}: ...}}"))  # fmt: skip
        return value
    if isinstance(value, dict):
        copy = LineDict()
        copy.line, copy.key_lines = getattr(value, "line", line), getattr(value, "key_lines", {})
        for key, item in value.items():
            where = f"{field}.{key}" if field else str(key)
            copy[key] = walk(item, where, language, default, translatable, file, problems,
                             copy.key_lines.get(key, copy.line))  # fmt: skip
        return copy
    if isinstance(value, list):
        lines = getattr(value, "item_lines", [line] * len(value))
        copy = LineList()
        copy.line, copy.item_lines = getattr(value, "line", line), list(lines)
        copy.extend(walk(item, f"{field}[{n}]", language, default, translatable, file, problems, at)
                    for n, (item, at) in enumerate(zip(value, lines, strict=True)))  # fmt: skip
        return copy
    return value


def territory(name: str | None, language: str) -> str:
    """A place as CLDR names it in `language` ("Mexico" -> "México", "World" ->
    "Mundo"), or "" when CLDR has no territory of that English name."""
    if not name:
        return ""
    from babel import Locale

    codes = {v.casefold(): k for k, v in Locale("en").territories.items()}
    code = codes.get(name.casefold())
    found = Locale.parse(language).territories.get(code, "") if code else ""
    return found[:1].upper() + found[1:]


def figures_in_language(
    indicators: tuple[Indicator, ...], language: str, default: str
) -> tuple[tuple[Indicator, ...], list[Problem]]:
    """The table's figures with their label, note, place and credit in `language`
    (its label_es, note_es, geography_es and attributed_to_es columns; a place CLDR
    names needs none); a figure the brief shows without them is a problem."""
    language, default = base(language), base(default)
    if language == default:
        return indicators, []
    problems, translated = [], []
    for figure in indicators:
        if figure.derived is not None:  # its label is its dataset's: read in the language there
            translated.append(figure)
            continue
        texts = dict(figure.translations)
        texts.setdefault(f"geography_{language}", territory(figure.geography, language))
        shown = {}
        for field in ("label", "note", "geography", "attributed_to"):
            column = f"{field}_{language}"
            shown[field] = texts.get(column) or None
            if getattr(figure, field) and not shown[field]:
                problems.append(Problem(figure.loc, column, f"{figure.id} has no {NAMES.get(language, language)} "
                                        f"{field.replace('_', ' ')}, and a brief in {language} shows it: fill the {column} column"))  # fmt: skip
        translated.append(replace(figure, **{k: v or getattr(figure, k) for k, v in shown.items()}))
    return tuple(translated), problems
