"""A dataset's YAML: where the data come from and how to read them, checked field
by field with lines, like every other input (no pandas here)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from briefgen.content import display_path, read_yaml_file
from briefgen.errors import Loc, Problem
from briefgen.fields import (
    Field,
    Invalid,
    check_mapping,
    choice,
    describe,
    ident,
    partial_date,
    text,
    text_list,
    url,
)
from briefgen.limits import project_root
from briefgen.model import SCALES, Origin

LAYOUTS = ("long", "wide", "sdmx")
FREQUENCIES = ("annual", "quarterly", "monthly")
STATUSES = ("provisional", "forecast")
KINDS = ("latest", "change", "pct_change", "yoy", "cagr", "share", "rank", "rolling_mean")
DATA_SUFFIXES = (".csv", ".xlsx", ".parquet")


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    id: str
    label: str
    match: dict[str, str]  # column -> value that picks the series' rows
    provisional: tuple[str, ...]
    forecast: tuple[str, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class DerivedSpec:
    id: str
    kind: str
    series: str
    others: tuple[str, ...]  # share: the total's series; rank: the series ranked among
    start: str | None  # the first period of a change, a CAGR, a window
    end: str | None  # the last: default the latest observation
    window: int  # rolling_mean: how many observations
    decimals: int
    label: str | None
    pinned: Decimal | None  # the value the editor expects; check fails when it differs
    compare_with: str | None  # a stated figure of a document to hold it against
    tolerance: Decimal  # relative difference before that is a warning
    loc: Loc


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    id: str
    data: Path  # the data file
    origin: Origin
    layout: str
    columns: dict[str, str]  # period, series, value, status, page -> the file's own column names
    skip_rows: int
    sheet: str | None
    unit: str
    scale: str
    frequency: str
    seasonally_adjusted: bool
    prices: str
    base_year: int | None
    status_codes: dict[str, str]  # the file's status marks -> provisional or forecast
    compiled_by_hand: bool
    historical: bool
    geography: str
    series: tuple[SeriesSpec, ...]
    derived: tuple[DerivedSpec, ...]
    loc: Loc


def mapping_of_text(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(f"expected a mapping (column: value), found {describe(value)}")
    return {str(k): str(v) for k, v in value.items()}


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, found {describe(value)}")
    return value


def count(low: int, high: int):  # noqa: ANN201
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"{describe(value)} is not a whole number from {low} to {high}")
        return value

    return convert


def decimal(value: Any) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation:
        raise Invalid(f"{describe(value)} is not a number") from None


def period_text(value: Any) -> str:
    """A period as YAML gives it: 2024 comes as a number, 2024-Q3 as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return text(value)


ORIGIN_FIELDS = (
    Field("producer", text),
    Field("title", text),
    Field("url", url, nullable=True),
    Field("accessed", partial_date, nullable=True),
    Field("published", partial_date, required=False, nullable=True),
    Field("license", text, nullable=True),
    Field("citation", text),
)
SERIES_FIELDS = (
    Field("id", ident),
    Field("label", text),
    Field("match", mapping_of_text, required=False),
    Field("provisional", text_list(0, item=period_text), required=False),
    Field("forecast", text_list(0, item=period_text), required=False),
)
DERIVED_FIELDS = (
    Field("id", ident),
    Field("kind", choice(KINDS)),
    Field("series", ident),
    Field("among", text_list(1, 50, item=ident), required=False),
    Field("total", ident, required=False),
    Field("from", period_text, required=False),
    Field("to", period_text, required=False),
    Field("window", count(2, 120), required=False),
    Field("decimals", count(0, 6), required=False),
    Field("label", text, required=False),
    Field("value", decimal, required=False),
    Field("compare_with", ident, required=False),
    Field("tolerance", decimal, required=False),
)
DATASET_FIELDS = (
    Field("origin", lambda v: v),  # checked with its own fields below, with lines
    Field("file", text, required=False),
    Field("layout", choice(LAYOUTS)),
    Field("columns", mapping_of_text, required=False),
    Field("skip_rows", count(0, 1000), required=False),
    Field("sheet", text, required=False),
    Field("unit", text),
    Field("scale", choice(tuple(SCALES))),
    Field("frequency", choice(FREQUENCIES)),
    Field("seasonally_adjusted", flag),
    Field("prices", choice(("nominal", "real"))),
    Field("base_year", count(1900, 2100), required=False),
    Field("status_codes", mapping_of_text, required=False),
    Field("compiled_by_hand", flag, required=False),
    Field("historical", flag, required=False),
    Field("geography", text, required=False),
    Field("series", lambda v: v),
    Field("derived", lambda v: v, required=False),
)
DEFAULT_COLUMNS = {
    "long": {
        "period": "period",
        "series": "series",
        "value": "value",
        "status": "status",
        "page": "page",
    },
    "wide": {},
    "sdmx": {"period": "TIME_PERIOD", "value": "OBS_VALUE", "status": "OBS_STATUS"},
}


