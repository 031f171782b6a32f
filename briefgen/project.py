"""Load content/ into a Project and run every check, saying what was verified."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.checks import check_references
from briefgen.content import (
    display_path,
    document_paths,
    read_brief,
    read_documents,
    read_indicator_table,
)
from briefgen.editions import current_edition, parse_edition
from briefgen.errors import ContentError, Loc, OptionError, Problem, plural, warning
from briefgen.model import Brief, Dataset, Document, Draft, Indicator, Project
from briefgen.periods import interval
from briefgen.provenance import (
    Provenance,
    SourceStatus,
    archived_texts,
    check_originals,
    check_own_words,
    check_provenance,
    read_sources,
    unregistered,
)


@dataclass(frozen=True, slots=True)
class CheckReport:
    project: Project
    warnings: tuple[Problem, ...]
    sources: Path | None  # the folder the figures were verified against, if any
    provenance: str  # one sentence: verified against what, or why not
    statuses: tuple[SourceStatus, ...] = ()  # each document's source: unchanged, changed ...
    unregistered: tuple[str, ...] = ()  # files in the sources folder no summary names
    verified: frozenset[str] = frozenset()  # ids of the figures verified on their lines


@dataclass(frozen=True, slots=True)
class Parts:
    """What could be read, even when some of it is wrong, so that every later check
    still runs in the same pass. With any error, `project()` is None: what is wrong
    stands in these parts as empty fields and must not be used."""

    brief: Brief | None
    documents: tuple[Document, ...]  # with errors: some are salvaged (see content.py)
    indicators: tuple[Indicator, ...]  # the valid rows
    problems: tuple[Problem, ...]
    drafts: tuple[Draft, ...] = ()
    checkable: tuple[Indicator, ...] = ()  # broken rows whose provenance can still be checked
    datasets: tuple[Dataset, ...] = ()
    derived: tuple[Indicator, ...] = ()  # the figures computed from the datasets
    points: tuple[Indicator, ...] = ()  # the observations that charts of series draw

    def project(self) -> Project | None:
        """The brief's model: its documents and their figures (a draft's are left out)."""
        if self.brief is None or any(p.is_error for p in self.problems):
            return None
        drafts = {d.id for d in self.drafts}
        figures = tuple(i for i in self.indicators if i.document not in drafts)
        return Project(self.brief, self.documents, figures + self.derived,
                       datasets=self.datasets, points=self.points)  # fmt: skip


def read_parts(content: Path) -> Parts:
    """Everything in content/, validated on its own and across files: every problem,
    none skipped, and none that only follows from another."""
    if not content.is_dir():
        problem = Problem(
            Loc(display_path(content)),
            "",
            "content folder not found (run briefgen init, or pass --content DIR)",
        )
        return Parts(None, (), (), (problem,))
    brief, problems = read_brief(content / "brief.yaml", salvage=True)
    if any(p.field == "schema" for p in problems):
        return Parts(None, (), (), tuple(problems))  # the rest is written for another model
    language = brief.language if brief is not None and brief.language else None
    summaries, more = read_documents(content / "documents", salvage=True, language=language)
    problems += more
    documents = [d for d in summaries if isinstance(d, Document)]
    drafts = [d for d in summaries if isinstance(d, Draft)]
    indicators, more, broken_rows = read_indicator_table(content / "indicators.csv")
    problems += more
    # Summaries that could not be read at all still exist: references to them are fine.
    unreadable = {p.stem for p in document_paths(content / "documents")} - {d.id for d in documents}
    datasets, more, declared = read_datasets(content / "data", language)
    problems += more
    derived = [figure for dataset in datasets for figure in dataset_figures(dataset)]
    uncomputed = declared - {f.id for f in derived}  # each said why, above
    points: list[Indicator] = []
    if brief is not None and any(c.data for c in brief.charts):
        brief, points, more = chart_points(brief, datasets, content / "data")
        problems += more
    table_read = broken_rows is not None
    broken_rows = broken_rows or {}
    problems += check_references(brief, documents, indicators, unreadable_documents=unreadable,
                                 broken_rows=broken_rows, table_read=table_read, derived=derived,
                                 points=points, uncomputed=uncomputed)  # fmt: skip
    checkable = tuple(i for i in broken_rows.values() if i is not None)
    return Parts(brief, tuple(documents), tuple(indicators), tuple(problems), tuple(drafts),
                 checkable, tuple(datasets), tuple(derived), tuple(points))  # fmt: skip


def read_datasets(
    folder: Path, language: str | None = None, default: str | None = None
) -> tuple[list[Dataset], list[Problem], set[str]]:
    """content/data/, read only when there is a dataset: pandas is loaded only then.
    Also the ids of the figures the datasets declare, computed or not."""
    if not folder.is_dir() or not any(folder.glob("*.y*ml")):
        return [], [], set()
    from briefgen.data.load import load_all

    if language is None or language.split("-")[0] == "en":
        return load_all(folder, language=language, default=default)
    # A derived figure's derivation is written as it is computed: in the brief's
    # language, with the default theme's catalog and the language's dates.
    from briefgen.numbers.writing import reading
    from briefgen.theme import Theme
    from briefgen.translations import speaking, translations_for

    with speaking(translations_for(Theme.for_project(None), language)), reading(language):
        return load_all(folder, language=language, default=default)


def chart_points(
    brief: Brief, datasets: list[Dataset], folder: Path
) -> tuple[Brief, list[Indicator], list[Problem]]:
    from briefgen.data import dataset_paths, expand_data_charts

    unreadable = {p.stem for p in dataset_paths(folder)} - {d.id for d in datasets}
    return expand_data_charts(brief, datasets, unreadable)


def dataset_figures(dataset: Dataset) -> list[Indicator]:
    from briefgen.data import as_figures

    return as_figures(dataset)


def load_project(content: Path | str) -> Project:
    """The project in content/. Raises ContentError listing every error."""
    parts = read_parts(Path(content))
    project = parts.project()
    if project is None:
        raise ContentError([p for p in parts.problems if p.is_error])
    return project


def check_project(
    content: Path | str,
    *,
    sources: Path | str | None = None,
    strict: bool = False,
    edition: str | None = None,
    today: dt.date | None = None,
    archive: Path | None = None,
) -> CheckReport:
    """Validate content/ and, where source texts are at hand, the figures' provenance;
    flag figures gone stale by the edition's week (default: this week).

    Raises ContentError with every error (and, when strict, every warning).
    """
    parts = read_parts(Path(content))
    problems = list(parts.problems)
    brief = parts.brief
    if brief is not None and any(p.field == "sources" and p.loc.file == brief.loc.file
                                 for p in problems if p.is_error):  # fmt: skip
        brief = None  # no folder to check against: its problem is said already
    folder, note, more = sources_folder(
        brief, None if sources is None else Path(sources), Path(content)
    )
    problems += more
    statuses: list[SourceStatus] = []
    extra: list[str] = []
    verified: frozenset[str] = frozenset()
    if folder is not None:
        summaries = (
            *(d for d in parts.documents if d.source_file),
            *parts.drafts,
        )  # else said already
        texts, more = read_sources(folder, summaries)
        problems += more
        old = archived_texts(archive) if archive is not None and archive.is_dir() else {}
        found = check_provenance([*parts.indicators, *parts.checkable], summaries, texts, old)
        problems += found.problems
        problems += check_own_words(parts.documents, texts, parts.indicators)
        problems += check_originals(folder, summaries)
        statuses, verified = list(found.statuses), found.verified
        extra = unregistered(folder, summaries)
        note = provenance_note(parts, found, len(texts), folder)
    if parts.derived:
        note += f"; {derived_note(parts)}"
    if parts.brief is not None:
        edition = edition or current_edition(today or dt.date.today())
        problems += check_staleness(parts.indicators, edition, parts.brief.stale_after_years)
        problems += stale_datasets(parts.datasets, edition)
    project = parts.project()
    errors = [p for p in problems if p.is_error or strict]
    if errors or project is None:
        raise ContentError(errors or [p for p in parts.problems if p.is_error])
    project = replace(project, verified=verified if folder is not None else None)
    return CheckReport(
        project, tuple(problems), folder, note, tuple(statuses), tuple(extra), verified
    )


def provenance_note(parts: Parts, found: Provenance, texts: int, folder: Path) -> str:
    """One sentence that counts only what was verified, and says what was not."""
    drafts = {d.id for d in parts.drafts}
    in_brief = [i for i in parts.indicators if i.document not in drafts]
    verified = [i for i in in_brief if i.id in found.verified]
    where = f"in {plural(texts, 'source text')} ({display_path(folder)})"
    if len(verified) == len(in_brief):
        note = (
            f"provenance verified: {plural(len(verified), 'figure')} on their cited lines {where}"
        )
    else:
        note = f"provenance verified: {len(verified)} of {plural(len(in_brief), 'figure')} on their cited lines {where}; not verified: {len(in_brief) - len(verified)}"
    draft_figures = [i for i in parts.indicators if i.document in drafts]
    if draft_figures:
        checked = sum(i.id in found.verified for i in draft_figures)
        note += f"; figures of draft summaries, left out of the brief: {checked} of {len(draft_figures)} verified"
    return note


def check_staleness(indicators: tuple[Indicator, ...], edition: str, years: int) -> list[Problem]:
    monday, _ = parse_edition(edition)
    return [
        warning(
            i.loc,
            "period",
            f"{i.period.display()} ended more than {years} years before edition {edition}: "
            "update the figure, or mark it historical (historical column: yes)",
        )  # fmt: skip
        for i in indicators
        if i.is_stale(monday, years)
    ]


def derived_note(parts: Parts) -> str:
    by_hand = sum(d.compiled_by_hand for d in parts.datasets)
    hand = (
        f" ({plural(by_hand, 'dataset')} compiled by hand from the pages its rows name, checked by hand, not by check)"
        if by_hand
        else ""
    )
    return f"{plural(len(parts.derived), 'figure')} computed again from {plural(len(parts.datasets), 'dataset')}{hand}"


# A series is due a newer observation this long after its latest period ended: one
# period, and the usual time to its release.
DUE_MONTHS = {"annual": 12 + 6, "quarterly": 3 + 4, "monthly": 1 + 3}


def stale_datasets(datasets: tuple[Dataset, ...], edition: str) -> list[Problem]:
    """A dataset whose latest observation is older than its frequency allows, judged
    against the edition's week (never today), unless it is marked historical."""
    monday, _ = parse_edition(edition)
    problems = []
    for dataset in datasets:
        ends = [
            interval(o.period)[1]
            for s in dataset.series
            for o in s.observations
            if o.status != "forecast"
        ]
        if dataset.historical or not ends:
            continue
        latest = max(ends)
        months = (monday.year - latest.year) * 12 + monday.month - latest.month
        if months > DUE_MONTHS[dataset.frequency]:
            message = f"its latest observation ended {latest.isoformat()}, {months} months before edition {edition}; a {dataset.frequency} series is due a newer one after {DUE_MONTHS[dataset.frequency]}: update it, or mark it `historical: true`"
            problems.append(warning(dataset.loc, "series", message))
    return problems


def sources_folder(
    brief: Brief | None, override: Path | None, content: Path
) -> tuple[Path | None, str, list[Problem]]:
    """Where the source texts are: --sources, else brief.yaml's `sources:`, else
    content/sources/ when there is one; otherwise the check says plainly it was not made."""
    if override is not None:
        if not override.is_dir():
            raise OptionError(f"--sources: folder not found: {override}")
        return override.resolve(), "", []
    if brief is None:
        return None, "provenance not verified: brief.yaml has errors", []
    if brief.sources is None:
        default = content / "sources"
        if default.is_dir():
            return default.resolve(), "", []
        return (
            None,
            "provenance not verified: sources were not checked (no content/sources folder; set `sources:` in brief.yaml or pass --sources DIR)",
            [],
        )
    if brief.sources.is_dir():
        return brief.sources, "", []
    message = (
        f"the sources folder {display_path(brief.sources)} does not exist: provenance not verified"
    )
    return (
        None,
        f"provenance not verified: {display_path(brief.sources)} not found",
        [warning(brief.loc_of("sources"), "sources", message)],
    )
