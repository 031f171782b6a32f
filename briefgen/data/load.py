"""content/data/: each dataset's YAML and file, checked like every other input
(periods that parse for the frequency, numbers, duplicates, gaps, unknown series),
and the figures derived from its series."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from briefgen.content import display_path
from briefgen.data.derive import derive_all
from briefgen.data.layouts import MISSING, Raw, raw_observations, read_table
from briefgen.data.spec import DatasetSpec, read_spec
from briefgen.errors import Problem, warning
from briefgen.model import Dataset, Indicator, Observation, Period, Series
from briefgen.periods import interval

PERIOD_FORMS = {
    "annual": (re.compile(r"^(\d{4})(?:\.0)?$"), "{0}", "YYYY"),
    "quarterly": (
        re.compile(r"^(\d{4})[-\s]?Q([1-4])$|^Q([1-4])[-\s](\d{4})$", re.I),
        None,
        "YYYY-QN",
    ),
    "monthly": (
        re.compile(r"^(\d{4})[-M]?(0[1-9]|1[0-2])(?:-01(?:[ T]00:00:00)?)?$"),
        "{0}-{1}",
        "YYYY-MM",
    ),
}


def as_figures(dataset: Dataset) -> list[Indicator]:
    """A dataset's derived figures as rows of the indicator table: usable in
    placeholders, tiles, charts and the table like any figure, their derivation
    standing where a stated figure's source line would."""
    figures = []
    for derived in dataset.derived:
        provisional = any(o.status == "provisional" for o in observations_at(dataset, derived))
        figures.append(Indicator(
            id=derived.id, label=derived.label, value=derived.value, unit=derived.unit,
            scale=derived.scale, qualifiers=(), period=Period(derived.period, int(derived.period[:4]), int(derived.period.split("/")[-1][:4])),
            geography=dataset.geography, document=dataset.id, locator=0, unit_locator=None, anchor=None,
            attributed_to=dataset.origin.producer, note="provisional" if provisional else None,
            historical=dataset.historical, loc=derived.loc, derived=derived,
        ))  # fmt: skip
    return figures


def observations_at(dataset: Dataset, derived) -> list[Observation]:  # noqa: ANN001
    rows = set(derived.rows)
    return [o for s in dataset.series for o in s.observations if o.where in rows]


