"""Every figure stands on the line it cites; summaries are in our own words."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen import ContentError, build, check_project
from briefgen.content import read_indicator_table
from briefgen.errors import Loc
from briefgen.model import Draft
from briefgen.provenance import Provenance, check_provenance, read_sources
from tests.conftest import EDITION, edit

CSV = "content/indicators.csv"


def test_shipped_content_passes_strict_check_against_the_sources(shipped: Path) -> None:
    report = check_project(shipped / "content", strict=True)
    assert report.sources is not None
    assert len(report.project.indicators) >= 40
    stated = [i for i in report.project.indicators if i.derived is None]
    assert report.provenance.startswith(f"provenance verified: {len(stated)} figures")
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
    assert problem.endswith("scale: line 5 says 'trillion' after '1.1'; the row has scale billion")


def test_line_past_the_end_of_the_source(shipped: Path) -> None:
    edit(shipped / CSV, "Singapore,cambridge-2024,128,,,,,Participación en el PIB",
         "Singapore,cambridge-2024,400,,,,,Participación en el PIB")  # fmt: skip
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


# --- every misstatement is caught ------------------------------------------------------

CURRENCY_SWAP = {"USD": "EUR", "EUR": "USD", "MXN": "USD", "GBP": "USD"}
APPROXIMATE = ("about", "over", "under", "nearly", "at-least", "up-to", "range-low", "range-high")


def _times(value: str, factor: str) -> str:
    from decimal import Decimal

    return format((Decimal(value) * Decimal(factor)).normalize(), "f")


# kind: (applies to the row?, the misstated row)
MISSTATEMENTS = {
    "scale dropped": (lambda r: r["scale"] != "1", lambda r: {**r, "scale": "1"}),
    "scale added": (lambda r: r["scale"] == "1", lambda r: {**r, "scale": "million"}),
    "value x1000": (lambda r: True, lambda r: {**r, "value": _times(r["value"], "1000")}),
    "value /1000": (lambda r: True, lambda r: {**r, "value": _times(r["value"], "0.001")}),
    "percent as money": (lambda r: r["unit"].startswith("%"), lambda r: {**r, "unit": "USD"}),
    "money as percent": (lambda r: r["unit"] in CURRENCY_SWAP, lambda r: {**r, "unit": "%"}),
    "currency swapped": (
        lambda r: r["unit"] in CURRENCY_SWAP,
        lambda r: {**r, "unit": CURRENCY_SWAP[r["unit"]]},
    ),
    "percentage points as %": (
        lambda r: r["unit"] == "percentage points",
        lambda r: {**r, "unit": "%"},
    ),
    "% as percentage points": (
        lambda r: r["unit"] == "%",
        lambda r: {**r, "unit": "percentage points"},
    ),
    "qualified number as exact": (
        lambda r: any(q in APPROXIMATE for q in r["qualifier"].split("+")),
        lambda r: {**r, "qualifier": "exact"},
    ),
    "exact number as about": (
        lambda r: r["qualifier"] == "exact",
        lambda r: {**r, "qualifier": "about"},
    ),
    "line off by one (+1)": (
        lambda r: True,
        lambda r: {**r, "locator": str(int(r["locator"]) + 1)},
    ),
    "line off by one (-1)": (
        lambda r: int(r["locator"]) > 1,
        lambda r: {**r, "locator": str(int(r["locator"]) - 1)},
    ),
}
PROVENANCE_FIELDS = {"value", "scale", "unit", "qualifier", "locator", "anchor"}


def mutation_scores(table: Path, flagged_rows) -> dict[str, tuple[int, int, list[str]]]:  # noqa: ANN001
    """For each kind of misstatement: rows caught, rows it applies to, rows missed.
    `flagged_rows()` runs the check and returns the CSV lines it flags."""
    import csv
    import io

    original = table.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(original, newline=""))
    rows, header = list(reader), reader.fieldnames
    scores = {}
    for kind, (applies, misstate) in MISSTATEMENTS.items():
        targets = {index for index, row in enumerate(rows) if applies(row)}
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(misstate(r) if i in targets else r for i, r in enumerate(rows))
        table.write_text(buffer.getvalue(), encoding="utf-8")
        flagged = flagged_rows()
        missed = [rows[i]["id"] for i in sorted(targets) if i + 2 not in flagged]
        scores[kind] = (len(targets) - len(missed), len(targets), missed)
    table.write_text(original, encoding="utf-8")
    return scores


def provenance_errors(problems) -> set[int]:  # noqa: ANN001
    return {
        p.loc.line
        for p in problems
        if p.is_error and p.loc.file.endswith(".csv") and p.field in PROVENANCE_FIELDS
    }


def show(title: str, scores: dict, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\nmisstatements of {title} (kind: caught/applied)")
        for kind, (caught, applied, _) in scores.items():
            print(f"  {kind}: {caught}/{applied}")


def test_every_misstatement_of_the_shipped_table_is_caught(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Apply each kind of misstatement to every row it applies to; the check must
    flag every one of them (an error on that row, in a provenance column)."""

    def flagged() -> set[int]:
        try:
            check_project(shipped / "content")
        except ContentError as err:
            return provenance_errors(err.problems)
        return set()

    scores = mutation_scores(shipped / CSV, flagged)
    show("the shipped table", scores, capsys)
    assert {kind: missed for kind, (_, _, missed) in scores.items() if missed} == {}
    assert sum(applied for _, applied, _ in scores.values()) > 300


