"""Writing the output: when it cannot be written (a full disk, a read-only folder) the
build stops with exit code 5 and one line, and nothing half-written is left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import build
from briefgen.output import TEMPORARY
from tests.conftest import EDITION, snapshot

DOC = "content/documents/example-2026.yaml"


def on_own_disk(project: Path, steps: str) -> subprocess.CompletedProcess[str]:
    """Run shell steps with a small disk of their own (a tmpfs) mounted at
    project/output, in a private user and mount namespace: a real full or read-only
    file system, without touching the machine's. $BUILD builds the project there."""
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True)  # fmt: skip
    if probe.returncode != 0:
        pytest.skip(f"cannot make a private mount namespace here: {probe.stderr.decode().strip()}")
    (project / "output").mkdir()
    command = [sys.executable, "-m", "briefgen", "build", "--quiet", "--edition", EDITION,
               "--content", str(project / "content"), "--out", str(project / "output"),
               "--templates", str(project / "templates")]  # fmt: skip
    script = f"""set -u
mount -t tmpfs -o size=16m tmpfs {project / "output"}
BUILD="{" ".join(command)}"
{steps}"""
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True, text=True, timeout=300, cwd=project,
    )  # fmt: skip


# The steps shared by the two tests below: a good build, a record of its files,
# then (after the test's own step) a changed summary and a second build.
RECORD = 'find output -type f ! -name filler -exec sha256sum {} + | sort -k2 > "$1"'
EDIT_AND_BUILD = (
    "sed -i 's/Keep each point to one sentence./Keep each point short./' " + DOC + "\n"
    "$BUILD 2> second.err; echo $? > second.rc\n"
)


def test_disk_full_gives_exit_5_one_line_and_keeps_the_last_good_output(project: Path) -> None:
    steps = f"""$BUILD || exit 1
set -- before.txt; {RECORD}
head -c 64M /dev/zero > output/filler 2>/dev/null  # fills the disk
{EDIT_AND_BUILD}
rm output/filler
set -- after.txt; {RECORD}
"""
    run = on_own_disk(project, steps)
    assert run.returncode == 0, run.stderr
    assert (project / "second.rc").read_text().strip() == "5"
    (line,) = (project / "second.err").read_text().splitlines()
    assert line.startswith("error: cannot write the output: ") and "No space left on device" in line
    assert (project / "after.txt").read_text() == (project / "before.txt").read_text()


def test_read_only_output_gives_exit_5_and_a_no_op_build_still_succeeds(project: Path) -> None:
    steps = f"""$BUILD || exit 1
set -- before.txt; {RECORD}
mount -o remount,ro output
$BUILD 2> noop.err; echo $? > noop.rc
{EDIT_AND_BUILD}
set -- after.txt; {RECORD}
"""
    run = on_own_disk(project, steps)
    assert run.returncode == 0, run.stderr
    assert (project / "noop.rc").read_text().strip() == "0"  # nothing to write: up to date
    assert (project / "noop.err").read_text() == ""
    assert (project / "second.rc").read_text().strip() == "5"
    (line,) = (project / "second.err").read_text().splitlines()
    assert line.startswith("error: cannot write the output: ") and "Read-only file system" in line
    assert (project / "after.txt").read_text() == (project / "before.txt").read_text()


def test_next_build_removes_temporaries_of_a_build_killed_between_renames(project: Path) -> None:
    # A build killed (as by kill -9) right after its first rename: every other staged
    # file is still under its temporary name.
    killed = f"""
import os, sys
from pathlib import Path
import briefgen.output
real = os.replace
def replace_then_die(source, target):
    real(source, target)
    if Path(target).parent.name == {EDITION!r}:  # the first file of the edition itself
        os._exit(9)
briefgen.output.os.replace = replace_then_die
root = Path({str(project)!r})
briefgen.build(root / "content", out=root / "output", templates=root / "templates", edition={EDITION!r})
"""
    run = subprocess.run([sys.executable, "-c", killed], capture_output=True, text=True)
    assert run.returncode == 9, run.stderr
    out = project / "output"
    left = [p for p in out.rglob("*") if p.name.endswith(TEMPORARY)]
    assert len(left) > 3  # the files staged but not yet renamed
    result = build(project / "content", out=out, templates=project / "templates", edition=EDITION)
    assert not result.up_to_date  # the killed build never wrote its manifest
    assert [p for p in out.rglob("*") if p.name.endswith(TEMPORARY)] == []
    assert sorted(snapshot(result.folder)) == sorted(
        ["manifest.json", *(a.name for a in result.artifacts)]
    )


def test_temporaries_of_other_programs_are_left_alone(project: Path) -> None:
    out = project / "output"
    build(project / "content", out=out, templates=project / "templates", edition=EDITION)
    other = out / EDITION / ".brief.pdf.swp"  # an editor's, not ours
    other.write_bytes(b"")
    build(
        project / "content", out=out, templates=project / "templates", edition=EDITION, force=True
    )
    assert other.exists()
