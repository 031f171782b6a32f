"""The pipeline, top to bottom: check -> charts -> context -> HTML -> PDF -> write."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.editions import current_edition
from briefgen.errors import OptionError
from briefgen.output import edition_dir, write_atomic
from briefgen.project import CheckReport, check_project
from briefgen.theme import Theme


@dataclass(frozen=True, slots=True)
class Artifact:
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class BuildResult:
    edition: str
    folder: Path
    artifacts: tuple[Artifact, ...]
    seconds: float
    report: CheckReport


def build(
    content: Path,
    *,
    out: Path,
    templates: Path | None = None,
    edition: str | None = None,
    sources: Path | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build one edition's brief.html and brief.pdf under out/<edition>/.

    Validates everything and renders in memory first: on any error nothing is
    written and the last good files stay. Raises ContentError for bad content or
    templates, OptionError for bad options.
    """
    started = time.perf_counter()
    edition = edition or current_edition(today or dt.date.today())
    folder = edition_dir(out, edition)
    refuse_nesting(content, out)
    progress("checking content")
    report = check_project(content, sources=sources, strict=strict)
    project = report.project
    theme = Theme.for_project(templates)

    progress(f"drawing {len(project.brief.charts)} charts")
    from briefgen.charts import draw_charts  # heavy: matplotlib

    charts = draw_charts(project.brief.charts, project.indicators_by_id(), theme.fonts())

    progress("rendering HTML")
    from briefgen.context import make_context
    from briefgen.render import render_brief

    context = make_context(project, charts, edition=edition)
    page = render_brief(context, theme=theme, variant="page")
    printable = render_brief(context, theme=theme, variant="print")

    progress("rendering PDF")
    from briefgen.pdf import to_pdf  # heavy: WeasyPrint

    pdf = to_pdf(printable, folders=theme.folders)

    files = {"brief.pdf": pdf, "brief.html": page.encode("utf-8")}
    for name, data in files.items():
        write_atomic(folder / name, data)
    artifacts = tuple(Artifact(folder / name, len(data)) for name, data in files.items())
    return BuildResult(edition, folder, artifacts, time.perf_counter() - started, report)


def refuse_nesting(content: Path, out: Path) -> None:
    """content/ and output/ must not contain each other: a build would read its own output."""
    content, out = content.resolve(), out.resolve()
    if content == out or content in out.parents or out in content.parents:
        raise OptionError(
            f"the output folder {out} and the content folder {content} must not contain each other"
        )
