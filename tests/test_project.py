"""The check flow: every problem of a broken brief in one run, and nothing that only
follows from another problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import ContentError, check_project
from tests.conftest import edit

DOC = "content/documents/example-2026.yaml"
CSV = "content/indicators.csv"
BRIEF = "content/brief.yaml"


@pytest.fixture(autouse=True)
def run_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # messages name files relative to where commands run


def problems_of(root: Path) -> list[tuple[str, int | None, str]]:
    """(file, line, field) of every problem one check reports."""
    with pytest.raises(ContentError) as caught:
        check_project(root / "content")
    folder = root.name + "/"
    return [(p.loc.file.removeprefix(folder), p.loc.line, p.field) for p in caught.value.problems]


def test_field_errors_references_and_provenance_come_in_one_run(shipped: Path) -> None:
    table, brief = shipped / CSV, shipped / BRIEF
    # A row with a bad qualifier whose value is also off its line.
    edit(
        table,
        ",79.6,%,1,exact,2020,Mexico,ainvest-2024,",
        ",79.9,%,1,exactly,2020,Mexico,ainvest-2024,",
    )
    # A row with a bad period that also names no summary.
    edit(
        table,
        ",51.4,%,1,exact,2020,Mexico,ainvest-2024,",
        ",51.4,%,1,exact,20x0,Mexico,ainvest-2099,",
    )
    # A summary with a bad field, and one of its figures off its line.
    edit(shipped / "content/documents/cambridge-2024.yaml", "language: en", "language: English")
    edit(table, ",52,people,million,", ",53,people,million,")
    # brief.yaml with a bad field, and a takeaway naming no indicator.
    edit(brief, "stale_after_years: 5", "stale_after_years: five")
    edit(brief, "{mx-fdi-2023}", "{mx-fdi-2032}")
    problems = problems_of(shipped)
    assert problems == [
        (BRIEF, line_of(brief, "stale_after_years:"), "stale_after_years"),
        (BRIEF, line_of(brief, "{mx-fdi-2032}", item=True), "takeaways[2]"),
        ("content/documents/cambridge-2024.yaml", 10, "language"),
        (CSV, 2, "qualifier"),
        (CSV, 2, "value"),
        (CSV, 3, "period"),
        (CSV, 3, "document"),
        (CSV, line_of(table, ",53,people,million,"), "value"),
    ]


def line_of(path: Path, text: str, *, item: bool = False) -> int:
    """The line holding text (item: the line of the YAML list item it is part of)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, start=1) if text in line)
    while item and not lines[number - 1].lstrip().startswith("- "):
        number -= 1
    return number


def test_a_wrong_brief_field_does_not_stop_the_provenance_check(project: Path) -> None:
    edit(project / BRIEF, "language: en", "language: English")
    edit(project / CSV, ",48,USD,billion,", ",49,USD,billion,")
    assert problems_of(project) == [(BRIEF, 5, "language"), (CSV, 3, "value")]


def test_a_chart_plotting_a_broken_row_leaves_the_other_references_checked(
    project: Path,
) -> None:
    edit(project / CSV, ",48,USD,billion,exact,", ",48,USD,billion,exactish,")  # charted row
    edit(project / BRIEF, "{example-exports-value} in 2025", "{example-exports} in 2025")
    edit(project / BRIEF, "  - indicator: example-exports-growth", "  - indicator: example-growth")
    assert problems_of(project) == [
        (BRIEF, 14, "takeaways[0]"),
        (BRIEF, 18, "headline_figures[0]"),
        (CSV, 3, "qualifier"),
    ]


def test_a_table_whose_header_cannot_be_read_is_one_problem(project: Path) -> None:
    edit(project / CSV, "id,label,value,", "id,label,valu,")
    problems = problems_of(project)
    assert (CSV, 1, "header") in problems and (CSV, 1, "valu") in problems
    assert all(file == CSV for file, _, _ in problems)  # no reference reported as undefined


def test_a_summary_that_cannot_be_parsed_is_one_problem(project: Path) -> None:
    edit(project / DOC, "language: en", "language: [en")
    assert problems_of(project) == [(DOC, 11, "")]  # its rows still name it: no more


def test_a_row_naming_no_summary_is_reported_on_the_row_alone(project: Path) -> None:
    edit(project / CSV, ",Example country,example-2026,7,,Made-up figure: replace it\nexample-exports-value",
         ",Example country,example-2062,7,,Made-up figure: replace it\nexample-exports-value")  # fmt: skip
    assert problems_of(project) == [(CSV, 2, "document")]