def dataset_paths(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def load_datasets(folder: Path, language: str | None = None) -> tuple[list[Dataset], list[Problem]]:
    """Every dataset in content/data/, or the problems of each, all in one run."""
    datasets, problems, _ = load_all(folder, language=language, default=language)
    return datasets, problems


def load_all(
    folder: Path, *, language: str | None = None, default: str | None = None
) -> tuple[list[Dataset], list[Problem], set[str]]:
    """The datasets, their problems, and the ids of the derived figures their YAML
    declares: a figure that could not be computed has said why, and what refers to
    it must not say so again. Labels are read in `language` (see languages.py)."""
    datasets, problems, declared = [], [], set()
    for path in dataset_paths(folder):
        spec, more = read_spec(path, language=language, default=default)
        problems += more
        if spec is None:
            continue
        declared |= {d.id for d in spec.derived}
        dataset, more = load_dataset(spec)
        problems += more
        if dataset is not None:
            datasets.append(dataset)
    return datasets, problems, declared


def load_dataset(spec: DatasetSpec) -> tuple[Dataset | None, list[Problem]]:
    table, problems = read_table(spec)
    if table is None:
        return None, problems
    raws, problems = raw_observations(spec, table)
    series, more = build_series(spec, raws)
    problems += more
    if any(p.is_error for p in problems):
        return None, problems
    derived, more = derive_all(spec, {s.id: s for s in series})
    problems += more
    if any(p.is_error for p in problems):
        return None, problems
    digest = table.sha256
    dataset = Dataset(
        id=spec.id, file=display_path(spec.data), origin=spec.origin, unit=spec.unit,
        scale=spec.scale, frequency=spec.frequency, seasonally_adjusted=spec.seasonally_adjusted,
        prices=spec.prices, base_year=spec.base_year, series=tuple(series), derived=tuple(derived),
        compiled_by_hand=spec.compiled_by_hand, historical=spec.historical, sha256=digest, loc=spec.loc,
        geography=spec.geography,
    )  # fmt: skip
    return dataset, problems


def build_series(spec: DatasetSpec, raws: list[Raw]) -> tuple[list[Series], list[Problem]]:
    series, problems = [], []
    for declared in spec.series:
        observations, more = observations_of(
            spec, declared, [r for r in raws if r.series == declared.id]
        )
        problems += more
        series.append(Series(declared.id, declared.label, tuple(observations)))
    return series, problems


def observations_of(
    spec: DatasetSpec, declared, raws: list[Raw]
) -> tuple[list[Observation], list[Problem]]:  # noqa: ANN001
    found: dict[str, Observation] = {}
    problems = []
    for raw in raws:
        period = observation_period(raw.period, spec.frequency)
        if period is None:
            problems.append(
                Problem(
                    raw.where,
                    spec.columns.get("period", raw.cell),
                    f"{raw.period!r} is not {'an' if spec.frequency == 'annual' else 'a'} {spec.frequency} period ({PERIOD_FORMS[spec.frequency][2]})",
                )
            )
            continue
        if raw.value.strip().lower() in MISSING:
            continue  # no observation for that period: a gap, reported below
        value = number(raw.value)
        if value is None:
            problems.append(
                Problem(
                    raw.where,
                    raw.cell,
                    f"{raw.value!r} is not a number (write it without units or thousands separators: 1234.5)",
                )
            )
            continue
        status, more = status_of(spec, declared, raw, period)
        problems += more
        if period in found:
            problems.append(
                Problem(
                    raw.where,
                    raw.cell,
                    f"a second value for {period} in series {declared.id!r} (the first is at {found[period].where})",
                )
            )
            continue
        if spec.compiled_by_hand and not raw.page:
            problems.append(
                Problem(
                    raw.where,
                    spec.columns.get("page", "page"),
                    "a series compiled by hand gives the page each observation was copied from",
                )
            )
        found[period] = Observation(period, value, status, raw.where, raw.page)
    observations = sorted(found.values(), key=lambda o: interval(o.period))
    return observations, problems + gaps(spec, declared, observations)


def observation_period(raw: str, frequency: str) -> str | None:
    pattern, _, _ = PERIOD_FORMS[frequency]
    match = pattern.match(raw.strip())
    if not match:
        return None
    if frequency == "annual":
        return match[1]
    if frequency == "quarterly":
        year, quarter = (match[1], match[2]) if match[1] else (match[4], match[3])
        return f"{year}-Q{quarter}"
    return f"{match[1]}-{match[2]}"


def number(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def status_of(spec: DatasetSpec, declared, raw: Raw, period: str) -> tuple[str, list[Problem]]:  # noqa: ANN001
    if period in declared.forecast:
        return "forecast", []
    if period in declared.provisional:
        return "provisional", []
    code = raw.status.strip()
    if not code:
        return "", []
    status = spec.status_codes.get(code) or (
        code.lower() if code.lower() in ("provisional", "forecast") else None
    )
    if status is None or status not in ("provisional", "forecast", ""):
        known = ", ".join(spec.status_codes) or "none declared"
        return "", [
            Problem(
                raw.where,
                spec.columns.get("status", "status"),
                f"{code!r} is not a status this dataset declares (status_codes: {known}; or provisional, forecast)",
            )
        ]
    return status, []


def gaps(spec: DatasetSpec, declared, observations: list[Observation]) -> list[Problem]:  # noqa: ANN001
    """Periods missing between a series' first and last observation."""
    if len(observations) < 2:
        return []
    have = {o.period for o in observations}
    expected = periods_between(observations[0].period, observations[-1].period, spec.frequency)
    missing = [p for p in expected if p not in have]
    if not missing:
        return []
    shown = ", ".join(missing[:6]) + (" ..." if len(missing) > 6 else "")
    return [
        warning(
            declared.loc,
            "series",
            f"{declared.id}: no observation for {shown} (a gap in the series)",
        )
    ]


def periods_between(first: str, last: str, frequency: str) -> list[str]:
    start, end = interval(first)[0], interval(last)[0]
    step = {"annual": 12, "quarterly": 3, "monthly": 1}[frequency]
    result, month = [], start.year * 12 + start.month - 1
    while month <= end.year * 12 + end.month - 1:
        year, index = divmod(month, 12)
        result.append(
            str(year)
            if frequency == "annual"
            else f"{year}-Q{index // 3 + 1}"
            if frequency == "quarterly"
            else f"{year}-{index + 1:02d}"
        )
        month += step
    return result
