"""The command line, in-process through CliRunner, with absolute paths."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main
from tests.conftest import EDITION, edit


def run(*args: str | Path) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def paths(project: Path) -> list[str]:
    return ["--content", str(project / "content")]


def test_init_then_build_makes_a_brief(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert (root / "content/brief.yaml").is_file() and (root / "templates").is_dir()
    out = tmp_path / "output"
    result = run(
        "build", *paths(root), "--out", out, "--templates", root / "templates", "--edition", EDITION
    )
    assert result.exit_code == 0, result.output
    assert "brief.pdf  " in result.stdout and "KB" in result.stdout
    assert f"built edition {EDITION} in " in result.stdout
    assert "rendering PDF" in result.stderr  # progress goes to stderr
    assert (out / EDITION / "brief.pdf").read_bytes().startswith(b"%PDF-")


def test_init_empty_leaves_out_the_example_and_still_builds(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    result = run("init", "--empty", root)
    assert result.exit_code == 0, result.output
    assert "example" not in result.stdout and "example" not in result.stderr
    assert sorted(p.name for p in (root / "content").iterdir()) == [
        "brief.yaml", "documents", "indicators.csv", "sources"
    ]  # fmt: skip
    assert not any((root / "content/documents").iterdir())
    result = run("check", *paths(root), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 0 documents, 0 indicators, 0 charts")
    out = tmp_path / "output"
    result = run("build", *paths(root), "--out", out, "--edition", EDITION, "--quiet")
    assert result.exit_code == 0, result.output
    assert (out / EDITION / "brief.pdf").is_file()


def test_init_says_where_the_example_is_and_how_to_start_without_it(tmp_path: Path) -> None:
    result = run("init", tmp_path / "new")
    assert "documents/example-2026.yaml" in result.stderr
    assert f"briefgen init --empty {tmp_path / 'new'}" in result.stderr


def test_init_refuses_to_overwrite(project: Path) -> None:
    result = run("init", project)
    assert result.exit_code == 2
    assert "already has content" in result.stderr and "nothing written" in result.stderr


def test_check_reports_ok_and_what_was_verified(project: Path) -> None:
    result = run("check", *paths(project), "--strict")
    assert result.exit_code == 0, result.output
    first, second, third = result.stdout.splitlines()
    assert first == "ok: 1 document, 2 indicators, 1 chart"
    assert second.startswith(
        "provenance verified: 2 figures on their cited lines in 1 source text ("
    )


def test_bad_content_exits_2_with_every_problem_and_no_traceback(
    project: Path, tmp_path: Path
) -> None:
    edit(project / "content/indicators.csv", ",48,USD,", ",4 8,USD,")
    edit(project / "content/documents/example-2026.yaml", "language: en", "language: English")
    result = run("build", *paths(project), "--out", tmp_path / "out", "--edition", EDITION)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "2 problems: nothing written"
    assert (
        "example-2026.yaml:10: language: 'English' is not a language tag (e.g. en, es, en-GB)"
        in lines[-3]
    )
    assert "indicators.csv:3: value: '4 8' is not a plain decimal number" in lines[-2]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / EDITION).exists()  # only the lock file exists


def test_quiet_build_prints_nothing(project: Path, tmp_path: Path) -> None:
    result = run(
        "build", *paths(project), "--out", tmp_path / "out", "--edition", EDITION, "--quiet"
    )
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_bad_edition_and_missing_sources_are_usage_errors(project: Path, tmp_path: Path) -> None:
    result = run("build", *paths(project), "--out", tmp_path / "out", "--edition", "2026-48")
    assert result.exit_code == 2 and "not an ISO week (YYYY-Www, e.g. 2026-W48)" in result.stderr
    result = run("check", *paths(project), "--sources", tmp_path / "missing")
    assert result.exit_code == 2 and "--sources: folder not found" in result.stderr


def test_output_inside_content_is_refused(project: Path) -> None:
    result = run(
        "build", *paths(project), "--out", project / "content" / "output", "--edition", EDITION
    )
    assert result.exit_code == 2 and "must not contain each other" in result.stderr


def test_a_missing_content_folder_creates_no_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    result = run("build", "--content", tmp_path / "contnet", "--out", out, "--edition", EDITION)
    assert result.exit_code == 2
    assert (
        "contnet: content folder not found (run briefgen init, or pass --content DIR)"
        in result.stderr
    )
    assert not out.exists()


def test_help_lists_the_commands_in_workflow_order_whole_with_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = result.stdout.split("Commands")[1].split("Examples")[0]
    listed = re.findall(r"(?m)^  ([a-z]+) {2,}", commands)
    assert listed == ["init", "check", "build", "serve", "watch", "add", "extract", "accept", "send",
                      "publish", "editions", "upgrade"]  # fmt: skip
    assert "..." not in commands and "Examples:" in result.stdout  # descriptions whole
    for command in listed:
        help_text = run(command, "--help").stdout
        assert "Examples:" in help_text and f"briefgen {command}" in help_text.split("Examples:")[1]


def test_check_out_option_says_what_the_folder_is_for() -> None:
    help_text = " ".join(run("check", "--help").stdout.split())
    assert (
        "--out PATH Folder of the built editions: a source text that changed is compared with the copy its last edition kept."
        in help_text
    )
