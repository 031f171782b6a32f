"""Datasets in the brief: charts of series over a time axis, derived figures with
their derivations where a source would be, new and revised observations under
"What changed", and a changed dataset redrawing only what uses it. Real builds,
real PDFs (pypdf), real SVG."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from briefgen import build
from briefgen.cli import main
from tests.conftest import edit

ORIGIN = """origin:
  producer: Test Statistics Office
  title: Trade of the test country
  url: https://stats.example/trade
  accessed: 2026-11-30
  published: 2026-10
  license: CC BY 4.0
  citation: Test Statistics Office, Trade of the test country (2026)
"""
YAML = (
    ORIGIN
    + """layout: long
columns: {period: year, series: flow, value: usd_bn, status: flag}
unit: USD
scale: billion
frequency: annual
seasonally_adjusted: false
prices: nominal
status_codes: {p: provisional, f: forecast}
historical: true
geography: Test country
series:
  - {id: exports, label: Exports to the partner, match: {flow: exports}}
  - {id: imports, label: Imports from the partner, match: {flow: imports}}
derived:
  - {id: exports-latest, kind: latest, series: exports, label: Exports to the partner}
  - {id: exports-growth, kind: pct_change, series: exports, from: 2022, to: 2023, label: Growth in exports to the partner}
"""
)
CSV = """year,flow,usd_bn,flag
2020,exports,200.0,
2021,exports,220.5,
2022,exports,240.0,
2023,exports,252.0,p
2024,exports,265.0,f
2020,imports,150.0,
2021,imports,160.0,
2022,imports,171.5,
2023,imports,180.0,
"""
CHART = """  - id: trade-over-time
    place: takeaways
    kind: line
    title: Exports and imports of the test country
    data:
      dataset: trade
      series: [exports, imports]
      annotate: [example-exports-value]
