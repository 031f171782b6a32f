"""Every figure stands on the line it cites; summaries are in our own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import ContentError, check_project
from tests.conftest import edit

CSV = "content/indicators.csv"


def test_shipped_content_passes_strict_check_against_the_sources(shipped: Path) -> None:
    report = check_project(shipped / "content", strict=True)
    assert report.sources is not None
    assert len(report.project.indicators) >= 40
    assert report.provenance.startswith(
        f"provenance verified: {len(report.project.indicators)} figures"
    )
    assert report.warnings == ()


def provenance_problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_project(root / "content")
    return [str(p) for p in caught.value.problems]


def test_wrong_value_is_an_error_showing_the_row_and_the_line(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(shipped)
    edit(shipped / CSV, ",79.6,%,1,exact,2020,", ",79.5,%,1,exact,2020,")
    (problem,) = provenance_problems(shipped)
    assert problem.startswith(
        f"{CSV}:2: value: 79.5% is not on line 20 of 000_d670995f30a0e47e.txt"
    )
    assert "(numbers on that line: 79.6, 51.4, 2020)" in problem
    assert "accounted for 79.6% of its total exports" in problem  # the text of the cited line


def test_wrong_line_is_an_error(shipped: Path) -> None:
    edit(
        shipped / CSV, "US-Mexico border,border-boom-nd,14,", "US-Mexico border,border-boom-nd,15,"
    )
    (problem,) = provenance_problems(shipped)
    assert (
        "value: 5 is not on line 15 of 001_5e3d32742e26f71a.txt (numbers on that line: none)"
        in problem
    )


def test_wrong_scale_is_an_error(shipped: Path) -> None:
    edit(shipped / CSV, ",1.1,USD,trillion,over,2016,", ",1.1,USD,billion,over,2016,")
    (problem,) = provenance_problems(shipped)
    assert "value: 1.1 billion is not on line 5 of 001_5e3d32742e26f71a.txt" in problem


def test_line_past_the_end_of_the_source(shipped: Path) -> None:
    edit(shipped / CSV, "Singapore,cambridge-2024,128,,,\n", "Singapore,cambridge-2024,400,,,\n")
    (problem,) = provenance_problems(shipped)
    assert "locator: line 400 does not exist: 004_ffe8d3aacfa7690a.txt has 144 lines" in problem


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("mx-manufacturing-output-rank", "seventh"),  # ordinal word
        ("ev-share-car-sales-2025", "one-quarter"),  # fraction read as 25%
        ("us-chips-ira-budget", "a trillion"),  # "over a trillion dollars"
        ("mx-sni-researchers", "30,000"),  # thousands separator in the text, none in the table
    ],
)
def test_number_words_and_separators_are_recognised(shipped: Path, row: str, words: str) -> None:
    """These rows pass as shipped; moving each one line down must fail, so the pass is real."""
    import csv
    import io

    path = shipped / CSV
    rows = list(csv.reader(io.StringIO(path.read_text(), newline="")))
    header = rows[0]
    (target,) = [r for r in rows if r[0] == row]
    locator = int(target[header.index("locator")])
    target[header.index("locator")] = str(locator + 1)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue())
    (problem,) = provenance_problems(shipped)
    assert f"is not on line {locator + 1}" in problem


def test_copied_wording_is_flagged(shipped: Path) -> None:
    doc = shipped / "content/documents/cambridge-2024.yaml"
    edit(
        doc,
        "  A Cambridge Industrial Innovation Policy note urging",
        "  With a robust manufacturing sector and a growing presence in global industries, a note urging",
    )
    report = check_project(shipped / "content")
    (warning,) = report.warnings
    assert "summary: copies wording from 004_ffe8d3aacfa7690a.txt line 22" in str(warning)


def test_without_sources_it_says_provenance_was_not_verified(project: Path) -> None:
    edit(project / "content/brief.yaml", "sources: sources\n", "")
    (project / "content/sources").rename(project / "elsewhere")
    report = check_project(project / "content")
    assert report.sources is None
    assert report.provenance.startswith("provenance not verified: sources were not checked")


def test_missing_sources_folder_is_a_warning(project: Path) -> None:
    edit(project / "content/brief.yaml", "sources: sources\n", "sources: ../elsewhere\n")
    report = check_project(project / "content")
    assert "does not exist: provenance not verified" in str(report.warnings[0])
    assert report.warnings[0].loc.line == 10  # the line of `sources:`, not the file's first
    with pytest.raises(ContentError):
        check_project(project / "content", strict=True)
