"""Charts: well-formed inline SVG, ids unique per chart, alt text as <title>, no metadata."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefgen.charts import draw_charts
from briefgen.context import chart_alt
from briefgen.project import load_project
from briefgen.theme import Theme
from tests.conftest import EDITION, REPO

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def charts():  # noqa: ANN201
    project = load_project(REPO / "content")
    return project, draw(project)


class Drawn:
    def __init__(self, id: str, svg: str, alt: str) -> None:
        self.id, self.svg, self.alt = id, svg, alt


def draw(project, jobs: int = 1) -> dict[str, Drawn]:  # noqa: ANN001
    indicators = project.indicators_by_id()
    specs = [(spec, chart_alt(spec, indicators), False) for spec in project.brief.charts]
    drawn = draw_charts(specs, indicators, Theme.for_project(None).fonts(), jobs=jobs)
    return {
        spec.id: Drawn(spec.id, d.svg, alt) for (spec, alt, _), d in zip(specs, drawn, strict=True)
    }


def test_every_chart_is_well_formed_svg_with_its_alt_text_as_title(charts) -> None:  # noqa: ANN001
    project, drawn = charts
    assert list(drawn) == [spec.id for spec in project.brief.charts] and len(drawn) >= 4
    for chart in drawn.values():
        root = ET.fromstring(chart.svg)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert "width" not in root.attrib and root.get("viewBox")  # sized by CSS
        title = root[0]
        assert title.tag == f"{SVG}title" and title.text == chart.alt
        assert root.get("aria-labelledby") == title.get("id")


def test_no_metadata_or_tool_marks(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    for chart in drawn.values():
        assert "<metadata" not in chart.svg and "<!--" not in chart.svg and "<?xml" not in chart.svg
        assert "matplotlib" not in chart.svg.lower()


def test_ids_are_unique_across_charts_and_every_reference_resolves(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    all_ids: list[str] = []
    for chart in drawn.values():
        ids = re.findall(r'\bid="([^"]+)"', chart.svg)
        assert all(i.startswith(f"{chart.id}-") for i in ids)
        references = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', chart.svg)
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
    assert (
        "Potential a year (Banco Base): $55,000–60,000 million (forecast)"
        in drawn["fdi-by-source"].alt
    )


def test_chart_text_is_text_in_the_theme_font(charts) -> None:  # noqa: ANN001
    _, drawn = charts
    svg = drawn["fdi-by-source"].svg
    texts = ET.fromstring(svg).iter(f"{SVG}text")
    labels = {"".join(t.itertext()): t.get("font-family") for t in texts}
    assert labels["$36bn"] == "'Briefgen Sans'" and "USD billion" in labels
    assert set(labels.values()) == {"'Briefgen Sans'"}  # the font the page and PDF embed
    assert "<use " not in svg  # no glyph outlines left


def test_same_input_gives_the_same_svg(charts) -> None:  # noqa: ANN001
    project, drawn = charts
    again = draw(project, jobs=2)  # in a process pool this time
    assert {k: c.svg for k, c in again.items()} == {k: c.svg for k, c in drawn.items()}


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
    first = draw_chart(spec, project.indicators_by_id(), "alt", png=True).png
    again = draw_chart(spec, project.indicators_by_id(), "alt", png=True).png
    assert first == again and first.startswith(b"\x89PNG")
    width = int.from_bytes(first[16:20], "big")
    assert 1100 <= width <= 1120  # twice the email's 552 px column
    assert b"Software" not in first and b"matplotlib" not in first


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
