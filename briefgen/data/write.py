"""From a notebook: hand a pandas DataFrame, with its origin, to a brief. It is
written as a dataset file and its YAML in content/data/, so the brief builds from
files alone and a reviewer can see the data it was built from."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import OptionError
from briefgen.fields import ID_RE
from briefgen.output import write_atomic

ORIGIN_KEYS = ("producer", "title", "url", "accessed", "published", "license", "citation")


def write_dataset(
    frame: Any,
    content: Path | str,
    dataset_id: str,
    *,
    origin: dict[str, Any],
    unit: str,
    scale: str = "1",
    frequency: str = "annual",
    seasonally_adjusted: bool = False,
    prices: str = "nominal",
    base_year: int | None = None,
    labels: dict[str, str] | None = None,
    derived: list[dict[str, Any]] | None = None,
) -> Path:
    """Write `frame` (one column per series, indexed by period: years, a PeriodIndex
    or a DatetimeIndex) as content/data/<id>.csv and its YAML; returns the YAML's
    path. Raises OptionError for a bad id, a missing origin field, or a frame that
    has no periods as its index. `briefgen check` then validates both like any
    other dataset."""
    if not ID_RE.match(dataset_id):
        raise OptionError(
            f"{dataset_id!r} is not a valid id (lowercase letters, digits and single hyphens)"
        )
    missing = [key for key in ("producer", "title", "citation") if not origin.get(key)]
    if missing:
        raise OptionError(
            f"origin needs {', '.join(missing)}: where the data come from is part of the data"
        )
    folder = Path(content) / "data"
    rows = long_rows(frame, frequency)
    columns = [str(c) for c in frame.columns]
    ids = {column: slug(column) for column in columns}
    lines = ["period,series,value"] + [
        f"{period},{ids[name]},{value}" for period, name, value in rows
    ]
    spec = {
        "origin": {key: origin.get(key) for key in ORIGIN_KEYS},
        "layout": "long",
        "unit": unit,
        "scale": scale,
        "frequency": frequency,
        "seasonally_adjusted": seasonally_adjusted,
        "prices": prices,
        **({"base_year": base_year} if base_year else {}),
        "series": [
            {"id": ids[c], "label": (labels or {}).get(c, c), "match": {"series": ids[c]}}
            for c in columns
        ],
        **({"derived": derived} if derived else {}),
    }
    write_atomic(folder / f"{dataset_id}.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    text = "# Written by briefgen.data.write_dataset from a DataFrame.\n" + yaml.safe_dump(
        spec, sort_keys=False, allow_unicode=True
    )
    write_atomic(folder / f"{dataset_id}.yaml", text.encode("utf-8"))
    return folder / f"{dataset_id}.yaml"


def long_rows(frame: Any, frequency: str) -> list[tuple[str, str, str]]:
    rows = []
    for period, values in frame.iterrows():
        label = period_label(period, frequency)
        for name, value in values.items():
            if value is None or value != value:  # NaN: no observation
                continue
            rows.append((label, str(name), format_value(value)))
    return rows


def period_label(period: Any, frequency: str) -> str:
    if hasattr(period, "to_timestamp"):  # a pandas Period
        period = period.to_timestamp()
    if hasattr(period, "year") and hasattr(period, "month"):
        if frequency == "annual":
            return str(period.year)
        if frequency == "quarterly":
            return f"{period.year}-Q{(period.month - 1) // 3 + 1}"
        return f"{period.year}-{period.month:02d}"
    text = str(period)
    if frequency == "annual" and re.fullmatch(r"\d{4}(?:\.0)?", text):
        return text[:4]
    return text


def format_value(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def slug(name: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", name.lower())).strip("-") or "series"
