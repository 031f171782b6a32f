"""Where the theme's files are: the project's templates/ first, then the default theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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

    def find(self, name: str) -> Path:
        for folder in self.folders:
            path = (folder / name).resolve()
            if folder in path.parents and path.is_file():
                return path
        raise FileNotFoundError(f"{name} is not in the theme ({', '.join(map(str, self.folders))})")

    def fonts(self) -> list[Path]:
        """Every font file of the theme, the project's own overriding by name."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            for path in sorted((folder / "fonts").glob("*.[ot]tf")):
                found[path.name] = path
        return [found[name] for name in sorted(found)]
