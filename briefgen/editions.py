"""Editions are ISO weeks: '2026-W48' runs from Monday 23 to Sunday 29 November 2026."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from briefgen.errors import ContentError, Loc, OptionError, Problem
from briefgen.model import MONTHS, Dataset, Document, Indicator, Project, Series

EDITION_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def current_edition(today: dt.date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def parse_edition(edition: str) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of an edition. Raises OptionError for a bad edition."""
    match = EDITION_RE.match(edition)
    if not match:
        raise OptionError(f"edition {edition!r} is not an ISO week (YYYY-Www, e.g. 2026-W48)")
    year, week = int(match[1]), int(match[2])
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise OptionError(f"edition {edition!r}: {year} has no week {week}") from None
    return monday, monday + dt.timedelta(days=6)


def week_range(edition: str) -> str:
    """'23–29 November 2026', or '28 December 2026 – 3 January 2027' across a year."""
    monday, sunday = parse_edition(edition)
    if monday.year != sunday.year:
        return f"{day_month(monday)} {monday.year} – {day_month(sunday)} {sunday.year}"
    if monday.month != sunday.month:
        return f"{day_month(monday)} – {day_month(sunday)} {sunday.year}"
    return f"{monday.day}–{sunday.day} {MONTHS[sunday.month - 1]} {sunday.year}"