def read_spec(
    path: Path, *, language: str | None = None, default: str | None = None
) -> tuple[DatasetSpec | None, list[Problem]]:
    """A dataset's YAML, or None with every problem it has; its labels in `language`."""
    file = display_path(path)
    data, problems = read_yaml_file(
        path, kind="dataset description", root=project_root(path.parent.parent)
    )
    if data is None:
        return None, problems or [Problem(Loc(file), "", "the file is empty")]
    if language is not None:
        from briefgen.languages import in_language

        data, more = in_language(
            data, language, kind="dataset", default=default or language, file=file
        )
        problems += more
    values, more = check_mapping(data, DATASET_FIELDS, file)
    problems += more
    lines = getattr(data, "key_lines", {})
    origin, more = read_origin(values.get("origin"), file, lines.get("origin", 1))
    problems += more
    series, more = read_list(
        values.get("series"), SERIES_FIELDS, "series", file, lines.get("series", 1), series_spec
    )
    problems += more
    derived, more = read_list(
        values.get("derived"),
        DERIVED_FIELDS,
        "derived",
        file,
        lines.get("derived", 1),
        derived_spec,
    )
    problems += more
    problems += cross_checks(values, series, derived, file, lines)
    data_file, more = data_path(path, values.get("file"), file, lines.get("file", 1))
    problems += more
    if any(p.is_error for p in problems):
        return None, problems
    layout = values["layout"]
    spec = DatasetSpec(
        id=path.stem, data=data_file, origin=origin, layout=layout,
        columns=DEFAULT_COLUMNS[layout] | (values["columns"] or {}), skip_rows=values["skip_rows"] or 0,
        sheet=values["sheet"], unit=values["unit"], scale=values["scale"], frequency=values["frequency"],
        seasonally_adjusted=values["seasonally_adjusted"], prices=values["prices"],
        base_year=values["base_year"], status_codes=values["status_codes"] or {},
        compiled_by_hand=bool(values["compiled_by_hand"]), historical=bool(values["historical"]),
        geography=values["geography"] or "",
        series=tuple(series), derived=tuple(derived), loc=Loc(file, 1),
    )  # fmt: skip
    return spec, problems


def read_origin(value: Any, file: str, line: int) -> tuple[Origin | None, list[Problem]]:
    values, problems = check_mapping(value, ORIGIN_FIELDS, file, prefix="origin.")
    problems = [Problem(Loc(file, p.loc.line or line), p.field, p.message) for p in problems]
    if problems:
        return None, problems
    return Origin(**values), []


def read_list(value, fields, name, file, line, build):  # noqa: ANN001, ANN201
    """A YAML list of mappings, each checked with its fields and built into a spec."""
    if value is None:
        return [], []
    if not isinstance(value, list) or not value:
        return [], [
            Problem(Loc(file, line), name, f"expected a list of mappings, found {describe(value)}")
        ]
    built, problems = [], []
    for index, (item, item_line) in enumerate(
        zip(value, getattr(value, "item_lines", [line] * len(value)), strict=True)
    ):
        values, more = check_mapping(item, fields, file, prefix=f"{name}[{index}].")
        more = [Problem(Loc(file, p.loc.line or item_line), p.field, p.message) for p in more]
        problems += more
        if not more:
            built.append(build(values, Loc(file, item_line)))
    return built, problems


