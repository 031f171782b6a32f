"""`briefgen watch` driven as a person would: start it, edit, see the rebuild, stop it."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from briefgen import build
from briefgen.mail import LogEntry, append_log
from briefgen.watch import is_relevant
from tests.conftest import EDITION, edit, snapshot


class Watcher:
    """briefgen watch in its own process, its output read line by line."""

    def __init__(self, project: Path) -> None:
        command = [sys.executable, "-m", "briefgen", "watch", "--edition", EDITION]
        self.process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"no line with {text!r} within {timeout} s; saw {seen}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)


def test_watch_rebuilds_on_edit_survives_bad_input_and_stops_on_ctrl_c(project: Path) -> None:
    watcher = Watcher(project)
    try:
        watcher.wait_for("first build -> rebuilt")
        html = project / "output" / EDITION / "brief.html"
        assert "Keep each point to one sentence." in html.read_text()

        edit(
            project / "content/documents/example-2026.yaml",
            "Keep each point to one sentence.",
            "Keep every point short.",
        )
        lines = watcher.wait_for("example-2026.yaml ->")
        assert "rebuilt" in lines[-1] and "brief.pdf" in lines[-1] and "brief.html" in lines[-1]
        assert "Keep every point short." in html.read_text()

        edit(project / "content/documents/example-2026.yaml", "language: en", "language: English")
        watcher.wait_for("build failed (1 problem)")
        problem = watcher.wait_for("language: 'English' is not a language tag")[-1]
        assert problem.startswith("  content/documents/example-2026.yaml:10:")  # under its line
        assert "Keep every point short." in html.read_text()  # the last good output stays

        edit(project / "content/documents/example-2026.yaml", "language: English", "language: en")
        watcher.wait_for("example-2026.yaml -> ")
    finally:
        code = watcher.stop()
    assert code == 0
    lines = watcher.wait_for("stopped watching", timeout=5)
    assert not any("KeyboardInterrupt" in line or "Traceback" in line for line in lines)


def test_watch_of_an_emailed_edition_builds_the_preview_and_says_so(project: Path) -> None:
    result = build(project / "content", out=project / "output", templates=project / "templates",
                   edition=EDITION)  # fmt: skip
    append_log(result.folder, LogEntry("reader@example.org", "sent", "<id@example.org>", ""))
    sent = snapshot(result.folder)
    watcher = Watcher(project)
    try:
        watcher.wait_for("first build -> up to date")
        edit(project / "content/documents/example-2026.yaml",
             "Keep each point to one sentence.", "Keep every point short.")  # fmt: skip
        said = watcher.wait_for("example-2026.yaml ->")
        assert any(f"edition {EDITION} has been emailed, so it is kept as sent" in line
                   and "output/.preview" in line for line in said)  # fmt: skip
        assert re.search(
            r"-> preview rebuilt: output/\.preview/brief\.html, "
            r"output/\.preview/brief\.pdf \(\d+\.\d s\)$",
            said[-1],
        ), said
    finally:
        watcher.stop()
    preview = project / "output" / ".preview"
    assert "Keep every point short." in (preview / "brief.html").read_text()
    assert (preview / "brief.pdf").read_bytes().startswith(b"%PDF-")
    assert snapshot(result.folder) == sent  # the sent edition is as it was sent


def test_hidden_files_and_editor_temporaries_are_not_changes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    templates = tmp_path / "templates"
    folders = [content, templates]
    ignored = ["sedjwFdwU", "4913", ".brief.yaml.swp", "documents/x.yaml~", "documents/.#x.yaml",
               "#brief.yaml#", ".git/index", "documents/x.yaml.tmp", "candidates/x.py"]  # fmt: skip
    for name in ignored:
        assert not is_relevant(content / name, folders), name
    for name in [
        "brief.yaml",
        "documents/x.yaml",
        "indicators.csv",
        "sources/n.txt",
        "sources/n.md",
    ]:
        assert is_relevant(content / name, folders), name
    assert is_relevant(templates / "fonts/Own.woff2", folders, theme=templates)
    assert not is_relevant(templates / ".cover.html.swp", folders, theme=templates)
