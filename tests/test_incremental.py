"""Rebuilding: nothing when nothing changed, only what depends on a change, the same
bytes from the same inputs, and nothing lost when a build fails halfway."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefgen import ContentError, build
from briefgen.errors import OutputError
from briefgen.output import LockTimeout
from tests.conftest import EDITION, edit, snapshot

DOC = "content/documents/example-2026.yaml"


def run(project: Path, **options):  # noqa: ANN003, ANN201
    return build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
        **options,
    )


def test_second_build_is_up_to_date_and_writes_nothing(project: Path) -> None:
    first = run(project)
    assert not first.up_to_date and "brief.pdf" in first.rendered
    before = snapshot(project / "output")
    second = run(project)
    assert second.up_to_date and second.report is None
    assert snapshot(project / "output") == before


def test_touch_without_change_rebuilds_nothing(project: Path) -> None:
    run(project)
    later = time.time() + 60
    for path in (project / "content").rglob("*"):
        os.utime(path, (later, later))  # hashes, not modification times, decide
    assert run(project).up_to_date


def test_editing_a_summary_rebuilds_the_brief_but_draws_no_chart(project: Path) -> None:
    run(project)
    edit(project / DOC, "Keep each point to one sentence.", "Keep each point short.")
    result = run(project)
    assert not result.up_to_date
    assert result.rendered == ("brief.pdf",)  # the chart came from the cache
    assert sorted(result.changed) == [
        "brief.html",
        "brief.pdf",
        "email-preview.html",
        "email.eml",
        "email.html",
        "email.txt",
        "snapshot/documents/example-2026.yaml",
    ]


def test_changing_an_indicator_redraws_only_its_charts(project: Path) -> None:
    edit(
        project / "content/brief.yaml",
        "sections:",
        """  - id: growth
    kind: bar
    title: Growth of exports (example)
    items:
      - indicator: example-exports-growth

sections:""",
    )
    run(project)
    csv = project / "content/indicators.csv"
    edit(
        csv,
        "Growth in exports of electronic components (example)",
        "Export growth in electronic components (example)",
    )
    result = run(project)
    assert (
        "charts/growth.svg" in result.rendered
        and "charts/example-exports.svg" not in result.rendered
    )


def test_a_screen_only_stylesheet_change_leaves_the_pdf_alone(project: Path) -> None:
    run(project)
    (project / "templates/css").mkdir(parents=True)
    (project / "templates/css/screen.css").write_text("body { max-width: 40rem; }\n")
    result = run(project)
    assert result.rendered == () and result.changed == ("brief.html",)


def test_force_rebuilds_everything(project: Path) -> None:
    run(project)
    result = run(project, force=True)
    assert set(result.rendered) == {"brief.pdf", "charts/example-exports.svg"}
    assert result.changed == ()  # same inputs, same bytes


def test_a_deleted_or_altered_artifact_is_rebuilt(project: Path) -> None:
    first = run(project)
    (first.folder / "brief.pdf").write_bytes(b"%PDF-1.7 damaged")
    result = run(project)
    assert not result.up_to_date and result.changed == ("brief.pdf",)
    assert (first.folder / "brief.pdf").read_bytes().startswith(b"%PDF-") and len(
        (first.folder / "brief.pdf").read_bytes()
    ) > 1000


def test_manifest_records_inputs_and_artifacts(project: Path) -> None:
    result = run(project)
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert {
        "content/brief.yaml",
        "content/indicators.csv",
        "content/documents/example-2026.yaml",
        "sources/example-2026.txt",
    } <= set(manifest["inputs"])
    assert any(k.startswith("theme/default/fonts/") for k in manifest["inputs"])
    assert any(k.startswith("theme/default/css/print.css") for k in manifest["inputs"])
    assert set(manifest["environment"]) >= {
        "briefgen",
        "briefgen_code",
        "weasyprint",
        "matplotlib",
        "SOURCE_DATE_EPOCH",
    }
    pdf = manifest["artifacts"]["brief.pdf"]
    assert pdf["sha256"] == hashlib.sha256((result.folder / "brief.pdf").read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256(data).hexdigest()
        for name, data in snapshot(folder).items()
        if name != "manifest.json"
    }


def test_two_clean_builds_in_two_folders_are_byte_identical(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "copy"
    shutil.copytree(project, other)
    run(project)
    run(other, jobs=2)
    first, second = hashes(project / "output" / EDITION), hashes(other / "output" / EDITION)
    assert first == second and {"brief.pdf", "brief.html", "charts/example-exports.svg"} <= set(
        first
    )


def test_source_date_epoch_dates_the_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    result = run(project)
    assert b"2026-01-01" in (result.folder / "brief.html").read_bytes()


def test_disk_full_while_writing_leaves_the_last_good_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    before = snapshot(project / "output")
    edit(project / DOC, "Keep each point to one sentence.", "Keep each point short.")
    real_fsync, calls = os.fsync, []

    def full_on_second_file(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr("briefgen.output.os.fsync", full_on_second_file)
    with pytest.raises(OutputError, match="cannot write the output: .*No space left"):
        run(project)
    assert snapshot(project / "output") == before  # no new file, no temporary file left


def test_ctrl_c_while_rendering_leaves_the_last_good_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    before = snapshot(project / "output")
    edit(project / DOC, "Keep each point to one sentence.", "Keep each point short.")

    def interrupted(*args, **kwargs) -> bytes:  # noqa: ANN002, ANN003
        raise KeyboardInterrupt

    monkeypatch.setattr("briefgen.pdf.to_pdf", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(project)
    assert snapshot(project / "output") == before
    monkeypatch.undo()
    assert not run(project).up_to_date  # the next run finishes the job


def test_bad_content_after_a_good_build_keeps_it(project: Path) -> None:
    run(project)
    before = snapshot(project / "output")
    edit(project / DOC, "language: en", "language: English")
    with pytest.raises(ContentError):
        run(project)
    assert snapshot(project / "output") == before


def test_second_build_waits_for_the_lock_then_fails_clearly(project: Path) -> None:
    (project / "output").mkdir()
    with (project / "output/.lock").open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(LockTimeout, match="another briefgen run is writing to"):
            run(project, lock_timeout=0.5)
        assert 0.5 <= time.monotonic() - started < 3


def test_second_build_runs_once_the_first_releases_the_lock(project: Path) -> None:
    (project / "output").mkdir()
    held = (project / "output/.lock").open("a")
    fcntl.flock(held, fcntl.LOCK_EX)
    threading.Timer(0.4, held.close).start()  # closing releases the lock
    assert not run(project, lock_timeout=10).up_to_date


def test_no_op_rebuild_imports_nothing_heavy(project: Path) -> None:
    run(project)
    code = (
        "import sys\nfrom pathlib import Path\nfrom briefgen import build\n"
        f"root = Path({str(project)!r})\n"
        f"r = build(root / 'content', out=root / 'output', templates=root / 'templates', edition={EDITION!r})\n"
        "print(r.up_to_date, sorted({'weasyprint', 'matplotlib', 'pandas', 'numpy'} & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "True []"
