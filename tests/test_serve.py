"""`briefgen serve` as a person uses it: start it, open the page in headless Chromium,
edit a summary and see the page change without reloading it by hand."""

from __future__ import annotations

import io
import json
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import EDITION, edit
from tests.test_browser import browser  # noqa: F401  (the Chromium fixture)

DOC = "content/documents/example-2026.yaml"


class Server:
    """briefgen serve in its own process on a free port, its output read line by line."""

    def __init__(self, project: Path, *extra: str) -> None:
        command = [sys.executable, "-m", "briefgen", "serve", "--port", "0", "--edition", EDITION,
                   *extra]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        first = self.wait_for("serving http://127.0.0.1:")[-1]
        self.url = first.split()[1]

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return self.seen
        raise AssertionError(f"no line with {text!r} within {timeout} s; saw {self.seen}")

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path.lstrip("/"))
        if host:
            request.add_header("Host", host)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def status(self) -> dict:
        return json.loads(self.get("/_briefgen/status")[1])

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        time.sleep(0.3)  # the reader thread drains what is left
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


@pytest.fixture
def server(project: Path):  # noqa: ANN201
    running = Server(project)
    running.wait_for("first build -> page rebuilt")
    yield running
    if running.process.poll() is None:
        running.stop()


def wait_until(condition, timeout: float = 30) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.browser
def test_serve_all_previews_every_brief_on_one_server_each_reloading_by_itself(
    browser,  # noqa: ANN001, F811
    project: Path,
) -> None:
    variant = project / "content" / "briefs" / "short.yaml"
    variant.parent.mkdir()
    variant.write_text("title: A shorter brief for the board\n", encoding="utf-8")
    running = Server(project, "--all")
    try:
        running.wait_for("first build -> page rebuilt")
        running.wait_for("first build -> page rebuilt")  # both, in either order
        built = {line.split()[0] for line in running.seen if "first build -> page rebuilt" in line}
        assert built == {"[default]", "[short]"}
        assert any(line.endswith("/short/") for line in running.seen)  # its address, said
        assert "A shorter brief" not in running.get("/")[1].decode()
        assert running.get("/short/_briefgen/status")[0] == 200
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(running.url + "short/")
        page.wait_for_selector("#briefgen-preview.ok")
        assert "A shorter brief for the board" in page.inner_text("h1")
        page.evaluate("window.notReloaded = true")
        edit(variant, "for the board", "for the ministry")
        page.wait_for_function(
            "document.querySelector('h1').innerText.includes('for the ministry')", timeout=30_000
        )
        assert page.evaluate("window.notReloaded") is None  # its own socket told it
        page.wait_for_selector("#briefgen-preview a[href^='/short/brief.pdf']", timeout=90_000)
        page.close()
        assert preview_folders(project) == {"output/.preview", "output/short/.preview"}
    finally:
        assert running.stop() == 0
    assert not any("Traceback" in line for line in running.seen)


def preview_folders(project: Path) -> set[str]:
    return {str(p.relative_to(project)) for p in project.glob("output/**/.preview")}


@pytest.mark.browser
def test_page_reloads_after_an_edit_and_shows_the_problems_of_a_failed_build(
    browser,  # noqa: ANN001, F811
    server: Server,
    project: Path,
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    page.wait_for_selector("#briefgen-preview")
    assert "Keep each point to one sentence." in page.inner_text("body")
    page.evaluate("window.notReloaded = true")  # gone once the page reloads

    edit(project / DOC, "Keep each point to one sentence.", "Keep every point short.")
    page.wait_for_function(
        "document.body.innerText.includes('Keep every point short.')", timeout=30_000
    )
    assert page.evaluate("window.notReloaded") is None  # the page reloaded by itself
    assert "page rebuilt" in server.wait_for("example-2026.yaml -> ")[-1]

    edit(project / DOC, "language: en", "language: English")
    page.wait_for_selector("#briefgen-preview.failed", timeout=30_000)
    panel = page.inner_text("#briefgen-preview")
    assert "build failed (1 problem)" in panel
    assert "language: 'English' is not a language tag" in panel
    assert "Keep every point short." in page.inner_text("body")  # the last good page stays

    edit(project / DOC, "language: English", "language: en")
    page.wait_for_selector("#briefgen-preview.ok", timeout=30_000)
    assert "Keep every point short." in page.inner_text("body")
    page.wait_for_selector("#briefgen-preview a[href^='/brief.pdf']", timeout=60_000)
    pdf = page.request.get(server.url + "brief.pdf")
    assert pdf.ok
    pages = PdfReader(io.BytesIO(pdf.body())).pages
    assert "Keep every point short." in " ".join(" ".join(p.extract_text().split()) for p in pages)
    page.close()


def test_html_first_then_the_pdf_in_the_preview_folder_never_an_edition(
    server: Server, project: Path
) -> None:
    folder = project / "output" / ".preview"
    wait_until(lambda: server.status()["pdf"] == "ready")
    pdf_before = (folder / "brief.pdf").read_bytes()
    edit(project / DOC, "Keep each point to one sentence.", "Keep every point short.")
    wait_until(lambda: b"Keep every point short." in (folder / "brief.html").read_bytes())
    assert (folder / "brief.pdf").read_bytes() == pdf_before  # the PDF follows the page
    wait_until(lambda: (folder / "brief.pdf").read_bytes() != pdf_before, timeout=60)
    assert server.status()["pdf"] == "ready"
    assert not (project / "output" / EDITION).exists()  # no edition was built or touched
    assert server.get("/")[0] == 200 and server.get("/brief.pdf")[0] == 200
    assert server.get("/", host="attacker.example")[0] == 400  # only 127.0.0.1 names
    assert server.stop() == 0
    assert "stopped serving" in server.seen[-1]
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in server.seen)


def test_editor_temporaries_and_hidden_files_are_not_changes(server: Server, project: Path) -> None:
    for name in ("content/sedjwFdwU", "content/.example.yaml.swp", "content/documents/x.yaml~",
                 "content/documents/.#example-2026.yaml", "content/4913"):  # fmt: skip
        (project / name).write_text("temporary")
    edit(project / DOC, "Keep each point to one sentence.", "Keep every point short.")
    lines = server.wait_for("example-2026.yaml -> ")
    rebuilds = [line for line in lines if " -> " in line and "first build" not in line]
    assert len(rebuilds) == 1 and rebuilds[0].split("  ")[1].startswith(
        "content/documents/example-2026.yaml ->"
    ), lines


def descendants(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(c) for c in children.read_text().split()] if children.exists() else []
    return found + [d for c in found for d in descendants(c)]


def is_running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False


def test_a_server_killed_outright_leaves_no_process_behind(server: Server) -> None:
    if not Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").exists():
        pytest.skip("this kernel does not list a process's children in /proc")
    wait_until(lambda: server.status()["pdf"] == "ready")  # the PDF worker is running
    left = descendants(server.process.pid)
    assert left
    server.process.kill()  # SIGKILL: no shutdown code runs
    server.process.wait(timeout=10)
    wait_until(lambda: not any(is_running(pid) for pid in left), timeout=15)
