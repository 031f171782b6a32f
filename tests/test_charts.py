"""Charts: well-formed inline SVG, ids unique per chart, alt text as <title>, no metadata."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from briefgen.charts import draw_charts
from briefgen.context import chart_alt
from briefgen.errors import ContentError, Loc
from briefgen.model import ChartItem, ChartSpec, Indicator, Period
from briefgen.project import load_project
from briefgen.theme import Theme
from tests.conftest import EDITION, REPO

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def charts():  # noqa: ANN201
    project = load_project(REPO / "content")
    return project, draw(project)


class Drawn:
    def __init__(self, id: str, svg: str, narrow_svg: str, alt: str) -> None:
        self.id, self.svg, self.narrow_svg, self.alt = id, svg, narrow_svg, alt


def draw(project, jobs: int = 1) -> dict[str, Drawn]:  # noqa: ANN001
    indicators = project.chart_figures()
    specs = [(spec, chart_alt(spec, indicators), False) for spec in project.brief.charts]
    drawn = draw_charts(specs, indicators, Theme.for_project(None).fonts(), jobs=jobs)
    return {
        spec.id: Drawn(spec.id, d.svg, d.narrow_svg, alt)
        for (spec, alt, _), d in zip(specs, drawn, strict=True)
    }


def svgs(drawn: dict[str, Drawn]) -> list[tuple[str, str]]:
    """Every SVG drawn, with the prefix its ids carry: the page's and the phone's."""
    return [(c.id, c.svg) for c in drawn.values()] + [
        (f"{c.id}-narrow", c.narrow_svg) for c in drawn.values()
    ]


def text_sizes(svg: str) -> list[float]:
    """The size in points of every piece of text in a chart (the SVG's user unit is
    the point: font-size="9.5px" is 9.5 pt)."""
    return [
        float(t.get("font-size").removesuffix("px")) for t in ET.fromstring(svg).iter(f"{SVG}text")
    ]


def view_width(svg: str) -> float:
    return float(ET.fromstring(svg).get("viewBox").split()[2])


def test_every_chart_is_well_formed_svg_with_its_alt_text_as_title(charts) -> None:  # noqa: ANN001
    project, drawn = charts
    assert list(drawn) == [spec.id for spec in project.brief.charts] and len(drawn) >= 4
    for chart in drawn.values():
        for svg in (chart.svg, chart.narrow_svg):
            root = ET.fromstring(svg)
            assert root.tag == f"{SVG}svg" and root.get("role") == "img"
            assert "width" not in root.attrib and root.get("viewBox")  # sized by CSS
            title = root[0]
            assert title.tag == f"{SVG}title" and title.text == chart.alt
            assert root.get("aria-labelledby") == title.get("id")


def test_no_metadata_or_tool_marks(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    for chart in drawn.values():
        assert chart.svg != chart.narrow_svg
        assert "<metadata" not in chart.svg and "<!--" not in chart.svg and "<?xml" not in chart.svg
        assert "matplotlib" not in chart.svg.lower()


def test_ids_are_unique_across_charts_and_every_reference_resolves(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    all_ids: list[str] = []
    for prefix, svg in svgs(drawn):
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert all(i.startswith(f"{prefix}-") for i in ids)
        references = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
        assert {a or b for a, b in references} <= set(ids)
        all_ids += ids
    assert len(all_ids) == len(set(all_ids))


def test_alt_text_states_every_value(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    assert drawn["growth-mexico-us"].alt == (
        "Grouped bar chart: Mexico outgrew the US in manufacturing productivity and car output, 2005–2019. "
        "Manufacturing value added per worker: Mexico 27.5%, United States 14.5%; "
        "Vehicle production: Mexico 115%, United States 35%."
    )
    assert "Potential a year (Banco Base): $55–60 billion (scenario)" in drawn["fdi-by-source"].alt


def test_chart_text_is_text_in_the_theme_font(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    svg = drawn["fdi-by-source"].svg
    texts = ET.fromstring(svg).iter(f"{SVG}text")
    labels = {"".join(t.itertext()): t.get("font-family") for t in texts}
    assert labels["$36 billion"] == "'Briefgen Sans'" and "2023 (Ministry of Economy)" in labels
    assert "USD billion" not in labels  # the unit is the figure's subtitle, in the page
    assert set(labels.values()) == {"'Briefgen Sans'"}  # the font the page and PDF embed
    assert "<use " not in svg  # no glyph outlines left


def test_same_input_gives_the_same_svg(charts) -> None:  # noqa: ANN001
    project, drawn = charts
    again = draw(project, jobs=2)  # in a process pool this time
    assert svgs(again) == svgs(drawn)


def test_escapes_content_text_in_the_title(tmp_path: Path) -> None:
    from briefgen.charts import clean_svg

    svg = clean_svg(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" viewBox="0 0 1 1"><g id="a"/></svg>',
        "c",
        "A <b> & </title><script>",
    )
    assert "<script>" not in svg and "&lt;/title&gt;&lt;script&gt;" in svg
    ET.fromstring(svg)


def test_png_for_email_is_2x_white_and_deterministic() -> None:
    from briefgen.charts import draw_chart, register_fonts

    project = load_project(REPO / "content")
    spec = project.brief.charts[0]
    register_fonts(Theme.for_project(None).fonts())
    first = draw_chart(spec, project.chart_figures(), "alt", png=True).png
    again = draw_chart(spec, project.chart_figures(), "alt", png=True).png
    assert first == again and first.startswith(b"\x89PNG")
    width, height = int.from_bytes(first[16:20], "big"), int.from_bytes(first[20:24], "big")
    assert width == 1104  # twice the email's 552 px column
    assert b"Software" not in first and b"matplotlib" not in first
    narrow = ET.fromstring(draw_chart(spec, project.chart_figures(), "alt").narrow_svg)
    _, _, view_w, view_h = map(float, narrow.get("viewBox").split())
    assert (
        abs(height / width - view_h / view_w) < 0.002
    )  # the phone's drawing, as the email shows it


PHONE_COLUMN = 343  # CSS px: a 375 px screen less the page's (and the email's) 16 px margins


def test_phone_charts_keep_text_at_10_css_px_or_more_in_a_phone_column(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    for chart in drawn.values():
        sizes = text_sizes(chart.narrow_svg)
        assert sizes, chart.id
        smallest = min(sizes) * PHONE_COLUMN / view_width(chart.narrow_svg)
        assert smallest >= 10, f"{chart.id}: {smallest:.1f} px"


def test_every_chart_reads_across_on_a_phone(charts) -> None:  # noqa: ANN001
    project, drawn = charts
    for spec in project.brief.charts:
        page, phone = (view_width(s) for s in (drawn[spec.id].svg, drawn[spec.id].narrow_svg))
        assert page == pytest.approx(6.3 * 72) and phone == pytest.approx(4.0 * 72)


def indicator_series(count: int) -> dict[str, Indicator]:
    """`count` made-up yearly values, 2001 onwards."""
    base = load_project(REPO / "content").indicator("ev-share-car-sales-2022")
    return {
        f"v{n}": dataclasses.replace(
            base,
            id=f"v{n}",
            value=Decimal(10 + n),
            qualifiers=(),
            period=Period(str(2001 + n), 2001 + n, 2001 + n),
        )
        for n in range(count)
    }


def chart_of(kind: str, labels: list[str], *, per_item: int = 1) -> tuple[ChartSpec, dict]:
    indicators = indicator_series(len(labels) * per_item)
    ids = list(indicators)
    items = tuple(
        ChartItem(
            label, tuple(ids[n * per_item : (n + 1) * per_item]), Loc("content/brief.yaml", 9)
        )
        for n, label in enumerate(labels)
    )
    series = ("Mexico", "United States")[:per_item] if kind == "paired" else ()
    return ChartSpec(
        "test", kind, "A test chart", items, series, None, None, Loc("content/brief.yaml", 9)
    ), indicators


@pytest.mark.parametrize(
    ("kind", "count", "per_item"),
    [("bar", 8, 1), ("barh", 21, 1), ("line", 12, 1), ("paired", 6, 2)],
)
def test_the_most_items_a_chart_may_hold_are_drawn_without_overlap(
    kind: str, count: int, per_item: int
) -> None:
    from briefgen.charts import draw_chart, register_fonts
    from briefgen.placement import too_big

    register_fonts(Theme.for_project(None).fonts())
    labels = [f"Region {n} exports" if kind != "line" else None for n in range(count)]
    spec, indicators = chart_of(kind, labels, per_item=per_item)
    assert too_big(spec) is None
    drawn = draw_chart(spec, indicators, "alt")  # refuses, naming them, if two labels overlap
    assert ET.fromstring(drawn.svg) is not None and ET.fromstring(drawn.narrow_svg) is not None


def test_labels_that_would_print_over_each_other_are_refused_naming_them() -> None:
    from briefgen.charts import draw_chart, register_fonts

    register_fonts(Theme.for_project(None).fonts())
    labels = [f"Manufacturing{n}valueaddedperworkerinthe{n}region" for n in range(8)]
    spec, indicators = chart_of("bar", labels)
    with pytest.raises(ContentError) as caught:
        draw_chart(spec, indicators, "alt")
    (problem,) = caught.value.problems
    assert str(problem).startswith("content/brief.yaml:9: charts[test]: the labels 'Manufacturing0")
    assert str(problem).endswith(
        "print over each other on the page chart; shorten the labels or show fewer items"
    )


def chart_workers(parent: int) -> list[int]:
    """The processes `parent` forked to draw charts (same command line as the parent)."""
    command = Path(f"/proc/{parent}/cmdline").read_bytes()
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid == parent and (stat.parent / "cmdline").read_bytes() == command:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue  # a process that ended while we looked
    return found


def test_ctrl_c_with_jobs_prints_no_worker_tracebacks(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "briefgen", "build", "--content", str(REPO / "content"),
               "--out", str(tmp_path / "output"), "--edition", EDITION, "--jobs", "2"]  # fmt: skip
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(chart_workers(build.pid)) < 2 and time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        time.sleep(0.005)
    os.killpg(build.pid, signal.SIGINT)  # as a terminal does: to every process of the group
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted: the last good output is unchanged"
    assert not (tmp_path / "output" / EDITION / "brief.pdf").exists()
