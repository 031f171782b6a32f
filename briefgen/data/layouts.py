"""A data file's cells, read through pandas, as raw observations of the dataset's
series: long (a period, a series and a value column), wide (one column per period,
as World Bank WDI downloads are, with their preamble lines) or SDMX-CSV
(TIME_PERIOD, OBS_VALUE and dimension columns, as OECD, IMF and INEGI publish).

Imported only when a project has datasets; pandas itself only when a file is read.
Every value stays the text the file holds, so a number is never rounded on its way
in, and every cell keeps its place (line, or sheet and cell) for messages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from briefgen.content import display_path
from briefgen.data.spec import DatasetSpec, SeriesSpec
from briefgen.errors import Loc, Problem

MISSING = {"", "..", "...", "-", "na", "n/a", "nan", "none", "null", ":"}


@dataclass(frozen=True, slots=True)
class Raw:
    series: str
    period: str  # as the file writes it
    value: str
    status: str
    page: str | None
    where: Loc  # the file and its line (a CSV) or row (a sheet, a Parquet file)
    cell: str  # for messages: the column's name, or "Sheet1!C7"


@dataclass(frozen=True, slots=True)
class Table:
    """A file's cells as text, with where each row and column is."""

    header: list[str]
    rows: list[list[str]]
    file: str
    first_row: int  # the line (CSV) or sheet row of rows[0]
    sheet: str | None
    sha256: str = ""  # of the very bytes read

    def where(self, index: int, column: int) -> tuple[Loc, str]:
        line = self.first_row + index
        if self.sheet is not None:
            return Loc(self.file, line), f"{self.sheet}!{column_letter(column)}{line}"
        return Loc(self.file, line), self.header[column]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(spec: DatasetSpec) -> tuple[Table | None, list[Problem]]:
    """The data file's cells. Its bytes are read once, checked first (a regular file
    of content/data/ within the dataset limit), and hashed as read."""
    import io

    import pandas as pd  # heavy: only a project with datasets pays for it

    from briefgen.limits import Refused, read_input

    path, file = spec.data, display_path(spec.data)
    try:
        data = read_input(path, "dataset", root=path.parent.resolve())
    except (Refused, OSError) as err:
        return None, [Problem(Loc(file), "", f"refused: {err}")]
    digest = hashlib.sha256(data).hexdigest()
    try:
        table = parse(pd, io.BytesIO(data), spec, file)
    except UnicodeDecodeError as err:
        return None, [
            Problem(
                Loc(file),
                "",
                f"not UTF-8 text ({err.reason} at byte {err.start}): save it as UTF-8",
            )
        ]
    except (
        ValueError,
        KeyError,
        OSError,
        ImportError,
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
    ) as err:
        return None, [
            Problem(
                Loc(file, line_of(err)),
                "",
                f"cannot be read as {path.suffix.lstrip('.').upper()}: {first_line(err)}",
            )
        ]
    return replace(table, sha256=digest), []


def parse(pd, data, spec: DatasetSpec, file: str) -> Table:  # noqa: ANN001
    suffix = spec.data.suffix.lower()
    if suffix == ".csv":
        frame = pd.read_csv(
            data, dtype=str, keep_default_na=False, skiprows=spec.skip_rows, encoding="utf-8-sig"
        )
        return as_table(frame, file, spec.skip_rows + 2, None)
    if suffix == ".xlsx":
        book = pd.ExcelFile(data, engine="calamine")
        sheet = spec.sheet if spec.sheet is not None else book.sheet_names[0]
        frame = pd.read_excel(book, sheet_name=sheet, dtype=str, skiprows=spec.skip_rows)
        return as_table(frame, file, spec.skip_rows + 2, sheet)
    return as_table(pd.read_parquet(data), file, 1, None)


