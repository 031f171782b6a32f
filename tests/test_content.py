"""Validation: good content passes; each bad case fails with file, line, field and expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import ContentError, check_project, load_project
from tests.conftest import edit

DOC = "content/documents/example-2026.yaml"
CSV = "content/indicators.csv"
BRIEF = "content/brief.yaml"


def problems_of(project: Path, **options) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_project(project / "content", **options)
    return [str(p).replace(str(project) + "/", "") for p in caught.value.problems]


@pytest.fixture(autouse=True)
def run_in(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)  # messages name files relative to where commands run


def test_skeleton_project_passes_strict_check(project: Path) -> None:
    report = check_project(project / "content", strict=True)
    assert [d.id for d in report.project.documents] == ["example-2026"]
    assert report.provenance.startswith("provenance verified: 2 figures")


def test_bad_date_names_file_line_field_and_formats(project: Path) -> None:
    edit(project / DOC, "published: null", "published: July 2024x")
    assert problems_of(project) == [
        f"{DOC}:6: published: 'July 2024x' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    ]


def test_duplicate_key_is_reported_with_both_lines(project: Path) -> None:
    edit(project / DOC, "language: en\n", "language: en\nlanguage: es\n")
    assert problems_of(project) == [f"{DOC}:11: language: duplicate key (first given at line 10)"]


def test_unknown_field_is_an_error_with_a_suggestion(project: Path) -> None:
    edit(project / DOC, "language: en\n", "language: en\nreliabilty: typo\n")
    (problem,) = problems_of(project)
    assert problem.startswith(f"{DOC}:11: reliabilty: unknown field; did you mean 'reliability'?")


def test_missing_field_names_file_and_line(project: Path) -> None:
    edit(project / DOC, "document_type: data-note\n", "")
    assert problems_of(project) == [f"{DOC}:2: document_type: required field is missing"]


def test_wrong_type_says_what_was_found(project: Path) -> None:
    edit(project / DOC, "topics: [example, trade]", "topics: trade")
    assert problems_of(project) == [f"{DOC}:12: topics: expected a list, found 'trade'"]


def test_summary_word_count_is_checked(project: Path) -> None:
    edit(project / DOC, "summary: >-\n", "summary: Too short.\nold_summary: >-\n")
    problems = problems_of(project)
    assert f"{DOC}:13: summary: has 2 words; expected 80 to 160" in problems


def test_key_point_item_error_points_at_its_line(project: Path) -> None:
    edit(project / DOC, "  - Keep each point to one sentence.", "  - 42")
    assert problems_of(project) == [
        f'{DOC}:25: key_points[2]: expected text, found a number (42): put it in quotes to make it text ("42")'
    ]


def test_duplicate_indicator_id(project: Path) -> None:
    csv = project / CSV
    rows = csv.read_text().splitlines()
    csv.write_text("\n".join([*rows, rows[1]]) + "\n")
    problems = problems_of(project)
    assert (
        f"{CSV}:4: id: duplicate id 'example-exports-growth' (first defined at {CSV}:2)" in problems
    )


def test_undefined_indicator_referenced_by_a_document(project: Path) -> None:
    schema_1(project)
    edit(
        project / DOC,
        "indicators: [example-exports-growth, example-exports-value]",
        "indicators: [example-exports-growth, example-exports-value, example-imports]",
    )
    assert (
        f"{DOC}:26: indicators[2]: 'example-imports' is not defined in indicators.csv"
        in problems_of(project)
    )


def test_indicator_row_naming_an_unknown_document(project: Path) -> None:
    edit(
        project / CSV,
        "Example country,example-2026,7,,Made-up figure: replace it\nexample-exports-value",
        "Example country,example-2025,7,,Made-up figure: replace it\nexample-exports-value",
    )
    problems = problems_of(project)
    assert (
        f"{CSV}:2: document: 'example-2025' is not the id of a summary in documents/ (known: example-2026)"
        in problems
    )


def test_non_numeric_value(project: Path) -> None:
    edit(project / CSV, ",12.5,%,", ",12.5%,%,")
    assert problems_of(project) == [
        f"{CSV}:2: value: '12.5%' is not a plain decimal number (e.g. 1.1 or 30000: no thousands separators, units or words)"
    ]


def test_thousands_separator_in_value_is_refused(project: Path) -> None:
    edit(project / CSV, ",48,USD,", ',"48,000",USD,')
    assert any("value: '48,000' is not a plain decimal number" in p for p in problems_of(project))


def test_bad_scale_qualifier_period_and_locator_all_reported(project: Path) -> None:
    edit(
        project / CSV,
        "12.5,%,1,exact,2025,Example country,example-2026,7,",
        "12.5,%,lakh,roughly,25,Example country,example-2026,line 7,",
    )
    problems = problems_of(project)
    assert [p.split(": ", 2)[1] for p in problems] == ["scale", "qualifier", "period", "locator"]
    assert all(p.startswith(f"{CSV}:2:") for p in problems)


def test_chart_naming_an_unknown_indicator(project: Path) -> None:
    edit(project / BRIEF, "indicator: example-exports-value", "indicator: example-exports-total")
    assert problems_of(project) == [
        f"{BRIEF}:26: charts[example-exports].items: 'example-exports-total' is not defined in indicators.csv"
    ]


def test_chart_mixing_units(project: Path) -> None:
    edit(
        project / BRIEF,
        "        indicator: example-exports-value",
        "        indicator: example-exports-value\n      - indicator: example-exports-growth",
    )
    assert problems_of(project) == [
        f"{BRIEF}:22: charts[example-exports]: mixes units (%, USD); a chart shows one unit"
    ]


def test_takeaway_placeholder_must_name_an_indicator(project: Path) -> None:
    edit(project / BRIEF, "{example-exports-value}", "{example-export-value}")
    assert problems_of(project) == [
        f"{BRIEF}:14: takeaways[0]: {{example-export-value}} is not an indicator id, nor a range {{low-id..high-id}}"
    ]


def test_figure_typed_by_hand_in_a_takeaway_is_a_warning(project: Path) -> None:
    edit(project / BRIEF, "reached {example-exports-value} in 2025", "reached $48 billion in 2025")
    report = check_project(project / "content")
    assert [str(w) for w in report.warnings] == [
        f"warning: {BRIEF}:14: takeaways[0]: figure '48' is typed by hand; write {{indicator-id}} so it comes from the table"
    ]


def test_strict_turns_warnings_into_errors(project: Path) -> None:
    edit(project / BRIEF, "reached {example-exports-value} in 2025", "reached $48 billion in 2025")
    with pytest.raises(ContentError) as caught:
        check_project(project / "content", strict=True)
    assert len(caught.value.problems) == 1 and caught.value.problems[0].level == "warning"


def test_figure_in_a_summary_must_come_from_the_table(project: Path) -> None:
    edit(project / DOC, "grew by 12.5% in 2025", "grew by 12.7% in 2025")
    report = check_project(project / "content")
    assert [str(w) for w in report.warnings] == [
        f"warning: {DOC}:13: summary: the figure '12.7' is not the value of any of this document's indicators; add it to indicators.csv or leave it out"
    ]


def test_all_problems_are_listed_in_one_run(project: Path) -> None:
    edit(project / DOC, "published: null", "published: 2024-13")
    edit(project / CSV, ",48,USD,", ",forty-eight,USD,")
    edit(project / BRIEF, "title: My weekly brief\n", "")
    problems = problems_of(project)
    assert len(problems) == 3
    assert [p.split(":")[0] for p in problems] == [BRIEF, DOC, CSV]  # sorted by file
    assert [p.split(": ")[1] for p in problems] == ["title", "published", "value"]


def test_id_must_match_file_name(project: Path) -> None:
    edit(project / DOC, "id: example-2026", "id: example-2027")
    assert (
        f"{DOC}:2: id: 'example-2027' does not match the file name 'example-2026.yaml' (expected 'example-2026')"
        in problems_of(project)
    )


def test_load_project_returns_plain_frozen_model(project: Path) -> None:
    loaded = load_project(project / "content")
    indicator = loaded.indicator("example-exports-value")
    assert str(indicator.value) == "48" and indicator.scale == "billion" and indicator.locator == 7
    assert loaded.document("example-2026").published is None
    with pytest.raises(AttributeError):
        indicator.value = 1  # type: ignore[misc]


def test_missing_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        check_project(tmp_path / "nowhere")
    assert "content folder not found" in str(caught.value)


def test_a_row_with_an_unquoted_comma_is_one_problem_not_many(project: Path) -> None:
    edit(
        project / CSV,
        "Growth in exports of electronic components (example)",
        "Growth, exports of electronic components",
    )
    assert problems_of(project) == [f"{CSV}:2: row has 13 cells; the header has 12 columns"]


def test_a_date_that_does_not_exist_is_a_problem_with_its_line(project: Path) -> None:
    edit(project / DOC, "published: null", "published: 2024-02-30")
    assert problems_of(project) == [
        f"{DOC}:6: published: '2024-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    ]


def test_a_byte_order_mark_from_a_spreadsheet_is_not_a_column(project: Path) -> None:
    table = project / CSV
    table.write_bytes(b"\xef\xbb\xbf" + table.read_bytes())
    assert check_project(project / "content", strict=True)


def test_a_sources_folder_outside_the_project_is_refused(project: Path) -> None:
    edit(project / BRIEF, "sources: sources\n", "sources: /etc\n")
    (problem,) = problems_of(project)
    assert problem.startswith(
        f"{BRIEF}:10: sources: /etc is outside the project: a path in brief.yaml must lead inside"
    )


def test_a_sources_folder_reached_through_a_link_out_of_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project / "content/linked").symlink_to(elsewhere, target_is_directory=True)
    edit(project / BRIEF, "sources: sources\n", "sources: linked\n")
    (problem,) = problems_of(project)
    assert f"sources: {elsewhere} is outside the project" in problem


def test_a_sources_folder_beside_the_project_is_fine(project: Path) -> None:
    (project / "content/sources").rename(project.parent / "shared-sources")
    edit(project / BRIEF, "sources: sources\n", "sources: ../../shared-sources\n")
    report = check_project(project / "content", strict=True)
    assert report.sources == (project.parent / "shared-sources").resolve()


def test_the_shipped_brief_finds_its_sources_beside_the_checkout() -> None:
    from tests.conftest import REPO, need_shared_sources

    need_shared_sources()
    report = check_project(REPO / "content", strict=True)
    assert report.sources == (REPO.parent / "shared" / "sources").resolve()


def test_a_recipients_file_outside_the_project_is_refused(project: Path) -> None:
    edit(project / BRIEF, "recipients_file: ../recipients.txt", "recipients_file: /etc/passwd")
    (problem,) = problems_of(project)
    assert problem.startswith(
        f"{BRIEF}:37: email.recipients_file: /etc/passwd is outside the project"
    )


def test_a_50_mb_summary_is_refused_by_its_size_before_it_is_read(project: Path) -> None:
    with (project / DOC).open("r+b") as summary:
        summary.truncate(50 * 1024 * 1024)  # sparse: nothing to write, only a size
    assert problems_of(project) == [
        f"{DOC}: refused: 50.0 MB is over the limit for a summary (256 KB; see README, Limits)"
    ]


def test_an_oversized_brief_yaml_names_its_limit(project: Path) -> None:
    with (project / BRIEF).open("a") as brief:
        brief.write("# padding\n" * 30_000)
    (problem,) = problems_of(project)
    size = round((project / BRIEF).stat().st_size / 1024)
    assert (
        problem
        == f"{BRIEF}: refused: {size} KB is over the limit for a brief.yaml (256 KB; see README, Limits)"
    )


def test_5000_nested_lists_are_one_problem_not_a_recursion_error(project: Path) -> None:
    edit(project / DOC, "topics: [example, trade]", "topics: " + "[" * 5000 + "]" * 5000)
    assert problems_of(project) == [
        f"{DOC}:12:40: lists and mappings nested more than 32 levels deep (the limit for a YAML file; see README, Limits)"
    ]


def test_yaml_syntax_error_has_line_and_column(project: Path) -> None:
    edit(project / DOC, "language: en", "language: [en")
    (problem,) = problems_of(project)
    assert problem.startswith(f"{DOC}:11:14: YAML syntax error: while parsing a flow sequence")


def test_a_latin_1_table_is_one_problem_at_its_line_and_column(project: Path) -> None:
    table = project / CSV
    table.write_bytes(table.read_bytes().replace(b"Example country", "Méjico".encode("latin-1"), 1))
    assert problems_of(project) == [
        f"{CSV}:2:98: not UTF-8 text (byte 0xe9 cannot be read as UTF-8): save the file as UTF-8"
    ]


def test_an_empty_table_is_one_problem(project: Path) -> None:
    (project / CSV).write_text("")
    assert problems_of(project) == [f"{CSV}: the file is empty"]


def test_a_table_without_its_header_is_one_problem(project: Path) -> None:
    table = project / CSV
    table.write_text(table.read_text().split("\n", 1)[1])
    assert problems_of(project) == [
        f"{CSV}:1: header: the first line is not the header: expected the columns "
        "id,label,value,unit,scale,qualifier,period,geography,document,locator,attributed_to "
        "(and optionally note,historical)"
    ]


def test_an_empty_summary_is_one_problem(project: Path) -> None:
    (project / DOC).write_text("# nothing yet\n")
    assert problems_of(project) == [f"{DOC}: the file is empty"]


def test_a_400_digit_value_is_refused_before_it_reaches_a_chart(project: Path) -> None:
    edit(project / CSV, ",48,USD,", f",{'9' * 400},USD,")
    (problem,) = problems_of(project)
    assert problem.startswith(f"{CSV}:3: value: '9999")
    assert problem.endswith("has more than 18 digits (the limit for a value; see README, Limits)")


def test_a_superscript_locator_is_a_problem_not_a_traceback(project: Path) -> None:
    edit(
        project / CSV,
        "example-2026,7,,Made-up figure: replace it\n",
        "example-2026,²,,Made-up figure: replace it\n",
    )
    (problem,) = problems_of(project)
    assert problem.startswith(f"{CSV}:2: locator: '²' is not a line number")


def test_a_summary_linked_to_a_file_outside_the_project_is_refused_unread(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    secret = tmp_path_factory.mktemp("elsewhere") / "private.yaml"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (project / "content/documents/other.yaml").symlink_to(secret)
    (problem,) = problems_of(project)
    assert problem.startswith(f"content/documents/other.yaml: refused: a link to {secret}, outside")
    assert "root:x" not in problem


def test_a_summary_need_not_list_its_figures(project: Path) -> None:
    assert "indicators:" not in (project / DOC).read_text()
    report = check_project(project / "content", strict=True)
    assert [i.document for i in report.project.figures_of("example-2026")] == ["example-2026"] * 2


def schema_1(project: Path, listed: str = "example-exports-growth, example-exports-value") -> None:
    """The skeleton as content written before `schema:`: no version, figures listed twice."""
    edit(project / BRIEF, "schema: 2  #", "#")
    edit(
        project / DOC,
        "# Its figures are the rows",
        f"indicators: [{listed}]\n# Its figures are the rows",
    )


def test_content_without_a_schema_is_read_as_schema_1_and_its_lists_still_checked(
    project: Path,
) -> None:
    schema_1(project)
    assert check_project(project / "content", strict=True).project.brief.schema == 1
    edit(
        project / DOC, "[example-exports-growth, example-exports-value]", "[example-exports-growth]"
    )
    assert problems_of(project) == [
        f"{CSV}:3: document: {DOC} does not list 'example-exports-value' in its indicators "
        "(add it there, or delete that list: the table's document column is enough)"
    ]


def test_a_schema_2_summary_that_lists_its_figures_is_told_what_to_change(project: Path) -> None:
    edit(project / DOC, "# Its figures are the rows", "indicators: [example-exports-growth]\n#")
    assert problems_of(project) == [
        f"{DOC}:26: indicators: schema 2 takes a summary's figures from indicators.csv (the rows "
        "that name it in their document column): delete this list (briefgen upgrade does it for every summary)"
    ]


def test_content_for_a_newer_schema_is_one_clear_problem(project: Path) -> None:
    edit(project / BRIEF, "schema: 2", "schema: 3")
    edit(project / DOC, "language: en", "langue: en")  # a field of that newer model, say
    assert problems_of(project) == [
        f"{BRIEF}:1: schema: schema 3 is newer than this briefgen reads (schema 1 to 2): "
        "upgrade briefgen (pip install --upgrade briefgen) to build this content"
    ]


def test_schema_is_a_whole_number(project: Path) -> None:
    edit(project / BRIEF, "schema: 2", 'schema: "two"')
    assert problems_of(project) == [
        f"{BRIEF}:1: schema: expected a whole number (the content model's version), found 'two'"
    ]


def test_optional_columns_may_be_left_out_of_a_row(project: Path) -> None:
    table = project / CSV
    lines = table.read_text().splitlines()
    lines[0] += ",historical"
    lines[1] = lines[1].removesuffix(",Made-up figure: replace it")  # no note, no historical
    table.write_text("\n".join(lines) + "\n")
    report = check_project(project / "content", strict=True)
    first = report.project.indicators[0]
    assert (first.note, first.historical) == (None, False)
    assert report.project.indicators[1].note == "Made-up figure: replace it"


def test_a_row_short_of_a_required_cell_says_which_may_be_left_out(project: Path) -> None:
    table = project / CSV
    table.write_text(table.read_text().replace(",7,,Made-up figure: replace it\nexample-exports-value", ",7\nexample-exports-value"))  # fmt: skip
    assert problems_of(project) == [
        f"{CSV}:2: row has 10 cells; the header has 12 columns "
        "(a row may leave out only the optional columns at its end: note)"
    ]


def test_a_label_yaml_reads_as_a_number_says_to_quote_it(project: Path) -> None:
    edit(project / BRIEF, 'label: "2025"', "label: 2025")
    assert problems_of(project) == [
        f"{BRIEF}:26: charts[0].items[0].label: expected text, found a number (2025): "
        'put it in quotes to make it text ("2025")'
    ]