def series_spec(values: dict, loc: Loc) -> SeriesSpec:
    return SeriesSpec(values["id"], values["label"], values["match"] or {},
                      values["provisional"] or (), values["forecast"] or (), loc)  # fmt: skip


def derived_spec(values: dict, loc: Loc) -> DerivedSpec:
    others = tuple(values["among"] or ()) + ((values["total"],) if values["total"] else ())
    return DerivedSpec(
        id=values["id"], kind=values["kind"], series=values["series"], others=others,
        start=values["from"], end=values["to"], window=values["window"] or 12,
        decimals=1 if values["decimals"] is None else values["decimals"], label=values["label"],
        pinned=values["value"], compare_with=values["compare_with"],
        tolerance=values["tolerance"] if values["tolerance"] is not None else Decimal("0.02"), loc=loc,
    )  # fmt: skip


def cross_checks(
    values: dict, series: list[SeriesSpec], derived: list[DerivedSpec], file: str, lines: dict
) -> list[Problem]:
    problems = []
    known = {s.id for s in series}
    for spec in derived:
        for name in (spec.series, *spec.others):
            if name not in known:
                problems.append(
                    Problem(
                        spec.loc,
                        "series",
                        f"{name!r} is not a series of this dataset (known: {', '.join(sorted(known)) or 'none'})",
                    )
                )
        if spec.kind == "share" and len(spec.others) != 1:
            problems.append(
                Problem(
                    spec.loc, "total", "a share needs `total: SERIES` (the series it is a share of)"
                )
            )
        if spec.kind == "rank" and not spec.others:
            problems.append(Problem(spec.loc, "among", "a rank needs `among: [SERIES, ...]`"))
        if spec.kind in ("change", "pct_change", "cagr") and spec.start is None:
            problems.append(
                Problem(
                    spec.loc,
                    "from",
                    f"a {spec.kind} needs `from: PERIOD` (and `to:`, default the latest)",
                )
            )
    if values.get("prices") == "real" and not values.get("base_year"):
        problems.append(
            Problem(
                Loc(file, lines.get("prices")),
                "base_year",
                "real prices need the base year they are expressed in",
            )
        )
    if values.get("layout") == "long" and len(series) > 1 and any(not s.match for s in series):
        problems.append(
            Problem(
                Loc(file, lines.get("series")),
                "series",
                "with several series, each needs `match:` (which rows are its own)",
            )
        )
    return problems


def data_path(
    yaml_path: Path, name: str | None, file: str, line: int
) -> tuple[Path | None, list[Problem]]:
    """The data file beside the YAML: the one it names, else <id>.csv, .xlsx or .parquet."""
    folder = yaml_path.parent
    if name:
        path = folder / name
        if "/" in name or "\\" in name or name.startswith("."):
            return None, [
                Problem(
                    Loc(file, line),
                    "file",
                    f"{name!r} is not a file name in {display_path(folder)}",
                )
            ]
        if path.suffix.lower() not in DATA_SUFFIXES:
            return None, [
                Problem(
                    Loc(file, line), "file", f"{name!r}: expected a .csv, .xlsx or .parquet file"
                )
            ]
        return (
            (path, [])
            if path.is_file()
            else (
                None,
                [Problem(Loc(file, line), "file", f"{name!r} not found in {display_path(folder)}")],
            )
        )
    found = [
        folder / f"{yaml_path.stem}{suffix}"
        for suffix in DATA_SUFFIXES
        if (folder / f"{yaml_path.stem}{suffix}").is_file()
    ]
    if len(found) == 1:
        return found[0], []
    expected = " or ".join(f"{yaml_path.stem}{s}" for s in DATA_SUFFIXES)
    message = (
        f"no data file: expected {expected} beside it"
        if not found
        else f"several data files ({', '.join(p.name for p in found)}): name one with `file:`"
    )
    return None, [Problem(Loc(file, 1), "file", message)]