TEXTS = Path(__file__).parent / "texts"
TEST_SUMMARIES = (
    Draft(
        "en-note", "en-trade-note.txt", None, "en", None, None, None, None, Loc("en-note.yaml"), {}
    ),
    Draft("mx-note", "mx-remesas.txt", None, "es", None, None, None, None, Loc("mx-note.yaml"), {}),
    Draft(
        "es-note", "es-comercio.txt", None, "es", None, None, None, None, Loc("es-note.yaml"), {}
    ),
)


def check_test_texts(table: Path) -> Provenance:
    indicators, problems, _ = read_indicator_table(table)
    assert problems == []
    texts, problems = read_sources(TEXTS, TEST_SUMMARIES)
    assert problems == []
    return check_provenance(indicators, TEST_SUMMARIES, texts)


def test_our_own_texts_in_three_number_styles_pass_as_recorded() -> None:
    found = check_test_texts(TEXTS / "figures.csv")
    assert found.problems == ()
    assert len(found.verified) == 38


def test_every_misstatement_of_our_own_texts_is_caught(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same misstatements on a table of our own texts, which has percentage points,
    basis points, pesos, exchange rates and both Spanish number styles."""
    table = tmp_path / "figures.csv"
    table.write_bytes((TEXTS / "figures.csv").read_bytes())

    def flagged() -> set[int]:
        indicators, problems, _ = read_indicator_table(table)
        texts, _ = read_sources(TEXTS, TEST_SUMMARIES)
        return provenance_errors(check_provenance(indicators, TEST_SUMMARIES, texts).problems)

    scores = mutation_scores(table, flagged)
    show("our own texts", scores, capsys)
    assert {kind: missed for kind, (_, _, missed) in scores.items() if missed} == {}
    assert all(applied for _, applied, _ in scores.values())  # every kind has rows to misstate


def interchangeable(indicators, summaries, texts) -> dict[str, str]:  # noqa: ANN001
    """Rows whose cited line holds another number they could be swapped for and still
    pass but for their anchor: same kind, scale, unit, qualifier and period. A line
    locator alone cannot tell these apart. Returns row id -> the other number's value."""
    from dataclasses import replace

    from briefgen.provenance import SourceReader, disagreements, period_warnings

    readers = {s.id: SourceReader.of(s, texts[s.source_file]) for s in summaries}
    pairs = {}
    for row in indicators:
        reader = readers[row.document]
        for reading in reader.readings(row.locator):
            if row.value in reading.values:
                continue
            swapped = replace(row, value=reading.value, anchor=None)
            if not disagreements(swapped, reading, reader) and not period_warnings(
                swapped, reading, reader.source
            ):
                pairs[row.id] = format(reading.value, "f")
                break
    return pairs


def test_rows_a_line_locator_cannot_tell_apart_carry_an_anchor(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Count the rows whose line holds an interchangeable number (a swap a line-level
    locator cannot see), check each has an anchor, and swap each with its neighbour:
    every swap must be caught."""
    from briefgen.project import read_parts

    parts = read_parts(shipped / "content")
    texts, _ = read_sources(parts.brief.sources, parts.documents)
    pairs = interchangeable(parts.indicators, parts.documents, texts)
    without = sorted(i.id for i in parts.indicators if i.id in pairs and not i.anchor)
    MISSTATEMENTS["swapped with a neighbour"] = (
        lambda r: r["id"] in pairs,
        lambda r: {**r, "value": pairs[r["id"]]},
    )
    try:

        def flagged() -> set[int]:
            try:
                check_project(shipped / "content")
            except ContentError as err:
                return provenance_errors(err.problems)
            return set()

        caught, applied, missed = mutation_scores(shipped / CSV, flagged)[
            "swapped with a neighbour"
        ]
    finally:
        del MISSTATEMENTS["swapped with a neighbour"]
    with capsys.disabled():
        print(
            f"\nrows whose line holds an interchangeable number: {len(pairs)} of {len(parts.indicators)}"
        )
        print(f"  swapped with it: {caught}/{applied} caught (by their anchors)")
    assert {"mx-poverty-earlier", "mx-poverty-latest", "mx-exports-to-us-share"} <= set(pairs)
    assert without == [] and missed == []


# --- errors that say exactly what differs ------------------------------------------------

FDI_2023 = "mx-fdi-2023,Foreign direct investment in Mexico,36,USD,billion,exact,2023,Mexico,cambridge-2024,91,"


def one_problem(shipped: Path, old: str, new: str) -> str:
    """The one problem a changed row gets (a chart that plots it may get one too)."""
    edit(shipped / CSV, old, new)
    (problem,) = [p for p in provenance_problems(shipped) if "indicators.csv" in p]
    return problem


def extend_example_text(project: Path, more: str) -> None:
    """Add lines to the example's source text, as if it had been written so: the
    summary's recorded hash goes, so the check treats the text as never changed."""
    source = project / "content/sources/example-2026.txt"
    source.write_text(source.read_text() + more)
    summary = project / "content/documents/example-2026.yaml"
    summary.write_text(re.sub(r"(?m)^source_sha256:.*\n", "", summary.read_text()))


def test_a_dropped_scale_word_says_what_the_line_says(shipped: Path) -> None:
    problem = one_problem(shipped, FDI_2023, FDI_2023.replace(",USD,billion,", ",USD,1,"))
    assert problem.endswith("scale: line 91 says 'billion' after '36'; the row has scale 1")


def test_a_scale_the_line_does_not_state_is_an_error(shipped: Path) -> None:
    old = ",16,%,1,exact,,United States,border-boom-nd,16,"
    problem = one_problem(shipped, old, old.replace(",%,1,", ",%,thousand,"))
    assert "scale: line 16 states no scale word after '16'; the row has scale thousand" in problem


def test_a_percentage_recorded_as_money_is_an_error(shipped: Path) -> None:
    old = ",50,%,1,exact,2023,Mexico,cambridge-2024,91,"
    problem = one_problem(shipped, old, old.replace(",%,", ",USD,"))
    assert problem.endswith(
        "unit: line 91 says '%' after '50' (percent); the row has unit USD (money)"
    )


def test_a_swapped_currency_is_an_error(shipped: Path) -> None:
    problem = one_problem(shipped, FDI_2023, FDI_2023.replace(",USD,", ",EUR,"))
    assert "unit: line 91 says 'dollars' after '36' (USD); the row has unit EUR" in problem


def test_a_qualified_number_recorded_as_exact_is_an_error(shipped: Path) -> None:
    old = ",100,USD,billion,over,2016,"
    problem = one_problem(shipped, old, old.replace(",over,", ",exact,"))
    assert problem.endswith(
        "qualifier: line 5 says 'more than' before '100' (over); the row has exact"
    )


def test_an_exact_number_recorded_as_qualified_is_an_error(shipped: Path) -> None:
    problem = one_problem(shipped, FDI_2023, FDI_2023.replace(",exact,", ",about,"))
    assert problem.endswith(
        "qualifier: line 91 states no qualifier with '36' (exact); the row has about"
    )


def test_a_figure_on_a_nearby_line_is_named(shipped: Path) -> None:
    problem = one_problem(shipped, FDI_2023, FDI_2023.replace(",91,", ",89,"))
    assert "36 billion is not on line 89 of 004_ffe8d3aacfa7690a.txt" in problem
    assert "found on line 91" in problem


def test_the_same_amount_at_another_scale_says_how_the_source_writes_it(shipped: Path) -> None:
    old = ",55000,USD,million,scenario+range-low,"
    problem = one_problem(shipped, old, old.replace(",55000,USD,million,", ",55,USD,billion,"))
    assert (
        "the line writes it as '55,000' million: record it as the source does (value 55000, scale million)"
        in problem
    )


def test_a_period_the_clause_contradicts_is_a_warning(shipped: Path) -> None:
    edit(shipped / CSV, FDI_2023, FDI_2023.replace(",2023,Mexico,", ",2022,Mexico,"))
    report = check_project(shipped / "content")
    (warning,) = [str(w) for w in report.warnings]
    assert warning.endswith(
        "period: line 91 of 004_ffe8d3aacfa7690a.txt states 2023 for '36'; the row has 2022"
    )
    with pytest.raises(ContentError):
        check_project(shipped / "content", strict=True)


# --- what counts as verified ---------------------------------------------------------------

DRAFT = """id: new-note
status: draft
title: "A new note"
source_file: new-note.txt
language: en
summary: ""
"""


def test_figures_of_a_draft_are_checked_and_not_counted_as_the_brief_s(project: Path) -> None:
    content = project / "content"
    (content / "sources/new-note.txt").write_text("Freight grew 4.2% to $9.5 billion in 2025.\n")
    (content / "documents/new-note.yaml").write_text(DRAFT)
    table = content / "indicators.csv"
    table.write_text(
        table.read_text()
        + "new-growth,Freight growth,4.2,%,1,exact,2025,Mexico,new-note,1,,\n"
        + "new-value,Freight,999,USD,billion,exact,2025,Mexico,new-note,1,,\n"
    )
    with pytest.raises(ContentError) as caught:  # a made-up 999 is an error, draft or not
        check_project(content)
    (problem,) = caught.value.problems
    assert "999 billion is not on line 1 of new-note.txt" in str(problem)
    edit(table, ",999,USD,", ",9.5,USD,")
    report = check_project(content)
    assert report.provenance.startswith("provenance verified: 2 figures on their cited lines")
    assert report.provenance.endswith(
        "figures of draft summaries, left out of the brief: 2 of 2 verified"
    )
    assert {i.id for i in report.project.indicators} == {
        "example-exports-growth",
        "example-exports-value",
    }


def test_an_ambiguous_number_is_not_counted_as_verified(project: Path) -> None:
    content = project / "content"
    (content / "sources/nota.txt").write_text("Se vendieron 1.234 unidades en la región.\n")
    (content / "documents/nota.yaml").write_text(
        DRAFT.replace("new-note", "nota").replace("language: en", "language: es")
    )
    table = content / "indicators.csv"
    table.write_text(
        table.read_text() + "nota-units,Units sold,1234,units,1,exact,,Mexico,nota,1,,\n"
    )
    report = check_project(content)
    (warning,) = [str(w) for w in report.warnings if "nota" in str(w) and "value" in str(w)]
    assert "'1.234' on line 1 of nota.txt can be read as 1.234 or 1,234" in warning
    assert report.provenance.endswith("left out of the brief: 0 of 1 verified")
    doc = content / "documents/nota.yaml"
    doc.write_text(doc.read_text() + "number_style: decimal-comma\n")
    assert check_project(content).provenance.endswith("left out of the brief: 1 of 1 verified")


def test_a_bare_dollar_sign_is_read_in_the_summary_s_currency(project: Path) -> None:
    content = project / "content"
    extend_example_text(project, "\nLocal sales reached $45 million.\n")
    table = content / "indicators.csv"
    row = "local-sales,Local sales,45,MXN,million,exact,,Example country,example-2026,12,,\n"
    table.write_text(table.read_text() + row)
    summary = content / "documents/example-2026.yaml"
    summary.write_text(summary.read_text().replace("indicators: [", "indicators: [local-sales, "))
    with pytest.raises(ContentError) as caught:
        check_project(content)
    assert "which this text's summary reads as USD (set `currency:`" in str(caught.value)
    summary.write_text(summary.read_text() + "currency: MXN\n")
    check_project(content)


def test_a_unit_stated_on_another_line_is_checked_there(project: Path) -> None:
    content = project / "content"
    extend_example_text(project, "\nFigures below in millions of dollars.\nTotal sales: 310.\n")
    table = content / "indicators.csv"
    summary = content / "documents/example-2026.yaml"
    summary.write_text(summary.read_text().replace("indicators: [", "indicators: [total-sales, "))
    header, *rows = table.read_text().splitlines()
    table.write_text("\n".join([header + ",unit_locator", *(r + "," for r in rows),
                                "total-sales,Total sales,310,USD,million,exact,,Example country,example-2026,13,,,"]) + "\n")  # fmt: skip
    with pytest.raises(ContentError) as caught:
        check_project(content)
    assert "give that line in unit_locator" in str(caught.value)
    edit(table, "example-2026,13,,,", "example-2026,13,,,12")
    check_project(content)


def test_a_source_text_linked_to_a_file_outside_its_folder_is_refused_unread(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("SECRET-81d0: not a source text\n")
    source = project / "content/sources/example-2026.txt"
    source.unlink()
    source.symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        build(project / "content", out=project / "output", templates=project / "templates",
              edition=EDITION)  # fmt: skip
    (problem,) = caught.value.problems
    assert problem.field == "source_file"
    assert (
        f"'example-2026.txt' in the sources folder {project / 'content/sources'} is refused: a link to {secret}"
        in problem.message
    )
    assert not (project / "output" / EDITION).exists()  # nothing copied into a snapshot


def test_a_named_pipe_as_source_text_is_refused_without_waiting_on_it(project: Path) -> None:
    source = project / "content/sources/example-2026.txt"
    source.unlink()
    os.mkfifo(source)
    (problem,) = provenance_problems(project)
    assert (
        "'example-2026.txt' in the sources folder" in problem
        and "is refused: not a regular file" in problem
    )


def test_an_oversized_source_text_is_refused_by_its_size(project: Path) -> None:
    with (project / "content/sources/example-2026.txt").open("r+b") as source:
        source.truncate(17 * 1024 * 1024)
    (problem,) = provenance_problems(project)
    assert problem.endswith(
        "example-2026.txt: refused: 17.0 MB is over the limit for a source text (16.0 MB; see README, Limits)"
    )
