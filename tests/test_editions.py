"""Weekly editions: the archive, 'what changed', staleness, frozen sent editions, publish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import ContentError, build, check_project
from briefgen.build import EditionFrozen
from briefgen.cli import main
from briefgen.mail import LogEntry, append_log
from tests.conftest import edit, need_shared_sources, snapshot

A, B = "2026-W47", "2026-W48"
CAMBRIDGE = "content/documents/cambridge-2024.yaml"


@pytest.fixture
def weekly(tmp_path: Path, shipped: Path) -> Path:
    """The shipped content with its own copy of the source texts, so a test can revise both."""
    sources = tmp_path / "texts"
    shutil.copytree(need_shared_sources(), sources)
    brief = shipped / "content/brief.yaml"
    brief.write_text(re.sub(r"(?m)^sources: .*$", f"sources: {sources}", brief.read_text()))
    return shipped


def run(root: Path, edition: str, **options):  # noqa: ANN003, ANN201
    return build(root / "content", out=root / "output", edition=edition, **options)


def change_the_content(root: Path) -> None:
    """One indicator's value (and its source text, so provenance still holds), one new
    document with one figure, and one summary edited."""
    texts = Path(re.search(r"(?m)^sources: (.*)$", (root / "content/brief.yaml").read_text())[1])
    edit(
        texts / "004_ffe8d3aacfa7690a.txt",
        "reaching 36 billion dollars",
        "reaching 38 billion dollars",
    )
    edit(
        root / "content/indicators.csv",
        "mx-fdi-2023,Foreign direct investment in Mexico,36,",
        "mx-fdi-2023,Foreign direct investment in Mexico,38,",
    )
    (texts / "005_new.txt").write_text(
        "A new note\n\nIt says 42% of new plants opened near the border in 2025.\n"
    )
    (root / "content/documents/new-note-2026.yaml").write_text(NEW_DOCUMENT)
    with (root / "content/indicators.csv").open("a") as table:
        table.write(
            "new-plants-border-share,Share of new plants opened near the border,42,%,1,exact,2025,Mexico,new-note-2026,3,,,,\n"
        )
    edit(
        root / CAMBRIDGE,
        "A Cambridge Industrial Innovation Policy note urging",
        "A policy note from Cambridge urging",
    )


NEW_DOCUMENT = (
    """id: new-note-2026
title: A new note
publisher: Test Desk
authors: []
published: 2026-11-24
source_file: 005_new.txt
language: en
document_type: data-note
topics: [nearshoring]
summary: >-
  """
    + " ".join(["This short test note reports one figure on where new plants open."] * 8)
    + """
key_points:
  - It reports that 42% of new plants opened near the border.
  - It gives no source for the figure.
  - It is written for this test.
