"""Figures computed from a series (the latest value, a change, year on year, a
compound annual rate, a share, a rank, a rolling mean), each with its derivation in
words and the observations it used, in exact decimal arithmetic."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from briefgen.data.spec import DatasetSpec, DerivedSpec
from briefgen.errors import Problem
from briefgen.model import Derived, Observation, Series
from briefgen.numbers.writing import date_words
from briefgen.periods import interval
from briefgen.translations import _


class NotDerivable(Exception):
    """The series lacks what the figure needs: the message says what."""


def derive_all(spec: DatasetSpec, series: dict[str, Series]) -> tuple[list[Derived], list[Problem]]:
    derived, problems = [], []
    for figure in spec.derived:
        try:
            value, unit, period, used, words = KINDS[figure.kind](figure, series)
        except NotDerivable as err:
            problems.append(Problem(figure.loc, figure.kind, str(err)))
            continue
        unit = unit or spec.unit
        value = rounded(value, figure, unit)
        if figure.pinned is not None and figure.pinned != value:
            message = f"recomputed {value} from {spec.data.name} ({', '.join(str(o.where) for o in used)}); the YAML says {figure.pinned}: the data were revised, or the value was mistyped"
            problems.append(Problem(figure.loc, "value", message))
            continue
        label = figure.label or default_label(figure, series)
        # The words are in the language the datasets are read in (project.read_datasets).
        verb = _("from") if figure.kind == "latest" else _("computed from")
        derivation = f"{words}, {verb} {source_words(spec)}"
        scale = spec.scale if unit == spec.unit else "1"
        derived.append(Derived(figure.id, figure.kind, label, value, unit, scale, period, derivation,
                               tuple(o.where for o in used), figure.loc, spec.id,
                               figure.compare_with, figure.tolerance, words))  # fmt: skip
    return derived, problems


def rounded(value: Decimal, figure: DerivedSpec, unit: str) -> Decimal:
    if unit == "rank":
        return value.to_integral_value()
    if figure.kind in ("latest", "change"):
        return value  # exact: as the data give it
    return value.quantize(Decimal(1).scaleb(-figure.decimals), rounding=ROUND_HALF_UP)


def source_words(spec: DatasetSpec) -> str:
    origin = spec.origin
    accessed = (
        ", " + _("accessed {date}").format(date=date_words(origin.accessed))
        if origin.accessed
        else ""
    )
    return f"{origin.producer}, {origin.title}{accessed}"


def default_label(figure: DerivedSpec, series: dict[str, Series]) -> str:
    return f"{series[figure.series].label} ({figure.kind.replace('_', ' ')})"


def usable(series: Series) -> list[Observation]:
    """Observations a figure may use: no forecasts."""
    return [o for o in series.observations if o.status != "forecast"]


def at(series: Series, period: str | None) -> Observation:
    observations = usable(series)
    if not observations:
        raise NotDerivable(f"series {series.id!r} has no observation")
    if period is None:
        return observations[-1]
    found = next((o for o in observations if o.period == period), None)
    if found is None:
        raise NotDerivable(f"series {series.id!r} has no observation for {period}")
    return found


def when(observation: Observation) -> str:
    return observation.period + (
        " " + _("(provisional)") if observation.status == "provisional" else ""
    )


def latest(figure, series):  # noqa: ANN001, ANN201
    last = at(series[figure.series], figure.end)
    return last.value, None, last.period, [last], f"{series[figure.series].label}, {when(last)}"


def change(figure, series, percent: bool = False):  # noqa: ANN001, ANN201
    named = series[figure.series]
    first, last = at(named, figure.start), at(named, figure.end)
    if percent and first.value == 0:
        raise NotDerivable(f"series {named.id!r} is 0 in {first.period}: no percent change from it")
    value = (last.value / first.value - 1) * 100 if percent else last.value - first.value
    phrase = (
        _("percent change in {label}, {last} against {first}")
        if percent
        else _("change in {label}, {last} against {first}")
    )
    words = phrase.format(label=named.label, last=when(last), first=when(first))
    return value, "%" if percent else None, f"{first.period}/{last.period}", [first, last], words


def year_earlier(period: str) -> str:
    year, rest = period[:4], period[4:]
    return f"{int(year) - 1}{rest}"


def yoy(figure, series):  # noqa: ANN001, ANN201
    named = series[figure.series]
    last = at(named, figure.end)
    first = at(named, year_earlier(last.period))
    if first.value == 0:
        raise NotDerivable(f"series {named.id!r} is 0 in {first.period}: no change from it")
    value = (last.value / first.value - 1) * 100
    words = _("{label}, {last} against {first}, year on year").format(
        label=named.label, last=when(last), first=when(first)
    )
    return value, "%", last.period, [first, last], words


def cagr(figure, series):  # noqa: ANN001, ANN201
    named = series[figure.series]
    first, last = at(named, figure.start), at(named, figure.end)
    years = Decimal((interval(last.period)[1] - interval(first.period)[1]).days) / Decimal("365.25")
    if years <= 0 or first.value <= 0 or last.value <= 0:
        raise NotDerivable(
            f"a compound annual rate needs a later period after {first.period} and positive values"
        )
    with localcontext() as context:
        context.prec = 28
        years = (
            years.quantize(Decimal(1))
            if abs(years - years.quantize(Decimal(1))) < Decimal("0.01")
            else years
        )
        value = ((last.value / first.value) ** (1 / years) - 1) * 100
    words = _("compound annual growth of {label}, {first} to {last}").format(
        label=named.label, first=when(first), last=when(last)
    )
    return value, "%", f"{first.period}/{last.period}", [first, last], words


def share(figure, series):  # noqa: ANN001, ANN201
    part, whole = series[figure.series], series[figure.others[0]]
    last = at(part, figure.end)
    total = at(whole, last.period)
    if total.value == 0:
        raise NotDerivable(f"series {whole.id!r} is 0 in {last.period}")
    words = _("{part} as a share of {whole}, {last}").format(
        part=part.label, whole=whole.label, last=when(last)
    )
    return last.value / total.value * 100, "%", last.period, [last, total], words


def rank(figure, series):  # noqa: ANN001, ANN201
    named = series[figure.series]
    last = at(named, figure.end)
    rivals = [at(series[name], last.period) for name in figure.others if name != named.id]
    position = 1 + sum(o.value > last.value for o in rivals)
    words = _("rank of {label} among {n} series by value, {last}").format(
        label=named.label, n=len(rivals) + 1, last=when(last)
    )
    return Decimal(position), "rank", last.period, [last, *rivals], words


def rolling_mean(figure, series):  # noqa: ANN001, ANN201
    named = series[figure.series]
    last = at(named, figure.end)
    observations = usable(named)
    end = observations.index(last)
    window = observations[max(0, end - figure.window + 1) : end + 1]
    if len(window) < figure.window:
        raise NotDerivable(
            f"series {named.id!r} has {len(window)} observations up to {last.period}; the mean needs {figure.window}"
        )
    value = sum(o.value for o in window) / len(window)
    words = _("mean of the {n} observations of {label} to {last}").format(
        n=figure.window, label=named.label, last=when(last)
    )
    return (
        value,
        None,
        f"{window[0].period}/{last.period}" if "-" not in last.period else last.period,
        window,
        words,
    )


KINDS: dict[str, Callable] = {
    "latest": latest,
    "change": change,
    "pct_change": lambda figure, series: change(figure, series, percent=True),
    "yoy": yoy,
    "cagr": cagr,
    "share": share,
    "rank": rank,
    "rolling_mean": rolling_mean,
}
