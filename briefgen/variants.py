"""Variants: several briefs from one checked corpus.

`content/briefs/<name>.yaml` holds a variant's settings. A key it sets replaces
brief.yaml's whole (never merged), the rest come from brief.yaml; `documents:`
chooses which summaries (and so which figures) it shows. The corpus (summaries,
indicator table, datasets, source texts) is checked once; `check_variant` then
checks what is the variant's own: its settings and what they name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.content import brief_from_data, display_path, read_documents, read_yaml_file
from briefgen.errors import ContentError, Loc, OptionError, Problem
from briefgen.fields import ID_RE, LineDict
from briefgen.limits import project_root
from briefgen.model import Brief, Dataset, Document, Indicator, Project

if TYPE_CHECKING:
    from briefgen.project import CheckReport

FOLDER = "briefs"  # content/briefs/<name>.yaml
# What belongs to the corpus, not to one brief: set once, in brief.yaml.
CORPUS_KEYS = ("schema", "sources", "stale_after_years")
# A variant builds into output/<name>/, beside the default's output/<edition>/.
RESERVED = ("latest", "briefs")
EDITION_LIKE = re.compile(r"^\d{4}-w\d{2}$", re.IGNORECASE)


def variant_path(content: Path, name: str) -> Path:
    return content / FOLDER / f"{name}.yaml"


def variant_names(content: Path) -> tuple[str, ...]:
    """The variants in content/briefs/, by name, sorted."""
    folder = content / FOLDER
    return tuple(sorted(p.stem for p in folder.glob("*.yaml"))) if folder.is_dir() else ()


def choose(content: Path, name: str | None, *, every: bool) -> tuple[str | None, ...]:
    """The briefs a command works on: None is the default brief (brief.yaml); `every`
    is it and every variant. Raises OptionError for a variant that is not there."""
    if every and name:
        raise OptionError(f"give a variant name ({name}) or --all, not both")
    if every:
        return (None, *variant_names(content))
    if name is None:
        return (None,)
    check_name(name)
    if not variant_path(content, name).is_file():
        known = ", ".join(variant_names(content)) or "none"
        raise OptionError(
            f"no variant {name!r}: {display_path(variant_path(content, name))} not found (variants: {known})"
        )
    return (name,)


def check_name(name: str) -> None:
    if not ID_RE.match(name) or name in RESERVED or EDITION_LIKE.match(name):
        raise OptionError(
            f"{name!r} cannot name a variant: use lowercase letters, digits and hyphens, "
            f"not an edition's name nor {', '.join(RESERVED)}"
        )


def variant_out(out: Path, name: str | None) -> Path:
    """Where a brief's editions go: output/ for the default, output/<name>/ for a variant."""
    if name is None:
        return out
    check_name(name)
    return out / name


def read_variant_brief(content: Path, name: str) -> tuple[Brief | None, list[Problem]]:
    """The variant's settings over brief.yaml's, key by key, each key's problems
    naming the file it was written in."""
    root = project_root(content)
    default_file, own_file = content / "brief.yaml", variant_path(content, name)
    base, problems = read_yaml_file(default_file, kind="brief.yaml", root=root)
    own, more = read_yaml_file(own_file, kind="brief.yaml", root=root)
    problems += more
    if problems:
        return None, problems
    if not isinstance(own, dict):
        return None, [
            Problem(Loc(display_path(own_file), 1), "file", "expected a mapping of settings")
        ]
    problems += [
        Problem(Loc(display_path(own_file), own.key_lines.get(key)), key,
                "belongs to the whole corpus: set it in brief.yaml, not in a variant")
        for key in CORPUS_KEYS if key in own
    ]  # fmt: skip
    own, more = charts_by_id(own, base, display_path(own_file))
    problems += more
    merged = layered(base, own)
    shown = display_path(own_file), display_path(default_file)

    def file_of(key: str) -> str:
        return shown[0] if key == "" or key in own else shown[1]

    languages = [
        layer.get("language") if isinstance(layer, dict) else None for layer in (own, base)
    ]

    def written_in(key: str) -> str | None:
        """Plain text is in the language of the file it is written in."""
        found = languages[0] if key in own and isinstance(languages[0], str) else languages[1]
        return found if isinstance(found, str) else None

    brief, more = brief_from_data(
        merged, content, file_of, salvage=True, default_language=written_in
    )
    return brief, problems + more