implications: Watch the border region.
reliability: A note written for a test.
"""
)


def text_of(folder: Path) -> dict[str, str]:
    pdf = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(folder / "brief.pdf").pages
    )
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (folder / "brief.html").read_text()))
    return {"pdf": pdf, "html": html, "email": " ".join((folder / "email.txt").read_text().split())}


def test_second_edition_lists_exactly_what_changed_and_leaves_the_first_alone(weekly: Path) -> None:
    first = run(weekly, A)
    for where, shown in text_of(first.folder).items():
        assert "first edition" in shown.casefold(), where
        if where != "email":  # the brief leaves out a section with nothing to say
            assert "no earlier edition" not in shown, where
    before = snapshot(first.folder)

    change_the_content(weekly)
    second = run(weekly, B)
    assert snapshot(first.folder) == before  # building B never touches A
    texts = text_of(second.folder)
    for where in ("pdf", "html"):
        shown = texts[where]
        assert f"What changed since {A}" in shown, where
        assert re.search(
            r"New documents A new note \(Test Desk \(2026\)\) new this week", shown, re.I
        ), where
        assert re.search(
            r"Summaries revised Five reasons why Mexico needs an industrial innovation strategy now \(López-Gómez \(2024\)\)",
            shown,
        ), where
        assert re.search(
            r"Foreign direct investment in Mexico \(2023; López-Gómez \(2024\)\) \$36 billion \$38 billion ▲ \+\$2 billion",
            shown,
        ), where
        assert re.search(
            r"Figures added Share of new plants opened near the border: 42% \(2025; Test Desk \(2026\)\)",
            shown,
        ), where
        assert "Figures removed" not in shown and "Documents dropped" not in shown
    email = texts["email"]
    assert f"WHAT CHANGED SINCE {A}" in email
    assert "Foreign direct investment in Mexico: $36 billion -> $38 billion (+$2 billion)" in email
    assert "New: A new note (Test Desk (2026)), published this week" in email
    assert email.count("Summary revised:") == 1 and email.count("Added:") == 1

    listing = CliRunner().invoke(main, ["editions", "--out", str(weekly / "output")]).stdout
    assert re.search(rf"{A} +16–22 November 2026 +5 +64", listing)
    assert re.search(rf"{B} +23–29 November 2026 +6 +65", listing)
    assert (weekly / "output/latest").resolve() == second.folder


def test_an_emailed_edition_is_frozen(weekly: Path) -> None:
    first = run(weekly, A)
    append_log(first.folder, LogEntry("reader@example.org", "sent", "<id@example.org>", ""))
    edit(
        weekly / CAMBRIDGE,
        "A Cambridge Industrial Innovation Policy note urging",
        "A policy note from Cambridge urging",
    )
    with pytest.raises(EditionFrozen, match="has been emailed"):
        run(weekly, A)
    assert run(weekly, A, force=True).changed  # --force rebuilds it anyway


def test_stale_figures_are_flagged_from_the_edition_not_today(project: Path) -> None:
    csv = project / "content/indicators.csv"
    assert check_project(
        project / "content", edition="2030-W01", strict=True
    )  # 2025 + 5 years: still fresh
    report = check_project(project / "content", edition="2031-W02")
    assert [[w.field, w.message] for w in report.warnings] == [
        [
            "period",
            "2025 ended more than 5 years before edition 2031-W02: update the figure, or mark it historical (historical column: yes)",
        ]
    ] * 2
    with pytest.raises(ContentError):
        check_project(project / "content", edition="2031-W02", strict=True)
    csv.write_text(
        csv.read_text()
        .replace("note\n", "note,historical\n", 1)
        .replace("replace it\n", "replace it,yes\n")
    )
    assert check_project(project / "content", edition="2031-W02", strict=True).warnings == ()


def test_indicator_table_marks_historical_and_stale_figures(project: Path) -> None:
    result = build(
        project / "content",
        out=project / "output",
        templates=project / "templates",
        edition="2031-W02",
    )
    html = (result.folder / "brief.html").read_text()
    assert html.count('class="age age-stale"') == 2


def test_shipped_historical_figures_are_marked(weekly: Path) -> None:
    html = (run(weekly, B).folder / "brief.html").read_text()
    # 11 rows of indicators.csv, and the 3 figures computed from the historical dataset
    assert (
        html.count('class="age age-historical"') == 11 + 3 and 'class="age age-stale"' not in html
    )


def test_publish_builds_and_sends_once_and_is_safe_to_rerun(project: Path) -> None:
    from tests.test_mail import Controller, Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        (project / "recipients.txt").write_text("alice@example.org\nbob@example.org\n")
        env = {
            "BRIEFGEN_SMTP_HOST": "127.0.0.1",
            "BRIEFGEN_SMTP_PORT": str(controller.port),
            "BRIEFGEN_SMTP_SECURITY": "none",
        }
        command = ["publish", "--content", str(project / "content"), "--out", str(project / "output"),
                   "--templates", str(project / "templates"), "--edition", B]  # fmt: skip
        first = CliRunner().invoke(main, command, env=env, catch_exceptions=False)
        assert first.exit_code == 0, first.output
        assert sorted(inbox.to()) == ["alice@example.org", "bob@example.org"]
        assert f"published edition {B}: sent to 2 now, 0 before" in first.stdout
        again = CliRunner().invoke(main, command, env=env, catch_exceptions=False)
        assert again.exit_code == 0 and "sent to 0 now, 2 before" in again.stdout
        assert "kept as sent, not rebuilt" in again.stderr
        assert len(inbox.messages) == 2  # no second email
    finally:
        controller.stop()


def test_publish_without_smtp_settings_stops_before_building(project: Path) -> None:
    command = [
        "publish",
        "--content",
        str(project / "content"),
        "--out",
        str(project / "output"),
        "--edition",
        B,
    ]
    result = CliRunner().invoke(main, command, env={"BRIEFGEN_SMTP_HOST": ""})
    assert result.exit_code == 2 and "BRIEFGEN_SMTP_HOST is not set" in result.stderr
    assert not (project / "output" / B).exists()


@pytest.mark.parametrize(
    ("zone", "edition"), [("Asia/Tokyo", "2026-W49"), ("America/Mexico_City", "2026-W48")]
)
def test_publish_reckons_the_week_in_the_brief_s_time_zone(
    project: Path, zone: str, edition: str
) -> None:
    import datetime as dt

    from briefgen.delivery import publishing_edition

    brief = project / "content/brief.yaml"
    brief.write_text(brief.read_text() + f"\ntimezone: {zone}\n")
    sunday_night_utc = dt.datetime(2026, 11, 29, 18, 30, tzinfo=dt.UTC)
    assert publishing_edition(project / "content", sunday_night_utc) == edition


def test_addresses_listed_in_brief_yaml_stay_out_of_the_snapshot(project: Path) -> None:
    import yaml

    brief = project / "content/brief.yaml"
    edit(brief, "  recipients_file: ../recipients.txt\n",
         "  recipients:  # the desk\n    - ann@example.org\n    - Bob Jones <bob@example.org>\n")  # fmt: skip
    result = build(project / "content", out=project / "output", edition=B)
    kept = (result.folder / "snapshot/brief.yaml").read_text()
    assert "ann@example.org" not in kept and "bob@example.org" not in kept
    as_built = yaml.safe_load(brief.read_text())
    as_built["email"]["recipients"] = []
    assert yaml.safe_load(kept) == as_built  # everything else as it stood
