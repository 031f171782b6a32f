"""Variants: several briefs (content/briefs/<name>.yaml) from one checked corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import build
from briefgen.batch import most_serious
from briefgen.cli import main
from briefgen.errors import ContentError
from briefgen.variants import check_brief
from tests.conftest import EDITION, edit, snapshot

BOARD = """\
title: The board's brief
takeaways:
  - Exports of electronic components came to {example-exports-value} in the example year.
email:
  from: My organisation <brief@example.org>
  subject: "The board's brief, {edition}"
  recipients: [carol@example.org]
"""


def write_variant(content: Path, name: str, text: str) -> Path:
    path = content / "briefs" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(content: Path, variant: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_brief(content, variant)
    return [str(p).replace(f"{content.parent}/", "") for p in caught.value.problems]


def test_a_key_the_variant_sets_replaces_the_default_whole(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD)
    brief = check_brief(content, "board").project.brief
    assert brief.title == "The board's brief"
    assert [t.text for t in brief.takeaways] == [
        "Exports of electronic components came to {example-exports-value} in the example year."
    ]  # brief.yaml's two takeaways are replaced, not merged with it
    assert brief.email.recipients == ("carol@example.org",) and brief.email.recipients_file is None
    assert brief.subtitle == "Replace this with what the brief follows"  # not set: the default's
    assert brief.loc_of("takeaways").file.endswith("briefs/board.yaml")
    assert brief.loc_of("subtitle").file.endswith("content/brief.yaml")


def test_a_variant_naming_a_missing_figure_says_file_and_line(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD.replace("{example-exports-value}", "{no-such-figure}"))
    assert problems_of(content, "board") == [
        "content/briefs/board.yaml:3: takeaways[0]: {no-such-figure} is not an indicator id, "
        "nor a range {low-id..high-id}"
    ]


def test_a_variant_naming_a_missing_chart_or_document_says_file_and_line(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD + "charts: [example-exports, no-such-chart]\n"
                  "documents:\n  ids: [example-2026, no-such-document]\n  topics: [fishing]\n")  # fmt: skip
    found = problems_of(content, "board")
    assert any(p.startswith("content/briefs/board.yaml:8: charts[1]: 'no-such-chart' is not a chart of brief.yaml")
               for p in found), found  # fmt: skip
    assert any(p.startswith("content/briefs/board.yaml:10: documents.ids[1]: 'no-such-document' is not a document")
               for p in found), found  # fmt: skip
    assert any(p.startswith("content/briefs/board.yaml:11: documents.topics[0]: no document has the topic 'fishing'")
               for p in found), found  # fmt: skip


def test_corpus_settings_belong_to_brief_yaml_alone(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD + "sources: elsewhere\n")
    assert problems_of(content, "board") == [
        "content/briefs/board.yaml:8: sources: belongs to the whole corpus: set it in brief.yaml, not in a variant"
    ]


def test_an_unknown_key_in_a_variant_is_an_error_there(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD + "titel: typo\n")
    found = problems_of(content, "board")
    assert len(found) == 1 and found[0].startswith("content/briefs/board.yaml:8: titel:")


def test_documents_by_topic_choose_the_documents_and_their_figures(shipped: Path) -> None:
    content = shipped / "content"
    project = check_brief(content, "autos").project
    assert [d.id for d in project.documents] == ["ainvest-2024", "border-boom-nd", "mandujano-nd"]
    assert {i.document for i in project.indicators} <= {
        "ainvest-2024", "border-boom-nd", "mandujano-nd", "us-mexico-goods-trade"
    }  # fmt: skip
    assert [c.id for c in project.brief.charts] == [
        "growth-mexico-us", "us-imports-from-mexico", "fdi-nearshoring", "nafta-growth"
    ]  # fmt: skip


def test_a_figure_of_a_document_the_variant_leaves_out_is_said_so(shipped: Path) -> None:
    content = shipped / "content"
    edit(content / "briefs" / "autos.yaml", "{immex-pay-premium}", "{mx-rd-intensity}")
    (found,) = problems_of(content, "autos")
    assert found.startswith("content/briefs/autos.yaml:")
    assert (
        "mx-rd-intensity is a figure of cambridge-2024, which this brief's `documents:` leaves out"
        in found
    )


def test_a_variant_builds_beside_the_default_with_its_own_manifest(project: Path) -> None:
    content, out = project / "content", project / "output"
    write_variant(content, "board", BOARD)
    build(content, out=out, edition=EDITION)
    result = build(content, out=out, edition=EDITION, variant="board")
    assert result.folder == (out / "board" / EDITION).resolve()
    assert (out / EDITION / "manifest.json").is_file()  # the default keeps output/<edition>/
    assert (out / "board" / "latest").resolve() == result.folder
    assert (out / "board" / ".lock").exists()
    assert b"The board&#39;s brief" in (result.folder / "brief.html").read_bytes()
    assert b"The board" not in (out / EDITION / "brief.html").read_bytes()
    # Editing the variant rebuilds it alone; the default is up to date.
    edit(content / "briefs" / "board.yaml", "The board's brief\n", "The board's weekly brief\n")
    assert build(content, out=out, edition=EDITION).up_to_date
    assert not build(content, out=out, edition=EDITION, variant="board").up_to_date


def test_a_variant_cannot_be_named_like_an_edition(project: Path) -> None:
    content = project / "content"
    write_variant(content, "latest", BOARD)
    result = CliRunner().invoke(main, ["build", "latest", "--content", str(content),
                                       "--out", str(project / "output"), "--edition", EDITION])  # fmt: skip
    assert result.exit_code == 2 and "'latest' cannot name a variant" in result.stderr


def test_unknown_variant_is_a_clear_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "nope", "--content", str(project / "content"),
                                       "--out", str(project / "output")])  # fmt: skip
    assert result.exit_code == 2
    assert "no variant 'nope': content/briefs/nope.yaml not found" in result.stderr.replace(
        f"{project}/", ""
    )


def run_all(project: Path, out: Path, *extra: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["build", "--all", "--content", str(project / "content"),
                                     "--templates", str(project / "templates"),
                                     "--out", str(out), "--edition", EDITION, *extra])  # fmt: skip


def test_a_broken_variant_fails_alone_and_the_exit_code_is_its(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD)
    write_variant(content, "broken", BOARD.replace("{example-exports-value}", "{nope}"))
    result = run_all(project, project / "output", "--jobs", "2")
    assert result.exit_code == 2, result.output
    assert f"default: built {project / 'output' / EDITION}" in result.stdout
    assert f"board: built {project / 'output' / 'board' / EDITION}" in result.stdout
    assert "broken: failed (exit 2)" in result.stderr
    assert "content/briefs/broken.yaml:3: takeaways[0]: {nope}" in result.stderr.replace(
        f"{project}/", ""
    )
    assert "1 of 3 briefs failed" in result.stderr
    assert not (project / "output" / "broken" / EDITION).exists()
    again = run_all(project, project / "output")
    assert "default: up to date" in again.stdout and "board: up to date" in again.stdout


def test_parallel_builds_are_byte_identical_to_serial_ones(project: Path) -> None:
    content = project / "content"
    write_variant(content, "board", BOARD)
    write_variant(
        content, "short", "title: A shorter brief\nsections: [takeaways, charts, sources]\n"
    )
    serial, parallel = project / "serial", project / "parallel"
    assert run_all(project, serial).exit_code == 0
    assert run_all(project, parallel, "--jobs", "2").exit_code == 0
    for folder in (EDITION, f"board/{EDITION}", f"short/{EDITION}"):
        one, two = snapshot(serial / folder), snapshot(parallel / folder)
        assert one.keys() == two.keys() and "brief.pdf" in one and "manifest.json" in one
        assert [name for name in one if one[name] != two[name]] == []


def test_the_most_serious_exit_code_wins_in_the_readme_order() -> None:
    assert most_serious([0, 4, 2]) == 2
    assert most_serious([3, 4]) == 3
    assert most_serious([2, 5]) == 5
    assert most_serious([5, 1, 0]) == 1
    assert most_serious([]) == 0


@pytest.fixture
def inbox():  # noqa: ANN201
    from aiosmtpd.controller import Controller

    from tests.test_mail import Inbox, free_port

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def test_each_brief_is_emailed_to_its_own_list_once(project: Path, inbox) -> None:  # noqa: ANN001
    content = project / "content"
    write_variant(content, "board", BOARD)
    (project / "recipients.txt").write_text("alice@example.org\n")
    assert run_all(project, project / "output").exit_code == 0
    env = {"BRIEFGEN_SMTP_HOST": "127.0.0.1", "BRIEFGEN_SMTP_PORT": str(inbox.port),
           "BRIEFGEN_SMTP_SECURITY": "none"}  # fmt: skip
    command = ["send", "--all", "--content", str(content), "--out", str(project / "output"),
               "--edition", EDITION]  # fmt: skip
    first = CliRunner().invoke(main, command, env=env)
    assert first.exit_code == 0, first.output
    got = {rcpt[0]: message["Subject"] for rcpt, message in inbox.messages}
    assert got == {"alice@example.org": f"My weekly brief, {EDITION}",
                   "carol@example.org": f"The board's brief, {EDITION}"}  # fmt: skip
    assert (project / "output" / "board" / EDITION / "sendlog.jsonl").is_file()
    second = CliRunner().invoke(main, command, env=env)
    assert second.exit_code == 0 and len(inbox.messages) == 2  # nobody gets one twice
    assert second.stdout.count("nothing to send") == 2
    # A variant named alone goes to its list alone, and was sent already.
    alone = CliRunner().invoke(main, ["send", "board", *command[2:]], env=env)
    assert alone.exit_code == 0 and len(inbox.messages) == 2, alone.output