def charts_by_id(own: LineDict, base: Any, file: str) -> tuple[LineDict, list[Problem]]:
    """A variant's `charts:` may name brief.yaml's charts by id instead of repeating them."""
    charts = own.get("charts")
    if not isinstance(charts, list) or not any(isinstance(c, str) for c in charts):
        return own, []
    defined = {c.get("id"): c for c in (base.get("charts") or []) if isinstance(c, dict)}
    lines = getattr(charts, "item_lines", [own.key_lines.get("charts", 1)] * len(charts))
    problems, entries = [], type(charts)()
    for index, (entry, line) in enumerate(zip(charts, lines, strict=True)):
        if isinstance(entry, str) and entry not in defined:
            known = ", ".join(str(k) for k in defined) or "none"
            problems.append(Problem(Loc(file, line), f"charts[{index}]",
                                    f"{entry!r} is not a chart of brief.yaml (charts: {known})"))  # fmt: skip
            continue
        entries.append(defined[entry] if isinstance(entry, str) else entry)
    entries.line = getattr(charts, "line", 1)
    entries.item_lines = [line for entry, line in zip(charts, lines, strict=True)
                          if not isinstance(entry, str) or entry in defined]  # fmt: skip
    copy = LineDict(own)
    copy.line, copy.key_lines = own.line, own.key_lines
    copy["charts"] = entries
    return copy, problems


def layered(base: Any, own: LineDict) -> LineDict:
    """brief.yaml's keys with the variant's in their place, each keeping its line."""
    merged = LineDict()
    merged.line = 1
    merged.key_lines = {}
    for layer in (base if isinstance(base, dict) else {}, own):
        for key, value in layer.items():
            merged[key] = value
            merged.key_lines[key] = getattr(layer, "key_lines", {}).get(key, 1)
    return merged


def check_brief(
    content: Path,
    variant: str | None,
    *,
    sources: Path | None = None,
    strict: bool = False,
    edition: str | None = None,
    archive: Path | None = None,
    corpus: CheckReport | None = None,
) -> CheckReport:
    """Check one brief: the corpus (unless `corpus` is its report, checked once for
    several variants), then the variant's own settings. Raises ContentError."""
    from briefgen.project import check_project  # the checks: not for naming a folder

    if corpus is None:
        corpus = check_project(
            content, sources=sources, strict=strict, edition=edition, archive=archive
        )
    if variant is None:
        return corpus
    project, problems = check_variant(corpus.project, content, variant)
    warnings = [p for p in problems if not p.is_error]
    if strict and warnings:
        raise ContentError(warnings)
    return replace(corpus, project=project, warnings=corpus.warnings + tuple(warnings))


