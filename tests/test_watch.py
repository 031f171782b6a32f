"""`briefgen watch` driven as a person would: start it, edit, see the rebuild, stop it."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import EDITION, edit


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
        lines = watcher.wait_for("build failed")
        assert any("language: 'English' is not a language tag" in line for line in lines)
        assert "Keep every point short." in html.read_text()  # the last good output stays

        edit(project / "content/documents/example-2026.yaml", "language: English", "language: en")
        watcher.wait_for("example-2026.yaml -> ")
    finally:
        code = watcher.stop()
    assert code == 0
    assert "stopped watching" in watcher.wait_for("stopped watching", timeout=5)[-1]
