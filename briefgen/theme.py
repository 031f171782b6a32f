"""Where the theme's files are: the project's templates/ first, then the default theme.

Every theme file must lie inside its theme folder: a link that leads out of it, or
anything but a regular file, is refused by name before it is read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from briefgen.content import display_path
from briefgen.errors import ContentError, Loc, Problem
from briefgen.limits import LIMITS, Refused, read_input, real_file, too_large

PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """The default theme: package data in a wheel, the repository's templates/ in an
    editable install (hatchling's force-include is not applied to editable installs)."""
    for folder in (PACKAGE_DIR / "templates", PACKAGE_DIR.parent / "templates"):
        if (folder / "brief.html").is_file():
            return folder
    raise FileNotFoundError(
        f"briefgen's default theme is missing (looked in {PACKAGE_DIR / 'templates'} and {PACKAGE_DIR.parent / 'templates'})"
    )


@dataclass(frozen=True, slots=True)
class Theme:
    """The folders a template, stylesheet or font is looked up in, first match wins."""

    folders: tuple[Path, ...]

    @classmethod
    def for_project(cls, templates: Path | None) -> Theme:
        default = default_theme_dir()
        own = (templates.resolve(),) if templates is not None and templates.is_dir() else ()
        return cls(tuple(dict.fromkeys([*own, default])))

    def check(self) -> None:
        """Raise ContentError naming every file of the theme that leads out of its
        folder or is not a regular file; nothing is read."""
        problems = [p for folder in self.folders for p in stray_files(folder)]
        if problems:
            raise ContentError(problems)

    def files(self, folder: Path) -> list[Path]:
        """Every file of one theme folder, sorted. Raises ContentError as check() does."""
        problems = stray_files(folder)
        if problems:
            raise ContentError(problems)
        found = []
        for parent, _, names in os.walk(folder):
            if "__pycache__" not in Path(parent).parts:
                found += [Path(parent) / n for n in names if (Path(parent) / n).is_file()]
        return sorted(found)

    def find(self, name: str) -> Path:
        """The file `name` (e.g. css/print.css) of the first folder that has it.
        Raises FileNotFoundError when none has it, ContentError when the one found
        leads out of its folder."""
        for folder in self.folders:
            path = inside(folder, folder / name)
            if path is not None:
                return path
        raise FileNotFoundError(f"{name} is not in the theme ({', '.join(map(str, self.folders))})")

    def read(self, path: Path, *, kind: str = "theme file") -> bytes:
        """A file found in the theme, within the size limit for its kind ("template"
        for templates and stylesheets). Raises ContentError naming it otherwise."""
        folder = next(f for f in self.folders if path.is_relative_to(f))
        return read_theme_file(folder, path, kind)

    def fonts(self) -> list[Path]:
        """Every font file of the theme, the project's own overriding by name."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            for path in sorted((folder / "fonts").glob("*.[ot]tf")):
                real = inside(folder, path)
                if real is not None:
                    found[path.name] = real
        return [found[name] for name in sorted(found)]


def inside(folder: Path, path: Path) -> Path | None:
    """The real file at path when it is a regular file inside folder (a link to
    another file of the folder is fine); None when there is no file there. Raises
    ContentError for a link out of the folder, or anything but a regular file."""
    try:
        return real_file(folder, path)
    except Refused:
        real = path.resolve()
        if not real.is_relative_to(folder):
            raise ContentError([outside_problem(folder, path, real)]) from None
        raise ContentError([not_regular_problem(path)]) from None


def read_theme_file(folder: Path, path: Path, kind: str) -> bytes:
    try:
        return read_input(path, kind, root=folder)
    except (Refused, OSError) as err:
        reason = str(err) if isinstance(err, Refused) else f"cannot read: {err.strerror}"
        raise ContentError([Problem(Loc(display_path(path)), "", reason)]) from None


def stray_files(folder: Path) -> list[Problem]:
    """Links out of folder, and entries that are not regular files or folders."""
    problems = []
    for parent, dirs, names in os.walk(folder):  # does not follow links to folders
        for name in sorted([*dirs, *names]):
            path = Path(parent) / name
            real = path.resolve()
            if not real.is_relative_to(folder):
                problems.append(outside_problem(folder, path, real))
            elif real.exists() and not (real.is_file() or real.is_dir()):
                problems.append(not_regular_problem(path))
            elif real.is_file() and real.stat().st_size > LIMITS["theme file"]:  # before hashing it
                reason = too_large(real.stat().st_size, "theme file")
                problems.append(Problem(Loc(display_path(path)), "", reason))
    return problems


def outside_problem(folder: Path, path: Path, real: Path) -> Problem:
    message = f"a link to {real}, outside the theme folder {display_path(folder)}: every theme file must lie inside its folder"
    return Problem(Loc(display_path(path)), "", message)


def not_regular_problem(path: Path) -> Problem:
    return Problem(
        Loc(display_path(path)), "", "not a regular file: a theme holds only files and folders"
    )
