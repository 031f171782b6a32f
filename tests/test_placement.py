"""Placement: charts as figures, numbered in reading order, placed where the editor
says, referred to from prose, captioned for readers; a chart that cannot fit its
page or shows values of very different size on one axis is caught before anything
is drawn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen import ContentError, load_project
from briefgen.context import Segment, make_context
from briefgen.errors import Loc
from briefgen.model import ChartItem, ChartSpec
from briefgen.placement import place_figures, too_big
from briefgen.project import check_project
from tests.conftest import REPO, edit

HERE = Loc("content/brief.yaml", 1)


def problems_of(root: Path) -> list[str]:
    """Every problem load_project reports, with paths relative to the project."""
    with pytest.raises(ContentError) as caught:
        load_project(root / "content")
    return [str(p).replace(str(root) + "/", "") for p in caught.value.problems]


def spec(
    chart_id: str, place: str | None = None, *, kind: str = "bar", items: int = 1
) -> ChartSpec:
    items_ = tuple(ChartItem(f"item {n}", ("x",), HERE) for n in range(items))
    return ChartSpec(chart_id, kind, "A title", items_, (), None, None, HERE, place=place)


def test_figures_are_numbered_in_the_order_a_reader_meets_them() -> None:
    charts = [spec("gallery"), spec("with-doc", "doc-b"), spec("after-takeaways", "takeaways")]
    sections = ["takeaways", "documents", "charts", "sources"]
    figures = place_figures(charts, sections, ["doc-a", "doc-b"])
    assert figures.numbers == {"after-takeaways": 1, "with-doc": 2, "gallery": 3}
    assert figures.at == {
        "takeaways": ("after-takeaways",),
        "doc-b": ("with-doc",),
        "charts": ("gallery",),
    }
    assert figures.reference("with-doc") == "Figure 2"


def test_a_chart_whose_place_is_not_in_the_brief_gets_no_number() -> None:
    figures = place_figures([spec("a", "indicators"), spec("b")], ["takeaways", "charts"], [])
    assert figures.numbers == {"b": 1}


def test_prose_refers_to_a_figure_by_its_number_with_a_link() -> None:
    context = make_context(load_project(REPO / "content"), {}, edition="2026-W48")
    first = context["takeaways"][0]
    assert Segment("Figure 1", link="#chart-trade-dependence") in first
    numbers = {c["id"]: c["number"] for c in context["all_charts"]}
    count = len(load_project(REPO / "content").brief.charts)
    assert sorted(numbers.values()) == list(range(1, count + 1))
    shown = [c["label"] for s in context["sections"] for c in s["charts"]]
    shown += [c["label"] for d in context["documents"] for c in d["charts"]]
    assert sorted(shown) == sorted(f"Figure {n}" for n in range(1, count + 1))  # each shown once


def test_figures_carry_a_unit_a_source_and_notes_worded_for_readers() -> None:
    context = make_context(load_project(REPO / "content"), {}, edition="2026-W48")
    charts = {c["id"]: c for c in context["all_charts"]}
    fdi = charts["fdi-by-source"]
    assert fdi["subtitle"] == "Billions of US dollars"
    assert fdi["source"] == (
        "Sources: Prodensa, n.d.; Ministry of Economy, "
        "as reported by Cambridge Industrial Innovation Policy, July 2024; Banco Base, "
        "as reported by Jorge Mandujano (publisher not stated), n.d."
    )
    assert fdi["note"] == (
        "Notes: Outlined bars are scenarios: what the source says could happen if its condition"
        " holds, not a forecast of what will. The pale part of a bar spans the range the source gives."
    )
    nafta = charts["nafta-growth"]
    assert nafta["subtitle"] == "Billions of US dollars; each panel has its own scale"
    assert (
        nafta["note"]
        == "Note: Signs before values give the source's own wording: > more than; ~ about."
    )
    assert charts["growth-mexico-us"]["subtitle"] == "Growth, 2005–2019 (per cent)"
    assert charts["rd-intensity"]["subtitle"] == "Per cent of GDP"
    ids = {d.id for d in load_project(REPO / "content").documents}
    for chart in charts.values():
        words = chart["source"] + " " + (chart["note"] or "")
        assert "no source cited" not in words and not any(i in words for i in ids)
        assert re.match(r"Sources?: ", chart["source"]) and chart["source"].endswith(".")


def test_a_chart_without_a_place_goes_to_the_charts_section(project: Path) -> None:
    context = make_context(load_project(project / "content"), {}, edition="2026-W48")
    (gallery,) = [s for s in context["sections"] if s["id"] == "charts"]
    assert [c["label"] for c in gallery["charts"]] == ["Figure 1"]


def test_a_chart_placed_in_a_section_the_brief_lacks_is_refused(project: Path) -> None:
    brief = project / "content/brief.yaml"
    edit(brief, "    kind: bar\n", "    kind: bar\n    place: indicators\n")
    edit(
        brief,
        "sections: [takeaways, changes, headline_figures, charts, documents, indicators, sources]",
        "sections: [takeaways, charts, documents]",
    )
    assert problems_of(project) == [
        "content/brief.yaml:22: charts[example-exports].place: the brief has no 'indicators' "
        "section (sections: takeaways, charts, documents)"
    ]


def test_a_place_that_names_nothing_lists_what_it_could_be(project: Path) -> None:
    edit(
        project / "content/brief.yaml",
        "    kind: bar\n",
        "    kind: bar\n    place: example-2025\n",
    )
    with pytest.raises(
        ContentError,
        match=r"charts\[example-exports\]\.place: 'example-2025' is neither a section nor a document id \(expected one of: takeaways, .*, example-2026\)",
    ):
        load_project(project / "content")


def test_a_reference_to_a_chart_the_brief_does_not_show_names_its_line(project: Path) -> None:
    edit(
        project / "content/brief.yaml",
        "reached {example-exports-value} in 2025.",
        "reached {example-exports-value} in 2025 ({figure:example-export}).",
    )
    assert problems_of(project) == [
        "content/brief.yaml:14: takeaways[0]: {figure:example-export} is not a chart the brief "
        "shows (shown: example-exports)"
    ]


def long_chart(project: Path, kind: str, count: int) -> None:
    """Add a chart of `count` items, the lines of brief.yaml just before `sections:`."""
    items = "".join(
        f"      - label: Item {n}\n        indicator: example-exports-value\n" for n in range(count)
    )
    chart = f"  - id: long\n    kind: {kind}\n    title: Far too many items\n    items:\n{items}\n"
    edit(project / "content/brief.yaml", "sections: [", chart + "sections: [")


@pytest.mark.parametrize(
    ("kind", "count", "message"),
    [
        (
            "barh",
            200,
            "has 200 items; a barh chart holds at most 21 on one page: split it into several charts",
        ),
        (
            "bar",
            9,
            "has 9 items; a bar chart holds at most 8 side by side (use kind: barh, or split it)",
        ),
    ],
)
def test_a_chart_that_cannot_fit_its_page_is_refused_with_a_message(
    project: Path, kind: str, count: int, message: str
) -> None:
    long_chart(project, kind, count)
    assert problems_of(project) == [f"content/brief.yaml:29: charts[long]: {message}"]


def test_the_largest_chart_that_is_allowed_still_fits_a_page() -> None:
    from briefgen.placement import PAGE_ROOM, wide_height

    most = spec("most", kind="barh", items=21)
    assert too_big(most) is None and wide_height(most) <= PAGE_ROOM
    assert too_big(spec("more", kind="barh", items=22)) is not None


def test_values_of_very_different_size_on_one_axis_are_flagged(shipped: Path) -> None:
    brief = shipped / "content/brief.yaml"
    edit(brief, "    axes: separate", "    axes: shared")
    report = check_project(shipped / "content")
    (warning,) = [p for p in report.warnings if "share one axis" in str(p)]
    line = brief.read_text().splitlines().index("  - id: nafta-growth") + 1
    assert str(warning).replace(str(shipped) + "/", "") == (
        f"warning: content/brief.yaml:{line}: charts[nafta-growth]: $15 billion and $1.1 trillion share one axis, so the "
        "smaller bar is 1.4% as long as the larger; give each item its own axis with "
        "'axes: separate', or split the chart"
    )
    assert not warning.is_error
    with pytest.raises(ContentError, match="share one axis"):
        check_project(shipped / "content", strict=True)


def test_separate_axes_are_only_for_paired_charts(project: Path) -> None:
    edit(project / "content/brief.yaml", "    kind: bar\n", "    kind: bar\n    axes: separate\n")
    with pytest.raises(ContentError, match=r"only paired charts take 'axes: separate'"):
        load_project(project / "content")


def test_a_line_chart_with_two_points_in_one_period_is_refused(shipped: Path) -> None:
    edit(
        shipped / "content/brief.yaml",
        "      - indicator: ev-share-car-sales-2025\n",
        "      - indicator: ev-share-car-sales-2025\n      - indicator: mx-fdi-growth-2023\n",
    )
    with pytest.raises(ContentError) as caught:
        check_project(shipped / "content")
    (problem,) = caught.value.problems
    lines = (shipped / "content/brief.yaml").read_text().splitlines()
    line = lines.index("      - indicator: mx-fdi-growth-2023") + 1
    assert str(problem).replace(str(shipped) + "/", "") == (
        f"content/brief.yaml:{line}: charts[ev-share].items: 'ev-share-car-sales-2023' and "
        "'mx-fdi-growth-2023' are both for 2023; a line chart shows one point per period"
    )
