"""`briefgen watch`: rebuild whenever content/, templates/ or the source texts change.

One line per rebuild (when, what changed, what was rebuilt, how long), then the
problems of a failed build under it; a failed build keeps the last good output.
An edition that was emailed is kept as sent: watching it builds the preview
(OUT/.preview/) instead, and says so. Editor temporaries and hidden files are
not changes. Ctrl-C stops quietly.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.build import BuildResult, EditionFrozen, build
from briefgen.content import display_path, read_brief
from briefgen.errors import BriefgenError, ContentError, plural

Say = Callable[[str], None]

# What briefgen reads: content and source texts by these suffixes; a theme file by any
# suffix. A file without one is never read (sed -i's sedXXXXXX, vim's 4913).
CONTENT_SUFFIXES = (".yaml", ".yml", ".csv", ".txt", ".md")
EDITOR_TEMPORARY = re.compile(
    r"(~|\.sw[a-p]|\.tmp|\.temp|\.bak|\.orig|\.part|\.crdownload|\.kate-swp)$|^#.*#$", re.I
)


class Relevant:
    """A watchfiles filter: the changes a build could see, in the folders watched."""

    def __init__(self, folders: list[Path], templates: Path | None) -> None:
        self.folders = folders
        self.theme = templates.resolve() if templates is not None else None

    def __call__(self, change: Any, path: str) -> bool:
        return is_relevant(Path(path), self.folders, theme=self.theme)


def is_relevant(path: Path, folders: list[Path], *, theme: Path | None = None) -> bool:
    """Not hidden (below the folder watched), not an editor's temporary, and of a kind
    briefgen reads."""
    root = next((f for f in folders if path.is_relative_to(f)), path.parent)
    if any(part.startswith(".") for part in path.relative_to(root).parts):
        return False
    if EDITOR_TEMPORARY.search(path.name) or not path.suffix:
        return False
    in_theme = theme is not None and path.is_relative_to(theme)
    return in_theme or path.suffix.lower() in CONTENT_SUFFIXES


def watched_folders(content: Path, templates: Path | None, sources: Path | None) -> list[Path]:
    """content/, the project's templates/ and the sources folder, where they exist."""
    if sources is None:
        brief, _ = read_brief(content / "brief.yaml", salvage=True)
        sources = brief.sources if brief else None
    folders = [content, templates, sources]
    return list(dict.fromkeys(f.resolve() for f in folders if f is not None and f.is_dir()))


def watch(
    content: Path,
    *,
    say: Say,
    stop_event: Any = None,
    debounce_ms: int = 300,
    **options: Any,
) -> None:
    """Build now, then again after each burst of changes, until Ctrl-C or stop_event."""
    from watchfiles import watch as changes_in

    folders = watched_folders(content, options.get("templates"), options.get("sources"))
    say(f"watching {', '.join(display_path(f) for f in folders)} (Ctrl-C to stop)")
    rebuild = Rebuild(content, options, say)
    try:
        # yield_on_timeout: the first (empty) yield comes once the watcher is running, so
        # the first build starts only then and no edit made after it can be missed.
        for changes in changes_in(*folders, watch_filter=Relevant(folders, options.get("templates")),
                                  debounce=debounce_ms, stop_event=stop_event, raise_interrupt=True,
                                  yield_on_timeout=True, rust_timeout=200):  # fmt: skip
            if rebuild.count == 0:
                rebuild("first build")
            elif changes:
                rebuild(", ".join(sorted({display_path(Path(path)) for _, path in changes})))
    except KeyboardInterrupt:  # Ctrl-C, even during a rebuild: its writes are staged
        return


class Rebuild:
    """One build per call; its outcome said in one line, its problems under it."""

    def __init__(self, content: Path, options: dict[str, Any], say: Say) -> None:
        self.content, self.options, self.say = content, options, say
        self.count = 0
        self.preview = False  # the edition was emailed: build the preview instead
        self.pdf_key = ""  # of the preview's PDF as last written

    def __call__(self, cause: str) -> None:
        self.count += 1
        stamp = dt.datetime.now().strftime("%H:%M:%S")  # the terminal's clock, never in a file
        started = time.perf_counter()
        problems: list[str] = []
        try:
            done = self.build_preview() if self.preview else self.build_edition()
        except ContentError as err:
            problems = [str(p) for p in err.problems]
            done = (
                f"build failed ({plural(len(problems), 'problem')}); the last good output is kept"
            )
        except BriefgenError as err:
            done = f"build failed: {err}; the last good output is kept"
        except Exception as err:  # a bug or a file pulled away mid-build: say it, keep watching
            problems = "".join(traceback.format_exception(err)).rstrip().splitlines()
            done = f"build failed ({type(err).__name__}: {err}); the last good output is kept"
        else:
            done += f" ({time.perf_counter() - started:.1f} s)"
        self.say(f"{stamp}  {cause} -> {done}")
        for line in problems:
            self.say(f"  {line}")

    def build_edition(self) -> str:
        try:
            return outcome(build(self.content, **self.options))
        except EditionFrozen:
            self.preview = True
            out = self.options["out"]
            self.say(
                f"edition {self.options['edition']} has been emailed, so it is kept as sent: "
                f"watch builds the preview in {display_path(out / '.preview')} instead "
                "(briefgen serve shows it in the browser; --edition watches another week)"
            )
            return self.build_preview()

    def build_preview(self) -> str:
        from briefgen.pdf import to_pdf
        from briefgen.preview import build_page, write_pdf

        page = build_page(self.content, **self.options)
        rebuilt = [display_path(page.html)]
        if page.pdf_key != self.pdf_key or not page.pdf.is_file():
            write_pdf(page, to_pdf(page.printable, folders=page.folders))
            self.pdf_key = page.pdf_key
            rebuilt.append(display_path(page.pdf))
        return "preview rebuilt: " + ", ".join(rebuilt)


def outcome(result: BuildResult) -> str:
    if result.up_to_date:
        return "up to date"
    if not result.changed:
        return "rebuilt, output unchanged"
    return "rebuilt " + ", ".join(result.changed)