def as_table(frame, file: str, first_row: int, sheet: str | None) -> Table:  # noqa: ANN001
    header = [" ".join(str(c).split()) for c in frame.columns]
    rows = [[cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return Table(header, rows, file, first_row, sheet)


def cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return ""
    if isinstance(value, float):
        return repr(value)  # the shortest text that is the same number
    return " ".join(str(value).split())


def line_of(err: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(err))
    return int(match[1]) if match else None


def first_line(err: Exception) -> str:
    return (str(err).splitlines() or [type(err).__name__])[0]


def raw_observations(spec: DatasetSpec, table: Table) -> tuple[list[Raw], list[Problem]]:
    """The cells of each declared series; a row or column the layout needs that is
    not there is a problem naming it."""
    readers = {"long": long_rows, "wide": wide_rows, "sdmx": long_rows}
    return readers[spec.layout](spec, table)


def column(
    table: Table, name: str | None, role: str, spec: DatasetSpec, required: bool
) -> tuple[int | None, list[Problem]]:
    if name is None or name not in table.header:
        if not required:
            return None, []
        message = f"no {name!r} column for the {role} (columns: {', '.join(table.header)}); name it with `columns: {{{role}: ...}}` in {spec.loc.file}"
        return None, [Problem(Loc(table.file, table.first_row - 1), role, message)]
    return table.header.index(name), []


def matching(spec: SeriesSpec, table: Table, row: list[str]) -> bool:
    return all(
        name in table.header and row[table.header.index(name)] == value
        for name, value in spec.match.items()
    )


def long_rows(spec: DatasetSpec, table: Table) -> tuple[list[Raw], list[Problem]]:
    columns = spec.columns
    found, problems = {}, []
    for role in ("period", "value", "series", "status", "page"):
        found[role], more = column(
            table, columns.get(role), role, spec, role in ("period", "value")
        )
        problems += more
    problems += unknown_match_columns(spec, table)
    if problems:
        return [], problems
    raws = []
    for index, row in enumerate(table.rows):
        if not any(row):
            continue
        owners = [s for s in spec.series if matching(s, table, row)]
        where, cell = table.where(index, found["period"])
        if spec.layout == "long" and not owners:
            label = row[found["series"]] if found["series"] is not None else "?"
            problems.append(
                Problem(
                    where,
                    columns.get("series", "series"),
                    f"{label!r} is not a series of {spec.loc.file} (declared: {', '.join(s.id for s in spec.series)})",
                )
            )
            continue
        for owner in owners[:1]:
            raws.append(raw(owner.id, row, found, table, index))
    return raws, problems + unmatched(spec, raws, table)


def raw(series: str, row: list[str], found: dict, table: Table, index: int) -> Raw:
    where, cell = table.where(index, found["value"])
    pick = lambda role: row[found[role]] if found[role] is not None else ""  # noqa: E731
    return Raw(
        series, pick("period"), pick("value"), pick("status"), pick("page") or None, where, cell
    )


def unknown_match_columns(spec: DatasetSpec, table: Table) -> list[Problem]:
    return [
        Problem(
            s.loc,
            "match",
            f"{name!r} is not a column of {table.file} (columns: {', '.join(table.header)})",
        )
        for s in spec.series
        for name in s.match
        if name not in table.header
    ]


def unmatched(spec: DatasetSpec, raws: list[Raw], table: Table) -> list[Problem]:
    used = {r.series for r in raws}
    return [
        Problem(s.loc, "match", f"no row of {table.file} belongs to series {s.id!r}")
        for s in spec.series
        if s.id not in used
    ]


WIDE_PERIOD = re.compile(r"^(\d{4}(?:[-\s]?(?:Q[1-4]|M?\d{2}))?)(?:\s*\[[A-Z]{2}\d{4}\])?$")


def wide_rows(spec: DatasetSpec, table: Table) -> tuple[list[Raw], list[Problem]]:
    """One row per series (picked by `match`), one column per period: '2019' or
    '2019 [YR2019]' as the World Bank writes them."""
    periods = [(i, m[1]) for i, name in enumerate(table.header) if (m := WIDE_PERIOD.match(name))]
    problems = unknown_match_columns(spec, table)
    if not periods:
        problems.append(
            Problem(
                Loc(table.file, table.first_row - 1),
                "header",
                f"no column names a period (expected years such as 2019; columns: {', '.join(table.header[:8])} ...); set `skip_rows:` past any preamble",
            )
        )
    if problems:
        return [], problems
    raws = []
    for series in spec.series:
        rows = [i for i, row in enumerate(table.rows) if matching(series, table, row)]
        if len(rows) != 1:
            problems.append(
                Problem(
                    series.loc,
                    "match",
                    f"{len(rows)} rows of {table.file} match {series.match} (expected exactly one)",
                )
            )
            continue
        (index,) = rows
        for column_index, period in periods:
            where, cell = table.where(index, column_index)
            raws.append(
                Raw(series.id, period, table.rows[index][column_index], "", None, where, cell)
            )
    return raws, problems
