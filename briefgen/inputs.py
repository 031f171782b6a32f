"""Where the files briefgen reads may lie.

Content is untrusted data: a path in brief.yaml (the sources folder, the recipients
file) may lead only inside the project's folder or its parent (the shipped brief
keeps its source texts beside the checkout), and a file read from such a folder
must be a regular file inside it: no link leads out. Anything else is refused by
name before it is read. Standard library only.
"""

from __future__ import annotations

import os
from pathlib import Path


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
