"""Datasets through pandas: each layout read from small files made here, every
problem with file, row (or sheet and cell) and column, and derived figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from briefgen.data import load_datasets, write_dataset

ORIGIN = """origin:
  producer: Test Statistics Office
  title: Trade of the test country
  url: https://stats.example/trade
  accessed: 2026-11-30
  published: 2026-10
  license: CC BY 4.0
  citation: Test Statistics Office, Trade of the test country (2026)
"""
LONG_YAML = (
    ORIGIN
    + """layout: long
columns: {period: year, series: flow, value: usd_bn, status: flag, page: page}
unit: USD
scale: billion
frequency: annual
seasonally_adjusted: false
prices: nominal
status_codes: {p: provisional}
compiled_by_hand: true
series:
  - {id: exports, label: Exports to the partner, match: {flow: exports}}
  - {id: imports, label: Imports from the partner, match: {flow: imports}}
  - {id: total, label: All trade, match: {flow: total}}
derived:
  - {id: exports-latest, kind: latest, series: exports}
  - {id: exports-growth, kind: pct_change, series: exports, from: 2022, to: 2023}
  - {id: exports-yoy, kind: yoy, series: exports}
  - {id: exports-cagr, kind: cagr, series: exports, from: 2020, to: 2024, decimals: 2}
  - {id: exports-share, kind: share, series: exports, total: total}
  - {id: exports-rank, kind: rank, series: exports, among: [imports]}
  - {id: exports-mean, kind: rolling_mean, series: exports, window: 3}
  - {id: exports-change, kind: change, series: exports, from: 2020}
"""
)
LONG_CSV = """year,flow,usd_bn,flag,page
2020,exports,200.0,,https://stats.example/2020
2021,exports,220.5,,https://stats.example/2021
2022,exports,240.0,,https://stats.example/2022
2023,exports,252.0,,https://stats.example/2023
2024,exports,260.4,p,https://stats.example/2024
2020,imports,300,,https://stats.example/2020
2024,imports,310,p,https://stats.example/2024
2024,total,1000,p,https://stats.example/2024
"""


@pytest.fixture(autouse=True)
def in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # messages show paths from where the command runs


def project_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "content" / "data"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


def one(folder: Path):  # noqa: ANN201
    datasets, problems = load_datasets(folder)
    assert [str(p) for p in problems if p.is_error] == []
    (dataset,) = datasets
    return dataset


def test_a_long_csv_compiled_by_hand_gives_its_series_and_derived_figures(tmp_path: Path) -> None:
    folder = project_with(tmp_path, {"trade.yaml": LONG_YAML, "trade.csv": LONG_CSV})
    dataset = one(folder)
    exports = dataset.series_by_id()["exports"]
    assert [o.period for o in exports.observations] == ["2020", "2021", "2022", "2023", "2024"]
    assert (
        exports.observations[-1].status == "provisional"
        and exports.observations[0].page == "https://stats.example/2020"
    )
    assert exports.observations[1].value == Decimal("220.5")
    figures = {d.id: d for d in dataset.derived}
    assert (figures["exports-latest"].value, figures["exports-latest"].period) == (
        Decimal("260.4"),
        "2024",
    )
    assert (
        figures["exports-growth"].value == Decimal("5.0") and figures["exports-growth"].unit == "%"
    )
    assert figures["exports-yoy"].value == Decimal("3.3")  # 260.4 / 252 - 1
    assert figures["exports-cagr"].value == Decimal("6.82")  # (260.4 / 200) ** (1/4) - 1
    assert figures["exports-share"].value == Decimal("26.0")
    assert figures["exports-rank"].value == Decimal(2)
    assert figures["exports-mean"].value == Decimal("250.8")
    assert (
        figures["exports-change"].value == Decimal("60.4")
        and figures["exports-change"].scale == "billion"
    )
    assert figures["exports-growth"].derivation == (
        "percent change in Exports to the partner, 2023 against 2022, computed from "
        "Test Statistics Office, Trade of the test country, accessed November 30, 2026"
    )
    assert [str(loc) for loc in figures["exports-growth"].rows] == [
        "content/data/trade.csv:4",
        "content/data/trade.csv:5",
    ]


WDI_CSV = """"Data Source","World Development Indicators",