def day_month(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


# --- the archive --------------------------------------------------------------------

SNAPSHOT = "snapshot"


def edition_key(edition: str) -> tuple[int, int]:
    year, week = edition.split("-W")
    return int(year), int(week)


def built_editions(out: Path) -> list[str]:
    """Editions that finished a build (they have a manifest), oldest first."""
    if not out.is_dir():
        return []
    names = [
        p.name
        for p in out.iterdir()
        if EDITION_RE.match(p.name) and (p / "manifest.json").is_file()
    ]
    return sorted(names, key=edition_key)


def previous_edition(out: Path, edition: str) -> str | None:
    """The latest earlier edition that kept a snapshot to compare with."""
    earlier = [
        e
        for e in built_editions(out)
        if edition_key(e) < edition_key(edition) and (out / e / SNAPSHOT).is_dir()
    ]
    return earlier[-1] if earlier else None


def snapshot_files(
    content: Path,
    sources: Path | None = None,
    documents: tuple[Document, ...] = (),
    *,
    variant: Path | None = None,
) -> dict[str, bytes]:
    """The content an edition was built from, and the source texts its summaries name,
    kept with it: small enough for every week, and what a changed source used to say.
    A variant's snapshot keeps its settings and the summaries it chose."""
    from briefgen.limits import Refused, project_root, read_input, real_file

    def read(path: Path, kind: str, root: Path) -> bytes:
        try:  # the check read these already; read them by its rules again
            return read_input(path, kind, root=root)
        except (Refused, OSError) as err:
            raise ContentError(
                [Problem(Loc(str(path)), "", f"cannot be kept in the snapshot: {err}")]
            ) from None

    root = project_root(content)
    files = {f"{SNAPSHOT}/brief.yaml": without_recipients(read(content / "brief.yaml", "brief.yaml", root)),
             f"{SNAPSHOT}/indicators.csv": read(content / "indicators.csv", "indicator table", root)}  # fmt: skip
    if variant is not None:
        files[f"{SNAPSHOT}/briefs/{variant.name}"] = without_recipients(
            read(variant, "brief.yaml", root)
        )
    chosen = {d.id for d in documents}
    for path in sorted((content / "documents").glob("*.y*ml")):
        if variant is None or path.stem in chosen:
            files[f"{SNAPSHOT}/documents/{path.name}"] = read(path, "summary", root)
    data = content / "data"
    for path in sorted(data.iterdir()) if data.is_dir() else ():  # so "what changed" sees new data
        kind = "dataset description" if path.suffix in (".yaml", ".yml") else "dataset"
        files[f"{SNAPSHOT}/data/{path.name}"] = read(path, kind, root)
    for name in sorted({d.source_file for d in documents}) if sources is not None else ():
        try:
            path = real_file(sources, sources / name)
        except Refused:
            continue  # the check refused it already: the build has stopped
        if path is not None:
            files[f"{SNAPSHOT}/sources/{name}"] = read(path, "source text", sources.resolve())
    return files


def without_recipients(brief: bytes) -> bytes:
    """brief.yaml with its email.recipients emptied: addresses are personal data and
    stay out of every edition's snapshot, which may be published with it."""
    from briefgen.fields import value_span

    text = brief.decode("utf-8-sig")
    span = value_span(text, ("email", "recipients"))
    if span is None:
        return brief
    start, end = span
    return (text[:start] + ": []" + text[end:]).encode("utf-8")


def point_latest(out: Path) -> None:
    """output/latest -> the newest built edition (a relative link, replaced atomically)."""
    editions = built_editions(out)
    if not editions:
        return
    link = out / "latest"
    temporary = out / ".latest.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(editions[-1], target_is_directory=True)
    os.replace(temporary, link)


# --- what changed since the previous edition ----------------------------------------


@dataclass(frozen=True, slots=True)
class Changes:
    previous: str | None  # None: this is the first edition
    new_documents: tuple[Document, ...]
    changed_documents: tuple[Document, ...]
    removed_documents: tuple[Document, ...]
    added: tuple[Indicator, ...]
    removed: tuple[Indicator, ...]
    revised: tuple[tuple[Indicator, Indicator], ...]  # (as it was, as it is)
    observations: tuple[ObservationChange, ...] = ()  # new and revised observations of datasets
    new_datasets: tuple[Dataset, ...] = ()

    @property
    def count(self) -> int:
        parts = (
            self.new_documents,
            self.changed_documents,
            self.removed_documents,
            self.added,
            self.removed,
            self.revised,
            self.observations,
            self.new_datasets,
        )
        return sum(len(p) for p in parts)


@dataclass(frozen=True, slots=True)
class ObservationChange:
    """An observation a dataset gained since the previous edition, or one it revised."""

    dataset: Dataset
    series: Series
    period: str
    old: Decimal | None  # None: a new observation
    new: Decimal
    status: str  # "", "provisional" or "forecast"


Snapshot = tuple[list[Document], list[Indicator], list[Dataset]]


def read_snapshot(folder: Path, language: str | None = None) -> Snapshot:
    """An edition's documents, indicators and datasets as they stood when it was built
    (the figures derived from its datasets among its indicators), their text read in
    `language` (the brief's), as the edition showed it."""
    from briefgen.content import read_documents, read_indicator_table

    summaries, _ = read_documents(
        folder / SNAPSHOT / "documents", language=language, default=language
    )
    documents = [d for d in summaries if isinstance(d, Document)]
    indicators, _, _ = read_indicator_table(folder / SNAPSHOT / "indicators.csv")
    data = folder / SNAPSHOT / "data"
    if not data.is_dir():
        return documents, indicators, []
    from briefgen.data import as_figures, load_datasets  # pandas: only with datasets

    datasets, _ = load_datasets(data, language)
    return documents, indicators + [f for d in datasets for f in as_figures(d)], datasets


def compare(previous: str | None, old: Snapshot, project: Project) -> Changes:
    """What is new, changed or gone since the previous edition's snapshot."""
    if previous is None:
        return Changes(None, (), (), (), (), (), ())
    old_datasets = {d.id: d for d in old[2]}
    old_documents = {d.id: d for d in old[0]}
    old_indicators = {i.id: i for i in old[1]}
    documents = {d.id: d for d in project.documents}
    indicators = project.indicators_by_id()
    return Changes(
        previous=previous,
        new_documents=tuple(d for d in project.documents if d.id not in old_documents),
        changed_documents=tuple(
            d
            for d in project.documents
            if d.id in old_documents and list(d.prose()) != list(old_documents[d.id].prose())
        ),
        removed_documents=tuple(d for d in old[0] if d.id not in documents),
        added=tuple(i for i in project.indicators if i.id not in old_indicators),
        removed=tuple(i for i in old[1] if i.id not in indicators),
        revised=tuple(
            (old_indicators[i.id], i)
            for i in project.indicators
            if i.id in old_indicators and old_indicators[i.id].normalised != i.normalised
        ),
        observations=tuple(
            change
            for dataset in project.datasets
            if dataset.id in old_datasets
            for change in observation_changes(old_datasets[dataset.id], dataset)
        ),
        new_datasets=tuple(d for d in project.datasets if d.id not in old_datasets),
    )


def observation_changes(old: Dataset, new: Dataset) -> list[ObservationChange]:
    """Observations the dataset gained, and those whose value changed (a revision)."""
    changes = []
    before = {s.id: {o.period: o for o in s.observations} for s in old.series}
    for series in new.series:
        was = before.get(series.id, {})
        for observation in series.observations:
            earlier = was.get(observation.period)
            if earlier is None or earlier.value != observation.value:
                changes.append(ObservationChange(new, series, observation.period,
                                                 earlier.value if earlier else None,
                                                 observation.value, observation.status))  # fmt: skip
    return changes


def published_in_week(document: Document, edition: str) -> bool:
    """Published on a day of the edition's week (only a full date can say so)."""
    date = document.published
    if date is None or date.day is None or date.month is None:
        return False
    monday, sunday = parse_edition(edition)
    return monday <= dt.date(date.year, date.month, date.day) <= sunday


@dataclass(frozen=True, slots=True)
class EditionSummary:
    edition: str
    week: str
    documents: int
    indicators: int
    artifacts: int
    sent_to: int  # recipients the email reached (or may have: unknown counts)


def figure_count(folder: Path, artifacts: dict[str, object]) -> int:
    """The rows of an edition's indicator table; a variant's, of the documents it chose."""
    import csv

    table = folder / SNAPSHOT / "indicators.csv"
    if not table.is_file():
        return 0
    lines = table.read_text(encoding="utf-8").splitlines()
    if not any(name.startswith(f"{SNAPSHOT}/briefs/") for name in artifacts):
        return max(len(lines) - 1, 0)
    rows = csv.DictReader(lines)
    chosen = {Path(n).stem for n in artifacts if n.startswith(f"{SNAPSHOT}/documents/")}
    return sum(r.get("document") in chosen for r in rows)


def summarise_editions(out: Path) -> list[EditionSummary]:
    """Every built edition, oldest first, from its manifest and send log."""
    import json

    from briefgen.mail import read_log

    summaries = []
    for edition in built_editions(out):
        folder = out / edition
        artifacts = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get(
            "artifacts", {}
        )
        documents = sum(name.startswith(f"{SNAPSHOT}/documents/") for name in artifacts)
        rows = figure_count(folder, artifacts)
        sent = sum(e.status in ("sent", "unknown") for e in read_log(folder).values())
        summaries.append(
            EditionSummary(edition, week_range(edition), documents, rows, len(artifacts), sent)
        )
    return summaries


def publishing_edition(
    content: Path, now: dt.datetime | None = None, *, variant: str | None = None
) -> str:
    """This week's edition, reckoned once in the brief's time zone (a variant's own)."""
    import zoneinfo

    from briefgen.content import read_brief
    from briefgen.variants import read_variant_brief

    brief, _ = (
        read_variant_brief(content, variant) if variant else read_brief(content / "brief.yaml")
    )
    zone = zoneinfo.ZoneInfo(brief.timezone if brief else "UTC")
    moment = now.astimezone(zone) if now else dt.datetime.now(zone)
    return current_edition(moment.date())
