"""Source texts that change: which figures moved or are gone, accepting the new text,
and a rebuild of what depends on it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import ContentError, build, check_project
from briefgen.cli import main
from tests.conftest import edit, need_shared_sources

CAMBRIDGE = "004_ffe8d3aacfa7690a.txt"
AINVEST = "000_d670995f30a0e47e.txt"


@pytest.fixture
def revisable(tmp_path: Path, shipped: Path) -> Path:
    """The shipped content with a writable copy of its source texts, built once so the
    archive remembers what the texts said."""
    texts = tmp_path / "texts"
    shutil.copytree(need_shared_sources(), texts)
    for path in texts.iterdir():
        path.chmod(0o644)
    brief = shipped / "content/brief.yaml"
    brief.write_text(re.sub(r"(?m)^sources: .*$", f"sources: {texts}", brief.read_text()))
    build(shipped / "content", out=shipped / "output", edition="2026-W47")
    return shipped


def texts_of(root: Path) -> Path:
    return Path(re.search(r"(?m)^sources: (.*)$", (root / "content/brief.yaml").read_text())[1])


def check(root: Path, **options):  # noqa: ANN003, ANN201
    return check_project(root / "content", archive=root / "output", **options)


def test_a_line_inserted_in_a_source_moves_exactly_its_figures(revisable: Path) -> None:
    source = texts_of(revisable) / CAMBRIDGE
    source.write_text("A line the publisher added at the top.\n" + source.read_text())
    report = check(revisable)
    moved = [w for w in report.warnings if "moved from line" in w.message]
    cambridge_rows = [i for i in report.project.indicators if i.document == "cambridge-2024"]
    assert len(moved) == len(cambridge_rows) == 26 and len(report.warnings) == 26
    for warning, indicator in zip(moved, cambridge_rows, strict=True):
        assert warning.loc == indicator.loc
        assert (
            f"moved from line {indicator.locator} to line {indicator.locator + 1}"
            in warning.message
        )
    states = {s.document: s.state for s in report.statuses}
    assert states["cambridge-2024"] == "changed" and {
        v for k, v in states.items() if k != "cambridge-2024"
    } == {"unchanged"}
    with pytest.raises(ContentError):  # --strict: every warning is an error
        check(revisable, strict=True)


def test_accept_applies_the_proposed_lines_and_records_the_hash(revisable: Path) -> None:
    source = texts_of(revisable) / CAMBRIDGE
    source.write_text("A line the publisher added at the top.\n" + source.read_text())
    table = revisable / "content/indicators.csv"
    before = table.read_text().splitlines()
    result = CliRunner().invoke(main, ["accept", "cambridge-2024", "--content", str(revisable / "content"),
                                       "--out", str(revisable / "output")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "mx-rd-intensity: line 93 -> 94" in result.stdout
    after = table.read_text().splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 26 and all(
        ",cambridge-2024," in new for _, new in changed
    )  # other rows untouched
    assert all(re.sub(r",cambridge-2024,(\d+),", ",cambridge-2024,X,", old) == re.sub(r",cambridge-2024,(\d+),", ",cambridge-2024,X,", new)
               for old, new in changed)  # fmt: skip
    summary = (revisable / "content/documents/cambridge-2024.yaml").read_text()
    assert (
        f"source_sha256: {__import__('hashlib').sha256(source.read_bytes()).hexdigest()}" in summary
    )
    assert check(revisable, strict=True).warnings == ()


def test_a_figure_gone_from_a_changed_source_shows_the_old_and_new_line(revisable: Path) -> None:
    edit(
        texts_of(revisable) / AINVEST,
        "accounted for 79.6% of its total exports",
        "accounted for 80.1% of its total exports",
    )
    (warning,) = check(revisable).warnings
    assert warning.loc.line == 2 and warning.field == "value"
    assert (
        "79.6% is no longer in it; line 20 read: " in warning.message
        and "it now reads: " in warning.message
    )
    assert "accounted for 80.1% of its total exports" in warning.message


def test_a_wrong_value_against_an_unchanged_source_is_an_error(revisable: Path) -> None:
    edit(revisable / "content/indicators.csv", ",79.6,%,1,exact,2020,", ",79.5,%,1,exact,2020,")
    with pytest.raises(ContentError, match="79.5% is not on line 20"):
        check(revisable)


def test_a_changed_source_triggers_a_rebuild(revisable: Path) -> None:
    out = revisable / "output"
    assert build(revisable / "content", out=out, edition="2026-W47").up_to_date
    source = texts_of(revisable) / CAMBRIDGE
    source.write_text(source.read_text() + "\nA closing line added later.\n")
    result = build(revisable / "content", out=out, edition="2026-W47")
    assert not result.up_to_date  # the check ran again; the brief itself did not change
    assert (out / "2026-W47/snapshot/sources" / CAMBRIDGE).read_text().endswith("added later.\n")


def test_unregistered_files_and_a_missing_folder_are_said_plainly(project: Path) -> None:
    (project / "content/sources/draft-notes.md").write_text("Not yet summarised.\n")
    assert check_project(project / "content").unregistered == ("draft-notes.md",)
    shutil.rmtree(project / "content/sources")
    edit(project / "content/brief.yaml", "sources: sources\n", "")
    report = check_project(project / "content")
    assert report.provenance.startswith("provenance not verified: sources were not checked")