"""
EDITION = "2026-W10"


def with_data_chart(project: Path, csv: str = CSV, chart: str = CHART) -> Path:
    folder = project / "content/data"
    folder.mkdir()
    (folder / "trade.yaml").write_text(YAML)
    (folder / "trade.csv").write_text(csv)
    brief = project / "content/brief.yaml"
    edit(brief, "charts:\n", "charts:\n" + chart)
    edit(
        brief,
        "takeaways:\n",
        "takeaways:\n  - Exports reached {exports-latest}, {exports-growth} up on 2022 ({figure:trade-over-time}).\n",
    )
    edit(brief, "  - indicator: example-exports-growth\n", "  - indicator: exports-growth\n    label: growth in exports\n  - indicator: example-exports-growth\n")  # fmt: skip
    return folder


def built_texts(project: Path, edition: str = EDITION) -> tuple[str, str, str]:
    result = build(project / "content", out=project / "output", edition=edition)
    html = (result.folder / "brief.html").read_text()
    pdf = " ".join(page.extract_text() for page in PdfReader(result.folder / "brief.pdf").pages)
    svg = (result.folder / "charts/trade-over-time.svg").read_text()
    return html, " ".join(pdf.split()), svg


def test_a_chart_of_series_draws_every_observation_over_time(project: Path) -> None:
    with_data_chart(project)
    html, pdf, svg = built_texts(project)
    # Each series a line in the legend, the latest value of each labelled, the stated figure marked.
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"Exports to the partner", "Imports from the partner"} <= set(texts)
    assert "$180.0 billion" in texts  # imports' latest, written as the text writes it
    assert "$48 billion" in texts  # the document's figure, as a diamond
    assert "2024 (forecast)" in texts and "2023" in texts  # provisional: an open marker
    assert "$220.5 billion" not in texts  # a chart of series labels the latest only
    # Every value in words, for screen readers and the page's own text.
    assert "Exports to the partner: 2020, $200.0 billion; 2021, $220.5 billion" in html
    assert "2023, $252.0 billion (provisional); 2024, $265.0 billion (forecast)" in html
    assert "Imports from the partner: 2020, $150.0 billion" in html
    assert "Marked as a document states it: Exports of electronic components (example), 2025, $48 billion" in html  # fmt: skip
    # Numbered, with Source and Note lines, in the PDF too.
    assert "Figure 1. Exports and imports of the test country" in pdf
    assert "Sources: Test Statistics Office, Trade of the test country (2026)" in pdf
    for note in ("Open markers on the solid line are provisional observations",
                 "The dashed line and open marker show a forecast",
                 "Diamonds are figures stated in documents"):  # fmt: skip
        assert note in pdf


def test_derived_figures_show_their_derivation_where_a_source_would_be(project: Path) -> None:
    with_data_chart(project)
    html, pdf, _ = built_texts(project)
    # The takeaway prints them; the tile says what they were computed from.
    assert "Exports reached $252.0 billion, 5.0% up on 2022 (Figure 1)" in pdf
    assert "Computed from Test Statistics Office" in pdf
    # The indicator table: the dataset's own group, each figure with its derivation and rows.
    assert "content/data/trade.csv" not in html  # no internal file names for readers
    assert re.search(
        r"How the figures were checked.*computed again by every check.*\(rows [0-9–, ]+ of the desk",
        html,
        re.S,
    )
    assert "Percent change in Exports to the partner, 2023 (provisional) against 2022" in pdf
    assert re.search(r"Growth in exports to the partner.*?5\.0%.*?2022–2023", pdf)
    # The sources list the dataset with its licence and when it was read.
    assert (
        "Test Statistics Office (October 2026). <cite>Trade of the test country</cite>. CC BY 4.0. "
        "https://stats.example/trade (accessed November 30, 2026).</li>" in html
    )


def test_new_and_revised_observations_are_what_changed(project: Path) -> None:
    folder = with_data_chart(project, csv=CSV.replace("2023,imports,180.0,\n", ""))
    build(project / "content", out=project / "output", edition=EDITION)
    (folder / "trade.csv").write_text(CSV.replace("2022,exports,240.0", "2022,exports,241.5"))
    html, pdf, svg = built_texts(project, "2026-W11")
    assert "What changed since 2026-W10" in pdf
    assert "New observations Imports from the partner, 2023: $180.0 billion (Test Statistics Office)" in pdf  # fmt: skip
    assert re.search(r"Observations revised .*Exports to the partner \(2022; Test Statistics Office\) \$240\.0 billion \$241\.5 billion ▲ \+\$1\.5 billion", pdf)  # fmt: skip
    assert "$180.0 billion" in re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    email = (project / "output/2026-W11/email.txt").read_text()
    assert "New observation: Imports from the partner, 2023: $180.0 billion" in email


def test_a_changed_dataset_redraws_only_the_charts_that_draw_it(project: Path) -> None:
    folder = with_data_chart(project)
    build(project / "content", out=project / "output", edition=EDITION)
    (folder / "trade.csv").write_text(CSV.replace("2021,imports,160.0", "2021,imports,161.0"))
    result = build(project / "content", out=project / "output", edition=EDITION)
    charts = [name for name in result.rendered if name.startswith("charts/")]
    assert charts == ["charts/trade-over-time.svg"]


def test_a_no_op_rebuild_with_datasets_imports_no_pandas(project: Path) -> None:
    with_data_chart(project)
    build(project / "content", out=project / "output", edition=EDITION)
    code = (
        "import sys\nfrom pathlib import Path\nfrom briefgen import build\n"
        f"root = Path({str(project)!r})\n"
        f"r = build(root / 'content', out=root / 'output', edition={EDITION!r})\n"
        "print(r.up_to_date, sorted({'weasyprint', 'matplotlib', 'pandas', 'numpy'} & set(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True []"


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (CHART.replace("dataset: trade", "dataset: trades"),
         "charts[trade-over-time].data.dataset: no dataset 'trades' in content/data/; expected one of: trade"),
        (CHART.replace("[exports, imports]", "[exports, re-exports]"),
         "charts[trade-over-time].data.series: trade has no series 're-exports'; expected one of: exports, imports"),
        (CHART.replace("[example-exports-value]", "[example-exports-growth]"),
         "charts[trade-over-time].data.annotate: example-exports-growth is in %, the series in USD"),
        (CHART.replace("[example-exports-value]", "[no-such-figure]"),
         "charts[trade-over-time].data.annotate: 'no-such-figure' is not defined in indicators.csv"),
        (CHART.replace("kind: line", "kind: barh"),
         "charts[0].kind: a chart of data series is a line or a bar chart"),
        (CHART.replace("      series: [exports, imports]\n", "      series: [exports, imports]\n      from: 2031\n"),
         "charts[trade-over-time].data.from: trade has no observation from 2031 on"),
    ],
)  # fmt: skip
def test_a_bad_chart_of_series_is_refused_with_file_line_and_field(
    project: Path, chart: str, message: str
) -> None:
    with_data_chart(project, chart=chart)
    result = CliRunner().invoke(main, ["check", "--content", str(project / "content")])
    assert result.exit_code == 2, result.output
    assert re.search(r"content/brief\.yaml:\d+: " + re.escape(message), result.stderr), (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_a_broken_dataset_is_said_once_not_again_by_its_chart(project: Path) -> None:
    with_data_chart(project, csv=CSV.replace("2021,exports,220.5", "2021,exports,22O.5"))
    result = CliRunner().invoke(main, ["check", "--content", str(project / "content")])
    assert result.exit_code == 2
    assert "content/data/trade.csv:3: usd_bn: '22O.5' is not a number" in result.stderr
    assert "trade-over-time" not in result.stderr
    assert "exports-latest" not in result.stderr  # the takeaway and tile that use its figures


MONTHLY_YAML = (
    YAML.replace("frequency: annual", "frequency: monthly")
    .replace("columns: {period: year,", "columns: {period: month,")
    .replace("from: 2022, to: 2023", "from: 2022-01, to: 2023-01")
)


def monthly_csv(months: int) -> str:
    rows = ["month,flow,usd_bn,flag"]
    for n in range(months):
        period = f"{2022 + n // 12}-{n % 12 + 1:02d}"
        rows += [f"{period},exports,{20 + n % 7}.5,", f"{period},imports,{15 + n % 5}.0,"]
    return "\n".join(rows) + "\n"


def monthly_project(project: Path, months: int, kind: str = "line") -> None:
    folder = with_data_chart(project, chart=CHART.replace("kind: line", f"kind: {kind}"))
    (folder / "trade.yaml").write_text(MONTHLY_YAML)
    (folder / "trade.csv").write_text(monthly_csv(months))


def test_a_monthly_series_is_named_by_its_years(project: Path) -> None:
    monthly_project(project, 36)
    _, _, svg = built_texts(project)
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"2022", "2023", "2024"} <= set(texts)
    assert not [t for t in texts if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t)]  # no 'Mar 2022'


def test_a_bar_chart_of_too_many_periods_is_refused(project: Path) -> None:
    monthly_project(project, 13, kind="bar")
    result = CliRunner().invoke(main, ["check", "--content", str(project / "content")])
    assert result.exit_code == 2
    assert "draws 13 periods; a bar chart of series holds at most 12" in result.stderr