def check_variant(corpus: Project, content: Path, name: str) -> tuple[Project, list[Problem]]:
    """The variant's project from the checked corpus: its settings, the documents
    they choose, those documents' figures. Raises ContentError with every problem of
    the variant's own (the corpus's were said by its own check)."""
    from briefgen.checks import (
        check_brief_references,
        check_figure_places,
        check_figure_references,
        check_figures_in_prose,
    )
    from briefgen.languages import base as base_language

    brief, problems = read_variant_brief(content, name)
    if brief is None:  # not even a mapping: nothing else can be checked
        raise ContentError([p for p in problems if p.is_error])
    documents, more = chosen_documents(brief, corpus.documents)
    problems += more
    kept = {d.id for d in documents} | {d.id for d in corpus.datasets}
    indicators = tuple(i for i in corpus.indicators if i.document in kept)
    datasets = corpus.datasets
    if base_language(brief.language) != base_language(corpus.brief.language):
        documents, indicators, datasets, more = in_brief_language(
            content, brief.language, corpus, documents, indicators
        )
        problems += more
        # The corpus checked its own language's prose; this language's is new text.
        problems += check_figures_in_prose(list(documents), list(indicators), brief.language)
    points: tuple[Indicator, ...] = ()
    if any(c.data for c in brief.charts):
        from briefgen.data import expand_data_charts  # pandas: only with datasets

        brief, found, more = expand_data_charts(brief, list(datasets), set())
        points, problems = tuple(found), problems + more
    by_id = {i.id: i for i in (*indicators, *points)}
    problems += hint_left_out(check_brief_references(brief, by_id), corpus, kept)
    problems += check_figure_places(brief, [d.id for d in documents])
    problems += check_figure_references(brief, list(documents))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ContentError(errors)
    project = Project(brief, documents, indicators, verified=corpus.verified,
                      datasets=datasets, points=points)  # fmt: skip
    return project, problems


def in_brief_language(
    content: Path,
    language: str,
    corpus: Project,
    documents: tuple[Document, ...],
    indicators: tuple[Indicator, ...],
) -> tuple[tuple[Document, ...], tuple[Indicator, ...], tuple[Dataset, ...], list[Problem]]:
    """The chosen summaries, figures and datasets read again in the brief's language
    (the corpus was read in brief.yaml's): every text it lacks is a problem."""
    from briefgen.languages import figures_in_language

    default = corpus.brief.language
    summaries, problems = read_documents(content / "documents", language=language, default=default,
                                         only=frozenset(d.id for d in documents))  # fmt: skip
    by_id = {d.id: d for d in summaries if isinstance(d, Document)}
    documents = tuple(by_id.get(d.id, d) for d in documents)
    indicators, more = figures_in_language(indicators, language, default)
    problems += more
    datasets = corpus.datasets
    if datasets:
        from briefgen.project import dataset_figures, read_datasets

        found, more, _ = read_datasets(content / "data", language, default)
        problems += more
        datasets = tuple(found)
        derived = {f.id: f for d in datasets for f in dataset_figures(d)}
        indicators = tuple(derived.get(i.id, i) for i in indicators)
    return documents, indicators, datasets, problems


def chosen_documents(
    brief: Brief, documents: tuple[Document, ...]
) -> tuple[tuple[Document, ...], list[Problem]]:
    """The summaries `documents:` chooses (by id, or by any of their topics)."""
    choice = brief.documents
    if choice is None:
        return documents, []
    ids, topics = {d.id for d in documents}, {t for d in documents for t in d.topics}
    problems = [
        Problem(Loc(choice.loc.file, line), f"documents.ids[{n}]",
                f"{doc_id!r} is not a document (known: {', '.join(sorted(ids))})")
        for n, (doc_id, line) in enumerate(zip(choice.ids, choice.id_lines, strict=True))
        if doc_id not in ids
    ] + [
        Problem(Loc(choice.loc.file, line), f"documents.topics[{n}]",
                f"no document has the topic {topic!r} (topics: {', '.join(sorted(topics))})")
        for n, (topic, line) in enumerate(zip(choice.topics, choice.topic_lines, strict=True))
        if topic not in topics
    ]  # fmt: skip
    chosen = tuple(d for d in documents if d.id in choice.ids or set(d.topics) & set(choice.topics))
    return chosen, problems


def hint_left_out(problems: list[Problem], corpus: Project, kept: set[str]) -> list[Problem]:
    """A figure that exists but whose document the variant leaves out is said so."""
    owner = {i.id: i.document for i in corpus.indicators if i.document not in kept}
    hinted = []
    for problem in problems:
        names = [n for n in re.findall(r"[{']([a-z0-9-]+)[}']", problem.message) if n in owner]
        if names:
            note = f" ({names[0]} is a figure of {owner[names[0]]}, which this brief's `documents:` leaves out)"
            problem = replace(problem, message=problem.message + note)
        hinted.append(problem)
    return hinted
