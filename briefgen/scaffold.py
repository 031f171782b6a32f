"""`briefgen init DIR`: a new brief project that builds as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.errors import OptionError

PACKAGE = Path(__file__).resolve().parent
SKELETON = PACKAGE / "skeleton"  # a project with one example document
EMPTY = PACKAGE / "skeleton_empty"  # what replaces the example's files for --empty
EXAMPLE = ("content/documents/example-2026.yaml", "content/sources/example-2026.txt")


def init_project(directory: Path, *, empty: bool = False) -> list[Path]:
    """Copy the skeleton (content/, an empty templates/, .gitignore) into directory:
    with one example document, or with none (`empty`: brief.yaml without the
    example's takeaways and chart, and an indicator table with its header alone).

    Raises OptionError rather than overwrite anything that is already there, and
    OutputError when the folder cannot be written.
    """
    from briefgen.output import writing

    clashes = [p.name for p in SKELETON.iterdir() if (directory / p.name).exists()]
    if clashes:
        raise OptionError(f"{directory} already has {', '.join(clashes)}: nothing written")
    with writing(directory):  # a folder that cannot be written: exit 5, one line
        return copy_skeleton(directory, skeleton_files(empty=empty))


def copy_skeleton(directory: Path, files: dict[str, Path]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.name != ".keep":  # marks a folder that starts empty
            shutil.copyfile(source, target)
            written.append(target)
    return written


def skeleton_files(*, empty: bool) -> dict[str, Path]:
    """What init writes, by path inside the project."""
    files = {
        p.relative_to(SKELETON).as_posix(): p for p in sorted(SKELETON.rglob("*")) if p.is_file()
    }
    if empty:
        for name in EXAMPLE:  # their folders stay, empty
            del files[name]
            files[str(Path(name).parent / ".keep")] = SKELETON / "templates" / ".keep"
        files |= {
            p.relative_to(EMPTY).as_posix(): p for p in sorted(EMPTY.rglob("*")) if p.is_file()
        }
    return dict(sorted(files.items()))