"Last Updated Date","2026-10-28",

"Country Name","Country Code","Indicator Name","Indicator Code","2021","2022","2023",
"Mexico","MEX","Exports of goods and services (current US$)","NE.EXP.GNFS.CD","500000000000","593000000000","",
"Canada","CAN","Exports of goods and services (current US$)","NE.EXP.GNFS.CD","640000000000","720000000000","710000000000",
"""
WDI_YAML = (
    ORIGIN
    + """layout: wide
skip_rows: 4
unit: USD
scale: "1"
frequency: annual
seasonally_adjusted: false
prices: nominal
series:
  - {id: mexico, label: Mexico's exports, match: {Country Code: MEX}}
  - {id: canada, label: Canada's exports, match: {Country Code: CAN}}
"""
)


def test_a_wide_world_bank_download_with_its_preamble(tmp_path: Path) -> None:
    dataset = one(project_with(tmp_path, {"wdi.yaml": WDI_YAML, "wdi.csv": WDI_CSV}))
    mexico = dataset.series_by_id()["mexico"]
    assert [(o.period, o.value) for o in mexico.observations] == [
        ("2021", Decimal("500000000000")),
        ("2022", Decimal("593000000000")),
    ]  # an empty cell is no observation
    assert str(mexico.observations[0].where) == "content/data/wdi.csv:6"


SDMX_CSV = """DATAFLOW,REF_AREA,COUNTERPART_AREA,FREQ,TIME_PERIOD,OBS_VALUE,OBS_STATUS
IMF:DOT,MX,US,Q,2024-Q1,120.5,
IMF:DOT,MX,US,Q,2024-Q2,125.0,
IMF:DOT,MX,US,Q,2024-Q3,127.25,P
IMF:DOT,MX,CA,Q,2024-Q1,7.1,
"""
SDMX_YAML = (
    ORIGIN
    + """layout: sdmx
unit: USD
scale: billion
frequency: quarterly
seasonally_adjusted: false
prices: nominal
status_codes: {P: provisional}
series:
  - {id: to-us, label: Mexico's exports to the US, match: {REF_AREA: MX, COUNTERPART_AREA: US}}
"""
)


def test_sdmx_csv_with_dimensions_and_observation_status(tmp_path: Path) -> None:
    dataset = one(project_with(tmp_path, {"dot.yaml": SDMX_YAML, "dot.csv": SDMX_CSV}))
    (series,) = dataset.series
    assert [(o.period, o.value, o.status) for o in series.observations] == [
        ("2024-Q1", Decimal("120.5"), ""), ("2024-Q2", Decimal("125.0"), ""),
        ("2024-Q3", Decimal("127.25"), "provisional"),
    ]  # fmt: skip


def test_xlsx_and_parquet_read_the_same_as_csv(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(__import__("io").StringIO(SDMX_CSV), dtype=str, keep_default_na=False)
    xlsx = tmp_path / "dot.xlsx"
    frame.to_excel(xlsx, sheet_name="Data", index=False)
    parquet = tmp_path / "dot.parquet"
    frame.to_parquet(parquet, index=False)
    for data in (xlsx, parquet):
        folder = tmp_path / data.suffix[1:] / "content" / "data"
        folder.mkdir(parents=True)
        (folder / data.name).write_bytes(data.read_bytes())
        sheet = "sheet: Data\n" if data.suffix == ".xlsx" else ""
        (folder / "dot.yaml").write_text(SDMX_YAML + sheet)
        (series,) = one(folder).series
        assert [o.value for o in series.observations] == [
            Decimal("120.5"),
            Decimal("125.0"),
            Decimal("127.25"),
        ]


def test_every_problem_of_a_bad_dataset_names_file_row_and_column(tmp_path: Path) -> None:
    bad = (
        LONG_CSV.replace("2021,exports,220.5", "2021,exports,22O.5").replace(
            "2022,exports,240.0", "20222,exports,240.0"
        )
        + "2023,exports,252.0,,https://stats.example/2023b\n2023,exprots,1,,https://x\n"
    )
    folder = project_with(tmp_path, {"trade.yaml": LONG_YAML, "trade.csv": bad})
    datasets, problems = load_datasets(folder)
    assert datasets == []
    shown = [str(p) for p in problems]
    assert (
        "content/data/trade.csv:3: usd_bn: '22O.5' is not a number (write it without units or thousands separators: 1234.5)"
        in shown
    )
    assert "content/data/trade.csv:4: year: '20222' is not an annual period (YYYY)" in shown
    assert any(
        s.startswith(
            "content/data/trade.csv:10: usd_bn: a second value for 2023 in series 'exports'"
        )
        for s in shown
    )
    assert any(
        s.startswith("content/data/trade.csv:11: flow: 'exprots' is not a series of") for s in shown
    )


def test_an_xlsx_problem_names_its_sheet_and_cell(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"TIME_PERIOD": ["2024-Q1", "2024-Q2"], "OBS_VALUE": ["1.5", "n.a.x"],
                          "REF_AREA": ["MX", "MX"], "COUNTERPART_AREA": ["US", "US"], "OBS_STATUS": ["", ""]})  # fmt: skip
    folder = project_with(tmp_path, {"dot.yaml": SDMX_YAML + "sheet: Trade\n"})
    frame.to_excel(folder / "dot.xlsx", sheet_name="Trade", index=False)
    _, problems = load_datasets(folder)
    assert [str(p) for p in problems] == [
        "content/data/dot.xlsx:3: Trade!B3: 'n.a.x' is not a number (write it without units or thousands separators: 1234.5)"
    ]


def test_a_gap_is_a_warning_and_a_pinned_value_is_recomputed(tmp_path: Path) -> None:
    yaml = LONG_YAML.replace(
        "  - {id: exports-latest, kind: latest, series: exports}",
        "  - {id: exports-latest, kind: latest, series: exports, value: 250}",
    )
    csv = LONG_CSV.replace("2021,exports,220.5,,https://stats.example/2021\n", "")
    folder = project_with(tmp_path, {"trade.yaml": yaml, "trade.csv": csv})
    _, problems = load_datasets(folder)
    shown = {str(p) for p in problems}
    assert (
        "warning: content/data/trade.yaml:19: series: exports: no observation for 2021 (a gap in the series)"
        in shown
    )
    assert any(
        s.startswith(
            "content/data/trade.yaml:23: value: recomputed 260.4 from trade.csv (content/data/trade.csv:5); the YAML says 250"
        )
        for s in shown
    )


def test_a_data_frame_from_a_notebook_becomes_a_dataset(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"Exports": [200.0, 220.5], "Imports": [300.0, 310.0]},
                         index=pd.period_range("2023-01", periods=2, freq="M"))  # fmt: skip
    origin = {"producer": "Notebook", "title": "Monthly trade", "url": None, "accessed": "2026-11-30",
              "license": None, "citation": "Notebook, Monthly trade (2026)"}  # fmt: skip
    written = write_dataset(frame, tmp_path / "content", "monthly", origin=origin, unit="USD",
                            scale="million", frequency="monthly",
                            derived=[{"id": "exports-latest", "kind": "latest", "series": "exports"}])  # fmt: skip
    assert written.name == "monthly.yaml" and (written.parent / "monthly.csv").is_file()
    dataset = one(written.parent)
    assert [(o.period, o.value) for o in dataset.series_by_id()["exports"].observations] == [
        ("2023-01", Decimal("200.0")),
        ("2023-02", Decimal("220.5")),
    ]
    assert dataset.derived[0].value == Decimal("220.5")
    with pytest.raises(Exception, match="origin needs citation"):
        write_dataset(
            frame, tmp_path / "content", "x", origin={"producer": "a", "title": "b"}, unit="USD"
        )


# --- datasets in a brief ------------------------------------------------------------------


def with_dataset(project: Path, yaml: str = LONG_YAML, csv: str = LONG_CSV) -> Path:
    folder = project / "content/data"
    folder.mkdir()
    (folder / "trade.yaml").write_text(yaml)
    (folder / "trade.csv").write_text(csv)
    return folder


def test_derived_figures_are_figures_of_the_brief(project: Path) -> None:
    from briefgen import check_project

    with_dataset(project)
    brief = project / "content/brief.yaml"
    text = brief.read_text()
    brief.write_text(
        text.replace(
            "takeaways:\n",
            "takeaways:\n  - Exports grew {exports-growth} to {exports-latest}.\n",
            1,
        )
    )
    report = check_project(project / "content")
    by_id = report.project.indicators_by_id()
    assert by_id["exports-growth"].derived is not None and by_id["exports-growth"].value == Decimal(
        "5.0"
    )
    assert "8 figures computed again from 1 dataset" in report.provenance
    assert (
        "compiled by hand from the pages its rows name, checked by hand, not by check"
        in report.provenance
    )


def test_a_bad_dataset_stops_check_with_file_row_and_column(project: Path) -> None:
    from click.testing import CliRunner

    from briefgen.cli import main

    with_dataset(project, csv=LONG_CSV.replace("2022,exports,240.0", "2022,exports,24O.0"))
    result = CliRunner().invoke(main, ["check", "--content", str(project / "content")])
    assert result.exit_code == 2
    assert "content/data/trade.csv:4: usd_bn: '24O.0' is not a number" in result.stderr


def test_a_derived_figure_far_from_the_stated_one_it_names_is_a_warning(project: Path) -> None:
    from briefgen import check_project

    yaml = LONG_YAML.replace(
        "  - {id: exports-latest, kind: latest, series: exports}",
        "  - {id: exports-latest, kind: latest, series: exports, compare_with: example-exports-value, tolerance: 0.05}",
    )
    with_dataset(project, yaml=yaml)
    (warning,) = [
        str(w) for w in check_project(project / "content").warnings if "compare_with" in str(w)
    ]
    assert (
        "260.4 USD computed from trade differs from example-exports-value (48 USD, example-2026)"
        in warning
    )
    assert "more than the tolerance of 5%" in warning


def test_a_dataset_past_its_due_date_is_flagged_against_the_edition(project: Path) -> None:
    from briefgen import check_project

    with_dataset(project)
    fresh = check_project(project / "content", edition="2025-W20")
    assert not any("due a newer one" in str(w) for w in fresh.warnings)
    old = check_project(project / "content", edition="2026-W49")
    (warning,) = [str(w) for w in old.warnings if "due a newer one" in str(w)]
    assert "its latest observation ended 2024-12-31, 23 months before edition 2026-W49" in warning
    (project / "content/data/trade.yaml").write_text(LONG_YAML + "historical: true\n")
    assert not any(
        "due a newer one" in str(w)
        for w in check_project(project / "content", edition="2026-W49").warnings
    )


def test_check_without_datasets_imports_no_pandas_and_with_them_does(project: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, briefgen; briefgen.check_project({!r}); "
            "print('pandas' in sys.modules)")  # fmt: skip
    run = lambda: subprocess.run([sys.executable, "-c", code.format(str(project / "content"))],  # noqa: E731
                                 capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert run() == "False"
    with_dataset(project)
    assert run() == "True"


def test_a_new_observation_is_what_changed_in_the_next_edition(
    project: Path, tmp_path: Path
) -> None:
    from briefgen import build
    from briefgen.build import changes_since_previous
    from briefgen.project import load_project

    latest_only = (
        LONG_YAML.split("derived:")[0]
        + "derived:\n  - {id: exports-latest, kind: latest, series: exports}\n"
    )
    first = LONG_CSV.replace("2024,exports,260.4,p,https://stats.example/2024\n", "")
    folder = with_dataset(project, yaml=latest_only, csv=first)
    out = tmp_path / "out"
    build(project / "content", out=out, edition="2026-W10")
    (folder / "trade.csv").write_text(LONG_CSV.replace("2023,exports,252.0", "2023,exports,251.0"))
    changes = changes_since_previous(out, "2026-W11", load_project(project / "content"))
    found = {(c.series.id, c.period, c.old, c.new) for c in changes.observations}
    assert ("exports", "2024", None, Decimal("260.4")) in found  # new
    assert ("exports", "2023", Decimal("252.0"), Decimal("251.0")) in found  # revised
    revised = {(old.id, old.value, new.value) for old, new in changes.revised}
    assert ("exports-latest", Decimal("252.0"), Decimal("260.4")) in revised
