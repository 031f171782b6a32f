"""What a send is checked against before anything is sent: the recipients file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import build
from briefgen.cli import main
from tests.conftest import EDITION


@pytest.fixture
def built(project: Path) -> Path:
    build(project / "content", out=project / "output", edition=EDITION)
    return project


def dry_run(project: Path):  # noqa: ANN201
    command = ["send", "--dry-run", "--content", str(project / "content"),
               "--out", str(project / "output"), "--edition", EDITION]  # fmt: skip
    return CliRunner().invoke(main, command, env={"BRIEFGEN_SMTP_HOST": ""})


def test_lines_of_a_recipients_file_that_are_not_addresses_are_never_shown(built: Path) -> None:
    (built / "recipients.txt").write_text("ann@example.org\nhunter2-the-password\n")
    result = dry_run(built)
    assert result.exit_code == 2
    assert (
        "recipients.txt:2: recipient: not one email address (the line is not shown" in result.stderr
    )
    assert "hunter2" not in result.output


def test_a_recipients_file_linked_out_of_the_project_is_refused_unread(
    built: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "people.txt"
    secret.write_text("ann@example.org\nnot-an-address\n")
    (built / "recipients.txt").symlink_to(secret)
    result = dry_run(built)
    assert result.exit_code == 2
    assert f"email.recipients_file: {secret} is outside the project" in result.stderr
    assert "ann@example.org" not in result.output and "not-an-address" not in result.output


def test_a_named_pipe_as_recipients_file_is_refused_without_waiting_on_it(built: Path) -> None:
    os.mkfifo(built / "recipients.txt")
    result = dry_run(built)
    assert (
        result.exit_code == 2 and "recipients.txt is refused: not a regular file" in result.stderr
    )


def test_a_recipients_file_that_is_not_text_is_one_clear_error(built: Path) -> None:
    (built / "recipients.txt").write_bytes(b"\xff\xfe\x00binary")
    result = dry_run(built)
    assert result.exit_code == 2 and "cannot be read (it is not UTF-8 text)" in result.stderr
    assert "Traceback" not in result.output
