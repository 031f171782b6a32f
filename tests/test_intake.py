"""`briefgen add`: a draft summary and candidate figures from a new source text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import build, check_project
from briefgen.cli import main
from briefgen.errors import OptionError
from briefgen.intake import add
from tests.conftest import EDITION, need_shared_sources, snapshot

EXPECTED = {  # what INDEX.md says each text states about itself
    "000_d670995f30a0e47e.txt": ("2024-12-22", None),
    "001_5e3d32742e26f71a.txt": ("null", None),
    "002_a8ee646486193806.txt": ("null", None),
    "003_d2b5ee3936b65198.txt": ("null", "Jorge Mandujano"),
    "004_ffe8d3aacfa7690a.txt": ("2024-07", "Carlos López-Gómez"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_add_writes_a_draft_and_candidates_for_each_source(
    project: Path, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes((need_shared_sources() / name).read_bytes())
    result = add(path, project / "content", document_id="new-source")
    draft = result.document.read_text()
    date, author = EXPECTED[name]
    assert "status: draft" in draft and f"source_file: {name}" in draft
    assert f"published: {date}" in draft  # never guessed: null where the text states none
    assert (f'authors: ["{author}"]' in draft) if author else ("authors: []" in draft)
    rows = list(csv.DictReader(io.StringIO(result.candidates.read_text())))
    assert rows and all(r["document"] == "new-source" and r["locator"].isdigit() for r in rows)
    assert (project / "content/sources" / name).read_bytes() == path.read_bytes()
    report = check_project(project / "content", strict=False)
    assert [d.id for d in report.project.documents] == ["example-2026"]  # the draft stays out
    assert any("draft: left out of the brief" in str(w) for w in report.warnings)
    build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition=EDITION,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0", "a binary file"),
        ("café".encode("latin-1"), "not UTF-8 text"),
        (b"   \n", "the file is empty"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    project: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "new.txt"
    path.write_bytes(content)
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match=message) as caught:
        add(path, project / "content")
    assert str(path) in str(caught.value)
    assert snapshot(project / "content") == before


def test_missing_file_taken_id_and_bad_id(project: Path, tmp_path: Path) -> None:
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match="file not found"):
        add(tmp_path / "nowhere.txt", project / "content")
    path = tmp_path / "note.txt"
    path.write_text("A note\n\nIt says 42% of plants opened near the border.\n")
    with pytest.raises(OptionError, match="already exists"):
        add(path, project / "content", document_id="example-2026")
    with pytest.raises(OptionError, match="is not a valid id"):
        add(path, project / "content", document_id="Bad_Id")
    assert snapshot(project / "content") == before


def test_add_writes_only_inside_the_content_folder(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "texts"
    outside.mkdir()
    brief = project / "content/brief.yaml"
    brief.write_text(brief.read_text().replace("sources: sources", f"sources: {outside}"))
    path = tmp_path / "note.txt"
    path.write_text("A note\n\nIt says 42% of plants opened near the border.\n")
    before = snapshot(project / "content")
    with pytest.raises(OptionError, match="outside"):
        add(path, project / "content")
    assert snapshot(project / "content") == before and not list(outside.iterdir())


def test_cli_add_says_what_it_wrote(project: Path, tmp_path: Path) -> None:
    path = tmp_path / "border-note.txt"
    path.write_text(
        "Border note\n\nBy Ana Ruiz, 3 March 2026\n\nNearly 60% of plants, about 3 million workers.\n"
    )
    result = CliRunner().invoke(main, ["add", str(path), "--content", str(project / "content")])
    assert result.exit_code == 0, result.output
    assert "2 candidate figures to review and copy" in result.stdout
    draft = (project / "content/documents/border-note.yaml").read_text()
    assert 'authors: ["Ana Ruiz"]  # line 3' in draft and "published: 2026-03-03  # line 3" in draft
    bad = CliRunner().invoke(
        main, ["add", str(tmp_path / "missing.txt"), "--content", str(project / "content")]
    )
    assert bad.exit_code == 2 and "file not found" in bad.stderr


def test_an_oversized_text_is_refused_by_its_size_before_it_is_read(
    project: Path, tmp_path: Path
) -> None:
    text = tmp_path / "huge.txt"
    with text.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    with pytest.raises(
        OptionError,
        match=r"17.0 MB is over the limit for a source text \(16.0 MB; see README, Limits\)",
    ):
        add(text, project / "content")
    assert not (project / "content/documents/huge.yaml").exists()
