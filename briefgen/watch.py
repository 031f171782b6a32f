"""`briefgen watch`: rebuild whenever content/, templates/ or the source texts change.

One line per rebuild (when, what changed, what was rebuilt, how long); a failed
build prints its problems and keeps the last good output; Ctrl-C stops cleanly.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefgen.build import BuildResult, build
from briefgen.content import display_path, read_brief
from briefgen.errors import BriefgenError, ContentError

Say = Callable[[str], None]


def watched_folders(content: Path, templates: Path | None, sources: Path | None) -> list[Path]:
    """content/, the project's templates/ and the sources folder, where they exist."""
    if sources is None:
        brief, _ = read_brief(content / "brief.yaml")
        sources = brief.sources if brief else None
    folders = [content, templates, sources]
    return [f.resolve() for f in folders if f is not None and f.is_dir()]


def watch(
    content: Path,
    *,
    say: Say,
    stop_event: Any = None,
    debounce_ms: int = 300,
    **options: Any,
) -> None:
    """Build now, then again after each burst of changes, until Ctrl-C or stop_event."""

    folders = watched_folders(content, options.get("templates"), options.get("sources"))
    say(f"watching {', '.join(display_path(f) for f in folders)} (Ctrl-C to stop)")
    try:
        watch_loop(content, folders, say, stop_event, debounce_ms, options)
    except (
        KeyboardInterrupt
    ):  # Ctrl-C during a rebuild: its writes are staged, nothing is half-done
        say("interrupted during a rebuild; the last good output is kept")


def watch_loop(
    content: Path,
    folders: list[Path],
    say: Say,
    stop_event: Any,
    debounce_ms: int,
    options: dict[str, Any],
) -> None:
    from watchfiles import watch as changes_in

    first = True
    # yield_on_timeout: the first (empty) yield comes once the watcher is running, so
    # the first build starts only then and no edit made after it can be missed.
    for changes in changes_in(*folders, debounce=debounce_ms, stop_event=stop_event, raise_interrupt=False,
                              yield_on_timeout=True, rust_timeout=200):  # fmt: skip
        if first:
            first = False
            say(rebuild(content, "first build", options, say))
        elif changes:
            changed = sorted({display_path(Path(path)) for _, path in changes})
            say(rebuild(content, ", ".join(changed), options, say))


def rebuild(content: Path, cause: str, options: dict[str, Any], say: Say) -> str:
    """One build; its outcome as one line (problems, if any, are said first)."""
    stamp = dt.datetime.now().strftime("%H:%M:%S")  # the terminal's clock, never in a file
    started = time.perf_counter()
    try:
        result = build(content, **options)
    except ContentError as err:
        for problem in err.problems:
            say(f"  {problem}")
        return f"{stamp}  {cause} -> build failed ({len(err.problems)} problems); the last good output is kept"
    except BriefgenError as err:
        return f"{stamp}  {cause} -> build failed: {err}; the last good output is kept"
    except Exception as err:  # a bug or a file pulled away mid-build: say it, keep watching
        say("".join(traceback.format_exception(err)).rstrip())
        return f"{stamp}  {cause} -> build failed ({type(err).__name__}: {err}); the last good output is kept"
    return f"{stamp}  {cause} -> {outcome(result)} ({time.perf_counter() - started:.1f} s)"


def outcome(result: BuildResult) -> str:
    if result.up_to_date:
        return "up to date"
    if not result.changed:
        return "rebuilt, output unchanged"
    return "rebuilt " + ", ".join(result.changed)
