"""`briefgen init DIR`: a new brief project that builds as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.errors import OptionError

SKELETON = Path(__file__).resolve().parent / "skeleton"


def init_project(directory: Path) -> list[Path]:
    """Copy the skeleton (content/, an empty templates/, .gitignore) into directory.

    Raises OptionError rather than overwrite anything that is already there, and
    OutputError when the folder cannot be written.
    """
    from briefgen.output import writing

    clashes = [
        directory / p.relative_to(SKELETON)
        for p in SKELETON.iterdir()
        if (directory / p.name).exists()
    ]
    if clashes:
        raise OptionError(
            f"{directory} already has {', '.join(p.name for p in clashes)}: nothing written"
        )
    with writing(directory):
        return copy_skeleton(directory)


def copy_skeleton(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(SKELETON.rglob("*")):
        target = directory / source.relative_to(SKELETON)
        if source.name == ".keep":  # marks a folder that starts empty
            target.parent.mkdir(parents=True, exist_ok=True)
            continue
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            shutil.copyfile(source, target)
            written.append(target)
    return written
