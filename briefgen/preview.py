"""The preview that `serve` shows and `watch` builds for a sent edition: the HTML
first, then the PDF, in OUT/.preview/.

A preview is never an edition: it has no snapshot, manifest or email and lives
outside every edition's folder, so the archive's rules (each edition's snapshot,
a sent edition kept as sent) stay as they are. It shares the chart cache with
the builds, and shows what changed since the edition before the one it previews.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from briefgen.build import Outputs, changes_since_previous, refuse_nesting, render_html
from briefgen.manifest import environment, sha256_bytes
from briefgen.output import build_lock, write_all_atomic
from briefgen.project import CheckReport, check_project
from briefgen.theme import Theme
from briefgen.variants import check_brief, variant_out

PREVIEW = ".preview"


def preview_dir(out: Path) -> Path:
    return Path(out) / PREVIEW


@dataclass(frozen=True, slots=True)
class Page:
    """A preview's HTML, written to its folder, and what its PDF is made from."""

    folder: Path
    version: str  # SHA-256 of the page: a browser showing another reloads
    printable: str  # the print HTML
    pdf_key: str  # the same key makes the same PDF
    folders: tuple[Path, ...]  # the theme's folders, all the PDF renderer may read
    report: CheckReport
    drawn: int  # charts drawn anew (the others came from the cache)
    seconds: float

    @property
    def html(self) -> Path:
        return self.folder / "brief.html"

    @property
    def pdf(self) -> Path:
        return self.folder / "brief.pdf"


def build_page(
    content: Path,
    *,
    out: Path,
    edition: str,
    templates: Path | None = None,
    sources: Path | None = None,
    strict: bool = False,
    jobs: int = 1,
    today: dt.date | None = None,
    variant: str | None = None,
) -> Page:
    """Check the content, draw the charts that changed and write OUT/.preview/brief.html
    (a variant's: OUT/<variant>/.preview/). Raises ContentError (nothing is written
    then: the last good page stays)."""
    started = time.perf_counter()
    content, out = Path(content), Path(out)
    refuse_nesting(content, out)
    theme = Theme.for_project(templates)
    folder = preview_dir(variant_out(out, variant))
    report = check_project(content, sources=sources, strict=strict, edition=edition, today=today,
                           archive=out)  # fmt: skip
    report = check_brief(content, variant, strict=strict, corpus=report)
    changes = changes_since_previous(variant_out(out, variant), edition, report.project,
                                     chosen=variant is not None)  # fmt: skip
    outputs = Outputs()
    html = render_html(report.project, theme, out, edition, cached_environment(), changes, outputs,
                       force=False, jobs=jobs, progress=lambda _: None)  # fmt: skip
    with build_lock(folder, timeout=60):
        write_all_atomic({folder / "brief.html": html.page})
    return Page(folder, sha256_bytes(html.page), html.printable, html.pdf_key, theme.folders,
                report, len(outputs.rendered), time.perf_counter() - started)  # fmt: skip


def write_pdf(page: Page, data: bytes) -> None:
    """The PDF rendered from the page (pdf.to_pdf, in whatever process rendered it)."""
    with build_lock(page.folder, timeout=60):
        write_all_atomic({page.pdf: data})


_environment: dict[str, str] = {}


def cached_environment() -> dict[str, str]:
    """The versions that shape the output: read once, since a preview session does not
    outlive an upgrade of what it runs."""
    if not _environment:
        _environment.update(environment())
    return _environment
