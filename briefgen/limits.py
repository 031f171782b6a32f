"""What briefgen reads: where the files may lie and how big they may be.

Content is untrusted data: a path in brief.yaml (the sources folder, the recipients
file) may lead only inside the project's folder or its parent (the shipped brief
keeps its source texts beside the checkout), and a file read from such a folder
must be a regular file inside it: no link leads out. Each kind of input has a
size limit (the README's table, "Limits"), checked before a byte is read.
Anything else is refused by name. Standard library only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KB = 1024
MB = 1024 * KB
# The README's table of limits ("Limits"): change both together.
LIMITS = {
    "summary": 256 * KB,  # content/documents/<id>.yaml
    "brief.yaml": 256 * KB,
    "indicator table": 8 * MB,  # content/indicators.csv
    "source text": 16 * MB,
    "dataset": 64 * MB,  # a data file of content/data/
    "dataset description": 256 * KB,  # its YAML
    "PDF to add": 64 * MB,  # briefgen add: a PDF, before its text is extracted
    "web page to add": 16 * MB,  # briefgen add: a saved web page
    "template": 1 * MB,  # a template or stylesheet of the theme
    "theme file": 32 * MB,  # a font or image of the theme
    "recipients file": 1 * MB,
}
YAML_DEPTH = 32  # levels of lists and mappings inside one another in a YAML file
VALUE_DIGITS = 18  # digits of an indicator's value, before and after the point
LOCATOR_DIGITS = 7  # a source text's line number: up to 9,999,999


class Refused(Exception):
    """A path that leads where briefgen may not read; the message says why."""


def project_root(content: Path) -> Path:
    """The folder brief.yaml's paths must stay inside: the parent of the project's
    folder (the one holding content/), so that sources may sit beside a checkout."""
    return content.resolve().parent.parent


def check_inside(path: Path, root: Path) -> None:
    """Raise Refused when path (resolved: links followed) is outside root."""
    real = path.resolve()
    if not real.is_relative_to(root):
        raise Refused(
            f"{real} is outside the project: a path in brief.yaml must lead inside {root} "
            "(the project's folder or its parent)"
        )


def real_file(folder: Path, path: Path) -> Path | None:
    """The real file at path when it is a regular file inside folder (a link to
    another file of the folder is fine); None when there is nothing there. Raises
    Refused for a link leading out of folder, or anything but a regular file (a
    named pipe would block the build, a device never ends)."""
    if not os.path.lexists(path):
        return None
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise Refused(f"a link to {real}, outside {folder}")
    if not real.exists() or real.is_dir():
        return None
    if not real.is_file():
        raise Refused("not a regular file")
    return real


def read_input(path: Path, kind: str, *, root: Path) -> bytes:
    """The bytes of an input file of a kind in LIMITS, checked before they are read:
    it lies inside root (links followed), is a regular file, and is within its
    limit. Raises FileNotFoundError, Refused (saying why), or OSError."""
    real = path.resolve()
    if not real.is_relative_to(root):
        raise Refused(f"a link to {real}, outside {root}: an input may not lead out of it")
    # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
    with os.fdopen(os.open(real, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        limit = LIMITS[kind]
        if info.st_size > limit:
            raise Refused(too_large(info.st_size, kind))
        data = file.read(limit + 1)  # it may have grown since
    if len(data) > limit:
        raise Refused(too_large(len(data), kind))
    return data


def too_large(size: int, kind: str) -> str:
    return f"{human_size(size)} is over the limit for a {kind} ({human_size(LIMITS[kind])}; see README, Limits)"


def human_size(size: int) -> str:
    if size < MB:
        return f"{size / KB:.0f} KB" if size >= KB else f"{size} bytes"
    return f"{size / MB:.1f} MB"
