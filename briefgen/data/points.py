"""Charts of data series: a chart that names a dataset's series (`data:` in
brief.yaml) gets one item per observation, so the chart stage draws it like any
other, over a time axis."""

from __future__ import annotations

from dataclasses import replace

from briefgen.errors import Loc, Problem
from briefgen.model import Brief, ChartItem, ChartSpec, Dataset, Indicator, Observation, Period
from briefgen.periods import PERIOD_RE, interval


def expand_data_charts(
    brief: Brief, datasets: list[Dataset], unreadable: set[str]
) -> tuple[Brief, list[Indicator], list[Problem]]:
    """The brief with each chart of series given its items, the observations those
    items draw, and what is wrong with the charts' `data:`. A dataset whose files
    could not be read (`unreadable`) has said so already: its charts are left empty."""
    by_id = {d.id: d for d in datasets}
    charts, points, problems = [], [], []
    for spec in brief.charts:
        if spec.data is None or spec.data.dataset in unreadable:
            charts.append(spec)
            continue
        drawn, more = chart_points(spec, by_id)
        problems += more
        points += drawn
        items = tuple(ChartItem(None, (p.id,), spec.loc, group=p.label) for p in drawn)
        charts.append(replace(spec, items=items))
    return replace(brief, charts=tuple(charts)), points, problems


def chart_points(
    spec: ChartSpec, datasets: dict[str, Dataset]
) -> tuple[list[Indicator], list[Problem]]:
    assert spec.data is not None
    field = f"charts[{spec.id}].data"
    dataset = datasets.get(spec.data.dataset)
    if dataset is None:
        known = ", ".join(sorted(datasets)) or "none: content/data/ holds no dataset"
        return [], [
            Problem(
                spec.loc,
                f"{field}.dataset",
                f"no dataset {spec.data.dataset!r} in content/data/; expected one of: {known}",
            )
        ]
    series = dataset.series_by_id()
    problems = [
        Problem(spec.loc, f"{field}.series", f"{dataset.id} has no series {name!r}; expected one of: {', '.join(series)}")
        for name in spec.data.series
        if name not in series
    ]  # fmt: skip
    start = spec.data.start
    if start is not None and PERIOD_RE.match(start) is None:
        problems.append(
            Problem(
                spec.loc,
                f"{field}.from",
                f"{start!r} is not a period; expected one such as 2019, 2024-Q3 or 2024-09",
            )
        )
    if problems:
        return [], problems
    first = interval(start)[0] if start else None
    points = [
        point(dataset, series[name].label, name, o)
        for name in spec.data.series
        for o in series[name].observations
        if first is None or interval(o.period)[1] >= first
    ]
    if not points:
        problems.append(
            Problem(spec.loc, f"{field}.from", f"{dataset.id} has no observation from {start} on")
        )
    return points, problems


def point(dataset: Dataset, label: str, series: str, observation: Observation) -> Indicator:
    """An observation as a figure a chart can draw, or "What changed" print: not
    a row of the indicator table."""
    start, end = interval(observation.period)
    return Indicator(
        id=f"{dataset.id}/{series}/{observation.period}",
        label=label,
        value=observation.value,
        unit=dataset.unit,
        scale=dataset.scale,
        qualifiers=("forecast",) if observation.status == "forecast" else (),
        period=Period(observation.period, start.year, end.year),
        geography=dataset.geography,
        document=dataset.id,
        locator=0,
        unit_locator=None,
        anchor=None,
        attributed_to=dataset.origin.producer,
        note="provisional" if observation.status == "provisional" else None,
        historical=dataset.historical,
        loc=Loc(observation.where.file, observation.where.line),
    )
