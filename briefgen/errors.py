"""Where a problem is, what it is, and the exit codes the CLI maps them to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug in briefgen: a traceback is fine
EXIT_BAD_INPUT = 2  # content, templates, options
EXIT_DELIVERY = 3  # sending email failed: SMTP unreachable, login refused, recipients refused
EXIT_BUSY = 4  # another build holds the output folder's lock
EXIT_CANNOT_WRITE = 5  # the output cannot be written: disk full, read-only folder, permissions


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A place in the project: a file relative to where commands run, a line, and
    where it can be told, a column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass(frozen=True, slots=True)
class Problem:
    loc: Loc
    field: str  # path inside the file: "key_points[2]", "value"
    message: str  # expected vs found
    level: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        field = f" {self.field}:" if self.field else ""
        return f"{prefix}{self.loc}:{field} {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level == "error"

    def sort_key(self) -> tuple[str, int]:
        return (self.loc.file, self.loc.line or 0)  # stable: a row's columns stay in order


class BriefgenError(Exception):
    """Base of the errors the CLI turns into a message and an exit code."""

    exit_code = EXIT_INTERNAL


class ContentError(BriefgenError):
    """Bad input: carries every problem found, sorted by file and line."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__("\n".join(map(str, self.problems)))

    def __reduce__(self) -> tuple:  # crosses a process boundary as its problems
        return (type(self), (self.problems,))


class SetupError(BriefgenError):
    """The machine lacks something briefgen needs (e.g. Pango for WeasyPrint)."""

    exit_code = EXIT_INTERNAL


class OutputError(BriefgenError):
    """The output cannot be written (disk full, read-only folder, permissions); the
    last good output is left as it was."""

    exit_code = EXIT_CANNOT_WRITE


class OptionError(BriefgenError):
    """A bad command-line value (edition, folder) found by the library."""

    exit_code = EXIT_BAD_INPUT


def warning(loc: Loc, field: str, message: str) -> Problem:
    return Problem(loc, field, message, level="warning")


def plural(count: int, noun: str) -> str:
    """'1 figure', '2 figures': counts in messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
